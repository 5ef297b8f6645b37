/**
 * Loading a GraphQL schema as gqlparser's LoadSchema does (which is what OPA runs): the prelude first, extensions
 * merged into their types (creating the type if it does not exist), then gqlparser's schema rules. Works on the
 * gqlparser-shaped JSON of ast.ts, so schemas given as AST objects load the same way as schema text.
 */
import { type GqlObject, type Json, schemaDocument } from './ast.js';

export interface TypeRef {
  NamedType: string;
  Elem?: TypeRef;
  NonNull: boolean;
}
export interface Directive {
  Name: string;
  Arguments: Array<{ Name: string; Value: Json }>;
}
export interface InputDef {
  Name: string;
  Type: TypeRef;
  DefaultValue: Json | undefined;
  Directives: Directive[];
}
export interface FieldDef extends InputDef {
  Arguments: InputDef[];
}
export interface TypeDef {
  Kind: string;
  Name: string;
  Directives: Directive[];
  Interfaces: string[];
  Fields: FieldDef[];
  Types: string[];
  EnumValues: Array<{ Name: string; Directives: Directive[] }>;
  BuiltIn: boolean;
}
export interface DirectiveDef {
  Name: string;
  Arguments: InputDef[];
  Locations: string[];
  IsRepeatable: boolean;
  BuiltIn: boolean;
}
export interface Schema {
  types: Map<string, TypeDef>;
  directives: Map<string, DirectiveDef>;
  /** Root operation types named by a `schema` definition or extension (empty: Query/Mutation/Subscription by name). */
  roots: Map<string, string>;
}

const PRELUDE = `
scalar Int
scalar Float
scalar String
scalar Boolean
scalar ID
directive @include(if: Boolean!) on FIELD | FRAGMENT_SPREAD | INLINE_FRAGMENT
directive @skip(if: Boolean!) on FIELD | FRAGMENT_SPREAD | INLINE_FRAGMENT
directive @deprecated(reason: String = "No longer supported") on FIELD_DEFINITION | ARGUMENT_DEFINITION | INPUT_FIELD_DEFINITION | ENUM_VALUE
directive @specifiedBy(url: String!) on SCALAR
directive @defer(if: Boolean = true, label: String) on FRAGMENT_SPREAD | INLINE_FRAGMENT
directive @oneOf on INPUT_OBJECT
`;

class SchemaError extends Error {}
const fail = (message: string): never => {
  throw new SchemaError(message);
};

// Readers that accept both full and pruned documents: a missing list is empty, a missing string is ''.
const objects = (x: Json | undefined): GqlObject[] =>
  Array.isArray(x) ? x.map((o) => (typeof o === 'object' && o !== null && !Array.isArray(o) ? o : fail('malformed AST'))) : [];
const text = (x: Json | undefined): string => (typeof x === 'string' ? x : x === undefined || x === null ? '' : fail('malformed AST'));
const strings = (x: Json | undefined): string[] => (Array.isArray(x) ? x.map(text) : []);

function typeRef(x: Json | undefined): TypeRef {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return fail('malformed type');
  const ref: TypeRef = { NamedType: text(x.NamedType), NonNull: x.NonNull === true };
  if (x.Elem !== undefined && x.Elem !== null) ref.Elem = typeRef(x.Elem);
  if (!ref.NamedType && !ref.Elem) fail('malformed type');
  return ref;
}

const directives = (x: Json | undefined): Directive[] =>
  objects(x).map((d) => ({ Name: text(d.Name), Arguments: objects(d.Arguments).map((a) => ({ Name: text(a.Name), Value: a.Value ?? null })) }));

const inputDef = (x: GqlObject): InputDef => ({
  Name: text(x.Name),
  Type: typeRef(x.Type),
  DefaultValue: x.DefaultValue === null ? undefined : x.DefaultValue,
  Directives: directives(x.Directives),
});

function typeDef(x: GqlObject, builtIn: boolean): TypeDef {
  return {
    Kind: text(x.Kind),
    Name: text(x.Name),
    Directives: directives(x.Directives),
    Interfaces: strings(x.Interfaces),
    Fields: objects(x.Fields).map((f) => ({ ...inputDef(f), Arguments: objects(f.Arguments).map(inputDef) })),
    Types: strings(x.Types),
    EnumValues: objects(x.EnumValues).map((v) => ({ Name: text(v.Name), Directives: directives(v.Directives) })),
    BuiltIn: builtIn || x.BuiltIn === true,
  };
}

const directiveDef = (x: GqlObject, builtIn: boolean): DirectiveDef => ({
  Name: text(x.Name),
  Arguments: objects(x.Arguments).map(inputDef),
  Locations: strings(x.Locations),
  IsRepeatable: x.IsRepeatable === true,
  BuiltIn: builtIn,
});

let prelude: GqlObject | undefined;

