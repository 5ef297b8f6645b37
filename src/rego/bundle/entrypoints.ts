/**
 * Entrypoints of a build: the defaults METADATA declares (`entrypoint: true`), and a check of names given
 * with `-e` that points at the package declaration when a rule is missing, so the error has a location.
 */
import { parseModule } from '../1-parse/index.js';
import type { Module, Rule } from '../1-parse/ast.js';
import { RegoCompileError, type Diagnostic, type SourceFile, type Span } from '../source.js';

/** Parses every file, reporting the syntax errors of all files at once. */
export function parseModules(files: readonly SourceFile[], regoVersion: 0 | 1 = 1): Module[] {
  const modules: Module[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const file of files) {
    try {
      modules.push(parseModule(file, { regoVersion }));
    } catch (err) {
      if (err instanceof RegoCompileError) diagnostics.push(...err.diagnostics);
      else throw err;
    }
  }
  if (diagnostics.length > 0) throw new RegoCompileError(diagnostics);
  return modules;
}

/**
 * The static part of a rule's path below its package: `a.b[x] := 1` gives `["a", "b"]`, `p contains x`
 * gives `["p"]`.
 */
export function ruleRefPath(rule: Rule): string[] {
  const out: string[] = [];
  for (const [i, term] of rule.head.ref.entries()) {
    if (i === 0 && term.kind === 'var') out.push(term.name);
    else if (term.kind === 'string') out.push(term.value);
    else break;
  }
  return out;
}

/**
 * Entrypoints declared with `entrypoint: true` in METADATA, as `a/b/c` names, in source order: a rule's
 * annotation names the rule's document, a package annotation the package.
 */
export function annotatedEntrypoints(modules: readonly Module[]): string[] {
  const out: string[] = [];
  for (const m of modules) {
    for (const a of m.annotations) {
      if (a.entrypoint && (a.scope === 'package' || a.scope === 'subpackages')) out.push(m.package.path.join('/'));
    }
    for (const rule of m.rules) if (rule.annotations?.entrypoint) out.push([...m.package.path, ...ruleRefPath(rule)].join('/'));
  }
  return [...new Set(out)];
}

/** `a/b/c`, `/a/b/c/` → `["a", "b", "c"]`. */
export function entrypointPath(name: string): string[] {
  return name.split('/').filter((p) => p !== '');
}

/**
 * Checks that each entrypoint names a package, a rule (or part of a rule's ref head), or a path inside a
 * rule's value. The first that does not throws a RegoCompileError: located at the package declaration that
 * comes closest when there is one (`x.rego:1:1: rego_compile_error: entrypoint a/b/c: no rule c in package a.b`).
 */
export function checkEntrypoints(modules: readonly Module[], entrypoints: readonly string[]): void {
  for (const name of entrypoints) {
    const problem = entrypointProblem(modules, entrypointPath(name));
    if (problem) throw new RegoCompileError([{ code: 'rego_compile_error', message: `entrypoint ${name}: ${problem.message}`, span: problem.span }]);
  }
}

function entrypointProblem(modules: readonly Module[], path: string[]): { message: string; span?: Span } | undefined {
  if (path.length === 0) return { message: 'empty entrypoint name' };
  let closest: { depth: number; span: Span; pkg: string[] } | undefined;
  for (const m of modules) {
    const pkg = m.package.path;
    if (isPrefix(path, pkg)) return undefined;
    if (!isPrefix(pkg, path)) continue;
    for (const rule of m.rules) {
      const full = [...pkg, ...ruleRefPath(rule)];
      const isFunction = (rule.head.args?.length ?? 0) > 0;
      // A path down to the rule (or into its ref head) is fine; below it, only for a rule with a value.
      if (isPrefix(path, full) && !(isFunction && path.length === full.length)) return undefined;
      if (!isFunction && isPrefix(full, path)) return undefined;
      if (isFunction && path.length >= full.length && isPrefix(full, path)) {
        return { message: `${full.join('.')} is a function, which cannot be an entrypoint`, span: rule.head.span };
      }
    }
    if (!closest || pkg.length > closest.depth) closest = { depth: pkg.length, span: m.package.span, pkg };
  }
  if (closest) {
    const rest = path.slice(closest.pkg.length).join('.');
    return { message: `no rule ${rest} in package ${closest.pkg.join('.')}`, span: closest.span };
  }
  return { message: 'does not refer to a rule or package' };
}

/** `prefix` is a prefix of `path` (or equal to it). */
function isPrefix(prefix: readonly string[], path: readonly string[]): boolean {
  return prefix.length <= path.length && prefix.every((p, i) => p === path[i]);
}
