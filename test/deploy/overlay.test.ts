// Pins the overlay example: it moves Verdict to another namespace, fails closed, and adds only PolicyReport writes
// and the audit Lease its replicas elect a scanner with.
import { expect } from 'chai';
import { AUDIT_LEASE_NAME } from '../../src/scan/leader.js';
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

  type Rule = { apiGroups: string[]; resources: string[]; verbs: string[]; resourceNames?: string[] };
  const rulesOf = (m: Manifest) => m.rules as Rule[];

  it('adds write access to PolicyReports and to the audit Lease, and to nothing else', () => {
    const writes = ['create', 'update', 'patch', 'delete', 'deletecollection', '*', 'escalate', 'bind', 'impersonate'];
    const written = (kind: string) =>
      manifests
        .filter((m) => m.kind === kind)
        .flatMap(rulesOf)
        .filter((rule) => rule.verbs.some((v) => writes.includes(v)));
    expect(written('ClusterRole')).to.have.length.greaterThan(0);
    for (const rule of written('ClusterRole')) {
      expect(rule.apiGroups).to.deep.equal(['wgpolicyk8s.io']);
      expect(rule.resources).to.have.members(['policyreports', 'clusterpolicyreports']);
    }
    for (const rule of written('Role')) {
      expect(rule.apiGroups).to.deep.equal(['coordination.k8s.io']);
      expect(rule.resources).to.deep.equal(['leases']);
    }
    const binding = find(manifests, 'ClusterRoleBinding', 'verdict-policy-reports');
    expect(binding.subjects).to.deep.equal([{ kind: 'ServiceAccount', name: 'verdict', namespace: NAMESPACE }]);
  });

  it('lets the replicas elect one scanner: get and update of the one Lease by name, create (which names cannot narrow), in Verdict\'s namespace only', () => {
    const role = find(manifests, 'Role', 'verdict-audit-lease');
    expect(role.metadata.namespace).to.equal(NAMESPACE);
    const byVerb = new Map<string, Rule[]>();
    for (const rule of rulesOf(role)) for (const verb of rule.verbs) byVerb.set(verb, [...(byVerb.get(verb) ?? []), rule]);
    expect([...byVerb.keys()].sort()).to.deep.equal(['create', 'get', 'update']);
    for (const verb of ['get', 'update']) {
      for (const rule of byVerb.get(verb)!) expect(rule.resourceNames, verb).to.deep.equal([AUDIT_LEASE_NAME]);
    }
    for (const rule of rulesOf(role)) {
      expect(rule.apiGroups).to.deep.equal(['coordination.k8s.io']);
      expect(rule.resources).to.deep.equal(['leases']);
    }
    expect(manifests.some((m) => m.kind === 'ClusterRole' && rulesOf(m).some((r) => r.resources.includes('leases'))), 'no cluster-wide lease access').to.equal(false);
    const binding = find(manifests, 'RoleBinding', 'verdict-audit-lease');
    expect(binding.metadata.namespace).to.equal(NAMESPACE);
    expect(binding.roleRef).to.deep.equal({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'verdict-audit-lease' });
    expect(binding.subjects).to.deep.equal([{ kind: 'ServiceAccount', name: 'verdict', namespace: NAMESPACE }]);
  });

  it('gives the container its Pod\'s name and namespace from the downward API, to name the candidate and place the Lease', () => {
    const deployment = find(manifests, 'Deployment', 'verdict');
    type Env = { name: string; value?: string; valueFrom?: { fieldRef?: { fieldPath: string } } };
    const env = (deployment.spec as { template: { spec: { containers: Array<{ env: Env[] }> } } }).template.spec.containers[0].env;
    const fieldOf = (name: string) => env.find((e) => e.name === name)?.valueFrom?.fieldRef?.fieldPath;
    expect(fieldOf('POD_NAME')).to.equal('metadata.name');
    expect(fieldOf('POD_NAMESPACE')).to.equal('metadata.namespace');
    expect(env.map((e) => e.name), 'the base\'s variables stay').to.include('NODE_ENV');
  });

  it('sets the image from the overlay', () => {
    const deployment = find(manifests, 'Deployment', 'verdict');
    const containers = (deployment.spec as { template: { spec: { containers: Array<{ image: string }> } } }).template.spec.containers;
    expect(containers[0].image).to.equal('registry.example.com/platform/verdict:0.1.0');
  });
});
