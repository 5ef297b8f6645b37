// --write-policy-reports against the simulator: one report per namespace and one cluster report, results capped
// with the summary still counting everything, updates in place, conflicts retried, stale reports removed.
import { expect } from 'chai';
import type { Engine } from '../../src/engine/index.js';
import { MANAGED_BY, policyReportsReporter, REPORT_NAME } from '../../src/scan/reporters/policy-reports.js';
import { runScan } from '../../src/scan/scan.js';
import { scanKindPatterns } from '../../src/scan/engine.js';
import { clusterSource } from '../../src/scan/sources/cluster.js';
import { KubeClient } from '../../src/scan/sources/kube-client.js';
import type { ScanSummary } from '../../src/scan/types.js';
import { collector, fixtureEngine, simulatorClient } from './helpers.js';
import { defaultResources, startApiSimulator, type RunningSimulator, type StoredReport } from './simulator/index.js';

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];
const RESULTS = ['pass', 'fail', 'warn', 'error', 'skip'];

/** What the v1alpha2 CRD schema would reject (docs: ../shared/docs/policy-reports.md §2–4, §8). */
function schemaProblems(r: StoredReport): string[] {
  const problems: string[] = [];
  const summary = r.summary as Record<string, unknown>;
  for (const k of RESULTS) if (!Number.isInteger(summary[k])) problems.push(`summary.${k}`);
  for (const [i, x] of ((r.results as Array<Record<string, any>>) ?? []).entries()) {
    if (typeof x.policy !== 'string' || x.policy === '') problems.push(`results[${i}].policy`);
    if (!RESULTS.includes(x.result)) problems.push(`results[${i}].result`);
    if (x.severity !== undefined && !SEVERITIES.includes(x.severity)) problems.push(`results[${i}].severity`);
    if (!Number.isInteger(x.timestamp?.seconds) || x.timestamp?.nanos !== 0) problems.push(`results[${i}].timestamp`);
    for (const v of Object.values(x.properties ?? {})) if (typeof v !== 'string') problems.push(`results[${i}].properties`);
    if (!Array.isArray(x.resources) || x.resources.some((ref: Record<string, unknown>) => typeof ref.kind !== 'string' || typeof ref.name !== 'string')) problems.push(`results[${i}].resources`);
  }
  return problems;
}

