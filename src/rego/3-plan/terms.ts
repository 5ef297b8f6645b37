/** Planning terms: constants, variables, refs on values, composite literals, comprehensions and calls. */
import type { CallTerm, RefTerm, Term } from '../1-parse/ast.js';
import { lookupBuiltin } from '../builtins/index.js';
import type { Span } from '../source.js';
import { constOf } from './consts.js';
import type { Operand } from './ir.js';
import { PlanState, type ValueCont, s, hasFreeVars, internal } from './state.js';

export abstract class TermPlanner extends PlanState {
  /**
   * Plans several terms and hands their operands over in the original order. Terms that bind variables by
   * iterating (a ref with a free key) are planned before terms that use those variables (`x == xs[x]`).
   */
  terms(ts: Term[], cont: (ops: Operand[]) => void): void {
    const order = ts.map((_, i) => i);
    const usesFree = (t: Term) => t.kind !== 'ref' && hasFreeVars(t, this);
    if (ts.some(usesFree)) order.sort((i, j) => Number(usesFree(ts[i])) - Number(usesFree(ts[j])));
    const ops: Operand[] = new Array(ts.length);
    const step = (k: number): void => {
      if (k === order.length) return cont(ops);
      this.term(ts[order[k]], (op) => {
        ops[order[k]] = op;
        step(k + 1);
      });
    };
    step(0);
  }

  term(t: Term, cont: ValueCont): void {
    const c = constOf(t);
    if (c) return cont(this.constOp(c));
    switch (t.kind) {
      case 'var': {
        if (t.name === 'input') return this.defined(this.frame.ctx.input, cont);
        if (t.name === 'data') return this.dataRef([], 0, this.program.root, cont);
        const l = this.frame.vars.get(t.name);
        if (l === undefined) throw internal(`var ${t.name} is unbound`, t.span);
        return cont({ local: l });
      }
      case 'ref':
        return this.ref(t, cont);
      case 'array':
        return this.terms(t.items, (ops) => {
          const target = this.newLocal();
          this.emit({ op: 'make', kind: 'array', target });
          for (const op of ops) this.emit({ op: 'arrayAppend', array: target, value: op });
          cont({ local: target });
        });
      case 'set':
        return this.terms(t.items, (ops) => {
          const target = this.newLocal();
          this.emit({ op: 'make', kind: 'set', target });
          for (const op of ops) this.emit({ op: 'setAdd', set: target, value: op });
          cont({ local: target });
        });
      case 'object':
        return this.terms(t.items.flat(), (ops) => {
          const target = this.newLocal();
          this.emit({ op: 'make', kind: 'object', target });
          for (let i = 0; i < ops.length; i += 2) this.emit({ op: 'objectInsert', object: target, key: ops[i], value: ops[i + 1] });
          cont({ local: target });
        });
      case 'call':
        return this.call(t, cont);
      case 'arraycompr':
      case 'setcompr':
      case 'objectcompr': {
        const target = this.newLocal();
        const kind = t.kind === 'arraycompr' ? 'array' : t.kind === 'setcompr' ? 'set' : 'object';
        this.emit({ op: 'make', kind, target });
        const conflict = this.pool.string(`${t.span.file}:${t.span.line}:${t.span.col}: eval_conflict_error: object keys must be unique`);
        const body = this.collect(() =>
          this.scoped(() =>
            this.body(t.body, 0, () => {
              if (t.kind === 'objectcompr') {
                this.term(t.key, (k) =>
                  this.term(t.value, (val) => this.emit({ op: 'objectInsertOnce', object: target, key: k, value: val, error: conflict })),
                );
              } else {
                this.term(t.term, (val) =>
                  this.emit(t.kind === 'arraycompr' ? { op: 'arrayAppend', array: target, value: val } : { op: 'setAdd', set: target, value: val }),
                );
              }
            }),
          ),
        );
        this.emit({ op: 'block', body });
        return cont({ local: target });
      }
      default:
        throw internal(`cannot plan term ${t.kind}`, t.span);
    }
  }

