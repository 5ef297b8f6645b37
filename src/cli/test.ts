/**
 * `verdict test <files|dirs>... [-v] [--run REGEX]`: finds every `test_*` rule, compiles them all into one
 * module with an entrypoint each, and passes a test when its value is `true`, as `opa test` does.
 */
import { compilePolicy } from '../rego/index.js';
import { gatherFiles, mergeData } from '../rego/files.js';
import { parseModules, ruleRefPath } from '../rego/bundle/entrypoints.js';
import type { Module } from '../rego/1-parse/ast.js';
import { loadWasmPolicy } from '../rego/load.js';
import { UserError } from '../shared/user-error.js';
import { formatFlags, parseArgs } from './args.js';
import { COMPILE_FLAGS, compileOptions } from './compile-flags.js';
import { errorText } from './eval.js';

const spec = {
  verbose: { kind: 'boolean', short: 'v', help: 'print every test, not only failures' },
  run: { kind: 'string', short: 'r', value: 'REGEX', help: 'run only tests whose name (data.pkg.test_x) matches' },
  ...COMPILE_FLAGS,
} as const;

const USAGE = `usage: verdict test <files|dirs...> [-v] [--run REGEX]\n\n${formatFlags(spec)}\n`;
const RULE = '-'.repeat(80);

export interface TestCase {
  /** `pkg/path/test_name`: the entrypoint name. */
  entrypoint: string;
  /** `data.pkg.path.test_name`, as reports name it. */
  name: string;
  file: string;
  line: number;
  /** `todo_test_*` rules are reported as skipped and not run. */
  skip: boolean;
}

export type TestStatus = 'PASS' | 'FAIL' | 'ERROR' | 'SKIPPED';

export interface TestResult {
  test: TestCase;
  status: TestStatus;
  /** Why a test failed: `undefined`, the value it had, or the error. */
  detail?: string;
}

/** Rules named `test_*` (and `todo_test_*`), one per name and package: a name defined twice is one test. */
export function findTests(modules: readonly Module[]): TestCase[] {
  const tests = new Map<string, TestCase>();
  for (const m of modules) {
    for (const rule of m.rules) {
      const ref = ruleRefPath(rule);
      if (ref.length !== 1 || rule.head.ref.length !== 1 || (rule.head.args?.length ?? 0) > 0) continue;
      const skip = ref[0].startsWith('todo_test_');
      if (!skip && !ref[0].startsWith('test_')) continue;
      const path = [...m.package.path, ref[0]];
      const entrypoint = path.join('/');
      if (!tests.has(entrypoint)) tests.set(entrypoint, { entrypoint, name: `data.${path.join('.')}`, file: m.file, line: rule.span.line, skip });
    }
  }
  return [...tests.values()];
}

export async function run(args: string[]): Promise<number> {
  const { flags, positionals, help } = parseArgs(args, spec, 'verdict test');
  if (help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (positionals.length === 0) throw new UserError('verdict test: give at least one .rego file or directory');
  let filter: RegExp | undefined;
  try {
    filter = flags.run === undefined ? undefined : new RegExp(flags.run);
  } catch (err) {
    throw new UserError(`verdict test: bad --run pattern: ${(err as Error).message}`);
  }
  const { regoVersion, strictBuiltinErrors } = compileOptions(flags);
  const gathered = await gatherFiles(positionals);
  const data = mergeData(gathered.data);
  const tests = findTests(parseModules(gathered.modules, regoVersion)).filter((t) => !filter || filter.test(t.name));
  if (tests.length === 0) throw new UserError(`verdict test: no test_ rules found in ${positionals.join(' ')}`);

  const runnable = tests.filter((t) => !t.skip);
  const compiled = await compilePolicy({
    files: gathered.modules,
    entrypoints: runnable.map((t) => t.entrypoint),
    regoVersion,
    strictBuiltinErrors,
  });
  const policy = await loadWasmPolicy(compiled.wasm);
  policy.setData(data);

  const progress = process.stderr.isTTY ? (done: number) => process.stderr.write(`\rrunning tests ${done}/${tests.length}`) : undefined;
  const results: TestResult[] = [];
  for (const test of tests) {
    results.push(test.skip ? { test, status: 'SKIPPED' } : runOne(policy, test));
    progress?.(results.length);
  }
  if (progress) process.stderr.write('\r\x1b[K');

  process.stdout.write(formatReport(results, flags.verbose));
  return results.some((r) => r.status === 'FAIL' || r.status === 'ERROR') ? 1 : 0;
}

function runOne(policy: { evaluate(input: unknown, entrypoint: string): unknown }, test: TestCase): TestResult {
  let rs: unknown;
  try {
    rs = policy.evaluate(undefined, test.entrypoint);
  } catch (err) {
    return { test, status: 'ERROR', detail: errorText(err) };
  }
  const rows = rs as Array<{ result?: unknown }>;
  if (!Array.isArray(rows) || rows.length === 0) return { test, status: 'FAIL', detail: 'undefined' };
  if (rows[0].result === true) return { test, status: 'PASS' };
  return { test, status: 'FAIL', detail: `value ${JSON.stringify(rows[0].result)}` };
}

/** The report: failing tests (every test with `verbose`) with their location, then `PASS: n/m` and friends. */
export function formatReport(results: readonly TestResult[], verbose: boolean): string {
  const lines: string[] = [];
  for (const r of results) {
    if (!verbose && (r.status === 'PASS' || r.status === 'SKIPPED')) continue;
    const detail = r.detail ? ` (${r.detail})` : '';
    lines.push(`${r.test.file}:${r.test.line}: ${r.test.name}: ${r.status}${detail}`);
  }
  if (lines.length > 0) lines.push(RULE);
  const total = results.length;
  const counts = new Map<TestStatus, number>();
  for (const r of results) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  lines.push(`PASS: ${counts.get('PASS') ?? 0}/${total}`);
  for (const status of ['FAIL', 'ERROR', 'SKIPPED'] as const) {
    if (counts.has(status)) lines.push(`${status}: ${counts.get(status)}/${total}`);
  }
  return lines.join('\n') + '\n';
}
