// Pins `verdict serve --audit-interval` as a process against the API simulator: the periodic scan runs inside the
// server, its verdict_audit_* gauges reach /metrics (counted once with two workers, and still scanned after the
// scanning worker dies), kinds the service account may not list are skipped with a note, and mistakes in the
// flags stop the command with one line before it serves anything; --lease-namespace says where replicas elect the
// one that scans, and two replicas (two processes) scan one at a time, handing over when the scanning one stops.
// Also that the policy-reports component is what turns the scan on in the Deployment.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildPolicyBundle } from '../../src/engine/index.js';
import { AUDIT_LEASE_NAME } from '../../src/scan/index.js';
import { find, kustomize, kustomizeMajor, type Manifest } from '../deploy/kustomize.js';
import { defaultResources, placement, podTraits, startApiSimulator, writeKubeconfig, type RunningSimulator } from '../scan/simulator/index.js';
import { auditRecords, call, eventually, ROOT, tempDir } from './harness.js';
import { startServe, stopServe, type Serve } from './serve-process.js';

const SCAN_FIXTURES = join(ROOT, 'test/fixtures/scan');
const PODS = 260;
const LEASE_NS = 'verdict-audit';

/** `name{labels} value` lines of one family from an exposition text. */
function series(text: string, family: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = new RegExp(`^${family}(\\{[^}]*\\})? (\\S+)$`).exec(line);
    if (m) out.set(m[1] ?? '', Number(m[2]));
  }
  return out;
}

const completed = (serve: Serve) => serve.lines.filter((l) => l.msg === 'audit scan completed');

