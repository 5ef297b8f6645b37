// Continuous mode: the periodic scan's runs, its verdict_audit_* metrics, engine swaps and failures.
import { expect } from 'chai';
import { Registry } from 'prom-client';
import type { Engine } from '../../src/engine/index.js';
import { scanKindPatterns } from '../../src/scan/engine.js';
import { parseInterval, startClusterAuditScan, startPeriodicScan, type PeriodicScan } from '../../src/scan/periodic.js';
import { clusterSource } from '../../src/scan/sources/cluster.js';
import { KubeClient } from '../../src/scan/sources/kube-client.js';
import { fixtureConfig, fixtureEngine, simulatorClient, tempDir } from './helpers.js';
import { defaultResources, placement, podTraits, startApiSimulator, writeKubeconfig, type RunningSimulator } from './simulator/index.js';

/** `name{labels} value` lines of one family from the exposition text. */
async function series(registry: Registry, family: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const line of (await registry.metrics()).split('\n')) {
    const m = new RegExp(`^${family}(\\{[^}]*\\})? (\\S+)$`).exec(line);
    if (m) out.set(m[1] ?? '', Number(m[2]));
  }
  return out;
}

describe('scan: periodic audit scan (serve --audit-interval)', function () {
  this.timeout(60_000);
  const PODS = 1200;
  let sim: RunningSimulator;
  let client: KubeClient;
  let engine: Engine;
  let periodic: PeriodicScan | undefined;

  before(async () => {
    sim = await startApiSimulator({ resources: defaultResources(PODS), namespaces: 4 });
    client = await simulatorClient(sim);
    engine = await fixtureEngine();
  });
  after(() => sim.close());
  afterEach(async () => {
    await periodic?.stop();
    periodic = undefined;
  });

  const start = (registry: Registry, current: () => Engine | undefined, intervalMs = 3_600_000, firstRunDelayMs = 3_600_000) =>
    (periodic = startPeriodicScan({
      engine: current,
      source: (e, signal) => clusterSource({ client, patterns: scanKindPatterns(e), signal }),
      intervalMs,
      firstRunDelayMs,
      registry,
    }));

  it('exposes violations per policy, namespace and severity, and when and how long the last run was', async () => {
    const registry = new Registry();
    const scan = start(registry, () => engine);
    const before = Date.now() / 1000;
    const summary = await scan.runNow();
    expect(summary?.objects).to.equal(PODS + 200 + 120 + 40);

    const violations = await series(registry, 'verdict_audit_violations');
    const pods = sim.resources.find((r) => r.plural === 'pods')!;
    for (const ns of sim.namespaces.slice(1)) {
      const expected = Array.from({ length: PODS }, (_, i) => i).filter((i) => podTraits.hostNetwork(i) && placement(pods, i, sim.namespaces).namespace === ns).length;
      // A dryrun policy's violations are what an audit is for: they are counted.
      expect(violations.get(`{policy="host_network",namespace="${ns}",severity="critical"}`), ns).to.equal(expected);
    }
    expect([...violations.keys()].some((k) => k.includes('namespace="kube-system"')), 'kube-system is exempt').to.equal(false);
    expect(violations.get('{policy="cluster_admin",namespace="",severity="critical"}')).to.equal(5);
    expect([...violations.keys()].some((k) => k.includes('policy="labels"')), 'warnings are not violations').to.equal(false);

    const last = (await series(registry, 'verdict_audit_last_run_timestamp_seconds')).get('')!;
    expect(last).to.be.at.least(Math.floor(before));
    expect((await series(registry, 'verdict_audit_duration_seconds')).get('')).to.be.greaterThan(0);
    expect((await series(registry, 'verdict_audit_runs_total')).get('{result="success"}')).to.equal(1);
  });

  it('scans with the engine served at each run: series of a policy turned off disappear', async () => {
    const registry = new Registry();
    let current = engine;
    const scan = start(registry, () => current);
    await scan.runNow();
    expect([...(await series(registry, 'verdict_audit_violations')).keys()].some((k) => k.includes('policy="privileged"'))).to.equal(true);
    const config = fixtureConfig();
    config.policies.privileged = { mode: 'off' };
    current = await fixtureEngine(config);
    await scan.runNow();
    const after = await series(registry, 'verdict_audit_violations');
    expect([...after.keys()].some((k) => k.includes('policy="privileged"'))).to.equal(false);
    expect([...after.keys()].some((k) => k.includes('policy="latest"'))).to.equal(true);
  });

  it('a failed run is counted, and the last good figures stay', async () => {
    const registry = new Registry();
    const closed = await startApiSimulator({ resources: defaultResources(10) });
    await closed.close();
    const unreachable = KubeClient.fromTransport({ server: closed.url, requestOptions: async () => ({ ca: closed.ca }) }, 2000);
    let reachable = true;
    const scan = (periodic = startPeriodicScan({
      engine: () => engine,
      source: (e, signal) => clusterSource({ client: reachable ? client : unreachable, patterns: scanKindPatterns(e), signal }),
      intervalMs: 3_600_000,
      firstRunDelayMs: 3_600_000,
      registry,
    }));
    await scan.runNow();
    const good = await series(registry, 'verdict_audit_violations');
    const goodRun = (await series(registry, 'verdict_audit_last_run_timestamp_seconds')).get('');
    reachable = false;
    expect(await scan.runNow()).to.equal(undefined);
    const runs = await series(registry, 'verdict_audit_runs_total');
    expect(runs.get('{result="success"}')).to.equal(1);
    expect(runs.get('{result="failure"}')).to.equal(1);
    expect(await series(registry, 'verdict_audit_violations')).to.deep.equal(good);
    expect((await series(registry, 'verdict_audit_last_run_timestamp_seconds')).get('')).to.equal(goodRun);
  });

  it('joins a run under way instead of starting a second one', async () => {
    const scan = start(new Registry(), () => engine);
    sim.requests.length = 0;
    const [a, b] = [scan.runNow(), scan.runNow()];
    expect(a).to.equal(b);
    await a;
    expect(sim.requests.filter((r) => r.path === '/apis')).to.have.length(1);
  });

  it('runs again and again on its own at the interval', async () => {
    const registry = new Registry();
    start(registry, () => engine, 5, 0);
    for (;;) {
      const runs = (await series(registry, 'verdict_audit_runs_total')).get('{result="success"}') ?? 0;
      if (runs >= 3) break;
      await new Promise((r) => setTimeout(r, 20));
    }
  });

  it('startClusterAuditScan: the scan serve starts, PolicyReports included, on the server\'s registry', async () => {
    const registry = new Registry();
    sim.reports.objects.clear();
    periodic = await startClusterAuditScan({
      engine: () => engine,
      intervalMs: 3_600_000,
      firstRunDelayMs: 3_600_000,
      registry,
      kubeconfig: writeKubeconfig(sim, tempDir('kubeconfig')),
      policyReports: { maxResults: 10 },
    });
    const summary = await periodic.runNow();
    expect(summary?.objects).to.equal(PODS + 200 + 120 + 40);
    expect(sim.reports.objects.size).to.equal(sim.namespaces.length + 1);
    expect((await series(registry, 'verdict_audit_runs_total')).get('{result="success"}')).to.equal(1);
  });

  it('a PolicyReport write the cluster refuses is logged and counted apart; the run still succeeds and updates the gauges', async () => {
    const registry = new Registry();
    const logged: Array<{ level: string; obj: any; msg: string }> = [];
    const log = { info: (obj: object, msg: string) => logged.push({ level: 'info', obj, msg }), warn: (obj: object, msg: string) => logged.push({ level: 'warn', obj, msg }), error: (obj: object, msg: string) => logged.push({ level: 'error', obj, msg }) };
    sim.reports.objects.clear();
    sim.reports.rejectWrites = { code: 403, reason: 'Forbidden', message: 'policyreports.wgpolicyk8s.io is forbidden: cannot create resource "policyreports"' };
    try {
      periodic = await startClusterAuditScan({
        engine: () => engine,
        intervalMs: 3_600_000,
        firstRunDelayMs: 3_600_000,
        registry,
        log,
        kubeconfig: writeKubeconfig(sim, tempDir('kubeconfig')),
        policyReports: { maxResults: 10 },
      });
      const before = Date.now() / 1000;
      const summary = await periodic.runNow();
      expect(summary?.objects).to.equal(PODS + 200 + 120 + 40);
      expect(sim.reports.objects.size, 'no report was written').to.equal(0);

      expect((await series(registry, 'verdict_audit_violations')).get('{policy="cluster_admin",namespace="",severity="critical"}')).to.equal(5);
      expect((await series(registry, 'verdict_audit_last_run_timestamp_seconds')).get('')).to.be.at.least(Math.floor(before));
      const runs = await series(registry, 'verdict_audit_runs_total');
      expect(runs.get('{result="success"}')).to.equal(1);
      expect(runs.has('{result="failure"}')).to.equal(false);
      expect((await series(registry, 'verdict_audit_policy_report_failures_total')).get('')).to.equal(1);
      const errors = logged.filter((l) => l.level === 'error');
      expect(errors.map((l) => l.msg)).to.deep.equal(['audit scan could not write PolicyReports']);
      expect(errors[0].obj.err.message).to.include('forbidden');
      expect(logged.some((l) => l.msg === 'audit scan completed')).to.equal(true);

      // Once the cluster takes the writes again, the next run writes the reports and the failure count stays.
      sim.reports.rejectWrites = undefined;
      await periodic.runNow();
      expect(sim.reports.objects.size).to.equal(sim.namespaces.length + 1);
      expect((await series(registry, 'verdict_audit_policy_report_failures_total')).get('')).to.equal(1);
      expect((await series(registry, 'verdict_audit_runs_total')).get('{result="success"}')).to.equal(2);
    } finally {
      sim.reports.rejectWrites = undefined;
    }
  });

  it('reads --audit-interval durations, and refuses what is not one', () => {
    expect(parseInterval('10m')).to.equal(600_000);
    expect(parseInterval('1h30m')).to.equal(5_400_000);
    expect(parseInterval('90s')).to.equal(90_000);
    expect(parseInterval('2500')).to.equal(2500);
    for (const bad of ['', '10', '500ms', 'ten minutes', '10 m', '-1m']) expect(() => parseInterval(bad), bad).to.throw(/--audit-interval takes a duration/);
  });

  it('skips a run while no engine is loaded', async () => {
    const scan = start(new Registry(), () => undefined);
    expect(await scan.runNow()).to.equal(undefined);
  });
});
