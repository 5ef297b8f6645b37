// Pins the kustomize base in webhook-config/: it renders with kubectl, matches the Kubernetes schemas, and keeps Verdict out of its own way.
import { expect } from 'chai';
import { parseConfig } from '../../src/config/index.js';
import { schemaProblems } from './k8s-schema.js';
import { excludedNamespaces, find, kustomize, webhooksOf, type Manifest } from './kustomize.js';

const NAMESPACE = 'verdict-system';
const WEBHOOK_KINDS = ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration'];
/** The kinds the built-in policies match, as resources in their API groups. */
const POLICY_RESOURCES: Record<string, string[]> = {
  '': ['pods', 'replicationcontrollers', 'podtemplates', 'services', 'persistentvolumeclaims', 'secrets', 'configmaps', 'namespaces'],
  apps: ['deployments', 'replicasets', 'statefulsets', 'daemonsets'],
  batch: ['jobs', 'cronjobs'],
  'rbac.authorization.k8s.io': ['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings'],
};

interface Container {
  name: string;
  args: string[];
  ports: Array<{ name: string; containerPort: number }>;
  securityContext: Record<string, unknown>;
  resources: { requests?: Record<string, string>; limits?: Record<string, string> };
  readinessProbe: { httpGet: { path: string; port: string; scheme: string } };
  livenessProbe: { httpGet: { path: string; port: string; scheme: string } };
  volumeMounts: Array<{ name: string; mountPath: string }>;
}

