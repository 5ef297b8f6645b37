/**
 * JSON Schema on the host with ajv (draft-07, which gojsonschema's default largely matches): json.verify_schema and
 * json.match_schema, reporting errors in the {error, type, field, desc} shape and wording of gojsonschema, OPA's library.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { builtinError, hostFamily, isObject, isString } from './host-values.js';
import type { BuiltinEntry } from './types.js';

const compiled = new Map<string, ValidateFunction>();

/** gojsonschema accepts `enum: []` (nothing matches); ajv's meta-schema does not, so it becomes `not: {}`. */
function withoutEmptyEnums(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutEmptyEnums);
  if (!isObject(schema)) return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) out[k] = withoutEmptyEnums(v);
  if (Array.isArray(out.enum) && out.enum.length === 0) {
    delete out.enum;
    out.allOf = [...(Array.isArray(out.allOf) ? out.allOf : []), { not: {} }];
  }
  return out;
}

/** A schema as an object or JSON text, compiled (and cached by its text); throws when it is not a valid schema. */
function compile(schema: unknown): ValidateFunction {
  const value: unknown = isString(schema) ? JSON.parse(schema) : schema;
  if (!isObject(value) && typeof value !== 'boolean') throw new Error('a schema must be an object or a boolean');
  const key = JSON.stringify(value);
  let validate = compiled.get(key);
  if (!validate) {
    validate = new Ajv({ allErrors: true, strict: false, logger: false }).compile(withoutEmptyEnums(value) as object);
    if (compiled.size > 200) compiled.clear();
    compiled.set(key, validate);
  }
  return validate;
}

/** gojsonschema's name for a value's type: integral numbers are `integer`. */
function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** `(root)` or the dotted path below it (`a.0.b`), as gojsonschema's Field() reports it. */
function field(instancePath: string): string {
  if (instancePath === '') return '(root)';
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

function valueAt(doc: unknown, instancePath: string): unknown {
  let at = doc;
  for (const key of instancePath === '' ? [] : field(instancePath).split('.')) at = (at as Record<string, unknown>)?.[key];
  return at;
}

/** gojsonschema's error type and description for an ajv error. */
function describe(e: ErrorObject, doc: unknown, f: string): [string, string] {
  const p = e.params as Record<string, unknown>;
  const list = (xs: unknown) => (Array.isArray(xs) ? xs.map((x) => JSON.stringify(x)).join(', ') : JSON.stringify(xs));
  switch (e.keyword) {
    case 'type':
      return ['invalid_type', `Invalid type. Expected: ${String(p.type)}, given: ${typeName(valueAt(doc, e.instancePath))}`];
    case 'required':
      return ['required', `${String(p.missingProperty)} is required`];
    case 'additionalProperties':
      return ['additional_property_not_allowed', `Additional property ${String(p.additionalProperty)} is not allowed`];
    case 'enum':
      return ['enum', `${f} must be one of the following: ${list(p.allowedValues)}`];
    case 'const':
      return ['const', `${f} does not match: ${list(p.allowedValue)}`];
    case 'minimum':
      return ['number_gte', `Must be greater than or equal to ${String(p.limit)}`];
    case 'exclusiveMinimum':
      return ['number_gt', `Must be greater than ${String(p.limit)}`];
    case 'maximum':
      return ['number_lte', `Must be less than or equal to ${String(p.limit)}`];
    case 'exclusiveMaximum':
      return ['number_lt', `Must be less than ${String(p.limit)}`];
    case 'multipleOf':
      return ['multiple_of', `Must be a multiple of ${String(p.multipleOf)}`];
    case 'minLength':
      return ['string_gte', `String length must be greater than or equal to ${String(p.limit)}`];
    case 'maxLength':
      return ['string_lte', `String length must be less than or equal to ${String(p.limit)}`];
    case 'pattern':
      return ['pattern', `Does not match pattern '${String(p.pattern)}'`];
    case 'format':
      return ['format', `Does not match format '${String(p.format)}'`];
    case 'minItems':
      return ['array_min_items', `Array must have at least ${String(p.limit)} items`];
    case 'maxItems':
      return ['array_max_items', `Array must have at most ${String(p.limit)} items`];
    case 'uniqueItems':
      return ['unique', `array items[${String(p.j)},${String(p.i)}] must be unique`];
    case 'minProperties':
      return ['array_min_properties', `Must have at least ${String(p.limit)} properties`];
    case 'maxProperties':
      return ['array_max_properties', `Must have at most ${String(p.limit)} properties`];
    case 'anyOf':
      return ['number_any_of', 'Must validate at least one schema (anyOf)'];
    case 'oneOf':
      return ['number_one_of', 'Must validate one and only one schema (oneOf)'];
    case 'not':
      return ['number_not', 'Must not validate the schema (not)'];
    case 'contains':
      return ['contains', 'At least one of the items must match'];
    case 'dependencies':
    case 'dependentRequired':
      return ['missing_dependency', `Has a dependency on ${String(p.deps ?? p.missingProperty)}`];
    case 'if':
      return p.failingKeyword === 'else'
        ? ['condition_else', 'Must validate "else" as "if" was not valid']
        : ['condition_then', 'Must validate "then" as "if" was valid'];
    case 'propertyNames':
      return ['invalid_property_name', `Property name of "${String(p.propertyName)}" does not match`];
    case 'additionalItems':
      return ['array_no_additional_items', 'No additional items allowed on array'];
    default:
      return [e.keyword.replace(/\W+/g, '_'), e.message ?? 'does not validate'];
  }
}

function matchSchema(document: unknown, schema: unknown): [boolean, unknown[]] {
  let doc: unknown;
  let validate: ValidateFunction;
  try {
    doc = isString(document) ? JSON.parse(document) : document;
    validate = compile(schema);
  } catch (e) {
    return builtinError(e instanceof Error ? e.message : String(e));
  }
  if (validate(doc)) return [true, []];
  const errors = (validate.errors ?? []).map((e) => {
    const f = field(e.instancePath);
    const [type, desc] = describe(e, doc, f);
    return { error: `${f}: ${desc}`, type, field: f, desc };
  });
  return [false, errors];
}

function verifySchema(schema: unknown): [boolean, string | null] {
  try {
    compile(schema);
    return [true, null];
  } catch (e) {
    return [false, e instanceof Error ? e.message : String(e)];
  }
}

export const jsonschema: BuiltinEntry[] = hostFamily([
  { name: 'json.verify_schema', arity: 1, host: verifySchema, doc: '[true, null] if the value (or JSON text) is a valid JSON Schema, else [false, reason]' },
  {
    name: 'json.match_schema',
    arity: 2,
    host: matchSchema,
    doc: '[matches, errors] for a document against a JSON Schema (each as a value or JSON text)',
  },
]);
