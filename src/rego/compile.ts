/** Wires the phases together: parse every file, check the program, plan entrypoints and queries, emit wasm. */
import type { CompileInput, CompiledPolicy } from './index.js';
import type { Module } from './1-parse/ast.js';
import { parseModule, parseQuery } from './1-parse/index.js';
import { check } from './2-check/index.js';
import { lookupBuiltin } from './builtins/index.js';
import { Planner } from './3-plan/planner.js';
import { builtinSupported, emit } from './4-emit/emit.js';
import { forEachVarInLiteral } from './2-check/walk.js';
import { RegoCompileError, type Diagnostic } from './source.js';

export function compile(input: CompileInput): CompiledPolicy {
  const modules: Module[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const file of input.files) {
    try {
      modules.push(parseModule(file, { regoVersion: input.regoVersion ?? 1 }));
    } catch (err) {
      if (err instanceof RegoCompileError) diagnostics.push(...err.diagnostics);
      else throw err;
    }
  }
  if (diagnostics.length > 0) throw new RegoCompileError(diagnostics);
  const program = check(modules);
  const planner = new Planner(program);
  const names: string[] = [];
  for (const ep of input.entrypoints) {
    const path = ep.split('/').filter((p) => p !== '');
    if (!entrypointExists(program.root, path)) {
      throw new RegoCompileError([{ code: 'rego_compile_error', message: `entrypoint ${ep} does not refer to a rule or package` }]);
    }
    planner.planEntrypoint(ep, path);
    names.push(ep);
  }
  for (const q of input.queries ?? []) {
    const parsed = parseQuery(q.query, `query:${q.name}`);
    const body = program.checkQuery(parsed);
    const vars = new Set<string>();
    for (const lit of parsed) {
      forEachVarInLiteral(lit, (v) => {
        if (!v.name.startsWith('_') && v.name !== 'input' && v.name !== 'data') vars.add(v.name);
      });
    }
    planner.planQuery(q.name, body, [...vars]);
    names.push(q.name);
  }
  const unsupported = [...planner.builtinSpans].filter(([name]) => !builtinSupported(name));
  if (unsupported.length > 0) {
    throw new RegoCompileError(
      unsupported.map(([name, span]) => ({
        code: 'rego_type_error',
        message: lookupBuiltin(name)?.unavailable
          ? `builtin ${name} is not available in Verdict policies (replace it with \`with\` in tests)`
          : `builtin ${name} is not supported by Verdict yet`,
        span,
      })),
    );
  }
  const { wasm, hostBuiltins } = emit(planner.result(), planner.builtinsUsed, { strictBuiltinErrors: input.strictBuiltinErrors });
  return { wasm, entrypoints: names, hostBuiltins, modules };
}

function entrypointExists(root: ReturnType<typeof check>['root'], path: string[]): boolean {
  let node = root;
  for (const k of path) {
    const next = node.children.get(k);
    if (!next) return node.group !== undefined && node.group.kind !== 'function';
    node = next;
  }
  return true;
}
