/** Rejects recursion: a rule that depends on itself through any chain of rule references or function calls. */
import type { Body, Rule, Term } from '../1-parse/ast.js';
import type { DiagnosticBag } from '../source.js';
import type { RuleGroup, TreeNode } from './tree.js';

/** The rule groups a term or body refers to. */
export function dependencies(root: TreeNode, rule: Rule): Set<RuleGroup> {
  const deps = new Set<RuleGroup>();
  /**
   * Adds the rule groups a `data` reference can reach. Each operand of the ref is a string key, a wildcard (a
   * variable: any child), or a key no rule can own (a number): the ref only reaches rules its operands match.
   */
  const addPattern = (pattern: Array<string | null | undefined>, node: TreeNode = root, i = 0): void => {
    if (node.group) {
      deps.add(node.group);
      return;
    }
    if (i === pattern.length) return addAllBelow(node, deps);
    const key = pattern[i];
    if (key === undefined) return;
    if (key === null) for (const c of node.children.values()) addPattern(pattern, c, i + 1);
    else {
      const c = node.children.get(key);
      if (c) addPattern(pattern, c, i + 1);
    }
  };
  const addPath = (path: string[]) => addPattern(path);
  const visitTerm = (t: Term): void => {
    switch (t.kind) {
      case 'ref': {
        if (t.head.kind === 'var' && t.head.name === 'data') {
          // Rules live under string keys: a string matches its child, a variable any child, a scalar none.
          addPattern(
            t.path.map((p) =>
              p.kind === 'string' ? p.value : p.kind === 'number' || p.kind === 'boolean' || p.kind === 'null' ? undefined : null,
            ),
          );
        } else visitTerm(t.head);
        t.path.forEach(visitTerm);
        return;
      }
      case 'call':
        if (t.operator.startsWith('data.')) addPath(t.operator.split('.').slice(1));
        t.args.forEach(visitTerm);
        return;
      case 'array':
      case 'set':
        t.items.forEach(visitTerm);
        return;
      case 'object':
        t.items.forEach(([k, v]) => (visitTerm(k), visitTerm(v)));
        return;
      case 'arraycompr':
      case 'setcompr':
        visitTerm(t.term);
        visitBody(t.body);
        return;
      case 'objectcompr':
        visitTerm(t.key);
        visitTerm(t.value);
        visitBody(t.body);
        return;
      default:
        return;
    }
  };
  const visitBody = (body: Body) => {
    for (const lit of body) {
      const e = lit.expr;
      if (e.kind === 'term') visitTerm(e.term);
      else if (e.kind === 'somein') [e.key, e.value, e.collection].forEach((t) => t && visitTerm(t));
      else if (e.kind === 'every') (visitTerm(e.domain), visitBody(e.body));
      for (const w of lit.with) {
        visitTerm(w.value);
        if (w.target.kind === 'ref') visitTerm(w.target);
      }
    }
  };
  const h = rule.head;
  [...h.ref.slice(1), ...(h.args ?? []), h.key, h.value].forEach((t) => t && visitTerm(t));
  visitBody(rule.body);
  for (const e of rule.else) (visitTerm(e.value), visitBody(e.body));
  return deps;
}

function addAllBelow(node: TreeNode, out: Set<RuleGroup>): void {
  if (node.group) out.add(node.group);
  for (const c of node.children.values()) addAllBelow(c, out);
}

export function checkRecursion(root: TreeNode, groups: RuleGroup[], diags: DiagnosticBag): void {
  const edges = new Map<RuleGroup, Set<RuleGroup>>();
  for (const g of groups) {
    const deps = new Set<RuleGroup>();
    for (const r of [...g.rules, ...(g.defaultRule ? [g.defaultRule] : [])]) for (const d of dependencies(root, r.rule)) deps.add(d);
    edges.set(g, deps);
  }
  const state = new Map<RuleGroup, 'visiting' | 'done'>();
  const stack: RuleGroup[] = [];
  const reported = new Set<RuleGroup>();
  const visit = (g: RuleGroup): void => {
    state.set(g, 'visiting');
    stack.push(g);
    for (const d of edges.get(g) ?? []) {
      const s = state.get(d);
      if (s === 'visiting') {
        const cycle = stack.slice(stack.indexOf(d));
        if (!cycle.some((c) => reported.has(c))) {
          cycle.forEach((c) => reported.add(c));
          const names = [...cycle, d].map((c) => 'data.' + c.path.join('.'));
          const first = d.rules[0] ?? d.defaultRule;
          diags.add('rego_recursion_error', `rule ${names[0]} is recursive: ${names.join(' -> ')}`, first?.rule.head.span);
        }
      } else if (!s) visit(d);
    }
    stack.pop();
    state.set(g, 'done');
  };
  for (const g of groups) if (!state.has(g)) visit(g);
}
