/** Planning rules: one function per rule group, with else chains, defaults, partial sets and objects, and conflicts. */
import type { Term } from '../1-parse/ast.js';
import type { RuleGroup } from '../2-check/index.js';
import type { Block, Func, Local, Operand } from './ir.js';
import { WithPlanner } from './with.js';
import { type Cont, TRUE, locationOf, conflictMessage } from './state.js';

export abstract class RulePlanner extends WithPlanner {
  private readonly generations = new Map<string, number>([['0', 0]]);

  /** A short number for a generation signature, for readable function names. */
  private generationIndex(gen: string): number {
    let i = this.generations.get(gen);
    if (i === undefined) {
      i = this.generations.size;
      this.generations.set(gen, i);
    }
    return i;
  }

  /** The name of the function computing a rule group in the current context, planning it on first use. */
  protected ruleFunc(group: RuleGroup): string {
    const ctx = this.frame.ctx;
    const key = `${ctx.gen}:${group.path.join('.')}`;
    const existing = this.funcNames.get(key);
    if (existing) return existing;
    const name = `g${this.generationIndex(ctx.gen)}.data.${group.path.join('.')}`;
    this.funcNames.set(key, name);
    const saved = this.frame;
    const params = 2 + group.arity;
    const body: Block = [];
    this.frame = { locals: params, block: body, vars: new Map(), ctx: { ...ctx, input: { local: 0 }, data: { local: 1 } } };
    const result = this.newLocal();
    const func: Func = { name, params, locals: 0, body, result };
    if (ctx.gen === '0' && group.arity === 0) func.memoId = this.memoCounter++;
    this.planGroup(group, result);
    func.locals = this.frame.locals;
    this.funcs.push(func);
    this.frame = saved;
    return name;
  }

  protected planGroup(group: RuleGroup, result: Local): void {
    const conflict = this.pool.string(`${locationOf(group)}: eval_conflict_error: ${conflictMessage(group)}`);
    if (group.kind === 'set') this.emit({ op: 'make', kind: 'set', target: result });
    if (group.kind === 'object') this.emit({ op: 'make', kind: 'object', target: result });
    for (const r of group.rules) {
      const rule = r.rule;
      this.scoped(() => {
        this.inBlock(() => {
          const chain = this.newLocal();
          const clauses = [{ value: rule.head.value, body: rule.body }, ...rule.else.map((e) => ({ value: e.value, body: e.body }))];
          const single = clauses.length === 1;
          clauses.forEach((clause, i) => {
            this.scoped(() =>
              this.inBlock(() => {
                if (i > 0) this.emit({ op: 'isUndefined', src: chain });
                this.bindParams(rule.head.args ?? [], () =>
                  this.body(clause.body, 0, () => {
                    if (group.kind === 'set') {
                      this.term(rule.head.key ?? rule.head.value!, (k) => this.emit({ op: 'setAdd', set: result, value: k }));
                    } else if (group.kind === 'object' && rule.head.contains) {
                      this.headSetMember(result, r.dynamic, rule.head.key ?? rule.head.value!);
                    } else if (group.kind === 'object') {
                      this.headObject(result, r.dynamic, rule.head.value!, conflict);
                    } else {
                      this.term(clause.value ?? TRUE, (val) =>
                        this.emit({ op: 'assignOnce', src: val, target: single ? result : chain, error: conflict }),
                      );
                    }
                  }),
                );
              }),
            );
          });
          if (!single && group.kind !== 'set' && group.kind !== 'object') {
            this.emit({ op: 'isDefined', src: chain });
            this.emit({ op: 'assignOnce', src: { local: chain }, target: result, error: conflict });
          }
        });
      });
    }
    const def = group.defaultRule;
    if (def) {
      this.scoped(() =>
        this.inBlock(() => {
          this.emit({ op: 'isUndefined', src: result });
          this.term(def.rule.head.value ?? TRUE, (val) => this.emit({ op: 'assign', src: val, target: result }));
        }),
      );
    }
  }

  /** Inserts a value at a (possibly nested) key path of a partial object rule's document. */
  protected headObject(result: Local, keys: Term[], value: Term, conflict: number): void {
    this.terms(keys, (ks) =>
      this.term(value, (val) => {
        if (ks.length === 1) {
          this.emit({ op: 'objectInsertOnce', object: result, key: ks[0], value: val, error: conflict });
          return;
        }
        // Nested ref heads (`p[x].y := v`): build {y: v} and merge it into p[x].
        let inner: Operand = val;
        for (let i = ks.length - 1; i >= 1; i--) {
          const o = this.newLocal();
          this.emit({ op: 'make', kind: 'object', target: o });
          this.emit({ op: 'objectInsert', object: o, key: ks[i], value: inner });
          inner = { local: o };
        }
        const existing = this.newLocal();
        const merged = this.newLocal();
        this.emit({ op: 'block', body: this.collect(() => this.emit({ op: 'dot', src: { local: result }, key: ks[0], target: existing })) });
        this.emit({ op: 'merge', a: { local: existing }, b: inner, target: merged });
        this.emit({ op: 'objectInsert', object: result, key: ks[0], value: { local: merged } });
      }),
    );
  }

  /**
   * Adds a member to the set at a key path of a multi-value rule's object (`p[x][y] contains z`), making the
   * objects and the set on the way. They are made by this rule group alone, so adding in place is safe; a key
   * another rule of the group gave a value of a different kind leaves this member out.
   */
  protected headSetMember(result: Local, keys: Term[], member: Term): void {
    this.terms(keys, (ks) =>
      this.term(member, (m) => {
        let cur = result;
        ks.forEach((k, i) => {
          const last = i === ks.length - 1;
          const next = this.newLocal();
          this.emit({ op: 'block', body: [{ op: 'dot', src: { local: cur }, key: k, target: next }] });
          this.emit({
            op: 'block',
            body: [
              { op: 'isUndefined', src: next },
              { op: 'make', kind: last ? 'set' : 'object', target: next },
              { op: 'objectInsert', object: cur, key: k, value: { local: next } },
            ],
          });
          this.emit({ op: 'isType', src: { local: next }, type: last ? 'set' : 'object' });
          cur = next;
        });
        this.emit({ op: 'setAdd', set: cur, value: m });
      }),
    );
  }

  /** Function arguments are patterns: unify each parameter with its head argument. */
  protected bindParams(args: Term[], cont: Cont, i = 0): void {
    if (i === args.length) return cont();
    this.unifyOperand(args[i], { local: 2 + i }, () => this.bindParams(args, cont, i + 1));
  }

}