/** Loads and validates a schema document; throws with gqlparser's reason when it is not a valid schema. */
export function loadSchema(doc: GqlObject): Schema {
  prelude ??= schemaDocument(PRELUDE);
  const schema: Schema = { types: new Map(), directives: new Map(), roots: new Map() };
  const defs = [...objects(prelude.Definitions).map((d) => typeDef(d, true)), ...objects(doc.Definitions).map((d) => typeDef(d, false))];
  for (const def of defs) {
    if (schema.types.has(def.Name)) fail(`Cannot redeclare type ${def.Name}.`);
    schema.types.set(def.Name, def);
  }
  for (const ext of objects(doc.Extensions).map((d) => typeDef(d, false))) {
    let def = schema.types.get(ext.Name);
    if (!def) {
      def = { ...ext, Directives: [], Interfaces: [], Fields: [], Types: [], EnumValues: [] };
      schema.types.set(ext.Name, def);
    }
    if (def.Kind !== ext.Kind) fail(`Cannot extend type ${ext.Name} because the base type is a ${def.Kind}, not ${ext.Kind}.`);
    def.Directives.push(...ext.Directives);
    def.Interfaces.push(...ext.Interfaces);
    def.Fields.push(...ext.Fields);
    def.Types.push(...ext.Types);
    def.EnumValues.push(...ext.EnumValues);
  }
  for (const [builtIn, list] of [[true, prelude.Directives], [false, doc.Directives]] as const) {
    for (const dir of objects(list).map((d) => directiveDef(d, builtIn))) {
      if (schema.directives.has(dir.Name)) {
        // SDL may restate a builtin directive; the first definition (the prelude's) stays.
        if (['include', 'skip', 'deprecated', 'specifiedBy'].includes(dir.Name)) continue;
        fail(`Cannot redeclare directive ${dir.Name}.`);
      }
      schema.directives.set(dir.Name, dir);
    }
  }
  const schemaDefs = objects(doc.Schema);
  if (schemaDefs.length > 1) fail('Cannot have multiple schema entry points, consider schema extensions instead.');
  for (const s of [...schemaDefs, ...objects(doc.SchemaExtension)]) {
    for (const op of objects(s.OperationTypes)) {
      if (!schema.types.has(text(op.Type))) fail(`Schema root ${text(op.Operation)} refers to a type ${text(op.Type)} that does not exist.`);
      schema.roots.set(text(op.Operation), text(op.Type));
    }
  }
  for (const name of [...schema.types.keys()].sort()) validateType(schema, schema.types.get(name)!);
  for (const name of [...schema.directives.keys()].sort()) {
    const dir = schema.directives.get(name)!;
    validateName(dir.Name);
    validateArgs(schema, dir.Arguments, dir);
  }
  return schema;
}

function validateName(name: string): void {
  if (name.startsWith('__')) fail(`Name "${name}" must not begin with "__", which is reserved by GraphQL introspection.`);
}

const namedType = (t: TypeRef): string => t.NamedType || namedType(t.Elem!);

function validateTypeRef(schema: Schema, t: TypeRef): TypeDef {
  return schema.types.get(namedType(t)) ?? fail(`Undefined type ${namedType(t)}.`);
}

function validateArgs(schema: Schema, args: InputDef[], current?: DirectiveDef): void {
  for (const arg of args) {
    validateName(arg.Name);
    const def = validateTypeRef(schema, arg.Type);
    if (!['SCALAR', 'ENUM', 'INPUT_OBJECT'].includes(def.Kind)) fail(`cannot use ${namedType(arg.Type)} as argument ${arg.Name}`);
    validateDirectives(schema, arg.Directives, 'ARGUMENT_DEFINITION', current);
  }
}

function validateDirectives(schema: Schema, dirs: Directive[], location: string, current?: DirectiveDef): void {
  for (const dir of dirs) {
    validateName(dir.Name);
    if (current && dir.Name === current.Name) fail(`Directive ${current.Name} cannot refer to itself.`);
    const def = schema.directives.get(dir.Name) ?? fail(`Undefined directive ${dir.Name}.`);
    if (!def.Locations.includes(location)) fail(`Directive ${dir.Name} is not applicable on ${location}.`);
  }
}

