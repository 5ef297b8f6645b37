/** Small helpers to visit and rebuild terms, shared by the check passes. */
import type { Body, Literal, Term, VarTerm } from '../1-parse/ast.js';

/** Rebuilds a term bottom-up through `fn`, which may return a replacement for any node (closures included). */
export function mapTerm(t: Term, fn: (t: Term) => Term | undefined, mapBody: (b: Body) => Body): Term {
  const replaced = fn(t);
  if (replaced) return replaced;
  const m = (x: Term) => mapTerm(x, fn, mapBody);
  switch (t.kind) {
    case 'ref':
      return { ...t, head: m(t.head), path: t.path.map(m) };
    case 'array':
      return { ...t, items: t.items.map(m) };
    case 'set':
      return { ...t, items: t.items.map(m) };
    case 'object':
      return { ...t, items: t.items.map(([k, v]) => [m(k), m(v)] as [Term, Term]) };
    case 'call':
      return { ...t, args: t.args.map(m) };
    case 'arraycompr':
    case 'setcompr':
      return { ...t, term: m(t.term), body: mapBody(t.body) };
    case 'objectcompr':
      return { ...t, key: m(t.key), value: m(t.value), body: mapBody(t.body) };
    default:
      return t;
  }
}

/** Calls `fn` on every var of a term, not descending into closures (comprehension bodies) unless asked. */
export function forEachVar(t: Term, fn: (v: VarTerm) => void, intoClosures = false): void {
  switch (t.kind) {
    case 'var':
      fn(t);
      return;
    case 'ref':
      forEachVar(t.head, fn, intoClosures);
      for (const p of t.path) forEachVar(p, fn, intoClosures);
      return;
    case 'array':
    case 'set':
      for (const x of t.items) forEachVar(x, fn, intoClosures);
      return;
    case 'object':
      for (const [k, v] of t.items) {
        forEachVar(k, fn, intoClosures);
        forEachVar(v, fn, intoClosures);
      }
      return;
    case 'call':
      for (const x of t.args) forEachVar(x, fn, intoClosures);
      return;
    case 'arraycompr':
    case 'setcompr':
    case 'objectcompr':
      if (!intoClosures) return;
      if (t.kind === 'objectcompr') {
        forEachVar(t.key, fn, true);
        forEachVar(t.value, fn, true);
      } else forEachVar(t.term, fn, true);
      for (const lit of t.body) forEachVarInLiteral(lit, fn, true);
      return;
    default:
      return;
  }
}

export function forEachVarInLiteral(lit: Literal, fn: (v: VarTerm) => void, intoClosures = false): void {
  const e = lit.expr;
  switch (e.kind) {
    case 'term':
      forEachVar(e.term, fn, intoClosures);
      break;
    case 'some':
      for (const v of e.vars) fn(v);
      break;
    case 'somein':
      if (e.key) forEachVar(e.key, fn, intoClosures);
      forEachVar(e.value, fn, intoClosures);
      forEachVar(e.collection, fn, intoClosures);
      break;
    case 'every':
      if (e.key) fn(e.key);
      fn(e.value);
      forEachVar(e.domain, fn, intoClosures);
      if (intoClosures) for (const l of e.body) forEachVarInLiteral(l, fn, true);
      break;
  }
  for (const w of lit.with) {
    forEachVar(w.value, fn, intoClosures);
  }
}
