/** Planning unification: binding free variables, destructuring arrays and objects, and comparing the rest. */
import type { Term } from '../1-parse/ast.js';
import { constOf } from './consts.js';
import type { Operand } from './ir.js';
import { DataRefPlanner } from './data-refs.js';
import { type Cont, hasFreeVars } from './state.js';

export abstract class UnifyPlanner extends DataRefPlanner {
  unify(a: Term, b: Term, cont: Cont): void {
    if (this.isFree(a)) return this.term(b, (op) => this.unifyOperand(a, op, cont));
    if (this.isFree(b) || (hasFreeVars(b, this) && !hasFreeVars(a, this))) return this.term(a, (op) => this.unifyOperand(b, op, cont));
    if (a.kind === 'array' && b.kind === 'array') {
      if (a.items.length !== b.items.length) return;
      const step = (i: number): void => (i === a.items.length ? cont() : this.unify(a.items[i], b.items[i], () => step(i + 1)));
      return step(0);
    }
    if (a.kind === 'object' && b.kind === 'object' && a.items.length === b.items.length) {
      const keyOf = (k: Term) => JSON.stringify(constOf(k) ?? null);
      const other = new Map(b.items.map(([k, x]) => [keyOf(k), x] as const));
      if (a.items.every(([k]) => constOf(k) && other.has(keyOf(k)))) {
        const step = (i: number): void =>
          i === a.items.length ? cont() : this.unify(a.items[i][1], other.get(keyOf(a.items[i][0]))!, () => step(i + 1));
        return step(0);
      }
    }
    if (hasFreeVars(a, this)) return this.term(b, (op) => this.unifyOperand(a, op, cont));
    this.term(a, (x) =>
      this.term(b, (y) => {
        this.emit({ op: 'equal', a: x, b: y });
        cont();
      }),
    );
  }

  /** Unifies a pattern with a value already computed. */
  unifyOperand(pattern: Term, op: Operand, cont: Cont): void {
    if (this.isFree(pattern)) {
      const l = this.newLocal();
      this.emit({ op: 'assign', src: op, target: l });
      this.frame.vars.set(pattern.name, l);
      return cont();
    }
    if (pattern.kind === 'array' && hasFreeVars(pattern, this)) {
      this.emit({ op: 'isType', src: op, type: 'array' });
      this.emit({ op: 'lenEq', src: op, n: pattern.items.length });
      const step = (i: number): void => {
        if (i === pattern.items.length) return cont();
        const el = this.newLocal();
        this.emit({ op: 'dot', src: op, key: this.constOp({ kind: 'number', text: String(i) }), target: el });
        this.unifyOperand(pattern.items[i], { local: el }, () => step(i + 1));
      };
      return step(0);
    }
    if (pattern.kind === 'object' && hasFreeVars(pattern, this)) {
      this.emit({ op: 'isType', src: op, type: 'object' });
      this.emit({ op: 'lenEq', src: op, n: pattern.items.length });
      const step = (i: number): void => {
        if (i === pattern.items.length) return cont();
        const [k, vt] = pattern.items[i];
        this.term(k, (key) => {
          const el = this.newLocal();
          this.emit({ op: 'dot', src: op, key, target: el });
          this.unifyOperand(vt, { local: el }, () => step(i + 1));
        });
      };
      return step(0);
    }
    this.term(pattern, (p) => {
      this.emit({ op: 'equal', a: p, b: op });
      cont();
    });
  }

}
