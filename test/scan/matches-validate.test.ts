// A scan's findings are the decisions `verdict serve` gives at /validate for the same objects: thousands of objects
// listed from the simulator are scanned, then each one's review is sent to a real server with the same bundle and
// configuration, and the answers and both sides' audit records are compared.
import { expect } from 'chai';
import { readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { join } from 'node:path';
import { createOpLogger } from '../../src/audit/oplog.js';
import { createAuditWriter } from '../../src/audit/writer.js';
import { generateCertificates, writeCertificates } from '../../src/certs/index.js';
import { loadScanEngine, scanKindPatterns } from '../../src/scan/engine.js';
import { runScan } from '../../src/scan/scan.js';
import { clusterSource } from '../../src/scan/sources/cluster.js';
import { filesSource } from '../../src/scan/sources/files.js';
import { localAudit } from '../../src/server/audit-client.js';
import { startServer } from '../../src/server/server.js';
import { collector, CONFIG_FILE, fixtureBundleFile, MANIFESTS, simulatorClient, tempDir } from './helpers.js';
import { defaultResources, placement, podTraits, startApiSimulator, type RunningSimulator } from './simulator/index.js';

interface AdmissionAnswer {
  response: { uid: string; allowed: boolean; status?: { message?: string }; warnings?: string[] };
}

function post(port: number, ca: string, agent: Agent, body: string): Promise<AdmissionAnswer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/validate', ca, agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))) : reject(new Error(`/validate answered ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function decisionRecords(file: string): Map<string, Record<string, any>> {
  const out = new Map<string, Record<string, any>>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line) continue;
    const r = JSON.parse(line);
    if (r.type === 'audit.decision') out.set(r.requestUid, r);
  }
  return out;
}

describe('scan: findings equal what /validate returns for the same objects (cluster and manifests)', function () {
  this.timeout(180_000);
  const PODS = 3000;
  let sim: RunningSimulator;
  const scanned = collector();
  const fromFiles = collector();
  let scanAuditFile: string;
  let bundleFile: string;

  before(async () => {
    sim = await startApiSimulator({ resources: defaultResources(PODS), namespaces: 10 });
    bundleFile = await fixtureBundleFile();
    const engine = await loadScanEngine({ bundle: bundleFile, config: CONFIG_FILE });
    const client = await simulatorClient(sim);
    scanAuditFile = join(tempDir('scan-audit'), 'audit.log');
    const audit = createAuditWriter({ sink: 'file', file: scanAuditFile });
    await runScan({ engine, source: clusterSource({ client, patterns: scanKindPatterns(engine), pageSize: 250 }), reporters: [scanned], audit });
    await runScan({ engine, source: filesSource([MANIFESTS], { namespace: 'dev' }), reporters: [fromFiles], audit });
    await audit.close();
  });
  after(() => sim.close());

  it('scans every object the policies can match, and finds what the generated objects hold', () => {
    expect(scanned.objects).to.have.length(PODS + 200 + 120 + 40);
    const pods = sim.resources.find((r) => r.plural === 'pods')!;
    const privileged = Array.from({ length: PODS }, (_, i) => i).filter((i) => podTraits.privileged(i) && placement(pods, i, sim.namespaces).namespace !== 'kube-system');
    const found = scanned.objects.filter((o) => o.type.kind === 'Pod' && o.findings.some((f) => f.policy === 'privileged' && f.result === 'deny'));
    expect(found.map((o) => o.resource.name)).to.deep.equal(privileged.map((i) => placement(pods, i, sim.namespaces).name));
    const results = new Set(scanned.objects.flatMap((o) => o.findings.map((f) => `${f.policy}:${f.result}:${f.mode}`)));
    // Every kind of outcome is exercised: enforced denials, a dryrun policy, a warning, an error failing open.
    for (const want of ['privileged:deny:enforce', 'latest:deny:enforce', 'cluster_admin:deny:enforce', 'host_network:deny:dryrun', 'labels:warn:enforce', 'fragile:error:enforce']) {
      expect(results, want).to.include(want);
    }
    expect(scanned.objects.filter((o) => o.decision.exemption).length, 'kube-system is exempt').to.be.greaterThan(0);
  });

  it('answers, object by object, as a running server answers the same review at /validate', async () => {
    const dir = tempDir('server');
    const certs = generateCertificates({ namespace: 'verdict-system', service: 'verdict' });
    await writeCertificates(join(dir, 'certs'), certs);
    const serverAuditFile = join(dir, 'audit.log');
    const writer = createAuditWriter({ sink: 'file', file: serverAuditFile });
    const configFile = join(dir, 'verdict.yaml');
    writeFileSync(configFile, readFileSync(CONFIG_FILE));
    const server = await startServer({
      host: '127.0.0.1',
      port: 0,
      certDir: join(dir, 'certs'),
      sources: { bundle: bundleFile, config: configFile },
      audit: localAudit(writer),
      log: createOpLogger({ level: 'silent' }),
      watchIntervalMs: 60_000,
    });
    const agent = new Agent({ keepAlive: true, maxSockets: 8 });
    const mismatches: string[] = [];
    try {
      const all = [...scanned.objects, ...fromFiles.objects];
      expect(fromFiles.objects).to.have.length(7);
      let next = 0;
      const lane = async () => {
        while (next < all.length) {
          const o = all[next++];
          const answer = (await post(server.port, certs.caCertPem, agent, JSON.stringify(o.review))).response;
          const d = o.decision;
          const same =
            answer.uid === d.uid &&
            answer.allowed === d.allowed &&
            (answer.status?.message ?? undefined) === (d.allowed ? undefined : d.message) &&
            JSON.stringify(answer.warnings ?? []) === JSON.stringify(d.warnings);
          if (!same) mismatches.push(`${o.resource.kind} ${o.resource.name}: scan ${JSON.stringify([d.allowed, d.message, d.warnings])} /validate ${JSON.stringify(answer)}`);
        }
      };
      await Promise.all(Array.from({ length: 8 }, lane));
    } finally {
      agent.destroy();
      await server.close(2000);
      await writer.close();
    }
    expect(mismatches.slice(0, 5)).to.deep.equal([]);

    // The findings themselves (dryrun policies included, which the answer does not show) are in the audit records.
    const fromScan = decisionRecords(scanAuditFile);
    const fromServer = decisionRecords(serverAuditFile);
    const withFindings = [...scanned.objects, ...fromFiles.objects].filter((o) => o.findings.length > 0);
    expect(fromScan.size).to.equal(withFindings.length);
    const essentials = (r: Record<string, any>) => JSON.stringify({ decision: r.decision, kind: r.kind, namespace: r.namespace, name: r.name, policies: r.policies, error: r.error });
    for (const [uid, record] of fromScan) {
      expect(record.source).to.equal('scan');
      expect(essentials(record), uid).to.equal(essentials(fromServer.get(uid)!));
    }
    const serverOnly = [...fromServer.values()].filter((r) => r.policies.length > 0 && !fromScan.has(r.requestUid));
    expect(serverOnly.map((r) => r.name)).to.deep.equal([]);
  });
});
