/**
 * Safety: orders the literals of every body so that each variable is bound before it is used, and reports
 * `rego_unsafe_var_error` for variables nothing can bind. A literal's inputs and outputs depend on what is
 * already bound, so the order is found greedily, keeping the author's order wherever it is already safe.
 */
import type { Body, Literal, Term, VarTerm } from '../1-parse/ast.js';
import { lookupBuiltin } from '../builtins/index.js';
import type { DiagnosticBag } from '../source.js';
import { findNode, type TreeNode } from './tree.js';
import { forEachVar, forEachVarInLiteral } from './walk.js';

const GLOBALS = new Set(['input', 'data']);

interface Effect {
  needs: Map<string, VarTerm>;
  binds: Set<string>;
}

const none = (): Effect => ({ needs: new Map(), binds: new Set() });

function merge(into: Effect, from: Effect): Effect {
  for (const [k, v] of from.needs) if (!into.needs.has(k)) into.needs.set(k, v);
  for (const b of from.binds) into.binds.add(b);
  return into;
}

export class Safety {
  constructor(
    private readonly root: TreeNode,
    private readonly diags: DiagnosticBag,
  ) {}

  /**
   * Orders `body` given the variables bound before it; returns the ordered body and the variables bound after.
   * `outer` holds the variables of enclosing scopes, so closures know which of their variables are captured.
   */
  order(body: Body, bound: Set<string>): { body: Body; bound: Set<string> } {
    const previousOuter = this.pendingOuter;
    const previousAssigned = this.assignedOuter;
    const outer = new Set([...(previousOuter ?? []), ...bound]);
    const assigned = new Set(previousAssigned);
    for (const lit of body) {
      forEachVarInLiteral(lit, (v) => outer.add(v.name), false);
      const e = lit.expr;
      if (e.kind === 'term' && e.term.kind === 'call' && e.term.operator === 'assign') forEachVar(e.term.args[0], (v) => assigned.add(v.name));
    }
    this.pendingOuter = outer;
    this.assignedOuter = assigned;
    try {
      return this.orderWithin(body, bound);
    } finally {
      this.pendingOuter = previousOuter;
      this.assignedOuter = previousAssigned;
    }
  }

  private orderWithin(body: Body, bound: Set<string>): { body: Body; bound: Set<string> } {
    const b = new Set(bound);
    const occurrences = countOccurrences(body);
    const remaining = [...body];
    const out: Literal[] = [];
    while (remaining.length > 0) {
      let progressed = false;
      for (let i = 0; i < remaining.length; i++) {
        const lit = remaining[i];
        const eff = this.literal(lit, b, occurrences);
        const missing = [...eff.needs.keys()].filter((n) => !b.has(n) && !GLOBALS.has(n));
        if (missing.length > 0) continue;
        remaining.splice(i, 1);
        for (const x of eff.binds) b.add(x);
        out.push(this.orderClosures(lit, b));
        progressed = true;
        break;
      }
      if (!progressed) {
        const reported = new Set<string>();
        for (const lit of remaining) {
          const eff = this.literal(lit, b, occurrences);
          for (const [name, v] of eff.needs) {
            if (b.has(name) || GLOBALS.has(name) || reported.has(name)) continue;
            reported.add(name);
            this.diags.add('rego_unsafe_var_error', `var ${displayName(name)} is unsafe`, v.span);
          }
        }
        if (reported.size === 0) this.diags.add('rego_unsafe_var_error', 'body cannot be ordered safely', remaining[0].span);
        out.push(...remaining);
        break;
      }
    }
    return { body: out, bound: b };
  }

  /** Reports head variables that the body does not bind. */
  checkBound(terms: Term[], bound: Set<string>): void {
    for (const t of terms) {
      forEachVar(t, (v) => {
        if (!bound.has(v.name) && !GLOBALS.has(v.name)) {
          this.diags.add('rego_unsafe_var_error', `var ${displayName(v.name)} is unsafe`, v.span);
          bound.add(v.name);
        }
      });
    }
  }

  /** Orders the bodies of the closures (comprehensions, `every`) inside a literal, given what is bound around them. */
  private orderClosures(lit: Literal, bound: Set<string>): Literal {
    const fix = (t: Term): Term => this.closureTerm(t, bound);
    const e = lit.expr;
    const withs = lit.with.map((w) => ({ ...w, value: fix(w.value) }));
    switch (e.kind) {
      case 'term':
        return { ...lit, with: withs, expr: { ...e, term: fix(e.term) } };
      case 'somein':
        return { ...lit, with: withs, expr: { ...e, collection: fix(e.collection) } };
      case 'every': {
        const inner = new Set(bound);
        if (e.key) inner.add(e.key.name);
        inner.add(e.value.name);
        return { ...lit, with: withs, expr: { ...e, domain: fix(e.domain), body: this.order(e.body, inner).body } };
      }
      default:
        return { ...lit, with: withs };
    }
  }

