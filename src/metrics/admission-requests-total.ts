// verdict_admission_requests_total{endpoint,operation,kind,decision}: every admission review answered.
import { Counter, type Registry } from 'prom-client';
import type { DecisionLabels } from './labels.js';

export function admissionRequestsTotal(registry: Registry): Counter<keyof DecisionLabels> {
  return new Counter({
    name: 'verdict_admission_requests_total',
    help: 'Admission reviews answered, by endpoint, operation, kind and decision.',
    labelNames: ['endpoint', 'operation', 'kind', 'decision'],
    registers: [registry],
  });
}
