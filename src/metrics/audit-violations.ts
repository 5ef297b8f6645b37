// verdict_audit_violations{policy,namespace,severity}: objects each policy found in violation at the last periodic scan.
import { Gauge, type Registry } from 'prom-client';
import type { AuditViolationLabels } from './labels.js';

export function auditViolations(registry: Registry): Gauge<keyof AuditViolationLabels> {
  return new Gauge({
    name: 'verdict_audit_violations',
    help: 'Existing objects in violation of a policy (deny results, whatever the mode) at the last audit scan; namespace "" for cluster-scoped objects.',
    labelNames: ['policy', 'namespace', 'severity'],
    // One worker scans; should two ever report (a hand-over), both saw the same cluster, and a sum would count each object twice.
    aggregator: 'max',
    registers: [registry],
  });
}
