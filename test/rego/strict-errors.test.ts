// Strict builtin errors end to end: the same policy compiled with and without `strictBuiltinErrors`, loaded through
// the loader and evaluated; host builtins that throw; OPA's strict_error cases; the CLI flag.
import { expect } from 'chai';
import binaryen from 'binaryen';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { compilePolicy } from '../../src/rego/index.js';
import { loadWasmPolicy, type LoadOptions } from '../../src/rego/load.js';
import { readBundle } from '../../src/rego/bundle/index.js';
import { BuiltinError, OperandTypeError } from '../../src/rego/builtins/host-values.js';
import { loadCases, wantsError, type ConformanceCase } from './conformance-cases.js';
import { attemptCase, errorText, prepareInputTerm, QUERY_ENTRYPOINT } from './conformance-exec.js';
import { fixture, runCli } from './cli/run-cli.js';

const POLICY = `package t

import rego.v1

ratio := input.a / input.b

joined := array.concat(input.list, ["x"])

deny contains "too many replicas" if to_number(input.replicas) > 3

newer if semver.compare(input.version, "1.0.0") > 0

biggest := max(input.list)

not_one if not input.a / input.b == 1
`;
const ENTRYPOINTS = ['t/ratio', 't/joined', 't/deny', 't/newer', 't/biggest', 't/not_one'];

async function compile(strict: boolean | undefined, text = POLICY): Promise<Uint8Array> {
  return (await compilePolicy({ files: [{ path: 'x.rego', text }], entrypoints: ENTRYPOINTS, strictBuiltinErrors: strict })).wasm;
}

/** Evaluates one entrypoint: its result set, or the error's text. */
async function evaluate(wasm: Uint8Array, entrypoint: string, input: unknown, options?: LoadOptions): Promise<unknown> {
  const policy = await loadWasmPolicy(wasm, undefined, options);
  try {
    return policy.evaluate(input, entrypoint);
  } catch (err) {
    return { error: errorText(err) };
  }
}