  private closureTerm(t: Term, bound: Set<string>): Term {
    const f = (x: Term) => this.closureTerm(x, bound);
    switch (t.kind) {
      case 'ref':
        return { ...t, head: f(t.head), path: t.path.map(f) };
      case 'array':
      case 'set':
        return { ...t, items: t.items.map(f) };
      case 'object':
        return { ...t, items: t.items.map(([k, v]) => [f(k), f(v)] as [Term, Term]) };
      case 'call':
        return { ...t, args: t.args.map(f) };
      case 'arraycompr':
      case 'setcompr': {
        const r = this.order(t.body, bound);
        this.checkBound([t.term], new Set(r.bound));
        return { ...t, body: r.body, term: this.closureTerm(t.term, r.bound) };
      }
      case 'objectcompr': {
        const r = this.order(t.body, bound);
        this.checkBound([t.key, t.value], new Set(r.bound));
        return { ...t, body: r.body, key: this.closureTerm(t.key, r.bound), value: this.closureTerm(t.value, r.bound) };
      }
      default:
        return t;
    }
  }

  private literal(lit: Literal, bound: Set<string>, occurrences: Map<string, number>): Effect {
    const eff = this.expression(lit, bound);
    for (const w of lit.with) {
      // A builtin named as a replacement (`with f as count`) is a function, not a variable.
      if (w.value.kind === 'var' && lookupBuiltin(w.value.name)) continue;
      merge(eff, { needs: this.value(w.value, bound).needs, binds: new Set() });
    }
    if (!lit.negated) return eff;
    // Inside `not`, variables that occur nowhere else in the body are local to the negation; the others must be bound.
    const needs = new Map(eff.needs);
    forEachVarInLiteral(lit, (v) => {
      if (eff.binds.has(v.name) && (occurrences.get(v.name) ?? 0) > 1 && !needs.has(v.name)) needs.set(v.name, v);
    });
    return { needs, binds: new Set() };
  }

  private expression(lit: Literal, bound: Set<string>): Effect {
    const e = lit.expr;
    switch (e.kind) {
      case 'some':
        return none();
      case 'somein': {
        const eff = this.value(e.collection, bound);
        for (const p of [e.key, e.value]) if (p) merge(eff, this.pattern(p, bound));
        return eff;
      }
      case 'every':
        return merge(this.value(e.domain, bound), this.closure(e.body, bound, [e.key?.name, e.value.name]));
      case 'term':
        return this.top(e.term, bound);
    }
  }

  /** A term used as a whole expression: unification, assignment, calls with an output argument, or a plain value. */
  private top(t: Term, bound: Set<string>): Effect {
    if (t.kind === 'call') {
      if ((t.operator === 'eq' || t.operator === 'assign') && t.args.length === 2) return this.unify(t.args[0], t.args[1], bound);
      const arity = this.arityOf(t.operator);
      if (arity !== undefined && t.args.length === arity + 1) {
        const eff = none();
        for (const a of t.args.slice(0, arity)) merge(eff, this.value(a, bound));
        return merge(eff, this.pattern(t.args[arity], bound));
      }
    }
    return this.value(t, bound);
  }

  arityOf(operator: string): number | undefined {
    if (operator.startsWith('data.')) {
      const node = findNode(this.root, operator.split('.').slice(1));
      return node?.group?.kind === 'function' ? node.group.arity : undefined;
    }
    return lookupBuiltin(operator)?.arity;
  }

