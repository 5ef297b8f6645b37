/**
 * The check phase: merge modules into one rule tree, resolve names, order bodies for safety, reject recursion.
 * Its output is what the planner lowers; every problem found is reported at once.
 */
import type { Body, Module, Rule, Term } from '../1-parse/ast.js';
import { DiagnosticBag } from '../source.js';
import { checkRecursion } from './recursion.js';
import { Resolver } from './resolve.js';
import { Safety } from './safety.js';
import { buildTree, type RuleGroup, type TreeNode } from './tree.js';
import { isGround } from '../1-parse/index.js';
import { forEachVar } from './walk.js';

export type { CheckedRule, RuleGroup, RuleKind, TreeNode } from './tree.js';
export { findNode } from './tree.js';

export interface CheckedProgram {
  root: TreeNode;
  groups: RuleGroup[];
  modules: Module[];
  /** Orders a query body (already resolved) for safety; used for entrypoint and ad-hoc queries. */
  checkQuery(body: Body, pkg?: string[]): Body;
}

export function check(modules: Module[]): CheckedProgram {
  const diags = new DiagnosticBag();
  const first = buildTree(modules, diags);
  const ruleNames = new Map<string, Set<string>>();
  for (const mod of modules) {
    const key = mod.package.path.join('.');
    const names = ruleNames.get(key) ?? new Set<string>();
    for (const r of mod.rules) {
      const head = r.head.ref[0];
      if (head.kind === 'var') names.add(head.name);
    }
    ruleNames.set(key, names);
  }
  const resolver = new Resolver(first.root, ruleNames, diags);
  for (const mod of modules) resolver.resolveModule(mod);
  const { root, groups } = buildTree(modules, new DiagnosticBag());
  const safety = new Safety(root, diags);
  for (const g of groups) {
    for (const r of [...g.rules, ...(g.defaultRule ? [g.defaultRule] : [])]) {
      const rule = r.rule.default ? r.rule : hoistHeadTerms(r.rule);
      const initial = new Set<string>();
      for (const a of rule.head.args ?? []) forEachVar(a, (v) => initial.add(v.name));
      const ordered = safety.order(rule.body, initial);
      const headTerms = [...r.dynamic, ...(rule.head.key ? [rule.head.key] : []), ...(rule.head.value ? [rule.head.value] : [])];
      safety.checkBound(headTerms, new Set(ordered.bound));
      const elses = rule.else.map((e) => {
        const o = safety.order(e.body, initial);
        safety.checkBound([e.value], o.bound);
        return { ...e, body: o.body };
      });
      r.rule = { ...rule, body: ordered.body, else: elses };
    }
  }
  checkRecursion(root, groups, diags);
  diags.throwIfAny();
  return {
    root,
    groups,
    modules,
    checkQuery(body: Body, pkg: string[] = []): Body {
      const qdiags = new DiagnosticBag();
      const resolved = new Resolver(root, ruleNames, qdiags).resolveQuery(body, pkg);
      const ordered = new Safety(root, qdiags).order(resolved, new Set()).body;
      qdiags.throwIfAny();
      return ordered;
    },
  };
}

let hoisted = 0;

/**
 * Moves a head value or key that must be evaluated (`q := xs[_]`, `f(x) := x + 1`) into the body as
 * `__headN = term`, so that iteration and calls in heads are planned like any other expression.
 */
function hoistHeadTerms(rule: Rule): Rule {
  const needsHoist = (t: Term | undefined): t is Term => !!t && t.kind !== 'var' && !isGround(t);
  const hoist = (t: Term, body: Body): [Term, Body] => {
    const v: Term = { kind: 'var', name: `__head${++hoisted}`, span: t.span };
    const call: Term = { kind: 'call', operator: 'eq', operatorSpan: t.span, args: [v, t], span: t.span };
    return [v, [...body, { negated: false, with: [], expr: { kind: 'term', term: call, span: t.span }, span: t.span }]];
  };
  let body = rule.body;
  const head = { ...rule.head };
  if (needsHoist(head.value)) [head.value, body] = hoist(head.value, body);
  if (needsHoist(head.key)) [head.key, body] = hoist(head.key, body);
  const elses = rule.else.map((e) => {
    if (!needsHoist(e.value)) return e;
    const [value, b] = hoist(e.value, e.body);
    return { ...e, value, body: b };
  });
  return { ...rule, head, body, else: elses };
}
