// Which policies a request reaches: kinds and operations from the catalog, exemptions from the configuration.
import type { Exemptions, LabelSelector } from '../config/index.js';
import type { PolicyInfo } from './catalog.js';

export interface RequestFacts {
  operation: string;
  kind: { group: string; version: string; kind: string };
  namespace: string;
  username: string;
  groups: readonly string[];
  /** Labels of the object, or of the old object when there is none (DELETE). */
  labels: Readonly<Record<string, string>>;
}

export function policyMatches(p: PolicyInfo, facts: RequestFacts): boolean {
  if (p.operations.length > 0 && !(p.operations as readonly string[]).includes(facts.operation)) return false;
  if (p.kinds.length === 0) return true;
  return p.kinds.some((k) => (k.kind === '*' || k.kind === facts.kind.kind) && (k.group === '*' || k.group === facts.kind.group));
}

export interface ExemptionMatch {
  by: 'namespace' | 'user' | 'group' | 'label';
  /** The namespace, user, group or selector that matched. */
  value: string;
}

/** Exemptions with their `*` patterns compiled once, when the configuration is loaded. */
export class ExemptionMatcher {
  private readonly namespaces: Pattern[];
  private readonly users: Pattern[];
  private readonly groups: Pattern[];
  private readonly selector?: LabelSelector;

  constructor(ex: Exemptions | undefined) {
    this.namespaces = (ex?.namespaces ?? []).map(pattern);
    this.users = (ex?.users ?? []).map(pattern);
    this.groups = (ex?.groups ?? []).map(pattern);
    this.selector = ex?.labelSelector;
  }

  get empty(): boolean {
    return this.namespaces.length + this.users.length + this.groups.length === 0 && !this.selector;
  }

  match(facts: RequestFacts): ExemptionMatch | undefined {
    const ns = facts.namespace !== '' ? this.namespaces.find((p) => p.test(facts.namespace)) : undefined;
    if (ns) return { by: 'namespace', value: ns.source };
    const user = this.users.find((p) => p.test(facts.username));
    if (user) return { by: 'user', value: user.source };
    for (const g of facts.groups) {
      const group = this.groups.find((p) => p.test(g));
      if (group) return { by: 'group', value: group.source };
    }
    if (this.selector && selectorMatches(this.selector, facts.labels)) return { by: 'label', value: describeSelector(this.selector) };
    return undefined;
  }
}

interface Pattern {
  source: string;
  test(value: string): boolean;
}

/** `*` matches any run of characters; everything else is literal. */
function pattern(source: string): Pattern {
  if (!source.includes('*')) return { source, test: (v) => v === source };
  const re = new RegExp('^' + source.split('*').map(escapeRegExp).join('.*') + '$', 's');
  return { source, test: (v) => re.test(v) };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Kubernetes label selector semantics: every matchLabels pair and every expression must hold. */
export function selectorMatches(sel: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const req of sel.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, req.key);
    const values = req.values ?? [];
    switch (req.operator) {
      case 'In':
        if (!has || !values.includes(labels[req.key])) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[req.key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
    }
  }
  return true;
}

function describeSelector(sel: LabelSelector): string {
  const parts = Object.entries(sel.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const r of sel.matchExpressions ?? []) {
    if (r.operator === 'Exists') parts.push(r.key);
    else if (r.operator === 'DoesNotExist') parts.push(`!${r.key}`);
    else parts.push(`${r.key} ${r.operator.toLowerCase()} (${(r.values ?? []).join(',')})`);
  }
  return parts.join(',');
}
