// verdict_admission_duration_seconds{endpoint}: from the first byte of the body read to the response written.
import { Histogram, type Registry } from 'prom-client';

/** Sub-millisecond resolution at the low end, where Verdict should live; up to the webhook timeout at the top. */
export const ADMISSION_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

export function admissionDurationSeconds(registry: Registry): Histogram<'endpoint'> {
  return new Histogram({
    name: 'verdict_admission_duration_seconds',
    help: 'Time to answer an admission review, body read to response written.',
    labelNames: ['endpoint'],
    buckets: ADMISSION_BUCKETS,
    registers: [registry],
  });
}
