// Rule head fields (ref, key, value, assign, contains, valueImplicit) in Rego v1 and v0, and Module.regoVersion.
import { expect } from 'chai';
import type { Module, Rule } from '../../../src/rego/1-parse/ast.js';
import { parseModule } from '../../../src/rego/1-parse/index.js';
import { RegoCompileError } from '../../../src/rego/source.js';

function parse(body: string, regoVersion?: 0 | 1): Module {
  return parseModule({ path: 'h.rego', text: `package a\n${body}\n` }, { regoVersion });
}

function rule(body: string, regoVersion?: 0 | 1): Rule {
  return parse(body, regoVersion).rules[0];
}

function refNames(r: Rule): string[] {
  return r.head.ref.map((t) => (t.kind === 'var' ? t.name : t.kind === 'string' ? `"${t.value}"` : t.kind));
}

describe('rule heads', () => {
  it('parses as Rego v1 by default and as v0 when asked', () => {
    expect(parse('p := 1').regoVersion).to.equal(1);
    expect(parse('p := 1', 0).regoVersion).to.equal(0);
    expect(parse('import rego.v1\np := 1', 0).regoVersion).to.equal(1);
  });

  it('marks := heads as assign and = heads not', () => {
    expect(rule('p := 1').head).to.include({ assign: true, valueImplicit: false, contains: false });
    expect(rule('p = 1').head).to.include({ assign: false, valueImplicit: false });
  });

  it('fills in the value true for p if {...}, marked as implicit', () => {
    const h = rule('p if { input.x }').head;
    expect(h.valueImplicit).to.equal(true);
    expect(h.value).to.deep.include({ kind: 'boolean', value: true });
    expect(h.key).to.equal(undefined);
  });

  it('gives p contains x a key and no value', () => {
    const h = rule('p contains x if { x := 1 }').head;
    expect(refNames({ head: h } as Rule)).to.deep.equal(['p']);
    expect(h).to.include({ contains: true, valueImplicit: false });
    expect(h.key).to.deep.include({ kind: 'var', name: 'x' });
    expect(h.value).to.equal(undefined);
  });

  it('reads v0 p[x] { } as a multi-value rule with key x', () => {
    const r = rule('p[x] { x := 1 }', 0);
    expect(refNames(r)).to.deep.equal(['p']);
    expect(r.head).to.include({ contains: true, valueImplicit: false });
    expect(r.head.key).to.deep.include({ kind: 'var', name: 'x' });
    expect(r.head.value).to.equal(undefined);
  });

  it('keeps p[x] := v and v0 p[k] = v as ref heads with a value and no key', () => {
    for (const [src, version] of [['p[x] := 1 if { x := "a" }', 1], ['p[x] = 1 { x := "a" }', 0]] as const) {
      const r = rule(src, version);
      expect(refNames(r)).to.deep.equal(['p', 'x']);
      expect(r.head.key).to.equal(undefined);
      expect(r.head.contains).to.equal(false);
      expect(r.head.value).to.deep.include({ kind: 'number', text: '1' });
    }
  });

  it('reads dotted heads as string operands', () => {
    expect(refNames(rule('a.b.c := 1'))).to.deep.equal(['a', '"b"', '"c"']);
    expect(refNames(rule('a.b[x] := 1 if x := "k"'))).to.deep.equal(['a', '"b"', 'x']);
  });

  it('gives functions args, and the value true when none is written', () => {
    const f = rule('f(x, _) if x > 0').head;
    expect(refNames({ head: f } as Rule)).to.deep.equal(['f']);
    expect(f.args?.map((a) => a.kind)).to.deep.equal(['var', 'var']);
    expect(f).to.include({ valueImplicit: true });
  });

  it('gives a constant rule an empty body and default rules no body', () => {
    expect(rule('p := 1').body).to.deep.equal([]);
    const d = rule('default p := false');
    expect(d.default).to.equal(true);
    expect(d.body).to.deep.equal([]);
  });

  it('gives each body of a v0 multi-body rule its own copy of the head', () => {
    const [a, b] = parse('p[x] { x := 1 } { x := 2 }', 0).rules;
    expect(a.head).to.deep.equal({ ...b.head, span: a.head.span });
    expect(a.head).to.not.equal(b.head);
    expect(b.span.col).to.equal(17);
  });

  it('gives else clauses their value, true when none is written', () => {
    const r = rule('p := 1 if { input.a } else if { input.b } else := 3');
    expect(r.else.map((e) => (e.value.kind === 'number' ? e.value.text : e.value.kind))).to.deep.equal(['boolean', '3']);
    expect(r.else[1].body).to.deep.equal([]);
  });

  it('rejects v0 syntax in v1 with both of OPA messages, and accepts it in v0', () => {
    const err = (() => {
      try {
        parse('deny[msg] { msg := "x" }');
      } catch (e) {
        return e;
      }
    })();
    expect(err).to.be.instanceOf(RegoCompileError);
    expect((err as RegoCompileError).diagnostics.map((d) => d.message)).to.deep.equal([
      '`if` keyword is required before rule body',
      '`contains` keyword is required for partial set rules',
    ]);
    expect(() => parse('deny[msg] { msg := "x" }', 0)).to.not.throw();
  });
});
