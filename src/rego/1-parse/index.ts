/**
 * Phase 1 of the Rego toolchain: source text to the AST of ast.ts. Every entry point either returns a
 * complete tree or throws a RegoCompileError listing every syntax error found (rego_parse_error).
 */
import { RegoCompileError, type SourceFile } from '../source.js';
import type { Body, Module, Term } from './ast.js';
import { ABORT, Parser } from './parser.js';
import { readBody } from './read/body.js';
import { readModule } from './read/module.js';
import { readInfix } from './read/operators.js';
import { T } from './tokens.js';

export interface ParseOptions {
  /** Rego version of files without `import rego.v1` (which always makes a file v1); default 1. */
  regoVersion?: 0 | 1;
}

export function parseModule(file: SourceFile, opts: ParseOptions = {}): Module {
  const version = opts.regoVersion ?? 1;
  const p = new Parser(file.path, file.text, { v1Keywords: version === 1 });
  return guard(p, () => readModule(p, version));
}

/** Parses a query such as `data.test.p = x` or `x := 1; y = x + 1` (literals separated by `;` or newlines). */
export function parseQuery(text: string, file = 'query'): Body {
  const p = new Parser(file, text, { v1Keywords: true });
  return run(p, () => readBody(p, T.EOF));
}

/** Parses one term, such as a conformance case's `input_term`. */
export function parseTerm(text: string, file = 'term'): Term {
  const p = new Parser(file, text, { v1Keywords: true });
  return run(p, () => {
    const term = readInfix(p, false);
    if (!p.at(T.EOF)) p.unexpected();
    return term;
  });
}

function run<R>(p: Parser, read: () => R): R {
  return guard(p, () => {
    try {
      return read();
    } catch (e) {
      if (e !== ABORT) throw e;
      return undefined;
    } finally {
      p.throwIfErrors();
    }
  }) as R;
}

/** The depth bound should make this unreachable, but a stack overflow must still surface as a parse error. */
function guard<R>(p: Parser, read: () => R): R {
  try {
    return read();
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    p.error('max parsing recursion depth exceeded', p.tokSpan());
    p.throwIfErrors();
    throw e;
  }
}

export type { Annotation, Body, Module, Rule, Term } from './ast.js';
export { isGround } from './read/head.js';
