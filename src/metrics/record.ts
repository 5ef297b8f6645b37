// Feeds one Decision into the metric families: the only place that knows how a decision maps to series.
import type { Decision } from '../engine/index.js';
import { kindLabel } from './labels.js';
import type { VerdictMetrics } from './registry.js';

export interface RequestFacts {
  operation: string;
  kind: { group?: string; kind?: string };
  /** Body read to response written. */
  durationSeconds: number;
}

export function recordDecision(m: VerdictMetrics, d: Decision, facts: RequestFacts): void {
  m.admissionRequests.inc({
    endpoint: d.endpoint,
    operation: facts.operation,
    kind: kindLabel(facts.kind),
    decision: d.exemption ? 'exempt' : d.kind,
  });
  m.admissionDuration.observe({ endpoint: d.endpoint }, facts.durationSeconds);
  if (d.evaluated) m.evaluationDuration.observe({ endpoint: d.endpoint }, d.timings.evaluationMs / 1000);
  for (const p of d.policies) {
    if (p.deny.length > 0) m.violations.inc({ policy: p.id, mode: p.mode });
    if (p.error) m.errors.inc({ policy: p.id, code: p.error.code });
  }
}
