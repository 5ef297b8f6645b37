// Verdict's metrics: every family on one registry per process, plus the default process metrics. In a cluster the
// primary asks each worker for its registry and aggregates them (prom-client's AggregatorRegistry).
import { AggregatorRegistry, collectDefaultMetrics, Registry, type Counter, type Gauge, type Histogram } from 'prom-client';
import { admissionDurationSeconds } from './admission-duration-seconds.js';
import { auditDurationSeconds } from './audit-duration-seconds.js';
import { auditLastRunTimestampSeconds } from './audit-last-run-timestamp-seconds.js';
import { auditLeader } from './audit-leader.js';
import { auditPolicyReportFailuresTotal } from './audit-policy-report-failures-total.js';
import { auditRunsTotal } from './audit-runs-total.js';
import { auditViolations } from './audit-violations.js';
import { admissionRequestsTotal } from './admission-requests-total.js';
import { bundleInfo } from './bundle-info.js';
import { certificateExpiryTimestampSeconds } from './certificate-expiry.js';
import type { AuditViolationLabels, DecisionLabels, PolicyErrorLabels, PolicyLabels } from './labels.js';
import { policyErrorsTotal } from './policy-errors-total.js';
import { policyEvaluationDurationSeconds } from './policy-evaluation-duration-seconds.js';
import { policyViolationsTotal } from './policy-violations-total.js';

export interface VerdictMetrics {
  registry: Registry;
  admissionRequests: Counter<keyof DecisionLabels>;
  admissionDuration: Histogram<'endpoint'>;
  evaluationDuration: Histogram<'endpoint'>;
  violations: Counter<keyof PolicyLabels>;
  errors: Counter<keyof PolicyErrorLabels>;
  bundle: Gauge<'revision' | 'digest'>;
  certificateExpiry: Gauge;
}

export function createMetrics(options: { processMetrics?: boolean } = {}): VerdictMetrics {
  const registry = new Registry();
  if (options.processMetrics !== false) collectDefaultMetrics({ register: registry });
  return {
    registry,
    admissionRequests: admissionRequestsTotal(registry),
    admissionDuration: admissionDurationSeconds(registry),
    evaluationDuration: policyEvaluationDurationSeconds(registry),
    violations: policyViolationsTotal(registry),
    errors: policyErrorsTotal(registry),
    bundle: bundleInfo(registry),
    certificateExpiry: certificateExpiryTimestampSeconds(registry),
  };
}

/** The families of the periodic cluster scan (`verdict serve --audit-interval`). */
export interface AuditMetrics {
  violations: Gauge<keyof AuditViolationLabels>;
  lastRun: Gauge;
  duration: Gauge;
  runs: Counter<'result'>;
  policyReportFailures: Counter;
  leader: Gauge;
}

/**
 * Registered by the periodic scan when it starts, not by createMetrics: a server that does not scan exposes no
 * verdict_audit_* series, rather than gauges at 0 that would read as a clean cluster.
 */
export function createAuditMetrics(registry: Registry): AuditMetrics {
  return {
    violations: auditViolations(registry),
    lastRun: auditLastRunTimestampSeconds(registry),
    duration: auditDurationSeconds(registry),
    runs: auditRunsTotal(registry),
    policyReportFailures: auditPolicyReportFailuresTotal(registry),
    leader: auditLeader(registry),
  };
}

/** In a cluster worker: answer the primary's requests for this registry. */
export function shareWithPrimary(metrics: VerdictMetrics): void {
  AggregatorRegistry.setRegistries([metrics.registry]);
  // The constructor installs the worker-side listener that answers the primary.
  new AggregatorRegistry();
}

/** In the cluster primary: one text exposition aggregated over every live worker. */
export function clusterAggregator(): { metrics(): Promise<string>; contentType: string } {
  const aggregator = new AggregatorRegistry();
  return { metrics: () => aggregator.clusterMetrics(), contentType: aggregator.contentType };
}
