/**
 * The planner lowers checked Rego to the IR. Planning is continuation-passing: each expression is planned with
 * a callback that plans the rest of the query at the point where the expression's values are available, so
 * iteration (a `scan`) naturally encloses everything after it, as in OPA's own planner.
 */
import type { Body, CallTerm, Literal, RefTerm, Term, VarTerm, WithModifier } from '../1-parse/ast.js';
import { lookupBuiltin } from '../builtins/index.js';
import type { CheckedProgram, RuleGroup, TreeNode } from '../2-check/index.js';
import { RegoCompileError, type Span } from '../source.js';
import { ConstPool, constOf } from './consts.js';
import type { Block, Func, Local, Operand, Plan, Program, Stmt } from './ir.js';

type Cont = () => void;
type ValueCont = (op: Operand) => void;

/** A `with` context: which input/data locals are in force, and which rules and functions are replaced. */
interface Context {
  input: Operand;
  data: Operand;
  /** Generation 0 has no replacements; every `with` scope plans the rules it reaches afresh. */
  gen: number;
  /** Paths of `data` documents replaced by a value (rules there are ignored; the value is in `data`). */
  shadowed: string[][];
  /** Replaced functions: name → replacement function name, or a path in `data` holding a value. */
  functions: Map<string, { fn: string } | { valuePath: string[] }>;
}

/** The state of the function or plan being planned. */
interface Frame {
  locals: number;
  block: Block;
  vars: Map<string, Local>;
  ctx: Context;
}

const MOCK_ROOT = '$verdict_with';

export class Planner {
  readonly pool = new ConstPool();
  private readonly funcs: Func[] = [];
  private readonly plans: Plan[] = [];
  private readonly funcNames = new Map<string, string>();
  private frame!: Frame;
  private genCounter = 0;
  private memoCounter = 0;
  private mockCounter = 0;
  readonly builtinsUsed = new Set<string>();
  /** Where each builtin is first called, so a builtin Verdict cannot run is reported at its call. */
  readonly builtinSpans = new Map<string, Span>();

  constructor(private readonly program: CheckedProgram) {}

  result(): Program {
    return { consts: this.pool.consts, funcs: this.funcs, plans: this.plans };
  }

  // ---- entry points -------------------------------------------------------------------------------------

