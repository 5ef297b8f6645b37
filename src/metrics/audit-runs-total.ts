// verdict_audit_runs_total{result}: periodic scans by outcome, so that a scan failing every time is visible.
import { Counter, type Registry } from 'prom-client';

export function auditRunsTotal(registry: Registry): Counter<'result'> {
  return new Counter({
    name: 'verdict_audit_runs_total',
    help: 'Audit scans run, by result (success or failure).',
    labelNames: ['result'],
    registers: [registry],
  });
}
