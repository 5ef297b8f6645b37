/** Planning bodies and literals: `not`, `some`, `some ... in`, `every`, calls with outputs and plain terms. */
import type { Body, CallTerm, Literal, Term } from '../1-parse/ast.js';
import { lookupBuiltin } from '../builtins/index.js';
import { UnifyPlanner } from './unify.js';
import type { Cont } from './state.js';
import type { Stmt } from './ir.js';

export abstract class LiteralPlanner extends UnifyPlanner {
  body(lits: Body, i: number, cont: Cont): void {
    if (i === lits.length) return cont();
    this.literal(lits[i], () => this.body(lits, i + 1, cont));
  }

  /**
   * `x in xs` and `k, v in xs` as expressions: a scan that marks a match, so no boolean is built and any
   * collection works; a non-collection has no elements, so membership in it is false.
   */
  private membership(key: Term | undefined, value: Term, collection: Term, cont: Cont): void {
    this.term(collection, (coll) =>
      this.terms(key ? [key, value] : [value], (ops) => {
        const found = this.newLocal();
        const k = this.newLocal();
        const v = this.newLocal();
        this.emit({ op: 'reset', target: found });
        const body: Stmt[] = [];
        if (key) body.push({ op: 'equal', a: { local: k }, b: ops[0] });
        body.push({ op: 'equal', a: { local: v }, b: ops[ops.length - 1] });
        body.push({ op: 'assign', src: this.constOp({ kind: 'boolean', value: true }), target: found });
        this.emit({ op: 'block', body: [{ op: 'scan', src: coll, key: k, value: v, body }] });
        this.emit({ op: 'isDefined', src: found });
        cont();
      }),
    );
  }

  protected literal(lit: Literal, cont: Cont): void {
    if (lit.with.length > 0) return this.withLiteral(lit, cont);
    if (lit.negated) {
      const body = this.collect(() => this.scoped(() => this.expression(lit, () => undefined)));
      this.emit({ op: 'not', body });
      return cont();
    }
    this.expression(lit, cont);
  }

  protected expression(lit: Literal, cont: Cont): void {
    const e = lit.expr;
    switch (e.kind) {
      case 'some':
        return cont();
      case 'somein':
        return this.term(e.collection, (coll) => {
          const key = this.newLocal();
          const value = this.newLocal();
          const bindValue = () => this.unifyOperand(e.value, { local: value }, cont);
          const body = this.collect(() => (e.key ? this.unifyOperand(e.key, { local: key }, bindValue) : bindValue()));
          this.emit({ op: 'scan', src: coll, key, value, body });
        });
      case 'every':
        return this.term(e.domain, (domain) => {
          const found = this.newLocal();
          this.emit({ op: 'reset', target: found });
          const key = this.newLocal();
          const value = this.newLocal();
          const scanBody = this.collect(() =>
            this.scoped(() => {
              if (e.key) this.frame.vars.set(e.key.name, key);
              this.frame.vars.set(e.value.name, value);
              const inner = this.collect(() => this.scoped(() => this.body(e.body, 0, () => undefined)));
              this.emit({ op: 'not', body: inner });
              this.emit({ op: 'assign', src: this.constOp({ kind: 'boolean', value: true }), target: found });
            }),
          );
          this.emit({ op: 'block', body: [{ op: 'scan', src: domain, key, value, body: scanBody }] });
          this.emit({ op: 'isUndefined', src: found });
          cont();
        });
      case 'term':
        return this.termExpression(e.term, cont);
    }
  }

  protected termExpression(t: Term, cont: Cont): void {
    if (t.kind === 'call') {
      const [a, b] = t.args;
      switch (t.operator) {
        case 'eq':
        case 'assign': {
          // `[path, value] := walk(x)`: a relation yields several results, each unified in turn.
          const relation = (x: Term) => x.kind === 'call' && !!lookupBuiltin(x.operator)?.relation && x.args.length === this.arityOf(x.operator);
          if (relation(b)) return this.termExpression({ ...(b as CallTerm), args: [...(b as CallTerm).args, a] }, cont);
          if (relation(a)) return this.termExpression({ ...(a as CallTerm), args: [...(a as CallTerm).args, b] }, cont);
          return this.unify(a, b, cont);
        }
        case 'equal':
          if (t.args.length === 2) return this.terms([a, b], ([x, y]) => (this.emit({ op: 'equal', a: x, b: y }), cont()));
          break;
        case 'neq':
          if (t.args.length === 2) return this.terms([a, b], ([x, y]) => (this.emit({ op: 'notEqual', a: x, b: y }), cont()));
          break;
        case 'internal.member_2':
          if (t.args.length === 2) return this.membership(undefined, a, b, cont);
          break;
        case 'internal.member_3':
          if (t.args.length === 3) return this.membership(a, b, t.args[2], cont);
          break;
      }
      const arity = this.arityOf(t.operator);
      if (arity !== undefined && t.args.length === arity + 1) {
        const out = t.args[arity];
        return this.call({ ...t, args: t.args.slice(0, arity) }, (res) => {
          if (lookupBuiltin(t.operator)?.relation) {
            const key = this.newLocal();
            const value = this.newLocal();
            const body = this.collect(() => this.unifyOperand(out, { local: value }, cont));
            this.emit({ op: 'scan', src: res, key, value, body });
          } else this.unifyOperand(out, res, cont);
        });
      }
    }
    this.term(t, (op) => {
      this.emit({ op: 'notFalse', src: op });
      cont();
    });
  }

}
