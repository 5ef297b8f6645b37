// verdict_policy_errors_total{policy,code}: policies that could not be evaluated, settled by their failure mode.
import { Counter, type Registry } from 'prom-client';
import type { PolicyErrorLabels } from './labels.js';

export function policyErrorsTotal(registry: Registry): Counter<keyof PolicyErrorLabels> {
  return new Counter({
    name: 'verdict_policy_errors_total',
    help: 'Policy evaluation errors, by policy and VERDICT_ERR_* code.',
    labelNames: ['policy', 'code'],
    registers: [registry],
  });
}
