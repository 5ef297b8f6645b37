/** Single terms: scalars, variables, refs, calls and parenthesised expressions. */
import type { CallTerm, RefTerm, Term, VarTerm } from '../ast.js';
import type { Span } from '../../source.js';
import type { Parser } from '../parser.js';
import { T } from '../tokens.js';
import { readArray, readSetOrObject } from './collections.js';
import { readInfix, readTermList } from './operators.js';
import { readNumber, readString } from './scalars.js';

/** Reads one term with its ref and call suffixes, but no infix operator after it. */
export function readTerm(p: Parser): Term {
  p.enter();
  try {
    return readTermInner(p);
  } finally {
    p.leave();
  }
}

function readTermInner(p: Parser): Term {
  const t = p.tok;
  let head: Term;
  switch (t.kind) {
    case T.Ident:
      head = readIdentTerm(p);
      break;
    case T.Number:
      return readNumber(p);
    case T.Sub:
      return readNegation(p);
    case T.Dot:
      return readNumber(p);
    case T.String:
    case T.RawString:
      head = readString(p);
      break;
    case T.LBrack:
      head = readArray(p);
      break;
    case T.LBrace:
      head = readSetOrObject(p);
      break;
    case T.LParen: {
      p.next();
      head = readInfix(p, true);
      if (!p.at(T.RParen)) p.fail('non-terminated expression');
      p.next();
      break;
    }
    default:
      p.unexpected();
  }
  return readSuffixes(p, head);
}

function readIdentTerm(p: Parser): Term {
  const t = p.tok;
  const kw = p.keyword(t);
  if (kw === 'null' || kw === 'true' || kw === 'false') {
    p.next();
    const span = p.tokSpan(t);
    return kw === 'null' ? { kind: 'null', span } : { kind: 'boolean', value: kw === 'true', span };
  }
  // `contains` names the builtin anywhere but in a rule head; other keywords only start a ref (`if.x`).
  if (kw !== undefined && kw !== 'contains' && !p.startsRef()) p.unexpected();
  return readVar(p);
}

export function readVar(p: Parser): VarTerm {
  const t = p.next();
  return { kind: 'var', name: p.textOf(t), span: p.tokSpan(t) };
}

/** `-1` is a number; `-x` (not in OPA, but in Verdict's AST contract) is `minus(0, x)`. */
function readNegation(p: Parser): Term {
  const n = p.peek();
  if (n.kind === T.Number || (n.kind === T.Dot && p.peek(2).kind === T.Number && !p.peek(2).ws)) return readNumber(p);
  const op = p.next();
  const operand = readTerm(p);
  const zero: Term = { kind: 'number', text: '0', span: p.tokSpan(op) };
  return { kind: 'call', operator: 'minus', operatorSpan: p.tokSpan(op), args: [zero, operand], span: p.spanFrom(op.start) };
}

/**
 * Reads `.name`, `[term]` and `(args)` suffixes that touch the previous token: `a.b[c]`, `f(x).y`,
 * `[1, 2][0]`. Whitespace ends a term, as in OPA, so `p [x]` is not a ref.
 */
export function readSuffixes(p: Parser, head: Term): Term {
  const t0 = p.tok;
  if (t0.ws || (t0.kind !== T.Dot && t0.kind !== T.LBrack && t0.kind !== T.LParen)) return head;
  const start = head.span.start;
  let path: Term[] = [];
  if (head.kind === 'ref') {
    // `(a.b)[0]` continues the ref inside the parentheses.
    path = [...head.path];
    head = head.head;
  }
  for (;;) {
    const t = p.tok;
    if (t.ws) break;
    if (t.kind === T.Dot) {
      p.next();
      if (p.tok.kind !== T.Ident || p.tok.ws) p.unexpected('expected identifier');
      const name = p.next();
      path.push({ kind: 'string', value: p.textOf(name), span: p.tokSpan(name) });
    } else if (t.kind === T.LBrack) {
      p.next();
      const key = readInfix(p, true);
      if (!p.at(T.RBrack)) p.unexpected('expected ]');
      p.next();
      path.push(key);
    } else if (t.kind === T.LParen) {
      head = readCall(p, head, path, start);
      path = [];
    } else break;
  }
  if (path.length === 0) return head;
  checkRefHead(p, head);
  return { kind: 'ref', head, path, span: p.spanFrom(start) } satisfies RefTerm;
}

function checkRefHead(p: Parser, head: Term): void {
  switch (head.kind) {
    case 'null':
    case 'boolean':
    case 'number':
    case 'string':
      p.error(`illegal ref (head cannot be ${head.kind})`, head.span);
  }
}

/** Reads `(args)` after a function name; `set()` is the empty set. */
function readCall(p: Parser, head: Term, path: Term[], start: number): Term {
  const operatorSpan = p.span(start, p.prev.end);
  const operator = operatorName(p, head, path, operatorSpan);
  p.next(); // (
  const args = p.at(T.RParen) ? [] : readTermList(p, T.RParen);
  p.next(); // )
  const span = p.spanFrom(start);
  if (operator === 'set' && args.length === 0) return { kind: 'set', items: [], span };
  return { kind: 'call', operator, operatorSpan, args, span } satisfies CallTerm;
}

/** `a.b.c(x)` calls `a.b.c`; only a var followed by names (or string keys) can name a function. */
function operatorName(p: Parser, head: Term, path: Term[], span: Span): string {
  if (head.kind !== 'var') p.fail('illegal call (operator must be a function name)', span);
  let name = head.name;
  for (const part of path) {
    if (part.kind !== 'string') p.fail('illegal call (operator must be a function name)', span);
    name += '.' + part.value;
  }
  return name;
}