describe('strict builtin errors', () => {
  let strict: Uint8Array;
  let lenient: Uint8Array;
  before(async () => {
    strict = await compile(true);
    lenient = await compile(false);
  });

  it("stops a strict module at a native builtin that fails, with OPA's code, the call's location and OPA's message", async () => {
    expect(await evaluate(strict, 't/ratio', { a: 1, b: 0 })).to.deep.equal({ error: 'x.rego:5: eval_builtin_error: div: divide by zero' });
    expect(await evaluate(strict, 't/joined', { list: { a: 1 } })).to.deep.equal({
      error: 'x.rego:7: eval_type_error: array.concat: operand 1 must be array but got object',
    });
  });

  it('leaves the same failing calls undefined in a non-strict module, as OPA does by default', async () => {
    expect(await evaluate(lenient, 't/ratio', { a: 1, b: 0 })).to.deep.equal([]);
    expect(await evaluate(lenient, 't/joined', { list: { a: 1 } })).to.deep.equal([]);
  });

  it('fails closed where a deny rule fails open without strict errors', async () => {
    const input = { replicas: 'many' };
    expect(await evaluate(lenient, 't/deny', input)).to.deep.equal([{ result: [] }]);
    expect(await evaluate(strict, 't/deny', input)).to.deep.equal({
      error: 'x.rego:9: eval_builtin_error: to_number: strconv.ParseFloat: parsing "many": invalid syntax',
    });
    expect(await evaluate(strict, 't/deny', { replicas: '5' })).to.deep.equal([{ result: ['too many replicas'] }]);
  });

  it('raises nothing for a result or for an undefined that is no error', async () => {
    expect(await evaluate(strict, 't/ratio', { a: 4, b: 2 })).to.deep.equal([{ result: 2 }]);
    expect(await evaluate(strict, 't/biggest', { list: [] })).to.deep.equal([]);
    expect(await evaluate(strict, 't/biggest', { list: [3, 7] })).to.deep.equal([{ result: 7 }]);
  });

  it('raises an error under `not` too, where a non-strict module takes the undefined call as success', async () => {
    expect(await evaluate(lenient, 't/not_one', { a: 1, b: 0 })).to.deep.equal([{ result: true }]);
    expect(await evaluate(strict, 't/not_one', { a: 1, b: 0 })).to.deep.equal({ error: 'x.rego:15: eval_builtin_error: div: divide by zero' });
  });

  it('starts the next evaluation of the same instance clean after an error', async () => {
    const policy = await loadWasmPolicy(strict);
    expect(() => policy.evaluate({ a: 1, b: 0 }, 't/ratio')).to.throw('divide by zero');
    expect(policy.evaluate({ a: 9, b: 3 }, 't/ratio')).to.deep.equal([{ result: 3 }]);
    expect(policy.evaluate({ list: [] }, 't/biggest')).to.deep.equal([]);
  });

  it('turns an exception in a host builtin into the call\'s error in a strict module, and into undefined otherwise', async () => {
    const throwing: LoadOptions = {
      builtins: {
        'semver.compare': (a: unknown) => {
          if (a === 'typed') throw new OperandTypeError('operand 1 must be string but got number');
          // A message that names the builtin itself is not named twice.
          if (a === 'named') throw Object.assign(new Error('semver.compare: operand 1 must be string'), { code: 'eval_type_error' });
          if (a === 'plain') throw new TypeError('Cannot read properties of undefined');
          throw new BuiltinError(`operand 1: string ${JSON.stringify(a)} is not a valid SemVer`);
        },
      },
    };
    expect(await evaluate(strict, 't/newer', { version: '1' }, throwing)).to.deep.equal({
      error: 'x.rego:11: eval_builtin_error: semver.compare: operand 1: string "1" is not a valid SemVer',
    });
    expect(await evaluate(strict, 't/newer', { version: 'typed' }, throwing)).to.deep.equal({
      error: 'x.rego:11: eval_type_error: semver.compare: operand 1 must be string but got number',
    });
    expect(await evaluate(strict, 't/newer', { version: 'named' }, throwing)).to.deep.equal({
      error: 'x.rego:11: eval_type_error: semver.compare: operand 1 must be string',
    });
    expect(await evaluate(strict, 't/newer', { version: 'plain' }, throwing)).to.deep.equal({
      error: 'x.rego:11: eval_builtin_error: semver.compare: Cannot read properties of undefined',
    });
    expect(await evaluate(lenient, 't/newer', { version: '1' }, throwing)).to.deep.equal([]);
    // The table's own implementation still answers in both modes.
    expect(await evaluate(strict, 't/newer', { version: '1.2.0' })).to.deep.equal([{ result: true }]);
  });

  it('adds no code to a non-strict module, and one check per builtin call to a strict one', async () => {
    const plain = (await compilePolicy({ files: [{ path: 'x.rego', text: POLICY }], entrypoints: ENTRYPOINTS })).wasm;
    expect(Buffer.from(lenient).equals(Buffer.from(plain))).to.equal(true);
    expect(raiseCalls(lenient)).to.equal(0);
    // div twice (ratio, not_one), array.concat, to_number, gt twice, semver.compare, max.
    expect(raiseCalls(strict)).to.equal(8);
  });

  it("raises OPA's error for each strict_error case of OPA's suite that runs on native builtins only", async function () {
    this.timeout(120_000);
    const cases = loadCases().filter((c) => c.strictError && wantsError(c));
    let native = 0;
    const wrong: string[] = [];
    for (const c of cases) {
      const attempt = await attemptCase(c);
      const isNative = await runsNatively(c);
      if (attempt.stage === 'eval') {
        const message = attempt.message;
        if (c.wantErrorCode && !message.includes(c.wantErrorCode)) wrong.push(`${c.id}: ${message} lacks ${c.wantErrorCode}`);
        // Host builtins word some errors as the JavaScript library they run on does (graphql-js, say): only the
        // native ones are held to OPA's exact text.
        const text = (c.wantError ?? '').replace(/^[^\s:]+:\d+: /, '');
        if (isNative && !message.includes(text)) wrong.push(`${c.id}: ${message} lacks ${text}`);
      }
      if (isNative) {
        native++;
        if (attempt.stage !== 'eval') wrong.push(`${c.id}: no error raised (${attempt.stage})`);
      }
    }
    expect(wrong, wrong.join('\n')).to.deep.equal([]);
    expect(native).to.be.greaterThan(50);
  });

  describe('the --strict-builtin-errors flag', () => {
    let dir: string;
    before(async () => {
      dir = await fixture({
        'p/t.rego': POLICY,
        'p/t_test.rego': 'package t\n\nimport rego.v1\n\ntest_ratio if ratio with input as {"a": 1, "b": 0}\n',
        'input.json': '{"a": 1, "b": 0}',
      });
    });
    after(() => rm(dir, { recursive: true, force: true }));

    it('makes verdict eval fail with the error, where it otherwise prints an undefined result', async () => {
      const plain = await runCli(['eval', '-d', 'p', '-i', 'input.json', 'data.t.ratio'], dir);
      expect(plain.code).to.equal(0);
      expect(JSON.parse(plain.stdout)).to.deep.equal({});
      const res = await runCli(['eval', '--strict-builtin-errors', '-d', 'p', '-i', 'input.json', 'data.t.ratio'], dir);
      expect(res.code).to.equal(1);
      expect(res.stderr).to.include('p/t.rego:5: eval_builtin_error: div: divide by zero');
    });

    it('makes verdict test report the test as an error rather than a failure', async () => {
      const plain = await runCli(['test', 'p'], dir);
      expect(plain.stdout).to.include('data.t.test_ratio: FAIL (undefined)');
      const res = await runCli(['test', '--strict-builtin-errors', 'p'], dir);
      expect(res.code).to.equal(1);
      expect(res.stdout).to.include('data.t.test_ratio: ERROR (p/t.rego:5: eval_builtin_error: div: divide by zero)');
    });

    it('makes verdict build write a module that raises the error', async () => {
      const res = await runCli(['build', '--strict-builtin-errors', '-e', 't/ratio', '-o', 'strict.tar.gz', 'p'], dir);
      expect(res.code, res.stderr).to.equal(0);
      const bundle = await readBundle(await readFile(path.join(dir, 'strict.tar.gz')));
      expect(await evaluate(bundle.wasm, 't/ratio', { a: 1, b: 0 })).to.deep.equal({ error: 'p/t.rego:5: eval_builtin_error: div: divide by zero' });
    });
  });
});

