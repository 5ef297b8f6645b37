// The periodic scan under a leader election: of two replicas only the one holding the Lease scans, the other takes
// over when it is released, a replica scans nothing while it does not lead, and verdict_audit_leader says which leads.
import { expect } from 'chai';
import { Registry } from 'prom-client';
import type { Engine } from '../../src/engine/index.js';
import { scanKindPatterns } from '../../src/scan/engine.js';
import { AUDIT_LEASE_NAME, type LeaderElection } from '../../src/scan/leader.js';
import { startClusterAuditScan, startPeriodicScan, type PeriodicScan } from '../../src/scan/periodic.js';
import { clusterSource } from '../../src/scan/sources/cluster.js';
import { KubeClient } from '../../src/scan/sources/kube-client.js';
import { eventually, fixtureEngine, simulatorClient, tempDir } from './helpers.js';
import { defaultResources, startApiSimulator, writeKubeconfig, type RunningSimulator } from './simulator/index.js';

const NS = 'verdict-system';

/** The value of an unlabelled series, or the labelled series of a family. */
async function gauge(registry: Registry, family: string): Promise<number | undefined> {
  const line = (await registry.metrics()).split('\n').find((l) => l.startsWith(`${family} `));
  return line === undefined ? undefined : Number(line.split(' ')[1]);
}
async function labelled(registry: Registry, family: string): Promise<string[]> {
  return (await registry.metrics()).split('\n').filter((l) => l.startsWith(`${family}{`));
}

/** An election the test decides: leads when told to, and tells the scan as a real one does. */
function fakeElection(leading = false): LeaderElection & { set(leading: boolean): void; stopped: boolean } {
  const listeners: Array<(leading: boolean) => void> = [];
  const e = {
    identity: 'test_1',
    name: AUDIT_LEASE_NAME,
    namespace: NS,
    leading,
    stopped: false,
    onChange: (l: (leading: boolean) => void) => void listeners.push(l),
    tryAcquireOrRenew: async () => e.leading,
    async stop() {
      e.stopped = true;
      e.set(false);
    },
    set(now: boolean) {
      if (now === e.leading) return;
      e.leading = now;
      for (const l of listeners) l(now);
    },
  };
  return e;
}

