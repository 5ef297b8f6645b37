// Verdict's Prometheus metrics: the families (one file each), the registry, and the decision recorder.
export { createMetrics, createAuditMetrics, clusterAggregator, shareWithPrimary, type AuditMetrics, type VerdictMetrics } from './registry.js';
export { recordDecision, type RequestFacts } from './record.js';
export { setBundle } from './bundle-info.js';
export { kindLabel, type AuditViolationLabels, type DecisionLabels, type PolicyErrorLabels, type PolicyLabels } from './labels.js';
