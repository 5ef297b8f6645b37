/**
 * The planner lowers checked Rego to the IR. Planning is continuation-passing: each expression is planned with
 * a callback that plans the rest of the query at the point where the expression's values are available, so
 * iteration (a `scan`) naturally encloses everything after it, as in OPA's own planner. Each construct is planned
 * in its own file; this one holds the entry points.
 */
import type { Body, RefTerm } from '../1-parse/ast.js';
import type { Block, Program } from './ir.js';
import { RulePlanner } from './rules.js';
import { NOWHERE, v, s, rootContext } from './state.js';

export class Planner extends RulePlanner {
  result(): Program {
    return { consts: this.pool.consts, funcs: this.funcs, plans: this.plans };
  }

  /** A plan whose result set holds `{"result": <value of data.path>}` when the document is defined. */
  planEntrypoint(name: string, path: string[]): void {
    this.planTop(name, () => {
      const ref: RefTerm = { kind: 'ref', head: v('data'), path: path.map((p) => s(p)), span: NOWHERE };
      this.term(ref, (op) => {
        const obj = this.newLocal();
        this.emit({ op: 'make', kind: 'object', target: obj });
        this.emit({ op: 'objectInsert', object: obj, key: this.str('result'), value: op });
        this.emit({ op: 'resultAdd', value: { local: obj } });
      });
    });
  }

  /** A plan for a query body; each solution adds an object binding the given variables. */
  planQuery(name: string, body: Body, resultVars: string[]): void {
    this.planTop(name, () => {
      this.body(body, 0, () => {
        const obj = this.newLocal();
        this.emit({ op: 'make', kind: 'object', target: obj });
        for (const name of resultVars) {
          const l = this.frame.vars.get(name);
          if (l !== undefined) this.emit({ op: 'objectInsert', object: obj, key: this.str(name), value: { local: l } });
        }
        this.emit({ op: 'resultAdd', value: { local: obj } });
      });
    });
  }

  /** Plans into a new plan whose locals 0 and 1 are input and data. */
  protected planTop(name: string, fn: () => void): void {
    const block: Block = [];
    this.frame = { locals: 2, block, vars: new Map(), ctx: rootContext() };
    fn();
    this.plans.push({ name, locals: this.frame.locals, body: block });
  }

}
