// Spans: every node carries one, with 1-based line/col and offsets that slice out the node's own text.
import { expect } from 'chai';
import type { Literal, Module, Term } from '../../../src/rego/1-parse/ast.js';
import { parseModule, parseQuery } from '../../../src/rego/1-parse/index.js';
import type { Span } from '../../../src/rego/source.js';

const SOURCE = [
  'package example', //                                   1
  'import rego.v1', //                                     2
  '', //                                                   3
  'allow if {', //                                         4
  '\tsome c in input.containers', //                       5
  '\tnot startswith(c.image, "registry/")', //             6
  '\tcount([x | x := c.ports[_]]) > y', //                 7
  '}', //                                                  8
  '', //                                                   9
  'deny contains msg if msg := sprintf("%v", [1]) with input as {}', // 10
].join('\n');

function mod(): Module {
  return parseModule({ path: 'policies/example.rego', text: SOURCE });
}

function slice(span: Span): string {
  return SOURCE.slice(span.start, span.end);
}

describe('parser spans', () => {
  it('gives a rule the line and column where it starts, and the file name', () => {
    const [allow, deny] = mod().rules;
    expect(allow.span).to.include({ file: 'policies/example.rego', line: 4, col: 1 });
    expect(deny.span).to.include({ line: 10, col: 1 });
    expect(slice(allow.span)).to.match(/^allow if \{[\s\S]*\}$/);
    expect(slice(allow.head.span)).to.equal('allow');
  });

  it('locates a variable that a later phase may call unsafe, counting a tab as one column', () => {
    const lit = mod().rules[0].body[2];
    const gt = (lit.expr as { term: Term }).term;
    expect(gt.kind).to.equal('call');
    if (gt.kind !== 'call') return;
    const y = gt.args[1];
    expect(y).to.deep.include({ kind: 'var', name: 'y' });
    expect(y.span).to.include({ line: 7, col: 33 });
    expect(slice(y.span)).to.equal('y');
  });

  it('spans operators: the call covers both operands, operatorSpan the operator', () => {
    const gt = (mod().rules[0].body[2].expr as { term: Term }).term;
    if (gt.kind !== 'call') throw new Error('expected a call');
    expect(slice(gt.span)).to.equal('count([x | x := c.ports[_]]) > y');
    expect(slice(gt.operatorSpan)).to.equal('>');
    const count = gt.args[0];
    if (count.kind !== 'call') throw new Error('expected a call');
    expect(slice(count.operatorSpan)).to.equal('count');
  });

  it('spans a dotted function name as its operator', () => {
    const [lit] = parseQuery('x := data.lib.f(1)');
    const assign = (lit.expr as { term: Term }).term;
    if (assign.kind !== 'call' || assign.args[1].kind !== 'call') throw new Error('expected calls');
    expect(assign.args[1].operator).to.equal('data.lib.f');
    expect(assign.args[1].operatorSpan).to.include({ line: 1, col: 6, start: 5, end: 15 });
  });

  it('spans a literal from not to its last with modifier', () => {
    const rules = mod().rules;
    expect(slice(rules[0].body[1].span)).to.equal('not startswith(c.image, "registry/")');
    expect(slice(rules[1].body[0].span)).to.equal('msg := sprintf("%v", [1]) with input as {}');
    expect(slice(rules[1].body[0].with[0].span)).to.equal('with input as {}');
  });

  it('counts lines across CRLF line ends', () => {
    const m = parseModule({ path: 'w.rego', text: 'package a\r\n\r\np := 1\r\nq := "x"\r\n' });
    expect(m.rules[1].span).to.include({ line: 4, col: 1 });
    expect(m.rules[1].head.value?.span).to.include({ line: 4, col: 6 });
  });

  it('puts a span on every node, slicing out text that belongs to it', () => {
    const seen = { count: 0 };
    const m = mod();
    const check = (node: { span: Span }, what: string) => {
      seen.count++;
      expect(node.span, what).to.be.an('object');
      expect(node.span.file).to.equal('policies/example.rego');
      expect(node.span.line, what).to.be.greaterThan(0);
      expect(node.span.end, what).to.be.at.least(node.span.start);
    };
    const term = (t: Term): void => {
      check(t, t.kind);
      switch (t.kind) {
        case 'ref':
          term(t.head);
          t.path.forEach(term);
          break;
        case 'array':
        case 'set':
          t.items.forEach(term);
          break;
        case 'object':
          t.items.forEach(([k, v]) => (term(k), term(v)));
          break;
        case 'arraycompr':
        case 'setcompr':
          term(t.term);
          t.body.forEach(literal);
          break;
        case 'call':
          check({ span: t.operatorSpan }, 'operator');
          t.args.forEach(term);
          break;
      }
    };
    const literal = (l: Literal): void => {
      check(l, 'literal');
      check(l.expr, l.expr.kind);
      l.with.forEach((w) => (check(w, 'with'), term(w.target), term(w.value)));
      if (l.expr.kind === 'term') term(l.expr.term);
      if (l.expr.kind === 'somein') [l.expr.value, l.expr.collection].forEach(term);
    };
    check(m.package, 'package');
    m.imports.forEach((i) => (check(i, 'import'), term(i.path)));
    for (const r of m.rules) {
      check(r, 'rule');
      check(r.head, 'head');
      r.head.ref.forEach(term);
      if (r.head.key) term(r.head.key);
      if (r.head.value) term(r.head.value);
      r.body.forEach(literal);
    }
    expect(seen.count).to.be.greaterThan(40);
  });
});
