// verdict_audit_last_run_timestamp_seconds: when the last periodic scan completed, for a "scan is stale" alert.
import { Gauge, type Registry } from 'prom-client';

export function auditLastRunTimestampSeconds(registry: Registry): Gauge {
  return new Gauge({
    name: 'verdict_audit_last_run_timestamp_seconds',
    help: 'End of the last completed audit scan, in seconds since the epoch.',
    // Set by the one scanning worker; a sum of two timestamps would lie far in the future. The latest run counts.
    aggregator: 'max',
    registers: [registry],
  });
}
