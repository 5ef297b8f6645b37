/** Bodies and their literals: expressions, `not`, `some`, `every` and `with` modifiers. */
import type { Body, Expression, Literal, Term, VarTerm, WithModifier } from '../ast.js';
import type { Parser } from '../parser.js';
import { T, tokenName } from '../tokens.js';
import { readInfix } from './operators.js';
import { readTerm } from './terms.js';

/**
 * Reads literals separated by `;` or newlines up to (not including) `end`, which is `}`, `]` or EOF.
 */
export function readBody(p: Parser, end: T): Body {
  if (p.at(end)) p.fail('found empty body');
  p.enter();
  try {
    const body: Body = [];
    for (;;) {
      body.push(readLiteral(p));
      if (p.at(T.Semicolon)) {
        p.next();
        continue;
      }
      if (p.at(end)) return body;
      if (!p.tok.nl) p.unexpected(`expected \\n or ; or ${tokenName(end)}`);
    }
  } finally {
    p.leave();
  }
}

export function readLiteral(p: Parser): Literal {
  const start = p.tok.start;
  let negated = false;
  if (p.isKeyword('not') && !p.startsRef()) {
    p.next();
    negated = true;
  }
  let expr: Expression;
  if (negated && p.notBodies && p.at(T.LBrace)) {
    expr = readNotBody(p);
  } else if (p.isKeyword('some') && !p.startsRef()) {
    if (negated) p.fail("unexpected some keyword: illegal negation of 'some'");
    expr = readSome(p);
  } else if (p.isKeyword('every') && !p.startsRef()) {
    if (negated) p.fail("unexpected every keyword: illegal negation of 'every'");
    expr = readEvery(p);
  } else {
    expr = readExpr(p);
  }
  const withs = p.isKeyword('with') ? readWith(p) : [];
  return { negated, with: withs, expr, span: p.spanFrom(start) };
}

/** A term, or `lhs := rhs` / `lhs = rhs`, which bind looser than every other operator. */
function readExpr(p: Parser): Expression {
  const start = p.tok.start;
  let term = readInfix(p, true);
  if (p.at(T.Assign) || p.at(T.Unify)) {
    const op = p.next();
    const rhs = readInfix(p, true);
    const operator = op.kind === T.Assign ? 'assign' : 'eq';
    term = { kind: 'call', operator, operatorSpan: p.tokSpan(op), args: [term, rhs], span: p.spanFrom(start) };
  }
  return { kind: 'term', term, span: term.span };
}

function readWith(p: Parser): WithModifier[] {
  const withs: WithModifier[] = [];
  while (p.isKeyword('with')) {
    const start = p.next().start;
    if (!p.at(T.Ident) || p.keyword() !== undefined) p.unexpected('expected ident');
    const target = readTerm(p);
    if (target.kind !== 'ref' && target.kind !== 'var') p.fail('expected with target path', target.span);
    if (!p.isKeyword('as')) p.unexpected('expected as keyword');
    p.next();
    const value = readInfix(p, true);
    withs.push({ target, value, span: p.spanFrom(start) });
  }
  return withs;
}

/** `some x, y` declares locals; `some x in xs` and `some k, v in xs` iterate. */
function readSome(p: Parser): Expression {
  const start = p.next().start;
  const mark = p.mark();
  const count = p.diags.items.length;
  const iter = p.attempt(() => readInfix(p, true));
  if (iter?.kind === 'call' && iter.operator.startsWith('internal.member_')) {
    const span = p.spanFrom(start);
    const a = iter.args;
    return a.length === 2
      ? { kind: 'somein', value: a[0], collection: a[1], span }
      : { kind: 'somein', key: a[0], value: a[1], collection: a[2], span };
  }
  p.reset(mark, count);
  const vars: VarTerm[] = [];
  for (;;) {
    if (!p.at(T.Ident) || p.keyword() !== undefined) p.unexpected('expected var');
    const t = p.next();
    vars.push({ kind: 'var', name: p.textOf(t), span: p.tokSpan(t) });
    if (!p.at(T.Comma)) break;
    p.next();
  }
  return { kind: 'some', vars, span: p.spanFrom(start) };
}

/** `every x in xs { body }` or `every k, v in xs { body }`. */
function readEvery(p: Parser): Expression {
  const start = p.next().start;
  const iter = readInfix(p, true);
  if (iter.kind !== 'call' || !iter.operator.startsWith('internal.member_')) {
    p.fail('expected `x[, y] in xs { ... }` expression', iter.span);
  }
  const a = iter.args;
  const key = a.length === 3 ? a[0] : undefined;
  const value = a.length === 3 ? a[1] : a[0];
  const domain = a[a.length - 1];
  if (key && key.kind !== 'var') p.fail('expected key to be a variable', key.span);
  if (value.kind !== 'var') p.fail('expected value to be a variable', value.span);
  if (!p.at(T.LBrace)) p.unexpected('missing body');
  p.next();
  const body = readBody(p, T.RBrace);
  p.next();
  const span = p.spanFrom(start);
  return key ? { kind: 'every', key: key as VarTerm, value, domain, body, span } : { kind: 'every', value, domain, body, span };
}

/**
 * `not { a; b }` (newer OPA) holds when the body has no solution. The AST has no negated body, so it
 * becomes `not {true | a; b}[true]`: the ref is defined exactly when the body has a solution.
 */
function readNotBody(p: Parser): Expression {
  const start = p.next().start; // {
  const body = readBody(p, T.RBrace);
  p.next();
  const span = p.spanFrom(start);
  const yes: Term = { kind: 'boolean', value: true, span };
  const term: Term = { kind: 'ref', head: { kind: 'setcompr', term: yes, body, span }, path: [yes], span };
  return { kind: 'term', term, span };
}
