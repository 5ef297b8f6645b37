/**
 * Merges the rules of every module into one tree of `data` paths. Each node may hold a rule group: all the
 * rules that define the document at that path, which must agree on their kind (complete, set, object, function).
 */
import type { Module, Rule, Term } from '../1-parse/ast.js';
import type { DiagnosticBag } from '../source.js';

export type RuleKind = 'complete' | 'set' | 'object' | 'function';

export interface CheckedRule {
  rule: Rule;
  module: Module;
  /** Head ref operands after the static path: the key of a partial object, or several for nested ref heads. */
  dynamic: Term[];
}

export interface RuleGroup {
  path: string[];
  kind: RuleKind;
  rules: CheckedRule[];
  defaultRule?: CheckedRule;
  arity: number;
  /** Multi-value (`contains`) rules; an object group holds only these or only single-value rules. */
  multiValue: boolean;
}

export interface TreeNode {
  path: string[];
  children: Map<string, TreeNode>;
  group?: RuleGroup;
  /** True when some package is declared at or below this path. */
  isPackage: boolean;
}

export function newNode(path: string[]): TreeNode {
  return { path, children: new Map(), isPackage: false };
}

export function child(node: TreeNode, key: string): TreeNode {
  let c = node.children.get(key);
  if (!c) {
    c = newNode([...node.path, key]);
    node.children.set(key, c);
  }
  return c;
}

export function findNode(root: TreeNode, path: string[]): TreeNode | undefined {
  let node: TreeNode | undefined = root;
  for (const k of path) {
    node = node.children.get(k);
    if (!node) return undefined;
  }
  return node;
}

/** The static part of a rule's path and its dynamic remainder (`p[x].y` gives [pkg.., p] and [x, "y"]). */
export function splitHead(pkg: string[], rule: Rule): { path: string[]; dynamic: Term[] } {
  const [first, ...rest] = rule.head.ref;
  const path = [...pkg, first.kind === 'var' ? first.name : String((first as { value?: unknown }).value)];
  let i = 0;
  // The last operand of a non-`contains` head that is not a plain name is a key; string operands before it extend the path.
  for (; i < rest.length; i++) {
    const t = rest[i];
    if (t.kind !== 'string') break;
    path.push(t.value);
  }
  return { path, dynamic: rest.slice(i) };
}

function kindOf(rule: Rule, dynamic: Term[]): RuleKind {
  if (rule.head.args) return 'function';
  // `p[x] contains y` defines an object whose leaves are sets, so it groups with the object rules at p.
  if (dynamic.length > 0) return 'object';
  if (rule.head.contains) return 'set';
  return 'complete';
}

export function buildTree(modules: Module[], diags: DiagnosticBag): { root: TreeNode; groups: RuleGroup[] } {
  const root = newNode([]);
  const groups: RuleGroup[] = [];
  // `p["foo"] := 1` beside `p[k] := v` is one more key of the partial object p, not a rule of its own at p.foo.
  const objectPaths = new Set<string>();
  for (const mod of modules) {
    for (const rule of mod.rules) {
      const { path, dynamic } = splitHead(mod.package.path, rule);
      if (!rule.head.args && !rule.head.contains && dynamic.length > 0) objectPaths.add(path.join('\u0000'));
    }
  }
  for (const mod of modules) {
    let pkgNode = root;
    for (const k of mod.package.path) pkgNode = child(pkgNode, k);
    pkgNode.isPackage = true;
    for (const rule of mod.rules) {
      let { path, dynamic } = splitHead(mod.package.path, rule);
      if (dynamic.length === 0 && !rule.head.args && !rule.head.contains && rule.head.ref.length > 1 && objectPaths.has(path.slice(0, -1).join('\u0000'))) {
        dynamic = [rule.head.ref[rule.head.ref.length - 1]];
        path = path.slice(0, -1);
      }
      const kind = kindOf(rule, dynamic);
      let node = root;
      for (const k of path) node = child(node, k);
      const checked: CheckedRule = { rule, module: mod, dynamic };
      const arity = rule.head.args?.length ?? 0;
      const multiValue = rule.head.contains;
      if (!node.group) {
        node.group = { path, kind, rules: [], arity, multiValue };
        groups.push(node.group);
      } else if (node.group.kind !== kind || node.group.arity !== arity || node.group.multiValue !== multiValue) {
        const what = node.group.kind === 'function' || kind === 'function' ? 'function arity or kind' : 'rule kinds';
        diags.add('rego_type_error', `conflicting rules data.${path.join('.')} found (${what} differ)`, rule.head.span);
        continue;
      }
      if (rule.default) {
        if (node.group.defaultRule) {
          diags.add('rego_type_error', `multiple default rules data.${path.join('.')} found`, rule.span);
          continue;
        }
        node.group.defaultRule = checked;
      } else node.group.rules.push(checked);
    }
  }
  // A rule whose path runs through another rule's document (p := 1 and p.q := 2) is a conflict. Rules with
  // variables in their heads (`p[x][y] contains z`) only define some keys of p, so rules below p may define others.
  for (const g of groups) {
    let node: TreeNode | undefined = root;
    for (let i = 0; i < g.path.length - 1 && node; i++) {
      node = node.children.get(g.path[i]);
      if (node?.group && node.group.kind !== 'object') {
        const r = g.rules[0] ?? g.defaultRule;
        diags.add('rego_type_error', `rule data.${g.path.join('.')} conflicts with data.${node.path.join('.')}`, r?.rule.head.span);
      }
    }
  }
  return { root, groups };
}
