/**
 * Rules: complete, multi-value (`contains`, or v0 `p[x] { }`), ref-head, functions, defaults and `else`
 * chains. Rego v1's demands (`if` before bodies, `contains` for sets) are checked as OPA does, after the
 * rule is read, so a v0-style rule gets both messages at once.
 */
import type { Body, ElseClause, Rule, Term } from '../ast.js';
import type { Parser } from '../parser.js';
import { T } from '../tokens.js';
import { readBody, readLiteral } from './body.js';
import { isGround, readHead, setImplicitTrue } from './head.js';
import { readInfix } from './operators.js';

/** Reads one rule statement; v0's `p { a } { b }` gives one rule per body. */
export function readRules(p: Parser): Rule[] {
  const start = p.tok.start;
  const isDefault = p.isKeyword('default') && !p.startsRef();
  if (isDefault) p.next();
  const { head, usesContains } = readHead(p, isDefault);
  const ref = head.ref;

  if (isDefault) {
    checkDefault(p, head.value, head.valueImplicit, head.args, start);
    return [{ kind: 'rule', default: true, head, body: [], else: [], span: p.spanFrom(start) }];
  }

  const hasIf = p.isKeyword('if');
  if (!hasIf && p.at(T.Ident) && !p.tok.nl && p.futureHint(p.textOf(p.tok))) p.unexpected();
  let multiValueWithoutContains = false;
  if (!usesContains && !head.args && ref.length === 2 && head.value === undefined) {
    if (hasIf) setImplicitTrue(head);
    else {
      // v0 `p[x] { ... }`: a multi-value (partial set) rule with key x.
      head.key = ref[1];
      head.ref = [ref[0]];
      head.contains = true;
      multiValueWithoutContains = true;
    }
  }

  let body: Body = [];
  let generatedBody = false;
  if (hasIf) {
    p.next();
    body = readIfBody(p);
  } else if (p.at(T.LBrace)) {
    body = readBraced(p);
  } else generatedBody = true;

  const elses: ElseClause[] = [];
  if (p.isKeyword('else') && !p.startsRef()) {
    if (ref.length > 1 && !ref.every(isGround) && !head.key) p.fail('else keyword cannot be used on rules with variables in head');
    if (head.key) p.fail('else keyword cannot be used on multi-value rules');
    while (p.isKeyword('else')) elses.push(readElse(p));
  }
  const rule: Rule = { kind: 'rule', default: false, head, body, else: elses, span: p.spanFrom(start) };

  if (generatedBody && head.valueImplicit && !head.args && head.ref.length === 1 && !head.key) {
    p.error('var cannot be used for rule name', head.ref[0].span);
  } else if (p.strictV1) {
    const what = head.args ? 'function' : 'rule';
    if (!generatedBody && !hasIf) p.error(`\`if\` keyword is required before ${what} body`, rule.span);
    if (multiValueWithoutContains) p.error('`contains` keyword is required for partial set rules', rule.span);
    if (generatedBody && head.valueImplicit && !head.args) p.error(`${what} must have value assignment and/or body declaration`, rule.span);
  }

  const rules = [rule];
  while (p.at(T.LBrace)) {
    if (elses.length > 0) p.unexpected('expected else keyword');
    const bodyStart = p.tok.start;
    const extra = readBraced(p);
    const copy = structuredClone(head);
    rules.push({ kind: 'rule', default: false, head: copy, body: extra, else: [], span: p.spanFrom(bodyStart) });
  }
  return rules;
}

function readBraced(p: Parser): Body {
  p.next(); // {
  const body = readBody(p, T.RBrace);
  p.next();
  return body;
}

/**
 * After `if`: one literal (`p if x > 1`) or a braced body. `{ ... }` is first tried as a literal, as OPA
 * does, and kept only if it is not a set literal: `p if {"a": 1}.a` is a literal, `p if { x }` a body.
 */
function readIfBody(p: Parser): Body {
  if (!p.at(T.LBrace)) {
    if (p.at(T.EOF)) p.unexpected('rule body expected');
    return [readLiteral(p)];
  }
  const mark = p.mark();
  const count = p.diags.items.length;
  const lit = p.attempt(() => readLiteral(p));
  if (lit && !(lit.expr.kind === 'term' && lit.expr.term.kind === 'set')) return [lit];
  p.reset(mark, count);
  return readBraced(p);
}

/** `else [= value | := value] [if] [{ body } | literal]`; no value means `true`. */
function readElse(p: Parser): ElseClause {
  const start = p.next().start;
  let value: Term;
  if (p.at(T.LBrace) || p.isKeyword('if')) {
    value = { kind: 'boolean', value: true, span: p.spanFrom(start) };
  } else if (p.at(T.Assign) || p.at(T.Unify)) {
    p.next();
    value = readInfix(p, true);
  } else p.unexpected('expected else value term or rule body');
  let body: Body = [];
  if (p.isKeyword('if')) {
    p.next();
    if (p.at(T.LBrace)) body = readBraced(p);
    else if (p.at(T.EOF)) p.unexpected('rule body expected');
    else body = [readLiteral(p)];
  } else if (p.at(T.LBrace)) body = readBraced(p);
  return { value, body, span: p.spanFrom(start) };
}

/** A default value must be a constant (comprehensions aside); function arguments plain distinct vars. */
function checkDefault(p: Parser, value: Term | undefined, implicit: boolean, args: Term[] | undefined, start: number): void {
  const span = p.span(start, p.prev.end);
  if (value === undefined || implicit) p.fail('illegal default rule (must have a value)', span);
  const bad = findNonConstant(value);
  if (bad) p.error(`illegal default rule (value cannot contain ${bad})`, span);
  const seen = new Set<string>();
  for (const a of args ?? []) {
    if (a.kind !== 'var') p.error(`illegal default rule (arguments cannot contain ${a.kind})`, span);
    else if (a.name !== '_' && seen.has(a.name)) p.error(`illegal default rule (arguments cannot be repeated ${a.name})`, span);
    else seen.add(a.name);
  }
}

function findNonConstant(t: Term): string | undefined {
  switch (t.kind) {
    case 'var':
    case 'ref':
    case 'call':
      return t.kind;
    case 'array':
    case 'set':
      for (const i of t.items) {
        const bad = findNonConstant(i);
        if (bad) return bad;
      }
      return undefined;
    case 'object':
      for (const [k, v] of t.items) {
        const bad = findNonConstant(k) ?? findNonConstant(v);
        if (bad) return bad;
      }
      return undefined;
    default:
      return undefined;
  }
}
