// verdict_policy_evaluation_duration_seconds: the wasm evaluation alone (one per review, all policies at once).
import { Histogram, type Registry } from 'prom-client';

export const EVALUATION_BUCKETS = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1, 0.5];

export function policyEvaluationDurationSeconds(registry: Registry): Histogram<'endpoint'> {
  return new Histogram({
    name: 'verdict_policy_evaluation_duration_seconds',
    help: 'Time spent in the policy module for one review (all policies in one evaluation).',
    labelNames: ['endpoint'],
    buckets: EVALUATION_BUCKETS,
    registers: [registry],
  });
}
