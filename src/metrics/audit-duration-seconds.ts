// verdict_audit_duration_seconds: how long the last completed periodic scan took.
import { Gauge, type Registry } from 'prom-client';

export function auditDurationSeconds(registry: Registry): Gauge {
  return new Gauge({
    name: 'verdict_audit_duration_seconds',
    help: 'Duration of the last completed audit scan.',
    registers: [registry],
  });
}