describe('scan: PolicyReports', function () {
  this.timeout(60_000);
  let engine: Engine;
  let sim: RunningSimulator;
  let client: KubeClient;
  const PODS = 2000;

  before(async () => {
    engine = await fixtureEngine();
    sim = await startApiSimulator({ resources: defaultResources(PODS), namespaces: 5 });
    client = await simulatorClient(sim);
  });
  after(() => sim.close());

  async function scan(maxResults?: number, namespace?: string) {
    const reports = policyReportsReporter({ client, maxResults, namespace });
    const seen = collector();
    const { summary } = await runScan({ engine, source: clusterSource({ client, patterns: scanKindPatterns(engine), namespace }), reporters: [seen, reports] });
    return { summary, written: reports.written, objects: seen.objects };
  }

  const stored = () => [...sim.reports.objects.values()];

  it('writes one PolicyReport per namespace and one ClusterPolicyReport, never one per resource', async () => {
    const { written, summary } = await scan(50);
    expect(written.map((w) => `${w.kind} ${w.namespace ?? ''} ${w.action}`)).to.deep.equal([
      'ClusterPolicyReport  created',
      ...sim.namespaces.map((ns) => `PolicyReport ${ns} created`),
    ]);
    expect(stored()).to.have.length(sim.namespaces.length + 1);
    expect(summary.objects).to.be.greaterThan(2000);
    for (const r of stored()) {
      expect(r.metadata.name).to.equal(REPORT_NAME);
      expect(r.metadata.labels).to.deep.equal({ [MANAGED_BY.key]: MANAGED_BY.value });
      expect(schemaProblems(r), `${r.kind} ${r.metadata.namespace}`).to.deep.equal([]);
    }
  });

  it('caps the results of each report, most important first, while the summary counts every result', async () => {
    const { objects } = await scan(50);
    const ns = sim.namespaces[2];
    const report = sim.reports.objects.get(`${ns}/${REPORT_NAME}`)!;
    const results = report.results as Array<Record<string, any>>;
    expect(results).to.have.length(50);

    // The summary, recounted from every object of the namespace.
    const mine = objects.filter((o) => o.resource.namespace === ns);
    const expected = { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 };
    for (const o of mine) {
      if (o.decision.exemption) expected.skip++;
      for (const p of o.decision.policies) {
        const fs = o.findings.filter((f) => f.policy === p.id);
        if (fs.length === 0) expected.pass++;
        for (const f of fs) expected[f.result === 'deny' ? 'fail' : f.result]++;
      }
    }
    expect(report.summary).to.deep.equal(expected);
    expect(expected.fail + expected.warn + expected.error).to.be.greaterThan(50);
    expect((report.metadata.annotations as Record<string, string>)['verdict.io/results-omitted']).to.equal(String(expected.fail + expected.warn + expected.error - 50));

    // Kept: what would be denied, most severe first; the 50 include no warning while denials were left out.
    const rank = (r: Record<string, any>) => (r.properties.wouldDeny === 'true' ? 0 : 15) + ['fail', 'error', 'warn'].indexOf(r.result) * 5 + SEVERITIES.indexOf(r.severity);
    const ranks = results.map(rank);
    expect(ranks).to.deep.equal([...ranks].sort((a, b) => a - b));
    expect(results.some((r) => r.result === 'warn')).to.equal(false);
    expect(results[0]).to.deep.include({ source: 'verdict', result: 'fail', scored: true });
    expect(results[0].resources[0]).to.include({ apiVersion: 'v1', namespace: ns });
  });

  it('the cluster report holds the cluster-scoped findings; kube-system, exempt, counts only skips', async () => {
    await scan(50);
    const cluster = sim.reports.objects.get(`/${REPORT_NAME}`)!;
    expect(cluster.kind).to.equal('ClusterPolicyReport');
    const results = cluster.results as Array<Record<string, any>>;
    expect(results.every((r) => r.policy === 'cluster_admin' && r.resources[0].kind === 'ClusterRoleBinding' && r.resources[0].namespace === undefined)).to.equal(true);
    expect(results.length).to.equal((cluster.summary as { fail: number }).fail);
    const system = sim.reports.objects.get(`kube-system/${REPORT_NAME}`)!;
    expect(system.summary).to.deep.include({ pass: 0, fail: 0, warn: 0, error: 0 });
    expect((system.summary as { skip: number }).skip).to.be.greaterThan(0);
  });

  it('updates the reports in place on the next scan, at their resourceVersion', async () => {
    await scan(20);
    const before = new Map([...sim.reports.objects].map(([k, v]) => [k, v.metadata.resourceVersion]));
    const { written } = await scan(20);
    expect(written.every((w) => w.action === 'updated')).to.equal(true);
    expect(sim.reports.objects.size).to.equal(before.size);
    for (const [k, v] of sim.reports.objects) expect(Number(v.metadata.resourceVersion)).to.be.greaterThan(Number(before.get(k)));
  });

  it('retries a write that conflicts with another writer', async () => {
    await scan(20);
    sim.reports.conflictNextPuts = 2;
    const { written } = await scan(20);
    expect(written).to.have.length(sim.namespaces.length + 1);
    expect(sim.requests.filter((r) => r.method === 'PUT' && r.status === 409)).to.have.length(2);
  });

  it('removes the report of a namespace the scan no longer finds objects in', async () => {
    await scan(20);
    sim.reports.objects.set(`gone/${REPORT_NAME}`, { apiVersion: 'wgpolicyk8s.io/v1alpha2', kind: 'PolicyReport', metadata: { name: REPORT_NAME, namespace: 'gone', resourceVersion: '1', labels: { [MANAGED_BY.key]: MANAGED_BY.value } } });
    sim.reports.objects.set(`gone/someone-elses`, { apiVersion: 'wgpolicyk8s.io/v1alpha2', kind: 'PolicyReport', metadata: { name: 'someone-elses', namespace: 'gone', resourceVersion: '1' } });
    const { written } = await scan(20);
    expect(written.filter((w) => w.action === 'deleted')).to.deep.equal([{ kind: 'PolicyReport', namespace: 'gone', name: REPORT_NAME, action: 'deleted', results: 0, omitted: 0 }]);
    expect(sim.reports.objects.has(`gone/${REPORT_NAME}`)).to.equal(false);
    expect(sim.reports.objects.has('gone/someone-elses')).to.equal(true);
  });

  it('with --namespace, writes that namespace\'s report only', async () => {
    sim.reports.objects.clear();
    const ns = sim.namespaces[1];
    const { written } = await scan(20, ns);
    expect(written.map((w) => `${w.kind} ${w.namespace}`)).to.deep.equal([`PolicyReport ${ns}`]);
    expect([...sim.reports.objects.keys()]).to.deep.equal([`${ns}/${REPORT_NAME}`]);
  });

  it('says so when the cluster does not serve the PolicyReport CRDs', async () => {
    const bare = await startApiSimulator({ resources: defaultResources(10) });
    try {
      const bareClient = await simulatorClient(bare);
      // The simulator always serves the report group; a cluster without the CRDs answers 404 to every report path.
      const withoutCrds = KubeClient.fromTransport({
        server: bare.url + '/no-such-prefix',
        requestOptions: async () => ({ ca: bare.ca, headers: { authorization: `Bearer ${bare.token}` } }),
      });
      const reports = policyReportsReporter({ client: withoutCrds });
      let message = '';
      try {
        await runScan({ engine, source: clusterSource({ client: bareClient, patterns: scanKindPatterns(engine) }), reporters: [reports] });
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).to.match(/^verdict scan: writing policy reports failed:\n {2}.*ClusterPolicyReport \(wgpolicyk8s\.io\/v1alpha2\) is not served by this cluster: install the PolicyReport CRDs$/);
    } finally {
      await bare.close();
    }
  });

  it('the scan summary is unchanged by writing reports', async () => {
    const a: ScanSummary = (await scan(5)).summary;
    const b = (await runScan({ engine, source: clusterSource({ client, patterns: scanKindPatterns(engine) }) })).summary;
    expect({ ...a, durationMs: 0 }).to.deep.equal({ ...b, durationMs: 0 });
  });
});
