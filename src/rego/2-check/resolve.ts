/**
 * Name resolution: rewrites every reference to a rule, an import or a function into a full `data` reference,
 * and gives each wildcard `_` a fresh name. Variables that name nothing else are local variables.
 */
import type { Body, CallTerm, Import, Literal, Module, RefTerm, Rule, Term, VarTerm } from '../1-parse/ast.js';
import { lookupBuiltin } from '../builtins/index.js';
import type { DiagnosticBag, Span } from '../source.js';
import { findNode, type TreeNode } from './tree.js';
import { mapTerm } from './walk.js';

interface Scope {
  /** Names declared local in this body or an enclosing one (`some`, `:=`, function arguments, `every`). */
  locals: Set<string>;
}

export class Resolver {
  private wildcard = 0;
  private aliases = new Map<string, Term>();
  private pkg: string[] = [];

  constructor(
    private readonly root: TreeNode,
    /** First names of the rules of each package (key: package path joined by '.'). */
    private readonly ruleNames: Map<string, Set<string>>,
    private readonly diags: DiagnosticBag,
  ) {}

  resolveModule(mod: Module): void {
    this.pkg = mod.package.path;
    this.aliases = new Map();
    for (const imp of mod.imports) this.addImport(imp);
    mod.rules = mod.rules.map((r) => this.resolveRule(r));
  }

  /** Resolves a query (a top-level body) against a package context (none: only `data`/`input` refs). */
  resolveQuery(body: Body, pkg: string[] = []): Body {
    this.pkg = pkg;
    this.aliases = new Map();
    return this.resolveBody(body, { locals: new Set() });
  }

  private addImport(imp: Import): void {
    const path = imp.path;
    const head = path.kind === 'var' ? path.name : path.head.kind === 'var' ? path.head.name : '';
    if (head === 'rego' || head === 'future') return;
    if (head !== 'data' && head !== 'input') {
      this.diags.add('rego_compile_error', `invalid import: must begin with input or data`, imp.span);
      return;
    }
    let alias = imp.alias;
    if (!alias) {
      if (path.kind === 'var') alias = path.name;
      else {
        const last = path.path[path.path.length - 1];
        alias = last?.kind === 'string' ? last.value : head;
      }
    }
    this.aliases.set(alias, path);
  }

  private resolveRule(rule: Rule): Rule {
    const scope: Scope = { locals: new Set() };
    for (const a of rule.head.args ?? []) collectVars(a, scope.locals);
    declare(rule.body, scope.locals);
    const head = { ...rule.head };
    // The first operand of the head is the rule's own name: never resolved.
    head.ref = [head.ref[0], ...head.ref.slice(1).map((t) => this.term(t, scope))];
    if (head.args) head.args = head.args.map((t) => this.term(t, scope));
    if (head.key) head.key = this.term(head.key, scope);
    if (head.value) head.value = this.term(head.value, scope);
    const body = this.resolveBody(rule.body, scope, true);
    const elses = rule.else.map((e) => {
      const s: Scope = { locals: new Set(scope.locals) };
      declare(e.body, s.locals);
      return { ...e, value: this.term(e.value, s), body: this.resolveBody(e.body, s, true) };
    });
    return { ...rule, head, body, else: elses };
  }

  private resolveBody(body: Body, outer: Scope, declared = false): Body {
    const scope: Scope = declared ? outer : { locals: new Set(outer.locals) };
    if (!declared) declare(body, scope.locals);
    return body.map((lit) => this.literal(lit, scope));
  }

  private literal(lit: Literal, scope: Scope): Literal {
    const e = lit.expr;
    const withs = lit.with.map((w) => ({
      ...w,
      target: this.withTarget(w.target, scope),
      value: builtinName(w.value) ?? this.term(w.value, scope, true),
    }));
    switch (e.kind) {
      case 'term':
        return { ...lit, with: withs, expr: { ...e, term: this.term(e.term, scope) } };
      case 'some':
        return { ...lit, with: withs };
      case 'somein':
        return {
          ...lit,
          with: withs,
          expr: {
            ...e,
            key: e.key && this.term(e.key, scope),
            value: this.term(e.value, scope),
            collection: this.term(e.collection, scope),
          },
        };
      case 'every': {
        const inner: Scope = { locals: new Set(scope.locals) };
        if (e.key) inner.locals.add(e.key.name);
        inner.locals.add(e.value.name);
        return {
          ...lit,
          with: withs,
          expr: { ...e, domain: this.term(e.domain, scope), body: this.resolveBody(e.body, inner) },
        };
      }
    }
  }

