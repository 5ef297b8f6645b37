// Compile errors: each kind of problem is reported as one line `file:line:col: code: message`, through the API and the CLI.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compilePolicy } from '../../../src/rego/index.js';
import { RegoCompileError } from '../../../src/rego/source.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));

interface ErrorCase {
  name: string;
  source: string;
  entrypoint?: string;
  want: RegExp;
}

const cases: ErrorCase[] = [
  { name: 'a syntax error', source: 'package x\n\np := {1, \n', want: /^x\.rego:\d+:\d+: rego_parse_error: / },
  { name: 'an unsafe variable', source: 'package x\n\np if {\n  y > 1\n}\n', want: /^x\.rego:4:3: rego_unsafe_var_error: var y is unsafe$/ },
  { name: 'an unknown builtin', source: 'package x\n\np if no_such_fn(1)\n', want: /^x\.rego:3:6: rego_type_error: undefined function no_such_fn$/ },
  {
    name: 'recursion',
    source: 'package x\n\np if q\n\nq if p\n',
    want: /^x\.rego:\d+:1: rego_recursion_error: rule data\.x\.\w is recursive: /,
  },
  { name: 'a builtin called with the wrong number of arguments', source: 'package x\n\np if count(1, 2, 3)\n', want: /^x\.rego:3:6: rego_type_error: count: arity mismatch: have 3 arguments, want 1 argument$/ },
  {
    name: 'a function called with the wrong number of arguments',
    source: 'package x\n\nf(a, b) := a + b\n\np if f(1, 2, 3, 4)\n',
    want: /^x\.rego:5:6: rego_type_error: x\.f: arity mismatch: have 4 arguments, want 2 arguments$/,
  },
  { name: 'a rule conflict', source: 'package x\n\np := 1\n\np contains 2\n', want: /^x\.rego:5:1: rego_type_error: conflicting rules data\.x\.p found/ },
  { name: 'a wrong entrypoint', source: 'package x\n\np := 1\n', entrypoint: 'x/nope', want: /entrypoint x\/nope does not refer to a rule or package/ },
];

async function compileError(source: string, entrypoint = 'x/p'): Promise<RegoCompileError> {
  try {
    await compilePolicy({ files: [{ path: 'x.rego', text: source }], entrypoints: [entrypoint] });
  } catch (err) {
    if (err instanceof RegoCompileError) return err;
    throw err;
  }
  throw new Error('expected a compile error');
}

function runCli(args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(root, 'bin/verdict.js'), ...args], { cwd: root }, (err, _stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stderr });
    });
  });
}

describe('compile errors', () => {
  for (const c of cases) {
    it(`reports ${c.name} as one located line`, async () => {
      const err = await compileError(c.source, c.entrypoint);
      const lines = err.message.split('\n');
      expect(lines[0]).to.match(c.want);
    });
  }

  it('reports every unsafe variable of a file in one run', async () => {
    const err = await compileError('package x\n\np if {\n  a > 1\n}\n\nq if {\n  b > 1\n}\n');
    expect(err.diagnostics.map((d) => d.message)).to.include.members(['var a is unsafe', 'var b is unsafe']);
  });

  for (const c of cases) {
    it(`exits 1 with no stack trace on ${c.name} in verdict build`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'verdict-err-'));
      writeFileSync(join(dir, 'x.rego'), c.source);
      const { code, stderr } = await runCli(['build', join(dir, 'x.rego'), '-o', join(dir, 'b.tar.gz'), '-e', c.entrypoint ?? 'x/p']);
      rmSync(dir, { recursive: true, force: true });
      expect(code).to.equal(1);
      expect(stderr).to.not.match(/\n\s+at /);
      expect(stderr.trim().split('\n')[0]).to.match(/rego_|entrypoint/);
    });
  }
});

describe('builtins Verdict cannot run', () => {
  it('are a compile error at their call, never a surprise at run time', async function () {
    // Known to OPA's table but implemented nowhere in Verdict: the table entry exists so the name is not "undefined".
    const { builtins } = await import('../../../src/rego/builtins/index.js');
    const { builtinSupported } = await import('../../../src/rego/4-emit/emit.js');
    const missing = [...builtins.values()].find(
      (b) => !builtinSupported(b.name) && !b.unavailable && b.arity === 1 && b.name !== 'eq' && b.name !== 'assign',
    );
    if (!missing) return this.skip(); // every listed builtin runs: nothing left to pin
    const err = await compileError(`package x\n\np if ${missing.name}(1)\n`);
    expect(err.message).to.equal(`x.rego:3:6: rego_type_error: builtin ${missing.name} is not supported by Verdict yet`);
  });

  it('reject a builtin a policy must not call, naming it at its call', async () => {
    const err = await compileError('package x\n\np if http.send({"url": "http://example.com"})\n');
    expect(err.message).to.equal('x.rego:3:6: rego_type_error: builtin http.send is not available in Verdict policies (replace it with `with` in tests)');
  });

  it('let a test replace such a builtin with `with`', async () => {
    const src = 'package x\n\nf := http.send({})\n\np if f == 1 with http.send as 1\n';
    const out = await compilePolicy({ files: [{ path: 'x.rego', text: src }], entrypoints: ['x/p'] });
    expect(out.hostBuiltins).to.not.include('http.send');
  });
});
