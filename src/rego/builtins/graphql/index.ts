/**
 * GraphQL builtins on the host: parsing with graphql-js into the AST shape OPA returns (Go gqlparser's), schema
 * loading with gqlparser's rules, and query validation with graphql-js's validation rules (the rules gqlparser
 * ports). Queries and schemas may be given as text or, except for parse_query and parse_schema, as AST objects.
 */
import { buildASTSchema, parse, validate } from 'graphql';
import { builtinError, hostFamily, isObject, isString, typeError } from '../host-values.js';
import type { BuiltinEntry } from '../types.js';
import { type GqlObject, pruned, queryDocument, schemaDocument } from './ast.js';
import { printQuery, printSchema } from './print.js';
import { type Schema, loadSchema } from './schema.js';

/** A query document in gqlparser's shape, from text or an AST object; throws when the text does not parse. */
function readQuery(x: unknown): GqlObject {
  if (isString(x)) return pruned(queryDocument(x));
  return isObject(x) ? pruned(x as GqlObject) : typeError('the query must be a string or an object');
}

function readSchema(x: unknown): GqlObject {
  if (isString(x)) return pruned(schemaDocument(x));
  return isObject(x) ? pruned(x as GqlObject) : typeError('the schema must be a string or an object');
}

/** True if the query is valid against the loaded schema; throws when either cannot be read. */
function validates(query: GqlObject, schema: Schema): boolean {
  const text = printQuery(query);
  // An empty document has nothing to validate; gqlparser accepts it.
  if (text === '') return true;
  const built = buildASTSchema(parse(printSchema(schema)), { assumeValid: true, assumeValidSDL: true });
  return validate(built, parse(text, { allowLegacyFragmentVariables: true })).length === 0;
}

/** The query and schema ASTs when the query parses and validates against a valid schema; throws otherwise. */
function verified(q: unknown, s: unknown): [GqlObject, GqlObject] {
  const query = readQuery(q);
  const schemaDoc = readSchema(s);
  if (!validates(query, loadSchema(schemaDoc))) builtinError('the query is not valid against the schema');
  return [query, schemaDoc];
}

/** verified(), with any failure (syntax, schema, validation) as undefined: for the builtins that answer false. */
function tryVerified(q: unknown, s: unknown): [GqlObject, GqlObject] | undefined {
  try {
    return verified(q, s);
  } catch {
    return undefined;
  }
}

const entries: BuiltinEntry[] = [
  {
    name: 'graphql.parse_query',
    arity: 1,
    host: (q: unknown) => (isString(q) ? pruned(queryDocument(q)) : typeError('operand 1 must be string')),
    doc: 'the AST of a GraphQL query (as OPA returns it: gqlparser field names, nulls and empty lists pruned)',
  },
  {
    name: 'graphql.parse_schema',
    arity: 1,
    host: (s: unknown) => (isString(s) ? pruned(schemaDocument(s)) : typeError('operand 1 must be string')),
    doc: 'the AST of a GraphQL schema',
  },
  {
    name: 'graphql.schema_is_valid',
    arity: 1,
    host: (s: unknown) => {
      try {
        return loadSchema(readSchema(s)) !== undefined;
      } catch {
        return false;
      }
    },
    doc: 'true if the schema (text or AST object) is valid',
  },
  {
    name: 'graphql.is_valid',
    arity: 2,
    host: (q: unknown, s: unknown) => tryVerified(q, s) !== undefined,
    doc: 'true if the query is valid against the schema (each as text or AST object)',
  },
  {
    name: 'graphql.parse',
    arity: 2,
    host: (q: unknown, s: unknown) => verified(q, s),
    doc: '[query AST, schema AST] when the query is valid against the schema; an error otherwise',
  },
  {
    name: 'graphql.parse_and_verify',
    arity: 2,
    host: (q: unknown, s: unknown) => {
      const asts = tryVerified(q, s);
      return asts ? [true, ...asts] : [false, {}, {}];
    },
    doc: '[true, query AST, schema AST] when the query is valid against the schema, else [false, {}, {}]',
  },
];

/** Syntax and validation errors of parse_query, parse_schema and parse are builtin errors. */
export const graphql: BuiltinEntry[] = hostFamily(entries);