  /** Fails when an operand (input, possibly absent) is undefined, so `input` alone behaves like a ref. */
  protected defined(op: Operand, cont: ValueCont): void {
    if ('local' in op) this.emit({ op: 'isDefined', src: op.local });
    cont(op);
  }

  protected ref(t: RefTerm, cont: ValueCont): void {
    const head = t.head;
    if (head.kind === 'var' && head.name === 'data') return this.dataRef(t.path, 0, this.program.root, cont);
    this.term(head, (h) => this.refPath(h, t.path, 0, cont));
  }

  /**
   * Walks the rest of a ref on a value: bound keys look up, free variables iterate. `base` says the value is a
   * base document (below `data`), where OPA reads a number key as the string it spells, as a storage path does.
   */
  protected refPath(cur: Operand, path: Term[], i: number, cont: ValueCont, base = false): void {
    if (i === path.length) return cont(cur);
    const key = path[i];
    if (hasFreeVars(key, this)) {
      const k = this.newLocal();
      const val = this.newLocal();
      const body = this.collect(() => this.unifyOperand(key, { local: k }, () => this.refPath({ local: val }, path, i + 1, cont, base)));
      this.emit({ op: 'scan', src: cur, key: k, value: val, body });
      return;
    }
    const c = constOf(key);
    if (base && c?.kind === 'number') {
      // data.xs[2]: key "2" of an object, or index 2 of an array.
      const target = this.newLocal();
      this.emit({ op: 'block', body: [{ op: 'dot', src: cur, key: this.str(c.text), target }] });
      this.emit({ op: 'block', body: [{ op: 'isUndefined', src: target }, { op: 'dot', src: cur, key: this.constOp(c), target }] });
      this.emit({ op: 'isDefined', src: target });
      return this.refPath({ local: target }, path, i + 1, cont, base);
    }
    this.term(key, (k) => {
      const target = this.newLocal();
      this.emit({ op: 'dot', src: cur, key: k, target });
      this.refPath({ local: target }, path, i + 1, cont, base);
    });
  }

  protected call(t: CallTerm, cont: ValueCont): void {
    this.terms(t.args, (args) => this.callWith(t.operator, args, t.span, cont));
  }

  protected callWith(operator: string, args: Operand[], span: Span, cont: ValueCont): void {
    const ctx = this.frame.ctx;
    const mock = ctx.functions.get(operator);
    if (mock) {
      if ('fn' in mock) {
        // The replacement sees the original function (a mock that calls what it replaces must not loop).
        const saved = this.frame.ctx;
        this.frame.ctx = this.withoutMock(saved, operator);
        try {
          return this.callWith(mock.fn, args, span, cont);
        } finally {
          this.frame.ctx = saved;
        }
      }
      return this.refPath(ctx.data, mock.valuePath.map((p) => s(p)), 0, cont);
    }
    const target = this.newLocal();
    if (operator.startsWith('data.')) {
      const group = this.functionGroup(operator.split('.').slice(1));
      if (!group) throw internal(`undefined function ${operator}`, span);
      this.emit({ op: 'call', fn: this.ruleFunc(group), builtin: false, args: [ctx.input, ctx.data, ...args], target });
    } else {
      if (!lookupBuiltin(operator)) throw internal(`undefined function ${operator}`, span);
      this.builtinsUsed.add(operator);
      if (!this.builtinSpans.has(operator)) this.builtinSpans.set(operator, span);
      this.emit({ op: 'call', fn: operator, builtin: true, args, target, span });
      const over = lookupBuiltin(operator)!.mergesOverOperand;
      if (over !== undefined) {
        const merged = this.newLocal();
        this.emit({ op: 'merge', a: args[over], b: { local: target }, target: merged });
        return cont({ local: merged });
      }
    }
    cont({ local: target });
  }

}
