// The label sets of Verdict's metric families, in one place, so every family names a dimension the same way.

/** verdict_admission_requests_total: one series per endpoint, operation, kind and outcome. */
export interface DecisionLabels {
  endpoint: 'validate' | 'mutate';
  operation: string;
  /** `Pod`, `apps/Deployment`: the group is kept so that same-named kinds of different groups stay apart. */
  kind: string;
  /** allowed, denied, warned, patched, error; `exempt` when an exemption skipped evaluation. */
  decision: string;
}

export interface PolicyLabels {
  policy: string;
  mode: string;
}

export interface PolicyErrorLabels {
  policy: string;
  code: string;
}

/** verdict_audit_violations: objects in violation at the last periodic scan, per policy and namespace. */
export interface AuditViolationLabels {
  policy: string;
  /** "" for cluster-scoped objects. */
  namespace: string;
  severity: string;
}

export function kindLabel(kind: { group?: string; kind?: string } | undefined): string {
  const k = kind?.kind ?? '';
  return kind?.group ? `${kind.group}/${k}` : k;
}
