// Pins how the primary of a cluster aggregates the periodic scan's families over its workers: gauges by max (a
// second worker holding figures for the same cluster must not double them), the runs counter by sum.
import { expect } from 'chai';
import { AggregatorRegistry, Registry, type MetricObjectWithValues, type MetricValue } from 'prom-client';
import { createAuditMetrics, createMetrics } from '../../src/metrics/index.js';

type Json = MetricObjectWithValues<MetricValue<string>>[];

/** What the primary's /metrics would show for workers exposing these registries. */
async function aggregated(...registries: Registry[]): Promise<Json> {
  const perWorker = await Promise.all(registries.map((r) => r.getMetricsAsJSON()));
  return (await AggregatorRegistry.aggregate(perWorker).getMetricsAsJSON()) as Json;
}

function value(json: Json, name: string, labels: Record<string, string> = {}): number | undefined {
  const family = json.find((m) => m.name === name);
  return family?.values.find((v) => JSON.stringify(v.labels) === JSON.stringify(labels))?.value;
}

describe('metrics: verdict_audit_* across cluster workers', () => {
  it('declares max as the aggregator of every verdict_audit_* gauge', async () => {
    const registry = new Registry();
    createAuditMetrics(registry);
    const gauges = (await registry.getMetricsAsJSON()).filter((m) => m.name.startsWith('verdict_audit_') && String(m.type) === 'gauge');
    expect(gauges.map((m) => m.name).sort()).to.deep.equal(['verdict_audit_duration_seconds', 'verdict_audit_last_run_timestamp_seconds', 'verdict_audit_leader', 'verdict_audit_violations']);
    for (const g of gauges) expect(g.aggregator, g.name).to.equal('max');
  });

  it('shows one worker\'s figures, not their sum, when two workers hold figures for the same cluster', async () => {
    const [a, b] = [new Registry(), new Registry()];
    const [ma, mb] = [createAuditMetrics(a), createAuditMetrics(b)];
    const labels = { policy: 'privileged', namespace: 'team-a', severity: 'high' };
    ma.violations.set(labels, 7);
    mb.violations.set(labels, 7);
    ma.lastRun.set(1_700_000_000);
    mb.lastRun.set(1_700_000_600);
    ma.duration.set(2.5);
    mb.duration.set(1.5);
    ma.runs.inc({ result: 'success' });
    mb.runs.inc({ result: 'success' });

    const json = await aggregated(a, b);
    expect(value(json, 'verdict_audit_violations', labels)).to.equal(7);
    expect(value(json, 'verdict_audit_last_run_timestamp_seconds'), 'the latest run').to.equal(1_700_000_600);
    expect(value(json, 'verdict_audit_duration_seconds')).to.equal(2.5);
    // Runs are events, each counted by the worker that ran it: these do add up.
    expect(value(json, 'verdict_audit_runs_total', { result: 'success' })).to.equal(2);
  });

  it('keeps the scanning worker\'s figures beside a worker that does not scan', async () => {
    const scanning = createMetrics({ processMetrics: false });
    const audit = createAuditMetrics(scanning.registry);
    audit.violations.set({ policy: 'latest', namespace: '', severity: 'low' }, 3);
    const idle = createMetrics({ processMetrics: false });

    const json = await aggregated(scanning.registry, idle.registry);
    expect(value(json, 'verdict_audit_violations', { policy: 'latest', namespace: '', severity: 'low' })).to.equal(3);
  });
});
