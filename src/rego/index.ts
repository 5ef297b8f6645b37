/**
 * The Rego toolchain, read top to bottom as its data flow: parse → check → plan → emit.
 * `compilePolicy` turns Rego source files into one wasm module in OPA's ABI with one entrypoint per
 * requested rule (and per extra query), loadable by the unmodified @open-policy-agent/opa-wasm SDK.
 */
import type { Module } from './1-parse/ast.js';
import type { SourceFile } from './source.js';

export interface CompileInput {
  files: SourceFile[];
  /** Entrypoints as `opa build -e` names them: `a/b/c` is the rule (or package) `data.a.b.c`. */
  entrypoints: string[];
  /** Files without `import rego.v1` are parsed as this version; default 1. */
  regoVersion?: 0 | 1;
  /**
   * Extra entrypoints that evaluate a query (such as `data.test.p = x`); their result set holds one object per
   * solution binding every named (non-wildcard, non-generated) variable of the query.
   */
  queries?: Array<{ name: string; query: string }>;
  /**
   * OPA's `strict-builtin-errors`: a builtin that fails (a wrong operand type, division by zero, bad base64, an
   * exception in a host builtin) stops evaluation with `<file>:<row>: eval_type_error|eval_builtin_error: <message>`
   * instead of making its expression undefined. The module carries the choice: loaders need no option.
   */
  strictBuiltinErrors?: boolean;
}

export interface CompiledPolicy {
  wasm: Uint8Array;
  /** Entrypoint names in id order (`entrypoints` first, then `queries` names). */
  entrypoints: string[];
  /** Builtins the module calls on the host; every loader must supply them (see load.ts). */
  hostBuiltins: string[];
  /** The parsed modules, with their METADATA annotations. */
  modules: Module[];
}

export async function compilePolicy(input: CompileInput): Promise<CompiledPolicy> {
  const { compile } = await import('./compile.js');
  return compile(input);
}
