// A Decision in the shape the audit writer accepts: identifiers and outcomes, never the object itself; the values
// of Secrets and ConfigMaps are listed so that the writer can scrub them from policy messages.
import type { AuditOperation, DecisionForAudit, FiredPolicyForAudit } from '../audit/record.js';
import { sensitiveValuesOf } from '../audit/redact.js';
import { firedPolicies, type AdmissionReviewLike, type Decision } from './types.js';

const OPERATIONS: ReadonlySet<string> = new Set(['CREATE', 'UPDATE', 'DELETE', 'CONNECT']);

export function decisionForAudit(d: Decision, review: AdmissionReviewLike): DecisionForAudit {
  const req = review.request;
  const kind = { group: String(req.kind?.group ?? ''), version: String(req.kind?.version ?? ''), kind: String(req.kind?.kind ?? '') };
  const policies: FiredPolicyForAudit[] = [];
  for (const p of firedPolicies(d)) {
    const base = { id: p.id, mode: p.mode, severity: p.severity, controls: p.controls };
    if (p.error) policies.push({ ...base, result: 'error', message: `${p.error.code}: ${p.error.message}` });
    if (p.deny.length > 0) policies.push({ ...base, result: 'deny', message: p.deny.join('; ') });
    if (p.warn.length > 0) policies.push({ ...base, result: 'warn', message: p.warn.join('; ') });
    if (p.patch.length > 0) policies.push({ ...base, result: 'patch', message: `${p.patch.length} operation(s)` });
  }
  const errors = d.policies.filter((p) => p.error).map((p) => `${p.id}: ${p.error!.code}`);
  return {
    requestUid: d.uid,
    source: d.origin,
    operation: (OPERATIONS.has(String(req.operation)) ? req.operation : 'CONNECT') as AuditOperation,
    kind,
    namespace: req.namespace ?? null,
    name: req.name || ((req.object ?? req.oldObject) as { metadata?: { name?: string } } | null)?.metadata?.name || null,
    userInfo: { username: String(req.userInfo?.username ?? ''), groups: req.userInfo?.groups ?? [] },
    dryRun: d.dryRun,
    decision: d.kind,
    policies,
    patch: d.patch,
    bundle: d.bundle,
    timings: d.timings,
    error: errors.length > 0 ? errors.join('; ') : null,
    sensitiveValues: sensitiveValuesOf(kind, req.object, req.oldObject),
  };
}
