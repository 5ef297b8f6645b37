// Renders kustomizations with the real `kubectl kustomize` (installing Debian's kubectl only where none exists) and parses the output.
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

/** Project root, from this file's place in dist/test/deploy/. */
export const projectRoot = fileURLToPath(new URL('../../../', import.meta.url));

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

let kubectlChecked = false;

/** Runs .ci/install-kubectl.sh once, which leaves an existing kubectl alone. */
export function ensureKubectl(): void {
  if (kubectlChecked) return;
  execFileSync('bash', ['.ci/install-kubectl.sh'], { cwd: projectRoot, stdio: 'pipe' });
  kubectlChecked = true;
}

/** Major version of the kustomize inside kubectl; 2 for kubectl 1.20 and older, which do not print it. */
export function kustomizeMajor(): number {
  ensureKubectl();
  const out = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).stdout ?? '';
  const match = /Kustomize Version: v?(\d+)/.exec(out);
  return match ? Number(match[1]) : 2;
}

/** `kubectl kustomize <dir>` (dir relative to the project root), parsed into plain objects. */
export function kustomize(dir: string): Manifest[] {
  ensureKubectl();
  const result = spawnSync('kubectl', ['kustomize', dir], { cwd: projectRoot, encoding: 'utf8', maxBuffer: 16 << 20 });
  if (result.status !== 0) throw new Error(`kubectl kustomize ${dir} failed: ${result.stderr || result.error?.message}`);
  return parseManifests(result.stdout);
}

export function parseManifests(text: string): Manifest[] {
  return parseAllDocuments(text)
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(`unparseable manifest: ${doc.errors[0]?.message}`);
      return doc.toJS() as Manifest | null;
    })
    .filter((m): m is Manifest => m !== null);
}

export function find(manifests: Manifest[], kind: string, name?: string): Manifest {
  const found = manifests.filter((m) => m.kind === kind && (name === undefined || m.metadata.name === name));
  if (found.length !== 1) throw new Error(`expected one ${kind}${name ? ` named ${name}` : ''}, found ${found.length}`);
  return found[0];
}

export interface Webhook {
  name: string;
  admissionReviewVersions: string[];
  sideEffects: string;
  timeoutSeconds: number;
  failurePolicy: string;
  matchPolicy: string;
  reinvocationPolicy?: string;
  clientConfig: { service: { namespace: string; name: string; path: string; port: number } };
  namespaceSelector: { matchExpressions: Array<{ key: string; operator: string; values: string[] }> };
  rules: Array<{ operations: string[]; apiGroups: string[]; apiVersions: string[]; resources: string[] }>;
}

const WEBHOOK_KINDS = ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration'];

/** Namespaces a webhook never sees: the values of a NotIn on the name label the apiserver sets on every namespace. */
export function excludedNamespaces(webhook: Webhook): string[] {
  return webhook.namespaceSelector.matchExpressions
    .filter((e) => e.key === 'kubernetes.io/metadata.name' && e.operator === 'NotIn')
    .flatMap((e) => e.values);
}

export function webhooksOf(manifests: Manifest[]): Array<{ kind: string; webhook: Webhook }> {
  return manifests
    .filter((m) => WEBHOOK_KINDS.includes(m.kind))
    .flatMap((m) => (m.webhooks as Webhook[]).map((webhook) => ({ kind: m.kind, webhook })));
}
