/**
 * Arrays, sets, objects and their comprehensions. As in OPA, `{a | b}` is a comprehension rather than a
 * set holding `a | b`: the first element is read as a plain term, and only if no comprehension or
 * collection fits is it re-read as an operator expression.
 */
import type { Term } from '../ast.js';
import type { Parser } from '../parser.js';
import { T } from '../tokens.js';
import { readBody } from './body.js';
import { readInfix, readTermList } from './operators.js';
import { readTerm } from './terms.js';

export function readArray(p: Parser): Term {
  const start = p.next().start; // [
  if (p.at(T.RBrack)) {
    p.next();
    return { kind: 'array', items: [], span: p.spanFrom(start) };
  }
  // `[, x]` is accepted for compatibility; it cannot be a comprehension.
  const comprehension = !p.at(T.Comma);
  if (!comprehension) p.next();
  const mark = p.mark();
  const head = readTerm(p);
  if (p.at(T.RBrack)) {
    p.next();
    return { kind: 'array', items: [head], span: p.spanFrom(start) };
  }
  if (p.at(T.Comma)) {
    p.next();
    const items = [head, ...readTermList(p, T.RBrack)];
    p.next();
    return { kind: 'array', items, span: p.spanFrom(start) };
  }
  if (p.at(T.Or) && comprehension) {
    const body = readComprehensionBody(p, T.RBrack);
    if (body) return { kind: 'arraycompr', term: head, body, span: p.spanFrom(start) };
  }
  p.reset(mark);
  const items = readTermList(p, T.RBrack);
  p.next();
  return { kind: 'array', items, span: p.spanFrom(start) };
}

/**
 * Reads `| body` up to `end`. A failed body is final unless it failed at a comma, where the
 * element list may instead be `a | b, c` (an `or` call followed by more elements).
 */
function readComprehensionBody(p: Parser, end: T) {
  return p.attempt(
    () => {
      p.next(); // |
      const body = readBody(p, end);
      p.next();
      return body;
    },
    (failedAt) => failedAt.kind !== T.Comma,
  );
}

export function readSetOrObject(p: Parser): Term {
  const start = p.next().start; // {
  if (p.at(T.RBrace)) {
    p.next();
    return { kind: 'object', items: [], span: p.spanFrom(start) };
  }
  const comprehension = !p.at(T.Comma);
  if (!comprehension) p.next();
  const mark = p.mark();
  let head = readTerm(p);
  switch (p.tok.kind) {
    case T.Or:
      if (comprehension) {
        const body = readComprehensionBody(p, T.RBrace);
        if (body) return { kind: 'setcompr', term: head, body, span: p.spanFrom(start) };
        p.reset(mark);
        return readSetItems(p, start, []);
      }
      break;
    case T.RBrace:
    case T.Comma:
      return readSetItems(p, start, [head]);
    case T.Colon:
      return readObject(p, start, head, comprehension);
  }
  p.reset(mark);
  head = readInfix(p, false);
  if (p.at(T.RBrace) || p.at(T.Comma)) return readSetItems(p, start, [head]);
  if (p.at(T.Colon)) return readObject(p, start, head, comprehension);
  p.unexpected('non-terminated set');
}

/** Finishes a set whose first items are read; the cursor is at `,` or `}` (or at the first item). */
function readSetItems(p: Parser, start: number, items: Term[]): Term {
  if (items.length > 0 && p.at(T.Comma)) p.next();
  if (items.length === 0 || !p.at(T.RBrace)) items = [...items, ...readTermList(p, T.RBrace)];
  p.next();
  return { kind: 'set', items, span: p.spanFrom(start) };
}

function readObject(p: Parser, start: number, key: Term, comprehension: boolean): Term {
  p.next(); // :
  const mark = p.mark();
  const value = readTerm(p);
  if (comprehension && p.at(T.Or)) {
    const body = readComprehensionBody(p, T.RBrace);
    if (body) return { kind: 'objectcompr', key, value, body, span: p.spanFrom(start) };
  } else if (p.at(T.RBrace) || p.at(T.Comma)) {
    return readObjectItems(p, start, [[key, value]]);
  }
  p.reset(mark);
  const full = readInfix(p, false);
  if (p.at(T.RBrace) || p.at(T.Comma)) return readObjectItems(p, start, [[key, full]]);
  p.unexpected('non-terminated object');
}

function readObjectItems(p: Parser, start: number, items: Array<[Term, Term]>): Term {
  while (p.at(T.Comma)) {
    p.next();
    if (p.at(T.RBrace)) break;
    const key = readInfix(p, false);
    if (!p.at(T.Colon)) p.unexpected('expected ":"');
    p.next();
    items.push([key, readInfix(p, false)]);
    if (!p.at(T.Comma) && !p.at(T.RBrace)) p.unexpected('expected "," or "}"');
  }
  if (!p.at(T.RBrace)) p.unexpected('expected "," or "}"');
  p.next();
  return { kind: 'object', items, span: p.spanFrom(start) };
}
