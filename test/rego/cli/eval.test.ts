// `verdict eval`: opa eval's JSON result shape, bindings of named variables, raw output, input and errors.
import { expect } from 'chai';
import { rm } from 'node:fs/promises';
import { fixture, runCli } from './run-cli.js';

const POLICY = `package ex

allow if input.user == "alice"

names contains n if {
	some n in input.names
}

obj := {"a": data.cfg.v}
`;

describe('verdict eval', () => {
  let dir: string;
  before(async () => {
    dir = await fixture({
      'p/ex.rego': POLICY,
      'p/cfg/data.json': '{"v": 3}',
      'input.json': '{"user": "alice", "names": ["b", "a"]}',
      'input.yaml': 'user: bob\n',
    });
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('prints the value of a reference as opa eval does, with its text and location', async () => {
    const res = await runCli(['eval', '-d', 'p', 'data.ex.obj'], dir);
    expect(res.code).to.equal(0);
    expect(JSON.parse(res.stdout)).to.deep.equal({
      result: [{ expressions: [{ value: { a: 3 }, text: 'data.ex.obj', location: { row: 1, col: 1 } }] }],
    });
  });

  it('prints one result per solution with the bindings of named variables', async () => {
    const res = await runCli(['eval', '-d', 'p', '-i', 'input.json', 'data.ex.names[n]; data.ex.allow'], dir);
    const out = JSON.parse(res.stdout);
    expect(out.result.map((r: { bindings: unknown }) => r.bindings)).to.deep.equal([{ n: 'a' }, { n: 'b' }]);
    expect(out.result[0].expressions.map((e: { value: unknown; text: string }) => [e.text, e.value])).to.deep.equal([
      ['data.ex.names[n]', 'a'],
      ['data.ex.allow', true],
    ]);
    expect(out.result[0].expressions[1].location).to.deep.equal({ row: 1, col: 19 });
  });

  it('prints {} when the query is undefined, and exits 0', async () => {
    const res = await runCli(['eval', '-d', 'p', '-i', 'input.yaml', 'data.ex.allow'], dir);
    expect(res.code).to.equal(0);
    expect(JSON.parse(res.stdout)).to.deep.equal({});
  });

  it('reports a false expression as undefined, as a query would', async () => {
    const res = await runCli(['eval', 'false'], dir);
    expect(JSON.parse(res.stdout)).to.deep.equal({});
  });

  it('prints bare values with --format raw', async () => {
    const res = await runCli(['eval', '--format', 'raw', '-d', 'p', '-i', 'input.json', 'data.ex.names[n]'], dir);
    expect(res.stdout).to.equal('a\nb\n');
  });

  it('reads the input from stdin with -i -', async () => {
    const res = await runCli(['eval', '-f', 'raw', '-d', 'p', '-i', '-', 'data.ex.allow'], dir, '{"user": "alice"}');
    expect(res.stdout).to.equal('true\n');
  });

  it('reports a syntax error in the query as one located line and exits 1', async () => {
    const res = await runCli(['eval', 'x := ['], dir);
    expect(res.code).to.equal(1);
    expect(res.stderr.trim().split('\n')).to.have.length(1);
    expect(res.stderr).to.match(/^query:1:\d+: rego_parse_error: /);
  });

  it('rejects an unknown format and a missing query', async () => {
    expect((await runCli(['eval', '--format', 'xml', 'true'], dir)).stderr).to.contain('unknown format "xml"');
    expect((await runCli(['eval', '-d', 'p'], dir)).stderr).to.contain('give exactly one query');
  });
});