describe('verdict serve --audit-interval (process, API simulator)', function () {
  this.timeout(180_000);
  let sim: RunningSimulator;
  let kubeconfig: string;
  let bundle: string;
  const config = join(SCAN_FIXTURES, 'verdict.yaml');
  const started: Serve[] = [];

  before(async () => {
    // Secrets forbidden, as the Deployment's ClusterRole leaves them; one policy matches them, so the scan asks.
    const resources = defaultResources(PODS).map((r) => (r.plural === 'secrets' ? { ...r, forbidden: true } : r));
    sim = await startApiSimulator({ resources, namespaces: 4 });
    kubeconfig = writeKubeconfig(sim, tempDir('kubeconfig'));
    const policies = tempDir('policies');
    cpSync(join(SCAN_FIXTURES, 'policies'), policies, { recursive: true });
    writeFileSync(
      join(policies, 'opaque_secret.rego'),
      [
        '# METADATA',
        '# title: No opaque Secrets',
        '# description: Secrets carry a specific type (a fixture that makes a scan want to list Secrets).',
        '# custom:',
        '#   severity: low',
        '#   kinds: [Secret]',
        'package verdict.policies.opaque_secret',
        '',
        'deny contains "secret is Opaque" if input.request.object.type == "Opaque"',
        '',
      ].join('\n'),
    );
    bundle = join(tempDir('bundle'), 'bundle.tar.gz');
    writeFileSync(bundle, (await buildPolicyBundle({ paths: [policies] })).bundle);
  });

  after(async () => {
    await Promise.all(started.map(stopServe));
    await sim?.close();
  });

  /** host_network violations the simulator's Pods hold, per namespace (kube-system is exempt in the configuration). */
  const hostNetworkPerNamespace = () => {
    const pods = sim.resources.find((r) => r.plural === 'pods')!;
    const out = new Map<string, number>();
    for (let i = 0; i < PODS; i++) {
      const ns = placement(pods, i, sim.namespaces).namespace!;
      if (ns !== 'kube-system' && podTraits.hostNetwork(i)) out.set(ns, (out.get(ns) ?? 0) + 1);
    }
    return out;
  };

  const expectViolations = (metrics: string) => {
    const violations = series(metrics, 'verdict_audit_violations');
    const expected = hostNetworkPerNamespace();
    expect(expected.size).to.be.greaterThan(0);
    for (const [ns, n] of expected) expect(violations.get(`{policy="host_network",namespace="${ns}",severity="critical"}`), ns).to.equal(n);
    // 5 of the 40 ClusterRoleBindings bind cluster-admin to a user outside the system groups.
    expect(violations.get('{policy="cluster_admin",namespace="",severity="critical"}')).to.equal(5);
    expect([...violations.keys()].some((k) => k.includes('policy="opaque_secret"')), 'Secrets were not readable').to.equal(false);
  };

  describe('in one process', () => {
    let serve: Serve;
    let auditFile: string;
    let startedAt: number;
    before(async () => {
      auditFile = join(tempDir('audit'), 'audit.log');
      startedAt = Date.now() / 1000;
      sim.reports.objects.clear();
      sim.leases.objects.clear();
      serve = await startServe(['--workers', '1', '--bundle', bundle, '--config', config, '--audit-file', auditFile, '--audit-interval', '1s', '--write-policy-reports', '--kubeconfig', kubeconfig, '--lease-namespace', LEASE_NS]);
      started.push(serve);
    });

    it('scans the cluster again and again, and /metrics shows the violations, when the last run ended and how long it took', async () => {
      await eventually('two completed runs', () => completed(serve).length >= 2, 60_000);
      const metrics = (await call(serve, { method: 'GET', path: '/metrics' })).text;
      expectViolations(metrics);
      const last = series(metrics, 'verdict_audit_last_run_timestamp_seconds').get('')!;
      expect(last).to.be.at.least(Math.floor(startedAt)).and.at.most(Date.now() / 1000);
      expect(series(metrics, 'verdict_audit_duration_seconds').get('')).to.be.greaterThan(0);
      expect(series(metrics, 'verdict_audit_runs_total').get('{result="success"}')).to.be.at.least(2);
    });

    it('elects the scanning replica through a Lease in the namespace given by --lease-namespace', () => {
      // Outside a Pod there is no namespace to elect in unless the flag names one; with it, this server holds the Lease.
      const lease = sim.leases.get(LEASE_NS, AUDIT_LEASE_NAME);
      expect(lease, 'no Lease in the named namespace').to.not.equal(undefined);
      expect(lease!.spec?.holderIdentity).to.match(/_\d+$/);
    });

    it('skips the Secrets the service account may not list, with a note in the log', () => {
      const notes = serve.lines.filter((l) => l.msg === 'audit scan note').map((l) => String(l.note));
      expect(notes.some((n) => /secrets/i.test(n) && n.includes('forbidden')), JSON.stringify(notes)).to.equal(true);
    });

    it('writes the findings as audit records and PolicyReports', async () => {
      await eventually('scan records in the audit file', () => [...auditRecords(auditFile).values()].some((r) => r.source === 'scan'));
      expect(sim.reports.objects.size).to.be.greaterThan(0);
    });

    it('stops the scan with the server on SIGTERM and exits 0', async () => {
      expect(await stopServe(serve)).to.equal(0);
      expect(serve.lines.some((l) => l.msg === 'stopped')).to.equal(true);
    });
  });

  describe('with two workers', () => {
    let serve: Serve;
    before(async () => {
      serve = await startServe(['--workers', '2', '--bundle', bundle, '--config', config, '--audit-file', join(tempDir('audit'), 'audit.log'), '--audit-interval', '1s', '--kubeconfig', kubeconfig]);
      started.push(serve);
    });

    const scanners = () => [...new Set(serve.lines.filter((l) => l.msg === 'audit scan started').map((l) => l.pid as number))];

    it('scans in one worker only, so the aggregated figures are not doubled', async () => {
      await eventually('a completed run', () => completed(serve).length >= 1, 60_000);
      expect(scanners()).to.have.length(1);
      expectViolations((await call(serve, { method: 'GET', path: '/metrics' })).text);
    });

    it('hands the scan to the worker that replaces a dead scanning worker', async () => {
      const [first] = scanners();
      process.kill(first, 'SIGKILL');
      await eventually('a replacement scans', () => completed(serve).some((l) => l.pid !== first), 60_000);
      expect(scanners().filter((pid) => pid !== first)).to.have.length(1);
      const listeners = new Set(serve.lines.filter((l) => l.msg === 'policy bundle loaded' && l.worker !== undefined).map((l) => l.pid));
      expect(listeners.size, 'the other worker was left alone').to.equal(3);
      await eventually('/metrics answers from the live workers', async () => {
        const text = (await call(serve, { method: 'GET', path: '/metrics' }).catch(() => ({ text: '' }))).text;
        return series(text, 'verdict_audit_violations').size > 0;
      });
      expectViolations((await call(serve, { method: 'GET', path: '/metrics' })).text);
      expect(await stopServe(serve)).to.equal(0);
    });
  });

  describe('two replicas (two processes) electing through one Lease', () => {
    let first: Serve;
    let second: Serve;
    before(async () => {
      sim.leases.objects.clear();
      const args = () => ['--workers', '1', '--bundle', bundle, '--config', config, '--audit-file', join(tempDir('audit'), 'audit.log'), '--audit-interval', '1s', '--kubeconfig', kubeconfig, '--lease-namespace', LEASE_NS];
      [first, second] = await Promise.all([startServe(args()), startServe(args())]);
      started.push(first, second);
    });

    const scannerPids = (serve: Serve) => new Set(serve.lines.filter((l) => l.msg === 'audit scan started').map((l) => l.pid as number));
    const holder = () => sim.leases.get(LEASE_NS, AUDIT_LEASE_NAME)?.spec?.holderIdentity;
    let leader: Serve;
    let follower: Serve;

    it('only the replica that holds the Lease scans, and the Lease names its scanning process', async () => {
      await eventually('two completed runs between the replicas', () => completed(first).length + completed(second).length >= 2, 60_000);
      [leader, follower] = completed(first).length > 0 ? [first, second] : [second, first];
      expect(completed(follower), 'both replicas scanned').to.have.length(0);
      const [pid] = [...scannerPids(leader)];
      expect(holder()).to.match(new RegExp(`_${pid}$`));
    });

    it('hands the scan to the other replica when the leader stops: the Lease is released and taken, no expiry wait', async () => {
      const stoppedAt = performance.now();
      expect(await stopServe(leader)).to.equal(0);
      expect(leader.lines.some((l) => l.msg === 'audit scan lease released')).to.equal(true);
      // The follower retries every 5 s; waiting out the 15 s lease duration would mean the release did not happen.
      await eventually('the other replica scans', () => completed(follower).length >= 1, 14_000);
      expect(performance.now() - stoppedAt).to.be.below(15_000);
      const [pid] = [...scannerPids(follower)];
      expect(holder()).to.match(new RegExp(`_${pid}$`));
      expect(await stopServe(follower)).to.equal(0);
    });
  });

  describe('mistakes in the flags', () => {
    const run = (...args: string[]) => runWith(process.env, ...args);
    const runWith = (env: NodeJS.ProcessEnv, ...args: string[]) =>
      spawnSync(process.execPath, [join(ROOT, 'bin/verdict.js'), 'serve', '--bundle', bundle, '--port', '0', ...args], { cwd: tempDir('cwd'), env, encoding: 'utf8', timeout: 60_000 });
    const oneLine = (stderr: string) => {
      const lines = stderr.trim().split('\n');
      expect(lines, stderr).to.have.length(1);
      return lines[0];
    };

    it('refuses an interval that is not a duration of at least a second, with one line and exit code 1', () => {
      for (const bad of ['10', 'soon', '500ms']) {
        const r = run('--audit-interval', bad);
        expect(r.status, bad).to.equal(1);
        expect(oneLine(r.stderr)).to.equal(`verdict serve: --audit-interval takes a duration of at least 1s, such as 10m (got "${bad}")`);
      }
    });

    it('refuses --write-policy-reports, --kubeconfig and --lease-namespace without --audit-interval', () => {
      for (const flags of [['--write-policy-reports'], ['--kubeconfig', kubeconfig], ['--lease-namespace', LEASE_NS]]) {
        const r = run(...flags);
        expect(r.status, flags[0]).to.equal(1);
        expect(oneLine(r.stderr)).to.match(new RegExp(`^verdict serve: ${flags[0]} needs --audit-interval`));
      }
    });

    it('refuses a --lease-namespace that is not a namespace name', () => {
      const r = run('--audit-interval', '10m', '--kubeconfig', kubeconfig, '--lease-namespace', 'Team_A');
      expect(r.status).to.equal(1);
      expect(oneLine(r.stderr)).to.match(/^verdict serve: --lease-namespace: "Team_A" is not a namespace name/);
    });

    it('stops before serving when there are no credentials for a cluster to scan', () => {
      const r = run('--audit-interval', '10m', '--kubeconfig', join(tempDir('nothing'), 'kubeconfig'));
      expect(r.status).to.equal(1);
      expect(oneLine(r.stderr)).to.match(/^verdict serve: --audit-interval: no access to a cluster to scan: cannot read the kubeconfig /);
    });

    it('says so when it runs in a Pod without a service account token (the base Deployment mounts none)', function () {
      // A test run inside a Pod that has a token cannot pretend otherwise.
      if (existsSync('/var/run/secrets/kubernetes.io/serviceaccount/token')) this.skip();
      const { KUBECONFIG: _, ...env } = process.env;
      const r = runWith({ ...env, HOME: tempDir('home'), KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' }, '--audit-interval', '10m');
      expect(r.status).to.equal(1);
      expect(oneLine(r.stderr)).to.match(/^verdict serve: --audit-interval: no access to a cluster to scan: .*\(this Pod has no service account token: set automountServiceAccountToken/);
    });
  });
});

describe('webhook-config/components/policy-reports', () => {
  it('turns the continuous audit on in the Deployment: the API token, --audit-interval=10m and --write-policy-reports', function () {
    this.timeout(120_000);
    // Components need kustomize 3.7+ (see test/deploy).
    if (kustomizeMajor() < 4) this.skip();
    const podSpec = (m: Manifest) => (m.spec as { template: { spec: { automountServiceAccountToken: boolean; containers: Array<{ args: string[] }> } } }).template.spec;
    const audits = (args: string[]) => args.filter((a) => a.startsWith('--audit-interval') || a === '--write-policy-reports');
    const base = podSpec(find(kustomize('webhook-config'), 'Deployment', 'verdict'));
    expect(audits(base.containers[0].args)).to.deep.equal([]);
    expect(base.automountServiceAccountToken).to.equal(false);
    const withComponent = podSpec(find(kustomize('examples/overlays/production'), 'Deployment', 'verdict'));
    expect(audits(withComponent.containers[0].args)).to.deep.equal(['--audit-interval=10m', '--write-policy-reports']);
    expect(withComponent.automountServiceAccountToken).to.equal(true);
  });
});