  /** A plan whose result set holds `{"result": <value of data.path>}` when the document is defined. */
  planEntrypoint(name: string, path: string[]): void {
    this.planTop(name, (input, data) => {
      const ref: RefTerm = { kind: 'ref', head: v('data'), path: path.map((p) => s(p)), span: NOWHERE };
      this.term(ref, (op) => {
        const obj = this.newLocal();
        this.emit({ op: 'make', kind: 'object', target: obj });
        this.emit({ op: 'objectInsert', object: obj, key: this.str('result'), value: op });
        this.emit({ op: 'resultAdd', value: { local: obj } });
      });
      void input;
      void data;
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

  private planTop(name: string, fn: (input: Local, data: Local) => void): void {
    const block: Block = [];
    this.frame = { locals: 2, block, vars: new Map(), ctx: rootContext() };
    fn(0, 1);
    this.plans.push({ name, locals: this.frame.locals, body: block });
  }

  // ---- rules --------------------------------------------------------------------------------------------

  /** The name of the function computing a rule group in the current context, planning it on first use. */
  private ruleFunc(group: RuleGroup): string {
    const ctx = this.frame.ctx;
    const key = `${ctx.gen}:${group.path.join('.')}`;
    const existing = this.funcNames.get(key);
    if (existing) return existing;
    const name = `g${ctx.gen}.data.${group.path.join('.')}`;
    this.funcNames.set(key, name);
    const saved = this.frame;
    const params = 2 + group.arity;
    const body: Block = [];
    this.frame = { locals: params, block: body, vars: new Map(), ctx: { ...ctx, input: { local: 0 }, data: { local: 1 } } };
    const result = this.newLocal();
    const func: Func = { name, params, locals: 0, body, result };
    if (ctx.gen === 0 && group.arity === 0) func.memoId = this.memoCounter++;
    this.planGroup(group, result);
    func.locals = this.frame.locals;
    this.funcs.push(func);
    this.frame = saved;
    return name;
  }

  private planGroup(group: RuleGroup, result: Local): void {
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
  private headObject(result: Local, keys: Term[], value: Term, conflict: number): void {
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

  /** Function arguments are patterns: unify each parameter with its head argument. */
  private bindParams(args: Term[], cont: Cont, i = 0): void {
    if (i === args.length) return cont();
    this.unifyOperand(args[i], { local: 2 + i }, () => this.bindParams(args, cont, i + 1));
  }

  // ---- bodies and literals ------------------------------------------------------------------------------

  body(lits: Body, i: number, cont: Cont): void {
    if (i === lits.length) return cont();
    this.literal(lits[i], () => this.body(lits, i + 1, cont));
  }

  private literal(lit: Literal, cont: Cont): void {
    if (lit.with.length > 0) return this.withLiteral(lit, cont);
    if (lit.negated) {
      const body = this.collect(() => this.scoped(() => this.expression(lit, () => undefined)));
      this.emit({ op: 'not', body });
      return cont();
    }
    this.expression(lit, cont);
  }

  private expression(lit: Literal, cont: Cont): void {
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

  private termExpression(t: Term, cont: Cont): void {
    if (t.kind === 'call') {
      const [a, b] = t.args;
      switch (t.operator) {
        case 'eq':
        case 'assign':
          return this.unify(a, b, cont);
        case 'equal':
          if (t.args.length === 2) return this.term(a, (x) => this.term(b, (y) => (this.emit({ op: 'equal', a: x, b: y }), cont())));
          break;
        case 'neq':
          if (t.args.length === 2) return this.term(a, (x) => this.term(b, (y) => (this.emit({ op: 'notEqual', a: x, b: y }), cont())));
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

  private withLiteral(lit: Literal, cont: Cont): void {
    const outer = this.frame.ctx;
    const next: Context = { ...outer, gen: ++this.genCounter, shadowed: [...outer.shadowed], functions: new Map(outer.functions) };
    const apply = (i: number): void => {
      if (i === lit.with.length) {
        this.frame.ctx = next;
        this.literal({ ...lit, with: [] }, () => {
          this.frame.ctx = outer;
          cont();
          this.frame.ctx = next;
        });
        this.frame.ctx = outer;
        return;
      }
      this.withModifier(lit.with[i], next, () => apply(i + 1));
    };
    apply(0);
  }

  private withModifier(w: WithModifier, next: Context, cont: Cont): void {
    const target = w.target;
    const head = target.kind === 'var' ? target.name : target.head.kind === 'var' ? target.head.name : '';
    const path = target.kind === 'ref' ? target.path.map((p) => (p.kind === 'string' ? p.value : undefined)) : [];
    if ((head === 'input' || head === 'data') && path.every((p) => p !== undefined)) {
      const keys = path as string[];
      const fnGroup = head === 'data' ? this.functionGroup(keys) : undefined;
      if (!fnGroup) {
        return this.term(w.value, (val) => {
          const base = head === 'input' ? next.input : next.data;
          const updated = this.upsert(base, keys, val);
          if (head === 'input') next.input = updated;
          else {
            next.data = updated;
            next.shadowed.push(keys);
          }
          cont();
        });
      }
      return this.withFunction('data.' + keys.join('.'), w, next, cont);
    }
    if (target.kind === 'var' && lookupBuiltin(target.name)) return this.withFunction(target.name, w, next, cont);
    throw new RegoCompileError([{ code: 'rego_compile_error', message: 'invalid with target', span: w.span }]);
  }

  private withFunction(name: string, w: WithModifier, next: Context, cont: Cont): void {
    const value = w.value;
    const replacement =
      value.kind === 'var' && lookupBuiltin(value.name)
        ? value.name
        : value.kind === 'ref' && value.head.kind === 'var' && value.head.name === 'data' && this.functionGroup(refPath(value))
          ? 'data.' + refPath(value).join('.')
          : undefined;
    if (replacement) {
      next.functions.set(name, { fn: replacement });
      return cont();
    }
    this.term(value, (val) => {
      const valuePath = [MOCK_ROOT, String(this.mockCounter++)];
      next.data = this.upsert(next.data, valuePath, val);
      next.functions.set(name, { valuePath });
      cont();
    });
  }

  private readonly derivedGens = new Map<string, number>();

  /** The context without one function replacement; the same derived generation every time it is asked for. */
  private withoutMock(ctx: Context, name: string): Context {
    const key = `${ctx.gen}-${name}`;
    let gen = this.derivedGens.get(key);
    if (gen === undefined) {
      gen = ++this.genCounter;
      this.derivedGens.set(key, gen);
    }
    const functions = new Map(ctx.functions);
    functions.delete(name);
    return { ...ctx, gen, functions };
  }

  private upsert(base: Operand, keys: string[], val: Operand): Operand {
    if (keys.length === 0) return val;
    const target = this.newLocal();
    const path = this.constOp({ kind: 'array', items: keys.map((value) => ({ kind: 'string', value })) });
    this.emit({ op: 'upsert', base, path, value: val, target });
    return { local: target };
  }

  private functionGroup(path: string[]): RuleGroup | undefined {
    let node: TreeNode | undefined = this.program.root;
    for (const k of path) node = node?.children.get(k);
    return node?.group?.kind === 'function' ? node.group : undefined;
  }

  // ---- unification --------------------------------------------------------------------------------------

  isFree(t: Term): t is VarTerm {
    return t.kind === 'var' && !this.frame.vars.has(t.name) && t.name !== 'input' && t.name !== 'data';
  }

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

  // ---- terms --------------------------------------------------------------------------------------------

  terms(ts: Term[], cont: (ops: Operand[]) => void, acc: Operand[] = []): void {
    if (acc.length === ts.length) return cont(acc);
    this.term(ts[acc.length], (op) => this.terms(ts, cont, [...acc, op]));
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
  private defined(op: Operand, cont: ValueCont): void {
    if ('local' in op) this.emit({ op: 'isDefined', src: op.local });
    cont(op);
  }

  private ref(t: RefTerm, cont: ValueCont): void {
    const head = t.head;
    if (head.kind === 'var' && head.name === 'data') return this.dataRef(t.path, 0, this.program.root, cont);
    this.term(head, (h) => this.refPath(h, t.path, 0, cont));
  }

  /** Walks the rest of a ref on a value: bound keys look up, free variables iterate. */
  private refPath(cur: Operand, path: Term[], i: number, cont: ValueCont): void {
    if (i === path.length) return cont(cur);
    const key = path[i];
    if (hasFreeVars(key, this)) {
      const k = this.newLocal();
      const val = this.newLocal();
      const body = this.collect(() => this.unifyOperand(key, { local: k }, () => this.refPath({ local: val }, path, i + 1, cont)));
      this.emit({ op: 'scan', src: cur, key: k, value: val, body });
      return;
    }
    this.term(key, (k) => {
      const target = this.newLocal();
      this.emit({ op: 'dot', src: cur, key: k, target });
      this.refPath({ local: target }, path, i + 1, cont);
    });
  }

  /** A reference into `data`: rules are called, base documents are looked up, and both merge at packages. */
  private dataRef(path: Term[], i: number, node: TreeNode, cont: ValueCont): void {
    const ctx = this.frame.ctx;
    if (this.isShadowed(node.path)) return this.refPath(ctx.data, [...node.path.map((p) => s(p)), ...path.slice(i)], 0, cont);
    if (node.group) {
      if (node.group.kind === 'function') throw internal(`function data.${node.path.join('.')} used as a value`, path[0]?.span);
      const target = this.newLocal();
      this.emit({ op: 'call', fn: this.ruleFunc(node.group), builtin: false, args: [ctx.input, ctx.data], target });
      return this.refPath({ local: target }, path, i, cont);
    }
    if (i === path.length) return this.nodeValue(node, cont);
    const key = path[i];
    const c = constOf(key);
    if (c && c.kind === 'string') {
      const childNode = node.children.get(c.value);
      if (childNode) return this.dataRef(path, i + 1, childNode, cont);
      return this.refPath(ctx.data, [...node.path.map((p) => s(p)), ...path.slice(i)], 0, cont);
    }
    // A variable (or non-string) key at a node with rules below: try every child, then the base document.
    for (const [name, childNode] of node.children) {
      if (childNode.group?.kind === 'function') continue;
      const body = this.collect(() =>
        this.scoped(() => this.unifyOperand(key, this.str(name), () => this.dataRef(path, i + 1, childNode, cont))),
      );
      this.emit({ op: 'block', body });
    }
    const base = this.collect(() =>
      this.scoped(() =>
        this.refPath(ctx.data, node.path.map((p) => s(p)), 0, (baseDoc) => {
          const k = this.newLocal();
          const val = this.newLocal();
          const body = this.collect(() => {
            if (node.children.size > 0) {
              const owned = this.constOp({ kind: 'set', items: [...node.children.keys()].map((value) => ({ kind: 'string', value })) });
              const hit = this.newLocal();
              this.emit({ op: 'not', body: [{ op: 'dot', src: owned, key: { local: k }, target: hit }] });
            }
            this.unifyOperand(key, { local: k }, () => this.refPath({ local: val }, path, i + 1, cont));
          });
          this.emit({ op: 'scan', src: baseDoc, key: k, value: val, body });
        }),
      ),
    );
    this.emit({ op: 'block', body: base });
  }

  /** The whole document at a tree node: its rules' values (functions excluded) merged over the base document. */
  private nodeValue(node: TreeNode, cont: ValueCont): void {
    const obj = this.newLocal();
    this.buildNodeObject(node, obj);
    const base = this.newLocal();
    const merged = this.newLocal();
    const ctx = this.frame.ctx;
    this.emit({
      op: 'block',
      body: this.collect(() =>
        this.refPath(ctx.data, node.path.map((p) => s(p)), 0, (b) => this.emit({ op: 'assign', src: b, target: base })),
      ),
    });
    // Where a base document and a rule give the same key a different value, the base document wins, as in OPA.
    this.emit({ op: 'merge', a: { local: obj }, b: { local: base }, target: merged });
    cont({ local: merged });
  }

  private buildNodeObject(node: TreeNode, obj: Local): void {
    this.emit({ op: 'make', kind: 'object', target: obj });
    for (const [name, c] of node.children) {
      if (this.isShadowed(c.path) || c.group?.kind === 'function') continue;
      if (c.group) {
        const v = this.newLocal();
        const ctx = this.frame.ctx;
        this.emit({
          op: 'block',
          body: [
            { op: 'call', fn: this.ruleFunc(c.group), builtin: false, args: [ctx.input, ctx.data], target: v },
            { op: 'objectInsert', object: obj, key: this.str(name), value: { local: v } },
          ],
        });
      } else {
        const sub = this.newLocal();
        this.buildNodeObject(c, sub);
        this.emit({ op: 'objectInsert', object: obj, key: this.str(name), value: { local: sub } });
      }
    }
  }

  private isShadowed(path: string[]): boolean {
    return this.frame.ctx.shadowed.some((p) => p.length <= path.length && p.every((k, i) => k === path[i]));
  }

  // ---- calls --------------------------------------------------------------------------------------------

  private arityOf(operator: string): number | undefined {
    if (operator.startsWith('data.')) return this.functionGroup(operator.split('.').slice(1))?.arity;
    return lookupBuiltin(operator)?.arity;
  }

  private call(t: CallTerm, cont: ValueCont): void {
    this.terms(t.args, (args) => this.callWith(t.operator, args, t.span, cont));
  }

  private callWith(operator: string, args: Operand[], span: Span, cont: ValueCont): void {
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
      this.emit({ op: 'call', fn: operator, builtin: true, args, target });
    }
    cont({ local: target });
  }

  // ---- helpers ------------------------------------------------------------------------------------------

  private emit(s: Stmt): void {
    this.frame.block.push(s);
  }

  private newLocal(): Local {
    return this.frame.locals++;
  }

  private constOp(c: Parameters<ConstPool['add']>[0]): Operand {
    return { const: this.pool.add(c) };
  }

  private str(value: string): Operand {
    return { const: this.pool.string(value) };
  }

  /** Plans into a fresh block and returns it. */
  private collect(fn: () => void): Block {
    const saved = this.frame.block;
    const block: Block = [];
    this.frame.block = block;
    try {
      fn();
    } finally {
      this.frame.block = saved;
    }
    return block;
  }

  private inBlock(fn: () => void): void {
    this.emit({ op: 'block', body: this.collect(fn) });
  }

  /** Variables bound inside `fn` are forgotten afterwards. */
  private scoped(fn: () => void): void {
    const saved = this.frame.vars;
    this.frame.vars = new Map(saved);
    try {
      fn();
    } finally {
      this.frame.vars = saved;
    }
  }
}

const NOWHERE: Span = { file: '', line: 0, col: 0, start: 0, end: 0 };
const TRUE: Term = { kind: 'boolean', value: true, span: NOWHERE };

function v(name: string): VarTerm {
  return { kind: 'var', name, span: NOWHERE };
}

function s(value: string): Term {
  return { kind: 'string', value, span: NOWHERE };
}

function rootContext(): Context {
  return { input: { local: 0 }, data: { local: 1 }, gen: 0, shadowed: [], functions: new Map() };
}

function refPath(t: RefTerm): string[] {
  return t.path.map((p) => (p.kind === 'string' ? p.value : '?'));
}

function hasFreeVars(t: Term, p: Planner): boolean {
  switch (t.kind) {
    case 'var':
      return p.isFree(t);
    case 'array':
    case 'set':
      return t.items.some((x) => hasFreeVars(x, p));
    case 'object':
      return t.items.some(([k, x]) => hasFreeVars(k, p) || hasFreeVars(x, p));
    default:
      return false;
  }
}

function locationOf(group: RuleGroup): string {
  const r = group.rules[0] ?? group.defaultRule;
  const sp = r?.rule.head.span;
  return sp ? `${sp.file}:${sp.line}:${sp.col}` : 'data.' + group.path.join('.');
}

function conflictMessage(group: RuleGroup): string {
  if (group.kind === 'function') return 'functions must not produce multiple outputs for same inputs';
  if (group.kind === 'object') return 'object keys must be unique';
  return 'complete rules must not produce multiple outputs';
}

function internal(message: string, span?: Span): RegoCompileError {
  return new RegoCompileError([{ code: 'rego_compile_error', message, span }]);
}