describe('scan: periodic audit scan with a leader election', function () {
  this.timeout(60_000);
  let sim: RunningSimulator;
  let client: KubeClient;
  let engine: Engine;
  const scans: PeriodicScan[] = [];

  before(async () => {
    sim = await startApiSimulator({ resources: defaultResources(300), namespaces: 3 });
    client = await simulatorClient(sim);
    engine = await fixtureEngine();
  });
  after(() => sim.close());
  afterEach(async () => {
    await Promise.all(scans.splice(0).map((s) => s.stop()));
    sim.leases.objects.clear();
  });

  /** A periodic scan of the simulator, stopped after each test; without `leader`, one that never elects. */
  const periodic = (registry: Registry, leader?: LeaderElection, extra: Partial<Parameters<typeof startPeriodicScan>[0]> = {}) => {
    const scan = startPeriodicScan({
      engine: () => engine,
      source: (e, signal) => clusterSource({ client, patterns: scanKindPatterns(e), signal }),
      intervalMs: 3_600_000,
      firstRunDelayMs: 0,
      registry,
      ...(leader ? { leader } : {}),
      ...extra,
    });
    scans.push(scan);
    return scan;
  };

  it('of two replicas, only the one holding the Lease scans; when it stops, the other takes over and scans at once', async () => {
    const kubeconfig = writeKubeconfig(sim, tempDir('kubeconfig'));
    // A duration long enough that only the release can move the Lease during the test.
    const replica = async (identity: string) => {
      const registry = new Registry();
      const scan = await startClusterAuditScan({
        engine: () => engine,
        intervalMs: 3_600_000,
        registry,
        kubeconfig,
        leaderElection: { namespace: NS, identity, leaseDurationSeconds: 60, renewDeadlineMs: 40_000, retryPeriodMs: 100 },
      });
      scans.push(scan);
      return { identity, registry, scan, runs: async () => (await labelled(registry, 'verdict_audit_runs_total')).length };
    };
    const [a, b] = [await replica('pod-a_1'), await replica('pod-b_1')];
    await eventually('a completed run', async () => (await a.runs()) + (await b.runs()) > 0);
    const holder = sim.leases.get(NS, AUDIT_LEASE_NAME)!.spec!.holderIdentity;
    const [leader, follower] = holder === a.identity ? [a, b] : [b, a];
    expect(holder).to.be.oneOf([a.identity, b.identity]);
    expect(await gauge(leader.registry, 'verdict_audit_leader')).to.equal(1);
    expect(await gauge(follower.registry, 'verdict_audit_leader')).to.equal(0);
    expect(leader.scan.last?.objects).to.be.greaterThan(0);

    // The follower's turn comes and goes without a request for the cluster's objects.
    sim.requests.length = 0;
    expect(await follower.scan.runNow()).to.equal(undefined);
    expect(sim.requests.filter((r) => !r.path.includes('/leases/'))).to.deep.equal([]);
    expect(await follower.runs()).to.equal(0);

    await leader.scan.stop();
    expect(sim.leases.get(NS, AUDIT_LEASE_NAME)!.spec!.holderIdentity, 'released on stop').to.equal(undefined);
    await eventually('the follower takes over and scans', async () => (await follower.runs()) > 0);
    expect(sim.leases.get(NS, AUDIT_LEASE_NAME)!.spec!.holderIdentity).to.equal(follower.identity);
    expect(await gauge(follower.registry, 'verdict_audit_leader')).to.equal(1);
  });

  it('scans nothing while it does not lead, and scans at once when it comes to lead', async () => {
    const registry = new Registry();
    const election = fakeElection(false);
    const scan = periodic(registry, election);
    sim.requests.length = 0;
    expect(await scan.runNow()).to.equal(undefined);
    expect(sim.requests).to.deep.equal([]);
    expect(await gauge(registry, 'verdict_audit_leader')).to.equal(0);
    expect(await labelled(registry, 'verdict_audit_runs_total'), 'a skipped turn is no run').to.deep.equal([]);

    election.set(true);
    expect(await gauge(registry, 'verdict_audit_leader')).to.equal(1);
    await eventually('a run after the take-over', () => scan.last !== undefined);
    await scan.stop();
    expect(election.stopped, 'the scan stops its election (releasing the Lease)').to.equal(true);
  });

  it('aborts a run when it loses the lead, without counting a failure, and drops the figures it no longer keeps up', async () => {
    const registry = new Registry();
    const logged: string[] = [];
    const election = fakeElection(true);
    const scan = periodic(registry, election, {
      firstRunDelayMs: 3_600_000,
      log: { info: () => undefined, warn: (_o, msg) => logged.push(msg), error: (_o, msg) => logged.push(msg) },
    });
    expect(await scan.runNow()).to.not.equal(undefined);
    expect(await labelled(registry, 'verdict_audit_violations')).to.not.deep.equal([]);

    const run = scan.runNow();
    election.set(false);
    expect(await run).to.equal(undefined);
    expect(logged).to.deep.equal(['audit scan aborted: this replica no longer holds the lease']);
    expect(await labelled(registry, 'verdict_audit_runs_total')).to.deep.equal(['verdict_audit_runs_total{result="success"} 1']);
    expect(await labelled(registry, 'verdict_audit_violations'), 'only the leader holds violation series').to.deep.equal([]);
    expect(await gauge(registry, 'verdict_audit_leader')).to.equal(0);
  });

  it('without an election every run happens, and verdict_audit_leader says this process scans', async () => {
    const registry = new Registry();
    const scan = periodic(registry, undefined, { firstRunDelayMs: 3_600_000 });
    expect(await gauge(registry, 'verdict_audit_leader')).to.equal(1);
    expect(await scan.runNow()).to.not.equal(undefined);
  });
});
