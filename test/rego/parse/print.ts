// Prints parser output in a compact, canonical Rego-like text so tests can state expected shapes in one line.
import type { Body, Expression, Literal, Module, Rule, RuleHead, Term } from '../../../src/rego/1-parse/ast.js';

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Terms print as Rego, with every operator shown as the call it desugars to: `x := y + 1` prints
 * `assign(x, plus(y, 1))`. Raw strings print like ordinary ones (the `raw` flag is tested separately).
 */
export function showTerm(t: Term): string {
  switch (t.kind) {
    case 'null':
      return 'null';
    case 'boolean':
      return String(t.value);
    case 'number':
      return t.text;
    case 'string':
      return JSON.stringify(t.value);
    case 'var':
      return t.name;
    case 'ref':
      return showTerm(t.head) + t.path.map(showOperand).join('');
    case 'array':
      return `[${t.items.map(showTerm).join(', ')}]`;
    case 'object':
      return `{${t.items.map(([k, v]) => `${showTerm(k)}: ${showTerm(v)}`).join(', ')}}`;
    case 'set':
      return t.items.length === 0 ? 'set()' : `{${t.items.map(showTerm).join(', ')}}`;
    case 'arraycompr':
      return `[${showTerm(t.term)} | ${showBody(t.body)}]`;
    case 'setcompr':
      return `{${showTerm(t.term)} | ${showBody(t.body)}}`;
    case 'objectcompr':
      return `{${showTerm(t.key)}: ${showTerm(t.value)} | ${showBody(t.body)}}`;
    case 'call':
      return `${t.operator}(${t.args.map(showTerm).join(', ')})`;
  }
}

function showOperand(t: Term): string {
  return t.kind === 'string' && IDENT.test(t.value) ? `.${t.value}` : `[${showTerm(t)}]`;
}

export function showBody(b: Body): string {
  return b.map(showLiteral).join('; ');
}

export function showLiteral(l: Literal): string {
  const withs = l.with.map((w) => ` with ${showTerm(w.target)} as ${showTerm(w.value)}`).join('');
  return `${l.negated ? 'not ' : ''}${showExpr(l.expr)}${withs}`;
}

function showExpr(e: Expression): string {
  switch (e.kind) {
    case 'term':
      return showTerm(e.term);
    case 'some':
      return `some ${e.vars.map(showTerm).join(', ')}`;
    case 'somein':
      return `some ${e.key ? showTerm(e.key) + ', ' : ''}${showTerm(e.value)} in ${showTerm(e.collection)}`;
    case 'every':
      return `every ${e.key ? showTerm(e.key) + ', ' : ''}${showTerm(e.value)} in ${showTerm(e.domain)} { ${showBody(e.body)} }`;
  }
}

/**
 * A head prints its ref, arguments, `contains key`, and its value: `:= v` or `= v` when written,
 * `=> true` when implied by the absence of one (`valueImplicit`).
 */
export function showHead(h: RuleHead): string {
  let s = showTerm(h.ref[0]) + h.ref.slice(1).map(showOperand).join('');
  if (h.args) s += `(${h.args.map(showTerm).join(', ')})`;
  if (h.contains) s += ` contains ${h.key ? showTerm(h.key) : '?'}`;
  if (h.value) s += h.valueImplicit ? ` => ${showTerm(h.value)}` : ` ${h.assign ? ':=' : '='} ${showTerm(h.value)}`;
  return s;
}

export function showRule(r: Rule): string {
  let s = (r.default ? 'default ' : '') + showHead(r.head);
  if (r.body.length > 0) s += ` if { ${showBody(r.body)} }`;
  for (const e of r.else) s += ` else = ${showTerm(e.value)}${e.body.length > 0 ? ` if { ${showBody(e.body)} }` : ''}`;
  return s;
}

export function showModule(m: Module): string[] {
  const lines = [`package ${m.package.path.join('.')}`];
  for (const i of m.imports) lines.push(`import ${showTerm(i.path)}${i.alias ? ` as ${i.alias}` : ''}`);
  for (const r of m.rules) lines.push(showRule(r));
  return lines;
}
