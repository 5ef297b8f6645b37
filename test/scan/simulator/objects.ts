// The simulator's resource types and their objects, generated on the fly from an index (deterministic), so that
// 100,000 objects cost no memory until they are written. Index order is key order (namespace/name), as in etcd.

export interface SimResource {
  group: string;
  version: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  count: number;
  /** `list` answers 403 with a Forbidden Status (discovery still shows the type, as RBAC does). */
  forbidden?: boolean;
  /** Default get, list, watch, create, update, delete. */
  verbs?: string[];
  /** `po`, `deploy`: what kubectl accepts for the type. */
  shortNames?: string[];
  /** Builds object `i`; default by kind. The namespace and name are set by the simulator. */
  make?: (i: number) => Record<string, unknown>;
}

export interface Placement {
  namespace?: string;
  name: string;
}

/** Namespaces of the simulated cluster, sorted; the first is `kube-system` (exempt in the test configuration). */
export function namespaceNames(count: number): string[] {
  const width = String(Math.max(count - 1, 1)).length;
  return ['kube-system', ...Array.from({ length: count - 1 }, (_, k) => `ns-${String(k + 1).padStart(width, '0')}`)];
}

/** Object i of a resource: namespaced objects fill the namespaces in order, in equal runs. */
export function placement(r: SimResource, i: number, namespaces: readonly string[]): Placement {
  if (r.kind === 'Namespace' && r.group === '') return { name: namespaces[i] };
  const width = String(Math.max(r.count - 1, 1)).length;
  const name = `${r.kind.toLowerCase()}-${String(i).padStart(width, '0')}`;
  if (!r.namespaced) return { name };
  const per = Math.ceil(r.count / namespaces.length);
  return { namespace: namespaces[Math.floor(i / per)], name };
}

/** The index range of a resource's objects in one namespace. */
export function namespaceRange(r: SimResource, namespace: string, namespaces: readonly string[]): [number, number] {
  const k = namespaces.indexOf(namespace);
  if (k < 0) return [0, 0];
  const per = Math.ceil(r.count / namespaces.length);
  return [Math.min(k * per, r.count), Math.min((k + 1) * per, r.count)];
}

/** A deterministic UUID for object i of a resource type. */
export function uidOf(r: SimResource, i: number): string {
  let h = 0x811c9dc5;
  for (const c of `${r.group}/${r.plural}`) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return `${h.toString(16).padStart(8, '0')}-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
}

/** The object as a list item: no apiVersion/kind, as the API server writes list items. */
export function objectFor(r: SimResource, i: number, namespaces: readonly string[]): Record<string, unknown> {
  const where = placement(r, i, namespaces);
  const body = (r.make ?? GENERATORS[r.kind] ?? generic)(i);
  const meta = (body.metadata ?? {}) as Record<string, unknown>;
  body.metadata = {
    name: where.name,
    ...(where.namespace ? { namespace: where.namespace } : {}),
    uid: uidOf(r, i),
    resourceVersion: String(1000 + i),
    creationTimestamp: '2026-01-15T08:00:00Z',
    ...meta,
    managedFields: [
      {
        manager: 'kubectl-client-side-apply',
        operation: 'Update',
        apiVersion: r.group ? `${r.group}/${r.version}` : r.version,
        time: '2026-01-15T08:00:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:metadata': { 'f:labels': { '.': {} } }, 'f:spec': {} },
      },
    ],
  };
  return body;
}

/** What each generated Pod violates, by index: the tests and the benchmark predict findings from these. */
export const podTraits = {
  privileged: (i: number) => i % 10 === 3,
  latest: (i: number) => i % 7 === 0,
  hostNetwork: (i: number) => i % 13 === 5,
  team: (i: number) => i % 2 === 0,
};

function container(i: number): Record<string, unknown> {
  return {
    name: 'app',
    image: podTraits.latest(i) ? 'registry.example.com/shop/app:latest' : `registry.example.com/shop/app:1.${i % 20}.0`,
    ports: [{ containerPort: 8080, protocol: 'TCP' }],
    env: [{ name: 'LOG_LEVEL', value: 'info' }, { name: 'REPLICA', value: String(i) }],
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
    securityContext: podTraits.privileged(i) ? { privileged: true } : { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
  };
}

function labels(i: number): Record<string, string> {
  return { app: `app-${i % 50}`, ...(podTraits.team(i) ? { team: `team-${i % 5}` } : {}) };
}

const GENERATORS: Record<string, (i: number) => Record<string, unknown>> = {
  Pod: (i) => ({
    metadata: { labels: labels(i), annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-01-15T08:00:00Z' } },
    spec: {
      ...(podTraits.hostNetwork(i) ? { hostNetwork: true } : {}),
      serviceAccountName: 'default',
      nodeName: `node-${i % 16}`,
      containers: [container(i), { name: 'metrics', image: 'registry.example.com/exporter:0.9.1', ports: [{ containerPort: 9100 }] }],
      volumes: [{ name: 'tmp', emptyDir: {} }],
    },
    status: { phase: 'Running', podIP: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, startTime: '2026-01-15T08:00:05Z' },
  }),
  Deployment: (i) => ({
    metadata: { labels: labels(i + 1) },
    spec: {
      replicas: 1 + (i % 3),
      selector: { matchLabels: { app: `app-${i % 50}` } },
      template: { metadata: { labels: { app: `app-${i % 50}` } }, spec: { containers: [container(i + 1)] } },
    },
    status: { replicas: 1 + (i % 3), readyReplicas: 1 + (i % 3) },
  }),
  ConfigMap: (i) => ({
    metadata: i % 100 === 50 ? { annotations: { 'verdict.test/boom': 'yes' } } : {},
    data: { 'settings.yaml': `level: ${i % 4}\n` },
  }),
  Secret: (i) => ({ type: 'Opaque', data: { token: Buffer.from(`secret-${i}`).toString('base64') } }),
  ClusterRoleBinding: (i) => ({
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: i % 4 === 0 ? 'cluster-admin' : 'view' },
    subjects: [{ kind: 'User', name: i % 8 === 0 ? 'system:admin' : `user-${i}`, apiGroup: 'rbac.authorization.k8s.io' }],
  }),
  Namespace: () => ({ spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } }),
};

function generic(i: number): Record<string, unknown> {
  return { spec: { index: i } };
}

/** Pods, deployments, config maps, secrets and cluster role bindings: the set the scan tests use. */
export function defaultResources(pods = 1000): SimResource[] {
  return [
    { group: '', version: 'v1', kind: 'Pod', plural: 'pods', namespaced: true, count: pods, shortNames: ['po'] },
    { group: '', version: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true, count: 200, shortNames: ['cm'] },
    { group: '', version: 'v1', kind: 'Secret', plural: 'secrets', namespaced: true, count: 50 },
    { group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments', namespaced: true, count: 120, shortNames: ['deploy'] },
    { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRoleBinding', plural: 'clusterrolebindings', namespaced: false, count: 40 },
  ];
}
