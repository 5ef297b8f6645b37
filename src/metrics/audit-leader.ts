// verdict_audit_leader: 1 while this process runs the periodic scans (it holds the audit Lease), 0 while it stands by.
import { Gauge, type Registry } from 'prom-client';

export function auditLeader(registry: Registry): Gauge {
  return new Gauge({
    name: 'verdict_audit_leader',
    help: 'Whether this replica runs the audit scans (1: it holds the verdict-audit-scan Lease, or no election is configured).',
    // One worker of a Pod scans; the others register no audit families. A Pod leads when that worker does.
    aggregator: 'max',
    registers: [registry],
  });
}
