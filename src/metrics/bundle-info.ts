// verdict_bundle_info{revision,digest}: 1 for the bundle being served; the old series goes when a new one loads.
import { Gauge, type Registry } from 'prom-client';

export function bundleInfo(registry: Registry): Gauge<'revision' | 'digest'> {
  return new Gauge({
    name: 'verdict_bundle_info',
    help: 'The policy bundle being served (value 1), by revision and digest.',
    labelNames: ['revision', 'digest'],
    // Every worker serves the same bundle: summing would say 2.
    aggregator: 'max',
    registers: [registry],
  });
}

export function setBundle(gauge: Gauge<'revision' | 'digest'>, revision: string, digest: string): void {
  gauge.reset();
  gauge.set({ revision, digest: digest.slice(0, 12) }, 1);
}
