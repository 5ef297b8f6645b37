/**
 * GraphQL text from the gqlparser-shaped JSON: a loaded schema as SDL and a query document as a query, so that
 * graphql-js can validate a query against a schema however either was given (text or AST object).
 */
import type { GqlObject, Json } from './ast.js';
import type { Directive, InputDef, Schema, TypeDef, TypeRef } from './schema.js';

/** Directives graphql-js defines itself; declaring them again in SDL would replace its own definitions. */
const GRAPHQL_JS_DIRECTIVES = new Set(['include', 'skip', 'deprecated', 'specifiedBy', 'oneOf']);

const obj = (x: Json | undefined): GqlObject => (typeof x === 'object' && x !== null && !Array.isArray(x) ? x : {});
const list = (x: Json | undefined): GqlObject[] => (Array.isArray(x) ? x.map(obj) : []);
const str = (x: Json | undefined): string => (typeof x === 'string' ? x : '');

/** gqlparser Value kinds: 0 variable, 1 int, 2 float, 3 string, 4 block string, 5 boolean, 6 null, 7 enum, 8 list, 9 object. */
export function printValue(v: Json | undefined): string {
  const value = obj(v);
  const raw = str(value.Raw);
  const children = list(value.Children);
  switch (value.Kind) {
    case 0:
      return '$' + raw;
    case 3:
    case 4:
      return JSON.stringify(raw);
    case 8:
      return '[' + children.map((c) => printValue(c.Value)).join(', ') + ']';
    case 9:
      return '{' + children.map((c) => `${str(c.Name)}: ${printValue(c.Value)}`).join(', ') + '}';
    default:
      return raw;
  }
}

function printTypeRef(t: Json | TypeRef | undefined): string {
  const ref = obj(t as Json);
  const inner = ref.Elem !== undefined && ref.Elem !== null ? `[${printTypeRef(ref.Elem)}]` : str(ref.NamedType);
  return ref.NonNull === true ? inner + '!' : inner;
}

function printDirectives(ds: Json | Directive[] | undefined): string {
  return list(ds as Json)
    .map((d) => ' @' + str(d.Name) + printArguments(d.Arguments))
    .join('');
}

function printArguments(args: Json | undefined): string {
  const as = list(args);
  return as.length ? '(' + as.map((a) => `${str(a.Name)}: ${printValue(a.Value)}`).join(', ') + ')' : '';
}

const printInput = (a: InputDef): string =>
  `${a.Name}: ${printTypeRef(a.Type)}${a.DefaultValue === undefined ? '' : ' = ' + printValue(a.DefaultValue)}`;

const printArgDefs = (args: InputDef[]): string => (args.length ? '(' + args.map(printInput).join(', ') + ')' : '');

function printType(def: TypeDef): string {
  const implementsClause = def.Interfaces.length ? ' implements ' + def.Interfaces.join(' & ') : '';
  switch (def.Kind) {
    case 'SCALAR':
      return `scalar ${def.Name}`;
    case 'UNION':
      return `union ${def.Name} = ${def.Types.join(' | ')}`;
    case 'ENUM':
      return `enum ${def.Name} { ${def.EnumValues.map((v) => v.Name).join(' ')} }`;
    case 'INPUT_OBJECT':
      return `input ${def.Name} { ${def.Fields.map(printInput).join(' ')} }`;
    default: {
      const keyword = def.Kind === 'INTERFACE' ? 'interface' : 'type';
      const fields = def.Fields.map((f) => `${f.Name}${printArgDefs(f.Arguments)}: ${printTypeRef(f.Type)}`);
      return `${keyword} ${def.Name}${implementsClause} { ${fields.join(' ')} }`;
    }
  }
}

/** SDL for a loaded schema: its own types and directives (the prelude's scalars are graphql-js's too) and its roots. */
export function printSchema(schema: Schema): string {
  const out: string[] = [];
  for (const def of schema.types.values()) if (!def.BuiltIn) out.push(printType(def));
  for (const dir of schema.directives.values()) {
    if (GRAPHQL_JS_DIRECTIVES.has(dir.Name)) continue;
    out.push(`directive @${dir.Name}${printArgDefs(dir.Arguments)}${dir.IsRepeatable ? ' repeatable' : ''} on ${dir.Locations.join(' | ')}`);
  }
  if (schema.roots.size > 0) out.push(`schema { ${[...schema.roots].map(([op, type]) => `${op}: ${type}`).join(' ')} }`);
  return out.join('\n');
}

function printVariables(vs: Json | undefined): string {
  const vars = list(vs).map((v) => {
    const dflt = v.DefaultValue !== undefined && v.DefaultValue !== null ? ' = ' + printValue(v.DefaultValue) : '';
    return `$${str(v.Variable)}: ${printTypeRef(v.Type)}${dflt}${printDirectives(v.Directives)}`;
  });
  return vars.length ? '(' + vars.join(', ') + ')' : '';
}

/** A selection is a field if it has an alias or arguments, a spread if it has only a name, else an inline fragment. */
function printSelections(set: Json | undefined): string {
  const items = list(set).map((s) => {
    if (s.TypeCondition !== undefined || (s.Name === undefined && s.SelectionSet !== undefined)) {
      const on = str(s.TypeCondition) ? ` on ${str(s.TypeCondition)}` : '';
      return `...${on}${printDirectives(s.Directives)} ${printSelections(s.SelectionSet)}`;
    }
    if (s.Alias === undefined && s.Arguments === undefined && s.SelectionSet === undefined) {
      return `...${str(s.Name)}${printDirectives(s.Directives)}`;
    }
    const alias = str(s.Alias) && str(s.Alias) !== str(s.Name) ? `${str(s.Alias)}: ` : '';
    const sub = s.SelectionSet !== undefined ? ' ' + printSelections(s.SelectionSet) : '';
    return `${alias}${str(s.Name)}${printArguments(s.Arguments)}${printDirectives(s.Directives)}${sub}`;
  });
  return `{ ${items.join(' ')} }`;
}

/** Query text for a query document in gqlparser's shape (pruned or not). */
export function printQuery(doc: GqlObject): string {
  const out: string[] = [];
  for (const op of list(doc.Operations)) {
    const name = str(op.Name) ? ' ' + str(op.Name) : '';
    out.push(`${str(op.Operation) || 'query'}${name}${printVariables(op.VariableDefinitions)}${printDirectives(op.Directives)} ${printSelections(op.SelectionSet)}`);
  }
  for (const f of list(doc.Fragments)) {
    out.push(`fragment ${str(f.Name)}${printVariables(f.VariableDefinition)} on ${str(f.TypeCondition)}${printDirectives(f.Directives)} ${printSelections(f.SelectionSet)}`);
  }
  return out.join('\n');
}
