// The simulator checked against a real client: kubectl lists every object through it with --chunk-size pagination,
// so the scan tests run against an API that real tooling accepts, not one shaped after Verdict's own client.
import { expect } from 'chai';
import { execFile, execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { defaultResources, placement, startApiSimulator, writeKubeconfig, type RunningSimulator } from './simulator/index.js';
import { ROOT, tempDir } from './helpers.js';

const run = promisify(execFile);

/** kubectl is on CI machines (.ci/install-kubectl.sh); where it is missing, that script installs Debian's. */
function ensureKubectl(): void {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
  } catch {
    execFileSync('bash', [join(ROOT, '.ci/install-kubectl.sh')], { stdio: 'inherit' });
  }
}

describe('scan: the API server simulator through a real kubectl', function () {
  this.timeout(120_000);
  let sim: RunningSimulator;
  let kubeconfig: string;
  let cacheDir: string;
  // kubectl's own client-side rate limit (5 requests/s past a burst of 10) sets the pace here, not the simulator.
  const PODS = 1500;

  before(async () => {
    ensureKubectl();
    sim = await startApiSimulator({ resources: defaultResources(PODS), namespaces: 8 });
    const dir = tempDir('kubectl');
    kubeconfig = writeKubeconfig(sim, dir);
    cacheDir = join(dir, 'cache');
  });
  after(() => sim.close());

  const kubectl = async (...args: string[]) => (await run('kubectl', [...args, '--kubeconfig', kubeconfig, '--cache-dir', cacheDir], { maxBuffer: 64 * 1024 * 1024 })).stdout;

  it('kubectl get pods -A --chunk-size=50 lists every pod, in pages of 50', async () => {
    sim.requests.length = 0;
    const out = await kubectl('get', 'pods', '-A', '--chunk-size=50', '-o', 'custom-columns=NS:.metadata.namespace,NAME:.metadata.name', '--no-headers');
    const listed = out.trim().split('\n').map((l) => l.trim().split(/\s+/).join('/'));
    const pods = sim.resources.find((r) => r.plural === 'pods')!;
    const expected = Array.from({ length: PODS }, (_, i) => {
      const p = placement(pods, i, sim.namespaces);
      return `${p.namespace}/${p.name}`;
    });
    expect(listed).to.deep.equal(expected);
    const pages = sim.requests.filter((r) => r.path.startsWith('/api/v1/pods?'));
    expect(pages).to.have.length(PODS / 50);
    expect(pages.every((r) => r.status === 200 && /[?&]limit=50(&|$)/.test(r.path))).to.equal(true);
  });

  it("kubectl's default table output lists every pod too (the server answers plain lists, not Tables)", async () => {
    const out = await kubectl('get', 'pods', '-A', '--chunk-size=500', '--no-headers');
    expect(out.trim().split('\n')).to.have.length(PODS);
  });

  it('kubectl finds types by short name through discovery, in a namespace and across groups', async () => {
    const ns = sim.namespaces[2];
    const deployments = (await kubectl('get', 'deploy', '-n', ns, '--chunk-size=7', '-o', 'name')).trim().split('\n');
    expect(deployments).to.have.length(120 / 8);
    expect(deployments[0]).to.match(/^deployment\.apps\/deployment-\d+$/);
    const bindings = (await kubectl('get', 'clusterrolebindings', '--chunk-size=9', '-o', 'name')).trim().split('\n');
    expect(bindings).to.have.length(40);
    const namespaces = (await kubectl('get', 'ns', '-o', 'name')).trim().split('\n');
    expect(namespaces).to.deep.equal(sim.namespaces.map((n) => `namespace/${n}`));
  });

  it('kubectl -o json returns the objects as generated, with their uid and resourceVersion', async () => {
    const list = JSON.parse(await kubectl('get', 'configmaps', '-n', sim.namespaces[1], '--chunk-size=10', '-o', 'json'));
    expect(list.items).to.have.length(25);
    expect(list.items[0]).to.include({ apiVersion: 'v1', kind: 'ConfigMap' });
    expect(list.items[0].metadata.uid).to.match(/^[0-9a-f]{8}-0000-4000-8000-[0-9a-f]{12}$/);
    expect(list.items[0].metadata.resourceVersion).to.match(/^\d+$/);
  });

  it('kubectl reports the 403 of a forbidden type as forbidden', async () => {
    const forbidden = await startApiSimulator({ resources: defaultResources(10).map((r) => (r.plural === 'secrets' ? { ...r, forbidden: true } : r)) });
    try {
      const dir = tempDir('kubectl-forbidden');
      const args = ['get', 'secrets', '-A', '--kubeconfig', writeKubeconfig(forbidden, dir), '--cache-dir', join(dir, 'cache')];
      const failure = await run('kubectl', args).then(() => undefined, (err: { stderr: string }) => err);
      expect(failure, 'kubectl must fail').to.not.equal(undefined);
      expect(failure!.stderr).to.match(/forbidden: User ".*" cannot list resource "secrets"/);
    } finally {
      await forbidden.close();
    }
  });
});
