/** The Rego compile flags that `verdict build`, `verdict eval` and `verdict test` share, and the compiler options they select. */
import type { FlagSpec, Flags } from './args.js';

/** Spread into a command's flag spec, so that both commands spell and explain these flags alike. */
export const COMPILE_FLAGS = {
  'v0-compatible': { kind: 'boolean', help: 'parse files without `import rego.v1` as Rego v0' },
  'strict-builtin-errors': { kind: 'boolean', help: 'a builtin that fails (wrong operand type, division by zero, ...) stops evaluation with an error instead of being undefined' },
} as const satisfies FlagSpec;

export interface CompileOptions {
  regoVersion: 0 | 1;
  strictBuiltinErrors: boolean;
}

/** The options compilePolicy takes for the compile flags given. */
export function compileOptions(flags: Flags<typeof COMPILE_FLAGS>): CompileOptions {
  return { regoVersion: flags['v0-compatible'] ? 0 : 1, strictBuiltinErrors: flags['strict-builtin-errors'] };
}
