// Counting a scan as it goes: totals per policy and per namespace, and the most important findings, all in
// memory bounded by the number of policies and namespaces, never by the number of objects.
import { SEVERITIES } from '../engine/catalog.js';
import type { Engine, Severity } from '../engine/index.js';
import { findingRank, FINDING_RANKS, RankedKeeper } from './ranked.js';
import type { Finding, NamespaceTotals, PolicyTotals, ScannedObject, ScanSummary } from './types.js';

export const DEFAULT_TOP_FINDINGS = 50;

export class ScanAggregator {
  private readonly policies = new Map<string, PolicyTotals>();
  private readonly namespaces = new Map<string, NamespaceTotals>();
  private readonly top: RankedKeeper<Finding>;
  private objects = 0;
  private evaluated = 0;
  private exempt = 0;
  private wouldDeny = 0;
  private findings = 0;

  constructor(engine: Engine, topFindings = DEFAULT_TOP_FINDINGS) {
    const modes = new Map(engine.settings().map((s) => [s.id, s.mode]));
    for (const p of engine.bundle.catalog.policies) {
      this.policies.set(p.id, { id: p.id, title: p.title, severity: p.severity, mode: modes.get(p.id) ?? 'enforce', evaluated: 0, deny: 0, warn: 0, error: 0, wouldDeny: 0 });
    }
    this.top = new RankedKeeper(topFindings, FINDING_RANKS);
  }

  add(o: ScannedObject): void {
    this.objects++;
    const ns = this.namespace(o.resource.namespace ?? '');
    ns.objects++;
    if (o.decision.exemption) this.exempt++;
    if (o.decision.evaluated) this.evaluated++;
    if (!o.decision.allowed) (this.wouldDeny++, ns.wouldDeny++);
    for (const p of o.decision.policies) {
      const totals = this.policies.get(p.id);
      if (totals) totals.evaluated++;
    }
    for (const f of o.findings) {
      this.findings++;
      const totals = this.policies.get(f.policy);
      if (totals) {
        totals[f.result]++;
        if (f.wouldDeny) totals.wouldDeny++;
      }
      if (f.result === 'warn') ns.warn++;
      else ns.bySeverity[f.severity]++;
      this.top.add(f, findingRank(f));
    }
  }

  /** The most important findings kept (most important first) and how many others there were. */
  topFindings(): { findings: Finding[]; more: number } {
    return { findings: this.top.items(), more: this.top.dropped };
  }

  summary(extra: Pick<ScanSummary, 'notes' | 'durationMs' | 'bundle'>): ScanSummary {
    return {
      objects: this.objects,
      evaluated: this.evaluated,
      exempt: this.exempt,
      wouldDeny: this.wouldDeny,
      findings: this.findings,
      policies: [...this.policies.values()].sort(worstPolicyFirst),
      namespaces: [...this.namespaces.values()].sort(worstNamespaceFirst),
      ...extra,
    };
  }

  private namespace(name: string): NamespaceTotals {
    let t = this.namespaces.get(name);
    if (!t) {
      t = { namespace: name, objects: 0, wouldDeny: 0, bySeverity: Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>, warn: 0 };
      this.namespaces.set(name, t);
    }
    return t;
  }
}

const severityRank = (s: Severity) => SEVERITIES.indexOf(s);

/** What would be denied first, then by severity, then by the number of objects in violation. */
function worstPolicyFirst(a: PolicyTotals, b: PolicyTotals): number {
  return (
    b.wouldDeny - a.wouldDeny ||
    Number(b.deny + b.error > 0) - Number(a.deny + a.error > 0) ||
    severityRank(a.severity) - severityRank(b.severity) ||
    b.deny + b.error - (a.deny + a.error) ||
    b.warn - a.warn ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** Most objects that would be denied, then the most findings of the most severe level, level by level. */
function worstNamespaceFirst(a: NamespaceTotals, b: NamespaceTotals): number {
  if (b.wouldDeny !== a.wouldDeny) return b.wouldDeny - a.wouldDeny;
  for (const s of SEVERITIES) if (b.bySeverity[s] !== a.bySeverity[s]) return b.bySeverity[s] - a.bySeverity[s];
  return b.warn - a.warn || (a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : 0);
}
