// verdict_certificate_expiry_timestamp_seconds: notAfter of the serving certificate, for an expiry alert.
import { Gauge, type Registry } from 'prom-client';

export function certificateExpiryTimestampSeconds(registry: Registry): Gauge {
  return new Gauge({
    name: 'verdict_certificate_expiry_timestamp_seconds',
    help: 'Expiry (notAfter) of the serving certificate, in seconds since the epoch.',
    // The earliest expiry any worker serves is the one to alert on.
    aggregator: 'min',
    registers: [registry],
  });
}
