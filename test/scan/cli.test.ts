// `verdict scan` as a user runs it: a child process, its exit status (0, 3, 1), where each format goes, and the
// cluster mode with PolicyReports and audit records.
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_FILE, fixtureBundleFile, MANIFESTS, POLICIES, ROOT, tempDir } from './helpers.js';
import { defaultResources, startApiSimulator, writeKubeconfig, type RunningSimulator } from './simulator/index.js';

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs bin/verdict.js asynchronously (the simulator shares this process's event loop). */
function verdict(args: string[], stdin?: string): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/verdict.js'), ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

const CLEAN_POD = 'apiVersion: v1\nkind: Pod\nmetadata: {name: ok, namespace: shop, labels: {team: a}}\nspec:\n  containers: [{name: app, image: "registry.example.com/app:1.0"}]\n';
const HOST_NETWORK_POD = 'apiVersion: v1\nkind: Pod\nmetadata: {name: hn, namespace: shop, labels: {team: a}}\nspec:\n  hostNetwork: true\n  containers: [{name: app, image: "registry.example.com/app:1.0"}]\n';

describe('scan: the verdict scan command', function () {
  this.timeout(120_000);
  let bundle: string;
  before(async () => {
    bundle = await fixtureBundleFile();
  });

  it('exits 3 when something would be denied, with the text summary on stdout', async () => {
    const r = await verdict(['scan', MANIFESTS, '--bundle', bundle, '-c', CONFIG_FILE, '--no-progress']);
    expect(r.code, r.stderr).to.equal(3);
    expect(r.stdout).to.include('Policies (worst first)');
    expect(r.stdout.trimEnd().split('\n').pop()).to.equal('Result: 3 of 7 objects would be denied admission.');
  });

  it('exits 0 when nothing would be denied, reading stdin for "-"', async () => {
    const r = await verdict(['scan', '-', '--bundle', bundle, '-c', CONFIG_FILE], CLEAN_POD);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout.trimEnd().split('\n').pop()).to.equal('Result: no object would be denied admission.');
  });

  it('a dryrun policy never denies, unless --as-enforce asks what enforcing it would deny', async () => {
    const dry = await verdict(['scan', '-', '--bundle', bundle, '-c', CONFIG_FILE], HOST_NETWORK_POD);
    expect(dry.code, dry.stderr).to.equal(0);
    expect(dry.stdout).to.include('deny (dryrun)');
    const enforced = await verdict(['scan', '-', '--bundle', bundle, '-c', CONFIG_FILE, '--as-enforce'], HOST_NETWORK_POD);
    expect(enforced.code, enforced.stderr).to.equal(3);
    expect(enforced.stdout).to.match(/WOULD DENY\s+critical host_network/);
  });

  it('--format json writes findings to stdout, one per line, and a one-line summary to stderr', async () => {
    const r = await verdict(['scan', MANIFESTS, '--bundle', bundle, '-c', CONFIG_FILE, '--format', 'json']);
    expect(r.code).to.equal(3);
    const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines).to.have.length(6);
    expect(r.stderr).to.equal('verdict scan: 7 objects, 6 findings, 3 would be denied\n');
  });

  it('-o writes the format to a file and the text summary to stdout', async () => {
    const file = join(tempDir('cli'), 'scan.sarif');
    const r = await verdict(['scan', MANIFESTS, '--bundle', bundle, '-c', CONFIG_FILE, '-f', 'sarif', '-o', file]);
    expect(r.code).to.equal(3);
    expect(JSON.parse(readFileSync(file, 'utf8')).runs[0].results).to.have.length(6);
    expect(r.stdout).to.include('Result: 3 of 7 objects would be denied admission.');
  });

  it('takes a policy folder as --bundle and builds it', async () => {
    const r = await verdict(['scan', MANIFESTS, '--bundle', POLICIES, '--format', 'junit']);
    expect(r.code).to.equal(3);
    expect(r.stdout).to.match(/^<\?xml/);
  });

  it('exits 1 with one line for a mistake: no bundle, no source, reports without a cluster, bad YAML, unknown format', async () => {
    const cases: Array<[string[], RegExp, string?]> = [
      [['scan', MANIFESTS, '--bundle', 'no/such.tar.gz'], /^verdict scan: no\/such\.tar\.gz: no such bundle or policy folder/],
      [['scan', '--bundle', bundle], /^verdict scan: give manifest files or folders \(- for stdin\), or --cluster/],
      [['scan', MANIFESTS, '--bundle', bundle, '--write-policy-reports'], /^verdict scan: --write-policy-reports needs --cluster/],
      [['scan', '-', '--bundle', bundle], /^verdict scan: -:\d+:\d+: Flow sequence/, 'kind: Pod\nmetadata: [\n'],
      [['scan', MANIFESTS, '--bundle', bundle, '-f', 'xml'], /^verdict scan: unknown format "xml"/],
      [['scan', MANIFESTS, '--bundle', bundle, '--page-size', '0'], /^verdict scan: --page-size needs a positive integer/],
    ];
    for (const [args, message, stdin] of cases) {
      const r = await verdict(args, stdin);
      expect(r.code, args.join(' ')).to.equal(1);
      expect(r.stderr, args.join(' ')).to.match(message);
      expect(r.stderr.trimEnd().split('\n'), args.join(' ')).to.have.length(1);
    }
  });

  describe('against a cluster', () => {
    let sim: RunningSimulator;
    let kubeconfig: string;
    before(async () => {
      sim = await startApiSimulator({ resources: defaultResources(1500), namespaces: 6 });
      kubeconfig = writeKubeconfig(sim, tempDir('cli-kubeconfig'), 'lab');
    });
    after(() => sim.close());

    it('scans the cluster of --kubeconfig and --context, writes PolicyReports and audit records, exits 3', async () => {
      const audit = join(tempDir('cli-audit'), 'audit.log');
      const r = await verdict(['scan', '--kubeconfig', kubeconfig, '--context', 'lab', '--bundle', bundle, '-c', CONFIG_FILE, '--write-policy-reports', '--report-max-results', '25', '--audit-file', audit, '-f', 'json']);
      expect(r.code, r.stderr).to.equal(3);
      const findings = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
      expect(findings.length).to.be.greaterThan(500);
      expect(r.stderr).to.include(`verdict scan: policy reports: ${sim.namespaces.length + 1} created, 0 updated, 0 deleted`);
      expect(sim.reports.objects.size).to.equal(sim.namespaces.length + 1);
      expect([...sim.reports.objects.values()].every((o) => (o.results as unknown[]).length <= 25)).to.equal(true);

      const records = readFileSync(audit, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l)).filter((x) => x.type === 'audit.decision');
      const objectsWithFindings = new Set(findings.map((f) => f.resource.uid));
      expect(records).to.have.length(objectsWithFindings.size);
      expect(records.every((x) => x.source === 'scan' && x.operation === 'CREATE' && x.dryRun === true)).to.equal(true);
    });

    it('--namespace scans one namespace', async () => {
      const ns = sim.namespaces[2];
      const r = await verdict(['scan', '--cluster', '--kubeconfig', kubeconfig, '-n', ns, '--bundle', bundle, '-c', CONFIG_FILE, '-f', 'json']);
      expect(r.code).to.equal(3);
      const findings = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
      expect(findings.every((f) => f.resource.namespace === ns)).to.equal(true);
    });

    it('notes a type it may not list, and still scans the rest', async () => {
      const locked = await startApiSimulator({ resources: defaultResources(300).map((x) => (x.plural === 'deployments' ? { ...x, forbidden: true } : x)) });
      try {
        const r = await verdict(['scan', '--kubeconfig', writeKubeconfig(locked, tempDir('cli-locked')), '--bundle', bundle, '-c', CONFIG_FILE]);
        expect(r.code).to.equal(3);
        expect(r.stdout).to.match(/Notes\n {2}skipped deployments\.apps: forbidden/);
      } finally {
        await locked.close();
      }
    });
  });
});
