/**
 * Infix operators, desugared to calls of OPA's builtin names. Binding, loosest first, as in OPA's parser:
 * `in` (and `k, v in xs`) → `==` `!=` `<` `<=` `>` `>=` → `|` → `&` → `+` `-` → `*` `/` `%`.
 * `:=` and `=` sit above all of these and only at expression level (see body.ts). All are left-associative.
 */
import type { CallTerm, Term } from '../ast.js';
import type { Parser } from '../parser.js';
import { OPERATOR_BUILTIN, T } from '../tokens.js';
import { readTerm } from './terms.js';

const RELATION = new Set([T.Equal, T.Neq, T.Lt, T.Lte, T.Gt, T.Gte]);

/**
 * Reads an operator expression. `keyVal` allows the `k, v in xs` form, which is off inside
 * comma-separated lists (call arguments, collection items) where the comma belongs to the list.
 */
export function readInfix(p: Parser, keyVal: boolean): Term {
  let lhs = readRelation(p);
  if (keyVal && p.at(T.Comma)) {
    const kv = p.attempt(() => {
      p.next();
      const value = readRelation(p);
      if (!p.isKeyword('in')) p.unexpected();
      const op = p.next();
      const coll = readRelation(p);
      return call(p, 'internal.member_3', op, [lhs, value, coll]);
    });
    if (kv) lhs = kv;
  }
  while (p.isKeyword('in')) {
    const op = p.next();
    lhs = call(p, 'internal.member_2', op, [lhs, readRelation(p)]);
  }
  return lhs;
}

function readRelation(p: Parser): Term {
  let lhs = readOr(p);
  while (RELATION.has(p.tok.kind)) {
    const op = p.next();
    lhs = call(p, OPERATOR_BUILTIN[op.kind], op, [lhs, readOr(p)]);
  }
  return lhs;
}

function readOr(p: Parser): Term {
  let lhs = readAnd(p);
  while (p.at(T.Or)) {
    const op = p.next();
    lhs = call(p, 'or', op, [lhs, readAnd(p)]);
  }
  return lhs;
}

function readAnd(p: Parser): Term {
  let lhs = readArith(p);
  while (p.at(T.And)) {
    const op = p.next();
    lhs = call(p, 'and', op, [lhs, readArith(p)]);
  }
  return lhs;
}

function readArith(p: Parser): Term {
  let lhs = readFactor(p);
  while (p.at(T.Add) || p.at(T.Sub)) {
    const op = p.next();
    lhs = call(p, OPERATOR_BUILTIN[op.kind], op, [lhs, readFactor(p)]);
  }
  return lhs;
}

function readFactor(p: Parser): Term {
  let lhs = readTerm(p);
  while (p.at(T.Mul) || p.at(T.Quo) || p.at(T.Rem)) {
    const op = p.next();
    lhs = call(p, OPERATOR_BUILTIN[op.kind], op, [lhs, readTerm(p)]);
  }
  return lhs;
}

function call(p: Parser, operator: string, op: { start: number; end: number }, args: Term[]): CallTerm {
  return { kind: 'call', operator, operatorSpan: p.span(op.start, op.end), args, span: p.spanFrom(args[0].span.start) };
}

/** Reads `item, item, ...` up to (not including) `end`; a trailing comma is allowed. */
export function readTermList(p: Parser, end: T): Term[] {
  const items: Term[] = [];
  while (!p.at(end)) {
    items.push(readInfix(p, false));
    if (p.at(T.Comma)) p.next();
    else if (!p.at(end)) p.unexpected(`expected "," or "${end === T.RParen ? ')' : end === T.RBrack ? ']' : '}'}"`);
  }
  return items;
}
