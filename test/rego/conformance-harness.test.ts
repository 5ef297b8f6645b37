// Pins the conformance harness without the compiler: case loading, result comparison, judging, reports, runner.
import { expect } from 'chai';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadCases, parseCaseFile, type ConformanceCase } from './conformance-cases.js';
import { sameResults } from './conformance-compare.js';
import { prepareInputTerm, splitQuery } from './conformance-exec.js';
import { judge, missingBuiltin, normalize, stripLocation, type Attempt } from './conformance-judge.js';
import { CaseRunner } from './conformance-pool.js';
import { renderMarkdown, summarize } from './conformance-report.js';
import { formatPassing } from './conformance-run.js';

function makeCase(over: Partial<ConformanceCase> = {}): ConformanceCase {
  return { id: 'n', note: 'n', file: 'f.yaml', folder: 'x', query: 'x = 1', modules: [], hasInput: false, sortBindings: false, strictError: false, regoVersion: 1, ...over };
}

describe('conformance harness', () => {
  describe('case files', () => {
    const yaml = `---
cases:
  - note: a/one
    query: data.test.p = x
    modules:
      - |
        package test
        p := 1
    data: {k: 1}
    input: null
    want_result:
      - x: 1
    sort_bindings: true
  - note: a/two
    query: x = 1
    input_term: '{"a": {1}}'
    want_result:
  - note: a/three
    query: x = 1
    want_error_code: eval_conflict_error
    want_error: conflict
    strict_error: true
`;
    const cases = parseCaseFile(yaml, 'f.yaml', 'a');

    it('reads every field of OPA\'s case format', () => {
      expect(cases[0]).to.deep.include({ note: 'a/one', query: 'data.test.p = x', data: { k: 1 }, input: null, hasInput: true, sortBindings: true, wantResult: [{ x: 1 }] });
      expect(cases[0].modules).to.deep.equal(['package test\np := 1\n']);
      expect(cases[2]).to.deep.include({ wantErrorCode: 'eval_conflict_error', wantError: 'conflict', strictError: true });
    });

    it('reads an empty want_result as "no result" and keeps input_term as text', () => {
      expect(cases[1].wantResult).to.deep.equal([]);
      expect(cases[1].inputTerm).to.equal('{"a": {1}}');
      expect(cases[1].hasInput).to.equal(false);
    });

    it('loads folders recursively with prefixed folder names, v0 folders as v0, and tells repeated notes apart', async () => {
      const root = await mkdtemp(path.join(tmpdir(), 'verdict-cases-'));
      try {
        const one = 'cases:\n  - note: same\n    query: x = 1\n    want_result: []\n';
        await mkdir(path.join(root, 'v0', 'deep'), { recursive: true });
        await mkdir(path.join(root, 'area'), { recursive: true });
        await writeFile(path.join(root, 'area', 'a.yaml'), one);
        await writeFile(path.join(root, 'v0', 'deep', 'b.yml'), one);
        await writeFile(path.join(root, 'area', 'notes.txt'), 'not a case file');
        const cases = loadCases([{ dir: root, prefix: 'verdict/' }]);
        expect(cases.map((c) => [c.id, c.folder, c.regoVersion])).to.deep.equal([
          ['same', 'verdict/area', 1],
          ['same#2', 'verdict/v0', 0],
        ]);
        expect(loadCases([{ dir: path.join(root, 'missing'), prefix: '' }])).to.deep.equal([]);
      } finally {
        await rm(root, { recursive: true, force: true });
      }
    });

    it('rejects a case without a query', () => {
      expect(() => parseCaseFile('cases:\n  - note: x\n', 'bad.yaml', 'b')).to.throw(/bad\.yaml: case 1 \(x\): query/);
    });
  });

  describe('result comparison', () => {
    it('ignores row order and object key order', () => {
      expect(sameResults([{ x: 2, y: 1 }, { x: 1, y: 1 }], [{ x: 1, y: 1 }, { y: 1, x: 2 }], false)).to.equal(true);
    });

    it('compares numbers by value', () => {
      expect(sameResults([{ x: 1.0 }], [{ x: 1 }], false)).to.equal(true);
      expect(sameResults([{ x: 1.5 }], [{ x: 1 }], false)).to.equal(false);
    });

    it('keeps array order unless sort_bindings is set', () => {
      expect(sameResults([{ x: [2, 1] }], [{ x: [1, 2] }], false)).to.equal(false);
      expect(sameResults([{ x: [2, 1] }], [{ x: [1, 2] }], true)).to.equal(true);
      expect(sameResults([{ x: { a: [[2, 1], 0] } }], [{ x: { a: [0, [1, 2]] } }], true)).to.equal(true);
    });

    it('tells no result from a result, and a missing row from an extra one', () => {
      expect(sameResults([], [], false)).to.equal(true);
      expect(sameResults([{}], [], false)).to.equal(false);
      expect(sameResults([{ x: 1 }], [{ x: 1 }, { x: 1 }], false)).to.equal(false);
      expect(sameResults({ x: 1 }, [{ x: 1 }], false)).to.equal(false);
    });
  });

  describe('judging an attempt', () => {
    const result = (r: unknown): Attempt => ({ stage: 'done', result: r });

    it('passes a matching result and fails a different one with both values in the reason', () => {
      const c = makeCase({ wantResult: [{ x: 1 }] });
      expect(judge(c, result([{ x: 1 }]))).to.deep.equal({ passed: true });
      const out = judge(c, result([{ x: 2 }]));
      expect(out).to.include({ passed: false, group: 'wrong result' });
      expect(out.reason).to.equal('wrong result: want [{"x":1}], got [{"x":2}]');
    });

    it('passes an error case when evaluation fails or the compiler finds a type or compile error', () => {
      const c = makeCase({ wantErrorCode: 'eval_conflict_error' });
      expect(judge(c, { stage: 'eval', message: 'var assignment conflict' }).passed).to.equal(true);
      expect(judge(c, { stage: 'compile', codes: ['rego_type_error'], messages: ['a.rego:1:1: rego_type_error: x'] }).passed).to.equal(true);
    });

    it('fails an error case on a parse error, a result, or a load failure', () => {
      const c = makeCase({ wantError: 'boom' });
      expect(judge(c, { stage: 'compile', codes: ['rego_parse_error'], messages: ['a.rego:1:1: rego_parse_error: bad'] }).passed).to.equal(false);
      expect(judge(c, result([{ x: 1 }])).group).to.equal('expected an error, got a result (message)');
      expect(judge({ ...c, strictError: true }, result([])).group).to.equal('strict builtin error not raised (strict_error case)');
      expect(judge(c, { stage: 'load', message: 'LinkError' }).passed).to.equal(false);
    });

    it('fails on a compile error, with the location dropped from the group', () => {
      const out = judge(makeCase({ wantResult: [] }), { stage: 'compile', codes: ['rego_unsafe_var_error'], messages: ['test/a b/0.rego:3:5: rego_unsafe_var_error: var x is unsafe'] });
      expect(out.reason).to.equal('compile error: rego_unsafe_var_error: var x is unsafe');
      expect(out.group).to.equal('compile error: rego_unsafe_var_error: var … is unsafe');
    });

    it('names a missing builtin from the checker or from the SDK, but not a function the case defines', () => {
      const undef: Attempt = { stage: 'compile', codes: ['rego_type_error'], messages: ['t.rego:2:3: rego_type_error: undefined function units.parse'] };
      expect(judge(makeCase({ wantResult: [] }), undef)).to.include({ passed: false, missingBuiltin: 'units.parse', group: 'missing builtin' });
      // Even an error case fails when the error is a builtin we lack.
      expect(judge(makeCase({ wantErrorCode: 'eval_type_error' }), undef).passed).to.equal(false);
      expect(missingBuiltin(makeCase(), { stage: 'eval', message: 'not implemented: built-in function 7: time.now_ns' })).to.equal('time.now_ns');
      const unsupported: Attempt = { stage: 'compile', codes: ['rego_type_error'], messages: ['a.rego:1:5: rego_type_error: builtin glob.match is not supported by Verdict yet'] };
      expect(missingBuiltin(makeCase(), unsupported)).to.equal('glob.match');
      const own: Attempt = { stage: 'compile', codes: ['rego_type_error'], messages: ['undefined function f'] };
      expect(missingBuiltin(makeCase({ modules: ['package p\nf(x) := x\n'] }), own)).to.equal(undefined);
    });

    it('reports timeouts and crashes as failures of their own kind', () => {
      expect(judge(makeCase({ wantError: 'x' }), { stage: 'timeout', ms: 10 })).to.include({ passed: false, group: 'timeout' });
      expect(judge(makeCase(), { stage: 'crash', message: 'oops 12' }).group).to.equal('compiler crash: oops N');
    });

    it('normalizes messages into group keys', () => {
      expect(stripLocation('x/y z/0.rego:12:5: rego_parse_error: unexpected }')).to.equal('rego_parse_error: unexpected }');
      expect(normalize('object insert conflict "a" at 3')).to.equal('object insert conflict "…" at N');
    });
  });

  describe('input_term', () => {
    it('passes JSON terms as input unchanged', () => {
      expect(prepareInputTerm('x = data.p', '{"a": [1]}')).to.deep.equal({ query: 'x = data.p', input: { value: { a: [1] } } });
    });

    it('applies a non-JSON term with `with input as` to every expression of the query', () => {
      expect(prepareInputTerm('x = data.p; y = 1', '{"a": {1}, }')).to.deep.equal({ query: 'x = data.p with input as {"a": {1}, }; y = 1 with input as {"a": {1}, }' });
    });

    it('splits a query at top-level separators only', () => {
      expect(splitQuery('x = {1; 2}\ny = "a;b" # c;d\n')).to.deep.equal(['x = {1; 2}', 'y = "a;b"']);
      expect(splitQuery('x = [1')).to.equal(undefined);
    });
  });

  describe('report', () => {
    const results = [
      { c: makeCase({ id: 'a', folder: 'aggregates' }), outcome: { passed: true } },
      { c: makeCase({ id: 'b', folder: 'aggregates' }), outcome: { passed: false, reason: 'missing builtin: x.y', group: 'missing builtin', missingBuiltin: 'x.y' } },
      { c: makeCase({ id: 'c', folder: 'strings' }), outcome: { passed: false, reason: 'missing builtin: x.y', group: 'missing builtin', missingBuiltin: 'x.y' } },
      { c: makeCase({ id: 'd', folder: 'verdict/every' }), outcome: { passed: true } },
    ];

    it('counts per folder, core folders, OPA\'s suite and our own cases apart', () => {
      const s = summarize(results);
      expect(s.all).to.deep.equal({ passed: 2, total: 4 });
      expect(s.core).to.deep.equal({ passed: 1, total: 2 });
      expect(s.opa).to.deep.equal({ passed: 1, total: 3 });
      expect(s.verdict).to.deep.equal({ passed: 1, total: 1 });
      expect(s.missingBuiltins).to.deep.equal([['x.y', 2]]);
      expect(s.groups.map(([g, rs]) => [g, rs.length])).to.deep.equal([['missing builtin', 2]]);
    });

    it('writes the totals, the folder table, the builtins ranking and each failure into the markdown', () => {
      const md = renderMarkdown(summarize(results));
      expect(md).to.contain('| core language folders | 1/2 (50.0%) |');
      expect(md).to.contain('| aggregates | 1 | 2 | ✓ |');
      expect(md).to.contain('| `x.y` | 2 |');
      expect(md).to.contain('- `c` (f.yaml): missing builtin: x.y');
    });

    it('writes the ratchet list sorted and without duplicates', () => {
      expect(formatPassing(['b', 'a', 'b'])).to.equal('a\nb\n');
      expect(formatPassing([])).to.equal('');
    });
  });

  describe('runner', () => {
    let runner: CaseRunner;
    before(() => {
      runner = new CaseRunner({ jobs: 1, timeoutMs: 1000, workerUrl: new URL('./conformance-fake-worker.js', import.meta.url) });
    });
    after(() => runner.close());

    it('returns what the worker answers', async () => {
      expect(await runner.attempt(makeCase({ note: 'ok' }))).to.deep.equal({ stage: 'done', result: [{ x: 'ok' }] });
    });

    it('gives up a hanging case as a timeout and runs the next case on a fresh worker', async () => {
      expect(await runner.attempt(makeCase({ note: 'hang' }))).to.deep.equal({ stage: 'timeout', ms: 1000 });
      expect(await runner.attempt(makeCase({ note: 'after' }))).to.deep.equal({ stage: 'done', result: [{ x: 'after' }] });
    });

    it('reports a worker that dies as a crash and goes on', async () => {
      expect((await runner.attempt(makeCase({ note: 'crash' }))).stage).to.equal('crash');
      expect((await runner.attempt(makeCase({ note: 'throw' }))).stage).to.equal('crash');
      expect((await runner.attempt(makeCase({ note: 'again' }))).stage).to.equal('done');
    });
  });
});