  private unify(a: Term, b: Term, bound: Set<string>): Effect {
    const free = (t: Term) => t.kind === 'var' && !bound.has(t.name) && !GLOBALS.has(t.name);
    if (free(a) && free(b)) {
      const v = a as VarTerm;
      return { needs: new Map([[v.name, v]]), binds: new Set() };
    }
    if (free(a)) return merge(this.value(b, bound), { needs: new Map(), binds: new Set([(a as VarTerm).name]) });
    if (free(b)) return merge(this.value(a, bound), { needs: new Map(), binds: new Set([(b as VarTerm).name]) });
    if (a.kind === 'array' && b.kind === 'array' && a.items.length === b.items.length) {
      const eff = none();
      a.items.forEach((x, i) => merge(eff, this.unify(x, b.items[i], bound)));
      return settle(eff);
    }
    if (a.kind === 'object' && b.kind === 'object' && a.items.length === b.items.length) {
      const eff = none();
      a.items.forEach(([k, v], i) => {
        merge(eff, this.value(k, bound));
        merge(eff, this.value(b.items[i][0], bound));
        merge(eff, this.unify(v, b.items[i][1], bound));
      });
      return settle(eff);
    }
    const va = this.value(a, bound);
    const vb = this.value(b, bound);
    if (isPattern(a) && va.needs.size > 0) return merge(this.pattern(a, bound), vb);
    if (isPattern(b) && vb.needs.size > 0) return merge(this.pattern(b, bound), va);
    return merge(va, vb);
  }

  /** A pattern binds its free variables; the non-pattern parts inside it are values. */
  private pattern(t: Term, bound: Set<string>): Effect {
    if (t.kind === 'var') return bound.has(t.name) || GLOBALS.has(t.name) ? none() : { needs: new Map(), binds: new Set([t.name]) };
    if (t.kind === 'array') return t.items.reduce((eff, x) => merge(eff, this.pattern(x, bound)), none());
    if (t.kind === 'object') {
      return t.items.reduce((eff, [k, v]) => merge(merge(eff, this.value(k, bound)), this.pattern(v, bound)), none());
    }
    return this.value(t, bound);
  }

  /** A term that is evaluated: its variables must be bound, except unbound ref keys, which iterate and bind. */
  value(t: Term, bound: Set<string>): Effect {
    switch (t.kind) {
      case 'var':
        return bound.has(t.name) || GLOBALS.has(t.name) ? none() : { needs: new Map([[t.name, t]]), binds: new Set() };
      case 'ref': {
        const eff = this.value(t.head, bound);
        for (const p of t.path) {
          if (p.kind === 'var' && !bound.has(p.name)) eff.binds.add(p.name);
          else merge(eff, p.kind === 'array' || p.kind === 'object' ? this.pattern(p, bound) : this.value(p, bound));
        }
        return settle(eff);
      }
      case 'array':
      case 'set':
        return settle(t.items.reduce((eff, x) => merge(eff, this.value(x, bound)), none()));
      case 'object':
        return settle(t.items.reduce((eff, [k, v]) => merge(merge(eff, this.value(k, bound)), this.value(v, bound)), none()));
      case 'call':
        return settle(t.args.reduce((eff, x) => merge(eff, this.value(x, bound)), none()));
      case 'arraycompr':
      case 'setcompr':
      case 'objectcompr':
        return this.closure(t.body, bound, [], t);
      default:
        return none();
    }
  }

  /**
   * A closure (comprehension or `every` body) needs the enclosing variables it captures. A variable is captured
   * if it is already bound around it; other variables are local to the closure.
   */
  private closure(body: Body, bound: Set<string>, locals: Array<string | undefined>, term?: Term): Effect {
    const eff = none();
    const seen = (v: VarTerm) => {
      if (locals.includes(v.name)) return;
      if (this.pendingOuter?.has(v.name) && !bound.has(v.name) && !this.assignedOuter.has(v.name)) eff.needs.set(v.name, v);
    };
    for (const lit of body) forEachVarInLiteral(lit, seen, true);
    if (term) forEachVar(term, seen, true);
    return eff;
  }

  /** Variables of the body currently being ordered that occur outside closures (set by the caller). */
  pendingOuter?: Set<string>;
  /** Variables the enclosing bodies declare with `:=`: until bound, a closure's same-named variable is its own. */
  private assignedOuter = new Set<string>();
}

function settle(eff: Effect): Effect {
  for (const b of eff.binds) eff.needs.delete(b);
  return eff;
}

function isPattern(t: Term): boolean {
  if (t.kind === 'var') return true;
  if (t.kind === 'array') return t.items.some(isPattern);
  if (t.kind === 'object') return t.items.some(([, v]) => isPattern(v));
  return false;
}

function countOccurrences(body: Body): Map<string, number> {
  const counts = new Map<string, number>();
  for (const lit of body) {
    const seen = new Set<string>();
    forEachVarInLiteral(lit, (v) => seen.add(v.name), false);
    for (const n of seen) counts.set(n, (counts.get(n) ?? 0) + 1);
  }
  return counts;
}

export function displayName(name: string): string {
  return name.startsWith('_$') ? '_' : name;
}
