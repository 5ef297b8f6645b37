/** Rule heads: `p`, `a.b[x]`, `f(x, y)`, followed by `contains key`, `= value` or `:= value`. */
import type { RuleHead, Term } from '../ast.js';
import type { Parser } from '../parser.js';
import { T } from '../tokens.js';
import { readInfix, readTermList } from './operators.js';
import { readVar } from './terms.js';

export interface ParsedHead {
  head: RuleHead;
  /** The `contains` keyword was written. */
  usesContains: boolean;
  /** Source text of the head's name and ref, for messages (`p`, `a.b[x]`). */
  name: string;
}

export function readHead(p: Parser, isDefault: boolean): ParsedHead {
  const start = p.tok.start;
  if (!p.at(T.Ident) || (p.keyword() !== undefined && !p.startsRef())) p.unexpected();
  const ref: Term[] = [readVar(p)];
  let args: Term[] | undefined;
  while (!p.tok.ws) {
    if (p.at(T.Dot)) {
      p.next();
      if (!p.at(T.Ident) || p.tok.ws) p.unexpected('expected identifier');
      const t = p.next();
      ref.push({ kind: 'string', value: p.textOf(t), span: p.tokSpan(t) });
    } else if (p.at(T.LBrack)) {
      p.next();
      ref.push(readInfix(p, true));
      if (!p.at(T.RBrack)) p.unexpected('expected ]');
      p.next();
    } else if (p.at(T.LParen)) {
      const open = p.next();
      args = readTermList(p, T.RParen);
      p.next();
      if (args.length === 0) p.error('rule argument list must take at least one argument', p.spanFrom(open.start));
      break;
    } else break;
  }
  const name = p.text.slice(start, ref[ref.length - 1].span.end);

  const head: RuleHead = { ref, assign: false, contains: false, valueImplicit: false, span: p.spanFrom(start) };
  if (args) head.args = args;
  let usesContains = false;
  if (p.isKeyword('contains')) {
    if (args) p.error(`the contains keyword can only be used with multi-value rule definitions (e.g., ${name} contains <VALUE> { ... })`);
    p.next();
    head.key = readInfix(p, true);
    head.contains = true;
    usesContains = true;
  } else if (p.at(T.Unify) || p.at(T.Assign)) {
    head.assign = p.next().kind === T.Assign;
    if (startsNoTerm(p)) {
      const op = head.assign ? ':=' : '=';
      const example = args ? `${name}(...) ${op} <VALUE> { ... }` : isDefault ? `default ${name} ${op} <VALUE>` : `${name} ${op} <VALUE> { ... }`;
      p.unexpected(`expected ${args ? 'function' : isDefault ? 'default rule' : 'rule'} value term (e.g., ${example})`);
    }
    head.value = readInfix(p, true);
  }
  if (head.value === undefined && head.key === undefined && (ref.length !== 2 || args)) setImplicitTrue(head);
  head.span = p.spanFrom(start);
  return { head, usesContains, name };
}

/** Tokens that cannot begin a term: a value is missing. */
function startsNoTerm(p: Parser): boolean {
  switch (p.tok.kind) {
    case T.EOF:
    case T.RBrace:
    case T.RBrack:
    case T.RParen:
    case T.Comma:
    case T.Colon:
    case T.Semicolon:
      return true;
    case T.Ident: {
      const kw = p.keyword();
      return kw === 'if' || kw === 'else' || kw === 'with' || kw === 'as' || kw === 'default' || kw === 'import' || kw === 'package';
    }
    default:
      return false;
  }
}

/** `p if {...}` and `p { ... }` define the value `true`. */
export function setImplicitTrue(head: RuleHead): void {
  head.value = { kind: 'boolean', value: true, span: head.span };
  head.valueImplicit = true;
}

/** True when the term holds no variable, ref or call (so it names one fixed document). */
export function isGround(t: Term): boolean {
  switch (t.kind) {
    case 'null':
    case 'boolean':
    case 'number':
    case 'string':
      return true;
    case 'array':
    case 'set':
      return t.items.every(isGround);
    case 'object':
      return t.items.every(([k, v]) => isGround(k) && isGround(v));
    default:
      return false;
  }
}