function validateType(schema: Schema, def: TypeDef): void {
  for (const f of def.Fields) {
    validateName(f.Name);
    validateTypeRef(schema, f.Type);
    validateArgs(schema, f.Arguments);
    validateDirectives(schema, f.Directives, def.Kind === 'INPUT_OBJECT' ? 'INPUT_FIELD_DEFINITION' : 'FIELD_DEFINITION');
  }
  for (const t of def.Types) {
    const member = schema.types.get(t) ?? fail(`Undefined type "${t}".`);
    if (member.Kind !== 'OBJECT') fail(`${def.Kind} type "${t}" must be OBJECT.`);
  }
  for (const intf of def.Interfaces) validateImplements(schema, def, intf);
  const fieldKinds: Record<string, string[]> = {
    OBJECT: ['SCALAR', 'OBJECT', 'INTERFACE', 'UNION', 'ENUM'],
    INTERFACE: ['SCALAR', 'OBJECT', 'INTERFACE', 'UNION', 'ENUM'],
    INPUT_OBJECT: ['SCALAR', 'ENUM', 'INPUT_OBJECT'],
  };
  if (fieldKinds[def.Kind]) {
    if (def.Fields.length === 0) fail(`${def.Kind} ${def.Name}: must define one or more fields.`);
    for (const f of def.Fields) {
      const t = schema.types.get(namedType(f.Type));
      if (t && !fieldKinds[def.Kind].includes(t.Kind)) fail(`${def.Kind} ${def.Name}: field ${f.Name} has the wrong kind of type.`);
    }
  }
  if (def.Kind === 'ENUM') {
    if (def.EnumValues.length === 0) fail(`${def.Kind} ${def.Name}: must define one or more unique enum values.`);
    for (const v of def.EnumValues) if (['true', 'false', 'null'].includes(v.Name)) fail(`${def.Kind} ${def.Name}: non-enum value ${v.Name}.`);
  }
  const seen = new Set<string>();
  for (const f of def.Fields) {
    if (seen.has(f.Name)) fail(`Field ${def.Name}.${f.Name} can only be defined once.`);
    seen.add(f.Name);
  }
  if (!def.BuiltIn) validateName(def.Name);
  validateDirectives(schema, def.Directives, def.Kind);
}

/** Types that may stand where `name` is expected: itself, union members, implementations of an interface. */
function possibleTypes(schema: Schema, name: string): string[] {
  const out: string[] = [];
  for (const def of schema.types.values()) {
    if (def.Kind === 'UNION' && def.Name === name) out.push(...def.Types);
    if (['OBJECT', 'INPUT_OBJECT', 'INTERFACE'].includes(def.Kind) && def.Interfaces.includes(name)) out.push(def.Name);
    if (['OBJECT', 'INPUT_OBJECT'].includes(def.Kind) && def.Name === name) out.push(def.Name);
  }
  return out;
}

function isCovariant(schema: Schema, required: TypeRef, actual: TypeRef): boolean {
  if (required.NonNull && !actual.NonNull) return false;
  if (required.NamedType) return required.NamedType === actual.NamedType || possibleTypes(schema, required.NamedType).includes(actual.NamedType);
  if (required.Elem && !actual.Elem) return false;
  return isCovariant(schema, required.Elem!, actual.Elem!);
}

/** gqlparser's Type.IsCompatible: same named type and list nesting; a non-null requirement needs non-null. */
function isCompatible(t: TypeRef, other: TypeRef): boolean {
  if (t.NamedType !== other.NamedType) return false;
  if (t.Elem && (!other.Elem || !isCompatible(t.Elem, other.Elem))) return false;
  return other.NonNull ? t.NonNull : true;
}

function validateImplements(schema: Schema, def: TypeDef, intfName: string): void {
  const intf = schema.types.get(intfName) ?? fail(`Undefined type "${intfName}".`);
  if (intf.Kind !== 'INTERFACE') fail(`"${intfName}" is a non interface type ${intf.Kind}.`);
  for (const required of intf.Fields) {
    const found = def.Fields.find((f) => f.Name === required.Name) ?? fail(`For ${def.Name} to implement ${intf.Name} it must have a field called ${required.Name}.`);
    if (!isCovariant(schema, required.Type, found.Type)) fail(`For ${def.Name} to implement ${intf.Name} the field ${required.Name} has the wrong type.`);
    for (const arg of required.Arguments) {
      const got = found.Arguments.find((a) => a.Name === arg.Name) ?? fail(`For ${def.Name} to implement ${intf.Name} the field ${required.Name} is missing ${arg.Name}.`);
      if (!isCompatible(arg.Type, got.Type)) fail(`For ${def.Name} to implement ${intf.Name} the argument ${arg.Name} has the wrong type.`);
    }
    for (const extra of found.Arguments) {
      if (!required.Arguments.some((a) => a.Name === extra.Name) && extra.Type.NonNull && extra.DefaultValue === undefined) {
        fail(`For ${def.Name} to implement ${intf.Name} the additional argument ${extra.Name} must be optional.`);
      }
    }
  }
  for (const transitive of intf.Interfaces) {
    if (def.Interfaces.includes(transitive)) continue;
    if (transitive === def.Name) fail(`Type ${def.Name} cannot implement ${intfName} because it would create a circular reference.`);
    fail(`Type ${def.Name} must implement ${transitive} because it is implemented by ${intfName}.`);
  }
}