describe('webhook-config kustomize base', function () {
  let manifests: Manifest[];
  before(function () {
    this.timeout(120_000); // may install kubectl first
    manifests = kustomize('webhook-config');
  });

  it('renders with kubectl kustomize into the objects an install needs', () => {
    const kinds = manifests.map((m) => m.kind).sort();
    expect(kinds).to.deep.equal(
      [
        'ClusterRole',
        'ClusterRoleBinding',
        'ConfigMap',
        'Deployment',
        'MutatingWebhookConfiguration',
        'Namespace',
        'PodDisruptionBudget',
        'Service',
        'ServiceAccount',
        'ValidatingWebhookConfiguration',
      ].sort(),
    );
  });

  it('matches the Kubernetes schema of every kind, with no unknown or missing fields', () => {
    for (const manifest of manifests) {
      expect(schemaProblems(manifest), `${manifest.kind}/${manifest.metadata.name}`).to.deep.equal([]);
    }
  });

  it('puts every namespaced object into verdict-system', () => {
    for (const kind of ['ServiceAccount', 'ConfigMap', 'Deployment', 'PodDisruptionBudget', 'Service']) {
      expect(find(manifests, kind).metadata.namespace, kind).to.equal(NAMESPACE);
    }
    expect(find(manifests, 'Namespace').metadata.name).to.equal(NAMESPACE);
  });

  describe('webhook configurations', () => {
    it('ask for admission.k8s.io/v1 reviews, declare no side effects and time out after 3 s', () => {
      const hooks = webhooksOf(manifests);
      expect(hooks.map((h) => h.kind).sort()).to.deep.equal([...WEBHOOK_KINDS].sort());
      for (const { webhook } of hooks) {
        expect(webhook.admissionReviewVersions, webhook.name).to.deep.equal(['v1']);
        expect(webhook.sideEffects, webhook.name).to.equal('None');
        expect(webhook.timeoutSeconds, webhook.name).to.equal(3);
        expect(webhook.matchPolicy, webhook.name).to.equal('Equivalent');
        expect(['Fail', 'Ignore'], webhook.name).to.include(webhook.failurePolicy);
        // The apiserver prefixes audit annotation keys with the name, and requires three DNS segments.
        expect(webhook.name.split('.').length, webhook.name).to.be.at.least(3);
      }
    });

    it('never send kube-system or Verdict’s own namespace to Verdict', () => {
      for (const { webhook } of webhooksOf(manifests)) {
        expect(excludedNamespaces(webhook), webhook.name).to.include.members(['kube-system', NAMESPACE]);
      }
    });

    it('call the verdict Service on /validate and /mutate', () => {
      const byKind = Object.fromEntries(webhooksOf(manifests).map(({ kind, webhook }) => [kind, webhook]));
      const service = find(manifests, 'Service', 'verdict');
      for (const [kind, path] of [['ValidatingWebhookConfiguration', '/validate'], ['MutatingWebhookConfiguration', '/mutate']]) {
        const ref = byKind[kind].clientConfig.service;
        expect(ref, kind).to.include({ namespace: NAMESPACE, name: service.metadata.name, path });
        const ports = (service.spec as { ports: Array<{ port: number }> }).ports.map((p) => p.port);
        expect(ports, kind).to.include(ref.port);
      }
    });

    it('reinvoke the mutating webhook when a later webhook changed the object', () => {
      const mutating = webhooksOf(manifests).filter((h) => h.kind === 'MutatingWebhookConfiguration');
      for (const { webhook } of mutating) expect(webhook.reinvocationPolicy).to.equal('IfNeeded');
    });

    it('match CREATE and UPDATE of every kind the policies match, in both configurations', () => {
      for (const { webhook } of webhooksOf(manifests)) {
        for (const [group, resources] of Object.entries(POLICY_RESOURCES)) {
          const covered = webhook.rules
            .filter((r) => r.apiGroups.includes(group) && r.operations.includes('CREATE') && r.operations.includes('UPDATE'))
            .flatMap((r) => r.resources);
          expect(covered, `${webhook.name} ${group || 'core'}`).to.include.members(resources);
        }
        // A rule for status subresources would put Verdict on the path of every controller's status write.
        const resources = webhook.rules.flatMap((r) => r.resources);
        for (const broad of ['pods/status', '*/*', '*']) expect(resources, webhook.name).to.not.include(broad);
      }
    });
  });

  describe('RBAC', () => {
    it('grants only read verbs, on named resources, and never Secrets', () => {
      const role = find(manifests, 'ClusterRole', 'verdict-read');
      const rules = role.rules as Array<{ apiGroups: string[]; resources: string[]; verbs: string[] }>;
      for (const rule of rules) {
        expect(rule.verbs, rule.resources.join()).to.satisfy((verbs: string[]) => verbs.every((v) => ['get', 'list', 'watch'].includes(v)));
        expect(rule.resources).to.not.include('*');
        expect(rule.apiGroups).to.not.include('*');
        expect(rule.resources).to.not.include('secrets');
      }
    });

    it('grants no Lease access: only the policy-reports component scans, and so elects', () => {
      expect(manifests.filter((m) => m.kind === 'Role' || m.kind === 'RoleBinding')).to.deep.equal([]);
      expect(JSON.stringify(manifests)).to.not.include('leases');
    });

    it('binds the read role to the verdict ServiceAccount only', () => {
      const binding = find(manifests, 'ClusterRoleBinding', 'verdict-read');
      expect(binding.roleRef).to.deep.equal({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'verdict-read' });
      expect(binding.subjects).to.deep.equal([{ kind: 'ServiceAccount', name: 'verdict', namespace: NAMESPACE }]);
    });
  });

  describe('Deployment', () => {
    let deployment: Manifest;
    let spec: { replicas: number; template: { metadata: { labels: Record<string, string> }; spec: Record<string, unknown> } };
    let container: Container;
    before(() => {
      deployment = find(manifests, 'Deployment', 'verdict');
      spec = deployment.spec as typeof spec;
      container = (spec.template.spec.containers as Container[])[0];
    });

    it('runs two replicas that prefer different nodes', () => {
      expect(spec.replicas).to.equal(2);
      const affinity = spec.template.spec.affinity as {
        podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: Array<{ podAffinityTerm: { topologyKey: string; labelSelector: { matchLabels: Record<string, string> } } }> };
      };
      const term = affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm;
      expect(term.topologyKey).to.equal('kubernetes.io/hostname');
      expect(spec.template.metadata.labels).to.include(term.labelSelector.matchLabels);
    });

    it('has a PodDisruptionBudget that keeps one replica through drains', () => {
      const pdb = find(manifests, 'PodDisruptionBudget', 'verdict');
      const pdbSpec = pdb.spec as { minAvailable: number; selector: { matchLabels: Record<string, string> } };
      expect(pdbSpec.minAvailable).to.equal(1);
      expect(spec.template.metadata.labels).to.include(pdbSpec.selector.matchLabels);
    });

    it('sets resource requests and limits', () => {
      expect(container.resources.requests).to.have.keys('cpu', 'memory');
      expect(container.resources.limits).to.have.keys('cpu', 'memory');
    });

    it('probes /readyz and /healthz over HTTPS on the serving port 8443', () => {
      expect(container.readinessProbe.httpGet).to.include({ path: '/readyz', scheme: 'HTTPS' });
      expect(container.livenessProbe.httpGet).to.include({ path: '/healthz', scheme: 'HTTPS' });
      const port = container.ports.find((p) => p.name === container.readinessProbe.httpGet.port);
      expect(port?.containerPort).to.equal(8443);
      const service = find(manifests, 'Service', 'verdict').spec as { ports: Array<{ targetPort: string | number }> };
      expect(service.ports.map((p) => p.targetPort)).to.include(container.readinessProbe.httpGet.port);
    });

    it('meets the restricted Pod Security Standard in its security context', () => {
      const pod = spec.template.spec.securityContext as Record<string, unknown>;
      const ctx = container.securityContext;
      expect(ctx.runAsNonRoot ?? pod.runAsNonRoot).to.equal(true);
      expect(ctx.allowPrivilegeEscalation).to.equal(false);
      expect(ctx.privileged ?? false).to.equal(false);
      expect(ctx.capabilities).to.deep.equal({ drop: ['ALL'] });
      expect((ctx.seccompProfile ?? pod.seccompProfile) as object).to.deep.equal({ type: 'RuntimeDefault' });
      expect(ctx.readOnlyRootFilesystem).to.equal(true);
      const uid = (ctx.runAsUser ?? pod.runAsUser) as number | undefined;
      if (uid !== undefined) expect(uid).to.be.greaterThan(0);
      for (const field of ['hostNetwork', 'hostPID', 'hostIPC']) expect(spec.template.spec[field] ?? false, field).to.equal(false);
      const volumes = spec.template.spec.volumes as Array<Record<string, unknown>>;
      for (const volume of volumes) {
        const types = Object.keys(volume).filter((k) => k !== 'name');
        expect(['secret', 'configMap', 'emptyDir', 'projected'], String(volume.name)).to.include.members(types);
      }
    });

    it('mounts the TLS Secret as the cert dir and the generated ConfigMap as the config file it is given', () => {
      const volumes = spec.template.spec.volumes as Array<{ name: string; secret?: { secretName: string }; configMap?: { name: string } }>;
      const mountOf = (name: string) => container.volumeMounts.find((m) => m.name === name)?.mountPath;
      const certs = volumes.find((v) => v.secret)!;
      expect(certs.secret!.secretName).to.equal('verdict-tls');
      expect(container.args).to.include(`--cert-dir=${mountOf(certs.name)}`);
      const config = volumes.find((v) => v.configMap)!;
      expect(config.configMap!.name).to.equal(find(manifests, 'ConfigMap').metadata.name);
      expect(container.args).to.include(`--config=${mountOf(config.name)}/verdict.yaml`);
    });

    it('runs as the verdict ServiceAccount', () => {
      expect(spec.template.spec.serviceAccountName).to.equal(find(manifests, 'ServiceAccount').metadata.name);
    });
  });

  it('holds a verdict.yaml in the ConfigMap that Verdict’s own loader accepts', () => {
    const configMap = find(manifests, 'ConfigMap');
    const config = parseConfig((configMap.data as Record<string, string>)['verdict.yaml'], 'ConfigMap verdict.yaml');
    expect(config.defaults).to.deep.equal({ mode: 'warn', failure: 'open' });
    expect(config.audit?.sink).to.equal('stdout');
  });
});