  private withTarget(t: RefTerm | VarTerm, scope: Scope): RefTerm | VarTerm {
    if (t.kind === 'var' && (t.name === 'input' || t.name === 'data')) return t;
    // A builtin as the target of `with` stays a (dotted) name, unless a rule or import shadows it: the planner
    // replaces calls to it.
    const builtin = builtinName(t);
    if (builtin && !(t.kind === 'var' ? this.resolveName(t.name, t.span, scope) : this.aliases.has(dottedName(t)!.split('.')[0]))) return builtin;
    const r = this.term(t, scope);
    if (r.kind === 'ref' || r.kind === 'var') return r;
    return t;
  }

  /** Resolves a name to the term it stands for, or undefined if it is a local variable. */
  private resolveName(name: string, span: Span, scope: Scope): Term | undefined {
    if (scope.locals.has(name) || name === 'input' || name === 'data') return undefined;
    const alias = this.aliases.get(name);
    if (alias) return retarget(alias, span);
    if (this.ruleNames.get(this.pkg.join('.'))?.has(name)) return dataRef([...this.pkg, name], span);
    return undefined;
  }

  term(t: Term, scope: Scope, withValue = false): Term {
    return mapTerm(
      t,
      (x) => {
        if (x.kind === 'var') {
          if (x.name === '_') return { ...x, name: `_$${++this.wildcard}` };
          if (withValue && lookupBuiltin(x.name) && !this.resolveName(x.name, x.span, scope)) return x;
          return this.resolveName(x.name, x.span, scope);
        }
        if (x.kind === 'ref' && x.head.kind === 'var') {
          const head = this.resolveName(x.head.name, x.head.span, scope);
          const path = x.path.map((p) => this.term(p, scope));
          if (!head) return { ...x, path };
          if (head.kind === 'ref') return { ...x, head: head.head, path: [...head.path, ...path] };
          return { ...x, head, path };
        }
        if (x.kind === 'call') return this.call(x, scope);
        if (x.kind === 'arraycompr' || x.kind === 'setcompr' || x.kind === 'objectcompr') {
          const inner: Scope = { locals: new Set(scope.locals) };
          declare(x.body, inner.locals);
          const body = x.body.map((l) => this.literal(l, inner));
          if (x.kind === 'objectcompr') return { ...x, key: this.term(x.key, inner), value: this.term(x.value, inner), body };
          return { ...x, term: this.term(x.term, inner), body };
        }
        return undefined;
      },
      (b) => b,
    );
  }

  private call(c: CallTerm, scope: Scope): Term {
    if (c.operator === 'print' && !this.ruleNames.get(this.pkg.join('.'))?.has('print')) return this.print(c, scope);
    const args = c.args.map((a) => this.term(a, scope));
    const operator = this.resolveOperator(c.operator, c.operatorSpan, scope);
    this.checkArity(operator, c);
    return { ...c, operator, args };
  }

  /**
   * `print(a, b)` becomes `internal.print([{v | v = a}, {v | v = b}])`: each operand as the set of its values, so
   * an undefined operand prints as `<undefined>` instead of making the whole print undefined (as in OPA).
   */
  private print(c: CallTerm, scope: Scope): Term {
    const operands: Term[] = c.args.map((arg) => {
      const v: VarTerm = { kind: 'var', name: `__print${++this.wildcard}`, span: arg.span };
      const eq: Term = { kind: 'call', operator: 'eq', operatorSpan: arg.span, args: [v, arg], span: arg.span };
      return { kind: 'setcompr', term: v, body: [{ negated: false, with: [], expr: { kind: 'term', term: eq, span: arg.span }, span: arg.span }], span: arg.span };
    });
    const array: Term = { kind: 'array', items: operands, span: c.span };
    return this.term({ ...c, operator: 'internal.print', args: [array] }, scope);
  }

