// Compiles a one-rule policy around a Rego expression and evaluates it through the SDK, as every loader does.
import { compilePolicy } from '../../../src/rego/index.js';
import { loadWasmPolicy } from '../../../src/rego/load.js';

/** The value of `expr` (undefined when the expression is undefined), evaluated with `input`. */
export async function evaluate(expr: string, input: unknown = {}): Promise<unknown> {
  const compiled = await compilePolicy({
    files: [{ path: 't.rego', text: `package t\n\np := ${expr}\n` }],
    entrypoints: ['t/p'],
  });
  const policy = await loadWasmPolicy(compiled.wasm);
  const rows = policy.evaluate(input, 't/p') as Array<{ result?: unknown }>;
  return rows[0]?.result;
}

/** The results of several expressions in one policy, one rule each, keyed like `exprs`. */
export async function evaluateAll(exprs: Record<string, string>, input: unknown = {}): Promise<Record<string, unknown>> {
  const names = Object.keys(exprs);
  const text = ['package t', '', ...names.map((n, i) => `r${i} := ${exprs[n]}`)].join('\n') + '\n';
  const compiled = await compilePolicy({ files: [{ path: 't.rego', text }], entrypoints: ['t'] });
  const policy = await loadWasmPolicy(compiled.wasm);
  const rows = policy.evaluate(input, 't') as Array<{ result?: Record<string, unknown> }>;
  const doc = rows[0]?.result ?? {};
  return Object.fromEntries(names.map((n, i) => [n, doc[`r${i}`]]));
}
