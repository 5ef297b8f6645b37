// Pins the overlay example: it moves Verdict to another namespace, fails closed, and adds only PolicyReport writes.
import { expect } from 'chai';
import { schemaProblems } from './k8s-schema.js';
import { excludedNamespaces, find, kustomize, kustomizeMajor, webhooksOf, type Manifest } from './kustomize.js';

const OVERLAY = 'examples/overlays/production';
const NAMESPACE = 'policy-system';

describe('overlay example (examples/overlays/production)', function () {
  let manifests: Manifest[];
  before(function () {
    this.timeout(120_000);
    // Components and `patches` need kustomize 3.7+; Debian's kubectl 1.20 embeds kustomize 2.
    if (kustomizeMajor() < 4) this.skip();
    manifests = kustomize(OVERLAY);
  });

  it('matches the Kubernetes schema of every kind', () => {
    for (const manifest of manifests) {
      expect(schemaProblems(manifest), `${manifest.kind}/${manifest.metadata.name}`).to.deep.equal([]);
    }
  });

  it('moves the namespace, every namespaced object and the RBAC subjects to policy-system', () => {
    expect(manifests.filter((m) => m.kind === 'Namespace').map((m) => m.metadata.name)).to.deep.equal([NAMESPACE]);
    for (const kind of ['ServiceAccount', 'ConfigMap', 'Deployment', 'PodDisruptionBudget', 'Service']) {
      expect(find(manifests, kind).metadata.namespace, kind).to.equal(NAMESPACE);
    }
    for (const binding of manifests.filter((m) => m.kind === 'ClusterRoleBinding')) {
      for (const subject of binding.subjects as Array<{ namespace: string }>) expect(subject.namespace, binding.metadata.name).to.equal(NAMESPACE);
    }
    expect(JSON.stringify(manifests)).to.not.include('verdict-system');
  });

  it('points both webhooks at the moved Service and excludes the new namespace instead of the old one', () => {
    for (const { webhook } of webhooksOf(manifests)) {
      expect(webhook.clientConfig.service.namespace, webhook.name).to.equal(NAMESPACE);
      expect(excludedNamespaces(webhook), webhook.name).to.include.members(['kube-system', NAMESPACE]);
    }
  });

  it('fails closed on the validating webhook and keeps the mutating one failing open', () => {
    const policies = Object.fromEntries(webhooksOf(manifests).map(({ kind, webhook }) => [kind, webhook.failurePolicy]));
    expect(policies).to.deep.equal({ ValidatingWebhookConfiguration: 'Fail', MutatingWebhookConfiguration: 'Ignore' });
  });

  it('adds write access to PolicyReports and to nothing else', () => {
    const writes = ['create', 'update', 'patch', 'delete', 'deletecollection', '*', 'escalate', 'bind', 'impersonate'];
    const written = manifests
      .filter((m) => m.kind === 'ClusterRole' || m.kind === 'Role')
      .flatMap((m) => m.rules as Array<{ apiGroups: string[]; resources: string[]; verbs: string[] }>)
      .filter((rule) => rule.verbs.some((v) => writes.includes(v)));
    expect(written).to.have.length.greaterThan(0);
    for (const rule of written) {
      expect(rule.apiGroups).to.deep.equal(['wgpolicyk8s.io']);
      expect(rule.resources).to.have.members(['policyreports', 'clusterpolicyreports']);
    }
    const binding = find(manifests, 'ClusterRoleBinding', 'verdict-policy-reports');
    expect(binding.subjects).to.deep.equal([{ kind: 'ServiceAccount', name: 'verdict', namespace: NAMESPACE }]);
  });

  it('sets the image from the overlay', () => {
    const deployment = find(manifests, 'Deployment', 'verdict');
    const containers = (deployment.spec as { template: { spec: { containers: Array<{ image: string }> } } }).template.spec.containers;
    expect(containers[0].image).to.equal('registry.example.com/platform/verdict:0.1.0');
  });
});
