// The cluster source against the API server simulator: discovery, pagination, 403 and 410, namespaces, credentials.
import { expect } from 'chai';
import { clusterSource } from '../../src/scan/sources/cluster.js';
import { KubeApiError, KubeClient } from '../../src/scan/sources/kube-client.js';
import type { ScanItem } from '../../src/scan/types.js';
import { defaultResources, startApiSimulator, writeKubeconfig, type RunningSimulator, type SimResource } from './simulator/index.js';
import { simulatorClient, tempDir } from './helpers.js';

const PATTERNS = [
  { group: '*', kind: 'Pod' },
  { group: 'apps', kind: 'Deployment' },
  { group: '*', kind: 'ConfigMap' },
  { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' },
];

async function drain(items: AsyncIterable<ScanItem>): Promise<ScanItem[]> {
  const out: ScanItem[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** What `work` rejected with; undefined if it resolved (the caller's expectations then fail). */
async function rejectionOf(work: Promise<unknown>): Promise<unknown> {
  try {
    await work;
    return undefined;
  } catch (err) {
    return err;
  }
}

function keyCounts(items: ScanItem[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { object, type } of items) {
    const key = `${type.resource}/${object.metadata?.namespace ?? ''}/${object.metadata?.name}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

describe('scan: cluster source', function () {
  this.timeout(60_000);
  let sim: RunningSimulator;
  const resources: SimResource[] = defaultResources(2500);

  before(async () => {
    sim = await startApiSimulator({ resources, namespaces: 12 });
  });
  after(() => sim.close());
  beforeEach(() => {
    sim.requests.length = 0;
  });

  it('lists every object of the types the policies match, page by page with limit and continue', async () => {
    const source = clusterSource({ client: await simulatorClient(sim), patterns: PATTERNS, pageSize: 200 });
    const items = await drain(source.items());
    const byType = (plural: string) => items.filter((i) => i.type.resource === plural).length;
    expect(byType('pods')).to.equal(2500);
    expect(byType('deployments')).to.equal(120);
    expect(byType('configmaps')).to.equal(200);
    expect(byType('clusterrolebindings')).to.equal(40);
    expect(byType('secrets'), 'no policy matches Secrets').to.equal(0);
    expect(byType('namespaces')).to.equal(0);
    expect([...keyCounts(items).values()].every((n) => n === 1), 'each object once').to.equal(true);

    const podPages = sim.requests.filter((r) => r.path.startsWith('/api/v1/pods?'));
    expect(podPages).to.have.length(Math.ceil(2500 / 200));
    expect(podPages.every((r) => r.path.includes('limit=200'))).to.equal(true);
    expect(podPages.slice(1).every((r) => r.path.includes('continue='))).to.equal(true);
    expect(source.notes).to.deep.equal([]);
  });

  it('gives each object its type: group, version, kind, plural and scope from discovery', async () => {
    const source = clusterSource({ client: await simulatorClient(sim), patterns: PATTERNS });
    const items = await drain(source.items());
    const crb = items.find((i) => i.type.kind === 'ClusterRoleBinding')!;
    expect(crb.type).to.deep.equal({ group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRoleBinding', resource: 'clusterrolebindings', namespaced: false });
    const deploy = items.find((i) => i.type.kind === 'Deployment')!;
    expect(deploy.type).to.include({ group: 'apps', version: 'v1', resource: 'deployments', namespaced: true });
    expect(deploy.object.metadata?.namespace).to.be.a('string');
    expect(source.types.map((t) => t.resource), 'pods/status is a subresource').to.not.include('pods/status');
  });

  it('skips a type the service account may not list with a note naming it, and lists the rest', async () => {
    const forbidden = await startApiSimulator({ resources: resources.map((r) => (r.plural === 'configmaps' ? { ...r, forbidden: true } : r)) });
    try {
      const source = clusterSource({ client: await simulatorClient(forbidden), patterns: PATTERNS, pageSize: 500 });
      const items = await drain(source.items());
      expect(items.filter((i) => i.type.resource === 'configmaps')).to.have.length(0);
      expect(items.filter((i) => i.type.resource === 'pods')).to.have.length(2500);
      expect(items.filter((i) => i.type.resource === 'clusterrolebindings')).to.have.length(40);
      expect(source.notes).to.have.length(1);
      expect(source.notes[0]).to.match(/^skipped configmaps: forbidden \(configmaps is forbidden: User .* cannot list resource "configmaps"/);
    } finally {
      await forbidden.close();
    }
  });

  it('restarts a list cleanly when its continue token expires (410): every object exactly once', async () => {
    sim.expire({ plural: 'pods', afterPages: 3, times: 2 });
    const source = clusterSource({ client: await simulatorClient(sim), patterns: [{ group: '', kind: 'Pod' }], pageSize: 100 });
    const items = await drain(source.items());
    const counts = keyCounts(items);
    expect(items).to.have.length(2500);
    expect(counts.size).to.equal(2500);
    const expired = sim.requests.filter((r) => r.status === 410);
    expect(expired).to.have.length(2);
    // After each 410 the list starts again without a continue token.
    const afterFirst = sim.requests[sim.requests.indexOf(expired[0]) + 1];
    expect(afterFirst.path).to.equal('/api/v1/pods?limit=100');
    expect(source.notes).to.deep.equal([]);
  });

  it('gives up on a list whose tokens keep expiring, with the server\'s Expired status', async () => {
    sim.expire({ plural: 'deployments', afterPages: 1, times: 100 });
    const source = clusterSource({ client: await simulatorClient(sim), patterns: [{ group: 'apps', kind: 'Deployment' }], pageSize: 10 });
    const thrown = await rejectionOf(drain(source.items()));
    expect(thrown).to.be.instanceOf(KubeApiError);
    expect((thrown as KubeApiError).statusCode).to.equal(410);
    expect((thrown as KubeApiError).reason).to.equal('Expired');
  });

  it('with a namespace, lists that namespace only, through the namespaced path, and no cluster-scoped type', async () => {
    const ns = sim.namespaces[3];
    const source = clusterSource({ client: await simulatorClient(sim), patterns: PATTERNS, namespace: ns, pageSize: 1000 });
    const items = await drain(source.items());
    expect(items.length).to.be.greaterThan(0);
    expect(items.every((i) => i.object.metadata?.namespace === ns)).to.equal(true);
    expect(items.filter((i) => i.type.resource === 'pods')).to.have.length(Math.ceil(2500 / 12));
    expect(items.some((i) => i.type.resource === 'clusterrolebindings')).to.equal(false);
    expect(sim.requests.some((r) => r.path.startsWith(`/api/v1/namespaces/${ns}/pods?limit=1000`))).to.equal(true);
    expect(source.notes.join('\n')).to.include('cluster-scoped resource types were not listed');
  });

  it('lists every listable type when a policy matches every kind', async () => {
    const source = clusterSource({ client: await simulatorClient(sim), patterns: 'all' });
    const items = await drain(source.items());
    const types = new Set(items.map((i) => i.type.resource));
    expect([...types].sort()).to.deep.equal(['clusterrolebindings', 'configmaps', 'deployments', 'namespaces', 'pods', 'secrets']);
    expect(items.filter((i) => i.type.resource === 'namespaces').map((i) => i.object.metadata?.name)).to.deep.equal(sim.namespaces);
  });

  it('sends the kubeconfig credentials: a wrong token is refused with 401', async () => {
    const wrong = await startApiSimulator({ resources: resources.slice(0, 1), token: 'the-right-token' });
    try {
      const kubeconfig = writeKubeconfig({ ...wrong, token: 'a-wrong-token' }, tempDir('kubeconfig'));
      const source = clusterSource({ client: await KubeClient.fromConfig({ kubeconfig }), patterns: PATTERNS });
      const thrown = await rejectionOf(drain(source.items()));
      expect(thrown).to.be.instanceOf(KubeApiError);
      expect((thrown as KubeApiError).statusCode).to.equal(401);
    } finally {
      await wrong.close();
    }
  });

  it('selects the context given, and refuses one the kubeconfig lacks', async () => {
    const kubeconfig = writeKubeconfig(sim, tempDir('kubeconfig'), 'lab');
    const client = await KubeClient.fromConfig({ kubeconfig, context: 'lab' });
    expect(client.server).to.equal(sim.url);
    let message = '';
    try {
      await KubeClient.fromConfig({ kubeconfig, context: 'production' });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).to.equal('verdict scan: the kubeconfig has no context "production"');
  });

  it('reads gzip-compressed lists, as the API server sends them to clients that accept gzip', async () => {
    const gz = await startApiSimulator({ resources: resources.slice(0, 1), gzip: true });
    try {
      const source = clusterSource({ client: await simulatorClient(gz), patterns: PATTERNS, pageSize: 300 });
      const items = await drain(source.items());
      expect(items).to.have.length(2500);
      expect(items[2499].object.metadata?.name).to.equal('pod-2499');
      expect(gz.requests.filter((r) => r.path.startsWith('/api/v1/pods?')).every((r) => r.gzip)).to.equal(true);
    } finally {
      await gz.close();
    }
  });

  it('reads lists over plain HTTP when the kubeconfig skips TLS verification', async () => {
    const plain = await startApiSimulator({ resources: resources.slice(0, 1), plainHttp: true });
    try {
      const source = clusterSource({ client: await simulatorClient(plain), patterns: PATTERNS, pageSize: 700 });
      expect(await drain(source.items())).to.have.length(2500);
    } finally {
      await plain.close();
    }
  });
});
