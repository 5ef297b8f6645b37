/**
 * The package clause and imports. `import future.keywords[.kw]` and `import rego.v1` change how the
 * rest of the file is read, so they take effect here, as soon as they are parsed.
 */
import type { Import, Package, RefTerm, Term, VarTerm } from '../ast.js';
import type { Parser } from '../parser.js';
import { BASE_KEYWORDS, FUTURE_KEYWORDS, T } from '../tokens.js';
import { readInfix } from './operators.js';

/** `future.keywords.not` and `rego.v2` (newer OPA) enable `not { ... }` bodies. */
const FUTURE_IMPORTABLE = [...FUTURE_KEYWORDS, 'not'];

export function readPackage(p: Parser): Package {
  const start = p.next().start; // package
  const { head, path } = readPath(p);
  return { path: [head.name, ...path.map((t) => (t.kind === 'string' ? t.value : ''))], span: p.spanFrom(start) };
}

export interface ImportEffects {
  /** The file asked for Rego v1 (`import rego.v1`). */
  regoV1: boolean;
}

export function readImport(p: Parser, effects: ImportEffects): Import {
  const start = p.next().start; // import
  const { head, path } = readPath(p);
  const target: RefTerm | VarTerm = path.length === 0 ? head : { kind: 'ref', head, path, span: p.spanFrom(head.span.start) };
  const imp: Import = { path: target, span: p.spanFrom(start) };
  const root = head.name;
  const text = p.text.slice(target.span.start, target.span.end);
  if (!['data', 'input', 'future', 'rego'].includes(root)) {
    p.error(`unexpected import path, must begin with one of: {data, future, input, rego}, got: ${root}`, target.span);
  }
  if (p.isKeyword('as')) {
    p.next();
    if (!p.at(T.Ident) || p.keyword() !== undefined) p.unexpected('expected var');
    imp.alias = p.textOf(p.next());
  }
  imp.span = p.spanFrom(start);
  const names = path.map((t) => (t.kind === 'string' ? t.value : ''));
  if (root === 'future') importFuture(p, names, imp);
  else if (root === 'rego') {
    if (names.length !== 1 || (names[0] !== 'v1' && names[0] !== 'v2')) {
      p.error(`invalid import \`${text}\`, must be \`rego.v1\``, target.span);
    } else if (imp.alias) {
      p.error('`rego` imports cannot be aliased', target.span);
    } else {
      for (const kw of FUTURE_KEYWORDS) p.keywords.add(kw);
      p.strictV1 = true;
      effects.regoV1 = true;
      if (names[0] === 'v2') p.notBodies = true;
    }
  } else if (!imp.alias) {
    const last = names.length > 0 ? names[names.length - 1] : root;
    if (p.keywords.has(last) || BASE_KEYWORDS.includes(last)) {
      p.error(`unexpected import path, must not end with a keyword, got: ${last} (hint: import a different path or use an alias)`, target.span);
    }
  }
  return imp;
}

function importFuture(p: Parser, names: string[], imp: Import): void {
  const span = imp.path.span;
  if (names[0] !== 'keywords') return p.error('invalid import, must be `future.keywords`', span);
  if (imp.alias) return p.error('`future` imports cannot be aliased', span);
  if (names.length > 2) return p.error('invalid import, must be `future.keywords.x`, e.g. `import future.keywords.in`', span);
  const wanted = names.length === 1 ? FUTURE_KEYWORDS : [names[1]];
  for (const kw of wanted) {
    if (!FUTURE_IMPORTABLE.includes(kw)) {
      return p.error(`unexpected keyword, must be one of [${FUTURE_IMPORTABLE.filter((k) => k !== 'not').join(' ')}]`, span);
    }
    if (kw === 'not') p.notBodies = true;
    else p.keywords.add(kw);
    // As in OPA, importing `every` brings `in` along: `every x in xs` needs both.
    if (kw === 'every') p.keywords.add('in');
  }
}

/** Reads `a.b["c"]`: a var followed by adjacent string operands; other operands are reported. */
function readPath(p: Parser): { head: VarTerm; path: Term[] } {
  if (!p.at(T.Ident)) p.unexpected();
  const t = p.next();
  const head: VarTerm = { kind: 'var', name: p.textOf(t), span: p.tokSpan(t) };
  const path: Term[] = [];
  while (!p.tok.ws) {
    if (p.at(T.Dot)) {
      p.next();
      if (!p.at(T.Ident) || p.tok.ws) p.unexpected('expected identifier');
      const n = p.next();
      path.push({ kind: 'string', value: p.textOf(n), span: p.tokSpan(n) });
    } else if (p.at(T.LBrack)) {
      p.next();
      const key = readInfix(p, true);
      if (key.kind !== 'string') p.error(`unexpected ${key.kind} token: expecting string`, key.span);
      if (!p.at(T.RBrack)) p.unexpected('expected ]');
      p.next();
      path.push(key);
    } else break;
  }
  return { head, path };
}