/** Calls of verdict_builtin_error_raise in a module. */
function raiseCalls(wasm: Uint8Array): number {
  const m = binaryen.readBinary(wasm);
  try {
    m.setFeatures(binaryen.Features.All);
    let internal: string | undefined;
    for (let i = 0; i < m.getNumExports(); i++) {
      const e = binaryen.getExportInfo(m.getExportByIndex(i));
      if (e.name === 'verdict_builtin_error_raise') internal = e.value;
    }
    if (!internal) throw new Error('the module does not export verdict_builtin_error_raise');
    const escaped = internal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return m.emitText().match(new RegExp(`\\(call \\$${escaped}(?![\\w$.])`, 'g'))?.length ?? 0;
  } finally {
    m.dispose();
  }
}

/** Whether the case's policy compiles to a module that calls no host builtin. */
async function runsNatively(c: ConformanceCase): Promise<boolean> {
  let query = c.query;
  if (c.inputTerm !== undefined) {
    const prepared = prepareInputTerm(c.query, c.inputTerm);
    if ('error' in prepared) return false;
    query = prepared.query;
  }
  try {
    const files = c.modules.map((text, i) => ({ path: `test/${c.note}/${i}.rego`, text }));
    const compiled = await compilePolicy({ files, entrypoints: [], regoVersion: c.regoVersion, queries: [{ name: QUERY_ENTRYPOINT, query }] });
    return compiled.hostBuiltins.length === 0;
  } catch {
    return false;
  }
}
