// graphql.* on the host: gqlparser-shaped ASTs, gqlparser's schema rules, graphql-js's query validation.
import { expect } from 'chai';
import { evaluate, evaluateAll } from './evaluate.js';

const SCHEMA = `
  interface Node { id: ID! }
  type Employee implements Node { id: ID! salary(currency: String = "EUR"): Int! manager: Employee }
  type Query { employee(id: ID!): Employee node(id: ID!): Node }
`;

describe('host builtins: graphql', () => {
  it('parses a query into the gqlparser shape OPA returns, pruned', async () => {
    const r = await evaluate('graphql.parse_query(`query Q($id: ID! = "1") { e: employee(id: $id) { ... on Employee { salary } ...F } } fragment F on Employee { id }`)');
    expect(r).to.deep.equal({
      Fragments: [{ Name: 'F', SelectionSet: [{ Alias: 'id', Name: 'id' }], TypeCondition: 'Employee' }],
      Operations: [
        {
          Name: 'Q',
          Operation: 'query',
          SelectionSet: [
            {
              Alias: 'e',
              Arguments: [{ Name: 'id', Value: { Kind: 0, Raw: 'id' } }],
              Name: 'employee',
              SelectionSet: [{ SelectionSet: [{ Alias: 'salary', Name: 'salary' }], TypeCondition: 'Employee' }, { Name: 'F' }],
            },
          ],
          VariableDefinitions: [{ DefaultValue: { Kind: 3, Raw: '1' }, Type: { NamedType: 'ID', NonNull: true }, Used: false, Variable: 'id' }],
        },
      ],
    });
  });

  it('parses a schema with descriptions, lists and extensions', async () => {
    const r = await evaluate('graphql.parse_schema(`"""\n  Doc\n  """\ntype A { xs: [Int!] }\nextend type A { y: Int }`)');
    expect(r).to.deep.equal({
      Definitions: [
        {
          BuiltIn: false,
          Description: 'Doc',
          Fields: [{ Description: '', Name: 'xs', Type: { Elem: { NamedType: 'Int', NonNull: true }, NamedType: '', NonNull: false } }],
          Kind: 'OBJECT',
          Name: 'A',
        },
      ],
      Extensions: [{ BuiltIn: false, Description: '', Fields: [{ Description: '', Name: 'y', Type: { NamedType: 'Int', NonNull: false } }], Kind: 'OBJECT', Name: 'A' }],
    });
  });

  it('is undefined for text that does not parse, or of the wrong kind', async () => {
    const r = await evaluateAll({ unclosed: 'graphql.parse_query("{")', schemaInQuery: 'graphql.parse_query("type A { x: Int }")' });
    expect(r).to.deep.equal({ unclosed: undefined, schemaInQuery: undefined });
  });

  it('applies gqlparser schema rules: extensions create types, references and interfaces must resolve', async () => {
    const r = await evaluateAll({
      ok: `graphql.schema_is_valid(\`${SCHEMA}\`)`,
      extendMissing: 'graphql.schema_is_valid("extend type User { id: ID! }")',
      noFields: 'graphql.schema_is_valid("extend type Hello implements Greeting")',
      undefinedType: 'graphql.schema_is_valid("type A { b: B }")',
      transitive: 'graphql.schema_is_valid("interface IA { id: ID! } interface IIA implements IA { id: ID! } type A implements IIA { id: ID! }")',
      reserved: 'graphql.schema_is_valid("type __A { x: Int }")',
      kindClash: 'graphql.schema_is_valid("scalar Foo extend type Foo @deprecated")',
    });
    expect(r).to.deep.equal({ ok: true, extendMissing: true, noFields: false, undefinedType: false, transitive: false, reserved: false, kindClash: false });
  });

  it('validates queries against schemas given as text or as AST objects', async () => {
    const r = await evaluateAll({
      ok: `graphql.is_valid(\`{ employee(id: "1") { salary manager { id } } }\`, \`${SCHEMA}\`)`,
      unknownField: `graphql.is_valid(\`{ employee(id: "1") { age } }\`, \`${SCHEMA}\`)`,
      missingArg: `graphql.is_valid(\`{ employee { id } }\`, \`${SCHEMA}\`)`,
      asts: `graphql.is_valid(graphql.parse_query(\`query($i: ID!) { node(id: $i) { ... on Employee { s: salary(currency: "USD") } } }\`), graphql.parse_schema(\`${SCHEMA}\`))`,
      empty: `graphql.is_valid("", \`${SCHEMA}\`)`,
    });
    expect(r).to.deep.equal({ ok: true, unknownField: false, missingArg: false, asts: true, empty: true });
  });

  it('returns both ASTs from parse and parse_and_verify, or the unverified triple', async () => {
    const r = await evaluateAll({
      parse: 'graphql.parse("{ x }", "type Query { x: Int }")',
      bad: 'graphql.parse("{ y }", "type Query { x: Int }")',
      verify: 'graphql.parse_and_verify("{ y }", "type Query { x: Int }")',
    });
    expect(r.parse).to.deep.equal([
      { Operations: [{ Name: '', Operation: 'query', SelectionSet: [{ Alias: 'x', Name: 'x' }] }] },
      { Definitions: [{ BuiltIn: false, Description: '', Fields: [{ Description: '', Name: 'x', Type: { NamedType: 'Int', NonNull: false } }], Kind: 'OBJECT', Name: 'Query' }] },
    ]);
    expect(r.bad).to.equal(undefined);
    expect(r.verify).to.deep.equal([false, {}, {}]);
  });
});