  /** A call gives its function's arguments, and may add one more: the variable its result is unified with. */
  private checkArity(operator: string, c: CallTerm): void {
    let arity: number | undefined;
    if (operator.startsWith('data.')) {
      const group = findNode(this.root, operator.split('.').slice(1))?.group;
      arity = group?.kind === 'function' ? group.arity : undefined;
    } else arity = lookupBuiltin(operator)?.arity;
    if (arity === undefined || c.args.length === arity || c.args.length === arity + 1) return;
    const name = operator.startsWith('data.') ? operator.slice('data.'.length) : c.operator;
    const want = arity === 1 ? '1 argument' : `${arity} arguments`;
    this.diags.add('rego_type_error', `${name}: arity mismatch: have ${c.args.length} arguments, want ${want}`, c.operatorSpan);
  }

  private resolveOperator(op: string, span: Span, scope: Scope): string {
    const parts = op.split('.');
    if (parts[0] === 'data') return op;
    if (!scope.locals.has(parts[0])) {
      const alias = this.aliases.get(parts[0]);
      if (alias && alias.kind === 'ref' && alias.head.kind === 'var' && alias.head.name === 'data') {
        const base = alias.path.map((p) => (p.kind === 'string' ? p.value : '?'));
        return ['data', ...base, ...parts.slice(1)].join('.');
      }
      const pkgNode = findNode(this.root, this.pkg);
      const node = findNode(pkgNode ?? this.root, parts);
      if (pkgNode && node?.group) return ['data', ...this.pkg, ...parts].join('.');
    }
    if (lookupBuiltin(op)) return op;
    this.diags.add('rego_type_error', `undefined function ${op}`, span);
    return op;
  }
}

/** `count` or `object.union_n` written as a term: the dotted name, if it names a builtin. */
function dottedName(t: Term): string | undefined {
  if (t.kind === 'var') return t.name;
  if (t.kind === 'ref' && t.head.kind === 'var' && t.path.every((p) => p.kind === 'string')) {
    return [t.head.name, ...t.path.map((p) => (p as { value: string }).value)].join('.');
  }
  return undefined;
}

/** A term spelling a builtin's name becomes a var of that (dotted) name: `with f as count`. */
function builtinName(t: Term): VarTerm | undefined {
  const name = dottedName(t);
  return name && name !== 'input' && name !== 'data' && lookupBuiltin(name) ? { kind: 'var', name, span: t.span } : undefined;
}

function dataRef(path: string[], span: Span): RefTerm {
  return {
    kind: 'ref',
    head: { kind: 'var', name: 'data', span },
    path: path.map((value) => ({ kind: 'string', value, span })),
    span,
  };
}

/** A copy of an import's term located at its use. */
function retarget(t: Term, span: Span): Term {
  return mapTerm(t, (x) => (x.kind === 'var' || x.kind === 'string' ? { ...x, span } : undefined), (b) => b) as Term;
}

/** Names a body declares as local: `some x`, `x := ...` and `some x in xs` (not inside nested closures). */
function declare(body: Body, out: Set<string>): void {
  for (const lit of body) {
    const e = lit.expr;
    if (e.kind === 'some') for (const v of e.vars) out.add(v.name);
    else if (e.kind === 'somein') {
      if (e.key) collectVars(e.key, out);
      collectVars(e.value, out);
    } else if (e.kind === 'term' && e.term.kind === 'call' && e.term.operator === 'assign') {
      collectVars(e.term.args[0], out);
    }
  }
}

function collectVars(t: Term, out: Set<string>): void {
  if (t.kind === 'var') out.add(t.name);
  else if (t.kind === 'array' || t.kind === 'set') t.items.forEach((x) => collectVars(x, out));
  else if (t.kind === 'object') t.items.forEach(([, v]) => collectVars(v, out));
}
