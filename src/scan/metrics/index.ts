// The metric families of the periodic scan (`verdict serve --audit-interval`), on the server's registry.
import type { Counter, Gauge, Registry } from 'prom-client';
import { auditDurationSeconds } from './audit-duration.js';
import { auditLastRunTimestampSeconds } from './audit-last-run.js';
import { auditRunsTotal } from './audit-runs-total.js';
import { auditViolations, type AuditViolationLabels } from './audit-violations.js';

export interface AuditMetrics {
  violations: Gauge<AuditViolationLabels>;
  lastRun: Gauge;
  duration: Gauge;
  runs: Counter<'result'>;
}

export function createAuditMetrics(registry: Registry): AuditMetrics {
  return {
    violations: auditViolations(registry),
    lastRun: auditLastRunTimestampSeconds(registry),
    duration: auditDurationSeconds(registry),
    runs: auditRunsTotal(registry),
  };
}
