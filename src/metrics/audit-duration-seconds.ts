// verdict_audit_duration_seconds: how long the last completed periodic scan took.
import { Gauge, type Registry } from 'prom-client';

export function auditDurationSeconds(registry: Registry): Gauge {
  return new Gauge({
    name: 'verdict_audit_duration_seconds',
    help: 'Duration of the last completed audit scan.',
    // Set by the one scanning worker; during a hand-over two may hold a value, and a sum of durations means nothing.
    aggregator: 'max',
    registers: [registry],
  });
}
