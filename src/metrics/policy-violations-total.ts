// verdict_policy_violations_total{policy,mode}: deny results per policy, whatever the mode made of them.
import { Counter, type Registry } from 'prom-client';
import type { PolicyLabels } from './labels.js';

export function policyViolationsTotal(registry: Registry): Counter<keyof PolicyLabels> {
  return new Counter({
    name: 'verdict_policy_violations_total',
    help: 'Reviews a policy found in violation (denied in enforce mode, warned in warn mode, recorded in dryrun).',
    labelNames: ['policy', 'mode'],
    registers: [registry],
  });
}
