// The audit scan's leader election over a coordination.k8s.io/v1 Lease, against the API simulator: one leader
// among candidates, hand-over on release, take-over of an expired Lease (and never of a live one), conflicts that
// leave a single leader, and a leader that steps down when it cannot renew.
import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AUDIT_LEASE_NAME, leaseNamespace, microTime, startLeaderElection, type LeaderElection, type LeaderElectionOptions } from '../../src/scan/leader.js';
import { KubeClient } from '../../src/scan/sources/kube-client.js';
import { eventually, simulatorClient, tempDir } from './helpers.js';
import { startApiSimulator, type RunningSimulator } from './simulator/index.js';

const NS = 'verdict-system';
/** Rounds run only when a test asks (the loop's first round aside): what each candidate saw is then known. */
const MANUAL = { retryPeriodMs: 3_600_000, renewDeadlineMs: 3_600_000 } as const;

describe('scan: leader election over a Lease', function () {
  this.timeout(60_000);
  let sim: RunningSimulator;
  let client: KubeClient;
  const started: LeaderElection[] = [];

  before(async () => {
    sim = await startApiSimulator({ resources: [], namespaces: 2 });
    client = await simulatorClient(sim);
  });
  after(() => sim.close());
  beforeEach(() => sim.leases.objects.clear());
  afterEach(async () => {
    sim.leases.rejectAll = undefined;
    await Promise.all(started.splice(0).map((e) => e.stop()));
  });

  const elect = (identity: string, options: Partial<LeaderElectionOptions> = MANUAL) => {
    const e = startLeaderElection({ client, namespace: NS, identity, ...options });
    started.push(e);
    return e;
  };
  const lease = () => sim.leases.get(NS, AUDIT_LEASE_NAME);

  it('elects exactly one of two candidates, and the Lease names it', async () => {
    const [a, b] = [elect('pod-a_1'), elect('pod-b_1')];
    for (let round = 0; round < 3; round++) {
      await Promise.all([a.tryAcquireOrRenew(), b.tryAcquireOrRenew()]);
      expect([a, b].filter((e) => e.leading), `round ${round}`).to.have.length(1);
    }
    const leader = a.leading ? a : b;
    const spec = lease()!.spec!;
    expect(spec.holderIdentity).to.equal(leader.identity);
    expect(spec.leaseDurationSeconds).to.equal(15);
    expect(spec.leaseTransitions).to.equal(0);
    expect(spec.renewTime).to.match(/\.\d{6}Z$/);
  });

  it('hands over at once when the leader releases the Lease on stop', async () => {
    const a = elect('pod-a_1');
    expect(await a.tryAcquireOrRenew()).to.equal(true);
    const b = elect('pod-b_1');
    expect(await b.tryAcquireOrRenew()).to.equal(false);
    const changes: boolean[] = [];
    a.onChange((leading) => changes.push(leading));
    await a.stop();
    expect(a.leading).to.equal(false);
    expect(changes).to.deep.equal([false]);
    expect(lease()!.spec!.holderIdentity, 'released').to.equal(undefined);
    // No wait for the 15 s duration: a Lease without a holder is free.
    expect(await b.tryAcquireOrRenew()).to.equal(true);
    expect(lease()!.spec!.holderIdentity).to.equal('pod-b_1');
    expect(lease()!.spec!.leaseTransitions).to.equal(1);
  });

  it('takes over a Lease left unrenewed for its whole duration, by its own clock rather than the renewTime written', async () => {
    const long = Date.now() - 3_600_000;
    sim.leases.put(NS, { metadata: { name: AUDIT_LEASE_NAME }, spec: { holderIdentity: 'pod-gone_7', leaseDurationSeconds: 1, acquireTime: microTime(long), renewTime: microTime(long), leaseTransitions: 4 } });
    const b = elect('pod-b_1', { retryPeriodMs: 100 });
    // The first look starts the clock: the holder's renewTime comes from another machine's clock.
    expect(await b.tryAcquireOrRenew()).to.equal(false);
    await eventually('the candidate takes the expired Lease', () => b.leading);
    const spec = lease()!.spec!;
    expect(spec.holderIdentity).to.equal('pod-b_1');
    expect(spec.leaseTransitions).to.equal(5);
    expect(spec.acquireTime).to.equal(spec.renewTime);
  });

  it('never takes over a Lease its holder keeps renewing, however long that goes on', async () => {
    const a = elect('pod-a_1', { ...MANUAL, leaseDurationSeconds: 1 });
    expect(await a.tryAcquireOrRenew()).to.equal(true);
    const b = elect('pod-b_1', { ...MANUAL, leaseDurationSeconds: 1 });
    expect(await b.tryAcquireOrRenew()).to.equal(false);
    // Each look comes after more than the 1 s duration since the previous one, with a renewal in between.
    for (let i = 0; i < 2; i++) {
      await new Promise((r) => setTimeout(r, 600));
      expect(await a.tryAcquireOrRenew()).to.equal(true);
      await new Promise((r) => setTimeout(r, 600));
      expect(await b.tryAcquireOrRenew(), `look ${i}`).to.equal(false);
    }
    expect(lease()!.spec!.holderIdentity).to.equal('pod-a_1');
  });

  it('leaves one leader when two candidates write the free Lease at the same version (409 Conflict, read again)', async () => {
    const now = microTime(Date.now());
    sim.leases.put(NS, { metadata: { name: AUDIT_LEASE_NAME }, spec: { leaseDurationSeconds: 1, acquireTime: now, renewTime: now, leaseTransitions: 2 } });
    // Both read the free Lease; their writes are held until both are in, so that both write at the version they read.
    sim.requests.length = 0;
    sim.leases.holdWrites(2);
    const [d, f] = [elect('pod-d_1'), elect('pod-f_1')];
    await Promise.all([d.tryAcquireOrRenew(), f.tryAcquireOrRenew()]);
    const conflicts = sim.requests.filter((r) => r.method === 'PUT' && r.status === 409);
    expect(conflicts, 'one of the two writes met a conflict').to.have.length(1);
    expect([d, f].filter((e) => e.leading)).to.have.length(1);
    expect(lease()!.spec!.holderIdentity).to.equal((d.leading ? d : f).identity);
    expect(lease()!.spec!.leaseTransitions).to.equal(3);
    // The loser read the winner's write and stays a follower round after round.
    for (let round = 0; round < 2; round++) {
      await Promise.all([d.tryAcquireOrRenew(), f.tryAcquireOrRenew()]);
      expect([d, f].filter((e) => e.leading), `round ${round}`).to.have.length(1);
    }
  });

  it('steps down when it cannot renew within the renew deadline, before its Lease could pass to another', async () => {
    const a = elect('pod-a_1', { leaseDurationSeconds: 2, renewDeadlineMs: 300, retryPeriodMs: 50 });
    await eventually('leads', () => a.leading);
    const lost = new Promise<boolean>((resolve) => a.onChange(resolve));
    sim.leases.rejectAll = { code: 503, reason: 'ServiceUnavailable', message: 'etcd is unavailable' };
    expect(await lost).to.equal(false);
    expect(a.leading).to.equal(false);
    sim.leases.rejectAll = undefined;
    // Its own Lease, still its own: renewed on the next round.
    await eventually('leads again', () => a.leading);
  });

  it('finds the namespace in the override, then the downward API, then the service account', () => {
    const file = join(tempDir('sa'), 'namespace');
    expect(leaseNamespace({}, file), 'outside a Pod').to.equal(undefined);
    writeFileSync(file, 'tenant-a\n');
    expect(leaseNamespace({}, file)).to.equal('tenant-a');
    expect(leaseNamespace({ POD_NAMESPACE: 'verdict-system' }, file)).to.equal('verdict-system');
    expect(leaseNamespace({ VERDICT_AUDIT_LEASE_NAMESPACE: 'ops', POD_NAMESPACE: 'verdict-system' }, file)).to.equal('ops');
  });

  it('writes times the API server decodes: MicroTime with six fractional digits, which the simulator insists on as it does', async () => {
    const bad = { metadata: { name: 'x' }, apiVersion: 'coordination.k8s.io/v1', kind: 'Lease' };
    const at = (renewTime: string) => sim.leases.handle('POST', NS, undefined, { ...bad, spec: { renewTime, leaseDurationSeconds: 1 } }) as { status: number };
    expect(at(new Date().toISOString()).status, 'milliseconds').to.equal(400);
    expect(at(microTime(Date.now())).status).to.equal(201);
  });
});
