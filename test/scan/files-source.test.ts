// The manifest source: folders, multi-document YAML, JSON and List kinds, stdin, Helm's Source comments, namespaces.
import { expect } from 'chai';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { filesSource, parseManifests } from '../../src/scan/sources/files.js';
import type { ScanItem } from '../../src/scan/types.js';
import { MANIFESTS, tempDir } from './helpers.js';

async function drain(items: AsyncIterable<ScanItem>): Promise<ScanItem[]> {
  const out: ScanItem[] = [];
  for await (const item of items) out.push(item);
  return out;
}

const summary = (i: ScanItem) => `${i.type.group || 'core'}/${i.type.version}/${i.type.kind} ${i.object.metadata?.namespace ?? '-'}/${i.object.metadata?.name}`;

describe('scan: manifest files', () => {
  it('reads a folder recursively in sorted order: every document of every YAML and JSON file, List items one by one', async () => {
    const items = await drain(filesSource([MANIFESTS]).items());
    expect(items.map(summary)).to.deep.equal([
      'apps/v1/Deployment shop/web',
      'core/v1/Service shop/web',
      'core/v1/Pod shop/debug',
      'rbac.authorization.k8s.io/v1/ClusterRoleBinding -/ops-admin',
      'core/v1/ConfigMap -/settings',
      'core/v1/Pod billing/clean',
      'core/v1/Pod kube-system/agent',
    ]);
  });

  it('locates each object: file, document, first line, List item and the Helm template it came from', async () => {
    const items = await drain(filesSource([MANIFESTS]).items());
    const at = (name: string) => items.find((i) => i.object.metadata?.name === name && i.type.kind !== 'Service')!.location;
    expect(at('web')).to.deep.equal({ file: join(MANIFESTS, 'app.yaml'), document: 1, line: 4, template: 'shop/templates/deployment.yaml' });
    // The empty document between the Service and the Pod still counts as a document.
    expect(at('debug')).to.deep.equal({ file: join(MANIFESTS, 'app.yaml'), document: 4, line: 35, template: 'shop/templates/debug-pod.yaml' });
    expect(at('settings')).to.deep.equal({ file: join(MANIFESTS, 'kustomize/rbac.yaml'), document: 2, line: 17 });
    expect(at('agent')).to.deep.equal({ file: join(MANIFESTS, 'list.json'), document: 1, line: 1, item: 1 });
  });

  it('guesses the plural and scope of each kind without a cluster', async () => {
    const items = await drain(filesSource([MANIFESTS]).items());
    const crb = items.find((i) => i.type.kind === 'ClusterRoleBinding')!;
    expect(crb.type).to.deep.equal({ group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRoleBinding', resource: 'clusterrolebindings', namespaced: false });
    expect(items.find((i) => i.type.kind === 'Pod')!.type.resource).to.equal('pods');
  });

  it('gives --namespace to namespaced objects that name none, never to cluster-scoped ones', async () => {
    const items = await drain(filesSource([MANIFESTS], { namespace: 'dev' }).items());
    expect(items.find((i) => i.type.kind === 'ConfigMap')!.object.metadata?.namespace).to.equal('dev');
    expect(items.find((i) => i.type.kind === 'ClusterRoleBinding')!.object.metadata?.namespace).to.equal(undefined);
    expect(items.find((i) => i.object.metadata?.name === 'clean')!.object.metadata?.namespace).to.equal('billing');
  });

  it('reads stdin for "-", JSON or YAML alike', async () => {
    const yaml = 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: b}\n';
    const fromYaml = await drain(filesSource(['-'], { stdin: Readable.from([yaml]) }).items());
    expect(fromYaml.map((i) => i.object.metadata?.name)).to.deep.equal(['a', 'b']);
    expect(fromYaml[1].location).to.deep.equal({ file: '-', document: 2, line: 5 });
    const json = JSON.stringify({ apiVersion: 'v1', kind: 'PodList', items: [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'c' } }] });
    const fromJson = await drain(filesSource(['-'], { stdin: Readable.from([json]) }).items());
    expect(fromJson.map((i) => i.object.metadata?.name)).to.deep.equal(['c']);
  });

  it('notes and skips documents that are not Kubernetes objects', async () => {
    const dir = tempDir('manifests');
    writeFileSync(join(dir, 'odd.yaml'), '# only a comment\n---\n- a list\n---\nname: no kind here\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: ok}\n');
    const source = filesSource([dir]);
    const items = await drain(source.items());
    expect(items.map((i) => i.object.metadata?.name)).to.deep.equal(['ok']);
    expect(source.notes).to.deep.equal([`${join(dir, 'odd.yaml')}:3: skipped a document that is not an object`, `${join(dir, 'odd.yaml')}:5: skipped a document without apiVersion and kind`]);
  });

  it('ignores hidden folders and files that are not YAML or JSON', async () => {
    const dir = tempDir('manifests');
    mkdirSync(join(dir, '.git'));
    writeFileSync(join(dir, '.git', 'x.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: {name: hidden}\n');
    writeFileSync(join(dir, 'notes.txt'), 'apiVersion: v1\nkind: Pod\n');
    writeFileSync(join(dir, 'pod.yml'), 'apiVersion: v1\nkind: Pod\nmetadata: {name: seen}\n');
    const items = await drain(filesSource([dir]).items());
    expect(items.map((i) => i.object.metadata?.name)).to.deep.equal(['seen']);
  });

  it('reports a YAML syntax error with file, line and column', () => {
    expect(() => parseManifests('bad.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: [x\n', [])).to.throw(/^verdict scan: bad\.yaml:\d+:\d+: /);
  });

  it('refuses a path that does not exist', async () => {
    let message = '';
    try {
      await drain(filesSource(['no/such/dir']).items());
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).to.equal('verdict scan: no/such/dir: no such file or directory');
  });
});
