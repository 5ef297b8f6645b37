/**
 * `verdict review <review.json|manifest.yaml> [--bundle B] [--config verdict.yaml]`: one decision through the same
 * engine `verdict serve` uses, printed as the AdmissionReview response the kube-apiserver would get. A bare
 * manifest is wrapped as a CREATE. Exit 0: allowed; 3: denied.
 */
import { randomUUID } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { parseAllDocuments } from 'yaml';
import { createAuditWriter } from '../audit/writer.js';
import { loadConfigFile } from '../config/index.js';
import { buildPolicyBundle, createEngine, decisionForAudit, readEngineBundle, type AdmissionReviewLike, type Endpoint } from '../engine/index.js';
import { ApiError } from '../server/api-error.js';
import { checkReview, encodeResponse } from '../server/review-codec.js';
import { UserError } from '../shared/user-error.js';
import { formatFlags, parseArgs } from './args.js';

const spec = {
  bundle: { kind: 'string', short: 'b', value: 'FILE', help: 'policy bundle from `verdict build` (default: build the policy folder)' },
  policies: { kind: 'string', value: 'DIR', help: 'without --bundle: policy folder to build (default policies)' },
  config: { kind: 'string', short: 'c', value: 'FILE', help: 'verdict.yaml (default: enforce all, fail closed)' },
  endpoint: { kind: 'string', value: 'validate|mutate', help: 'which webhook to answer as (default validate)' },
  'audit-file': { kind: 'string', value: 'FILE', help: 'also write the decision to this audit file' },
} as const;

const USAGE = `usage: verdict review <review.json|manifest.yaml|-> [options]\n\n${formatFlags(spec)}\n`;
export const EXIT_DENIED = 3;

/** Kinds that live outside namespaces; anything else without a namespace is created in "default", as kubectl does. */
const CLUSTER_SCOPED = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'StorageClass', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition',
  'PriorityClass', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'IngressClass', 'RuntimeClass', 'CSIDriver',
]);

export async function run(args: string[]): Promise<number> {
  const { flags, positionals, help } = parseArgs(args, spec, 'verdict review');
  if (help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (positionals.length !== 1) throw new UserError('verdict review: give exactly one review or manifest file ("-" reads stdin)');
  const endpoint = (flags.endpoint ?? 'validate') as Endpoint;
  if (endpoint !== 'validate' && endpoint !== 'mutate') throw new UserError(`verdict review: --endpoint must be validate or mutate, not "${endpoint}"`);

  const review = toReview(await readDocument(positionals[0]), positionals[0]);
  const config = flags.config ? await loadConfigFile(flags.config) : undefined;
  const bundle = flags.bundle ? await readEngineBundle(flags.bundle) : await buildFolder(flags.policies ?? 'policies');
  const engine = await createEngine({ bundle, config });
  const decision = await engine.decide(review, { origin: 'dryrun', endpoint });

  let auditId: string | undefined;
  const auditConfig = flags['audit-file'] ? { ...config?.audit, sink: 'file' as const, file: flags['audit-file'] } : config?.audit?.sink === 'file' ? config.audit : undefined;
  if (auditConfig) {
    const writer = createAuditWriter(auditConfig);
    try {
      auditId = (await writer.write(decisionForAudit(decision, review))).id;
    } finally {
      await writer.close();
    }
  }
  const version = review.apiVersion === 'admission.k8s.io/v1beta1' ? 'admission.k8s.io/v1beta1' : 'admission.k8s.io/v1';
  process.stdout.write(JSON.stringify(encodeResponse(decision, version, { auditId }), null, 2) + '\n');
  return decision.allowed ? 0 : EXIT_DENIED;
}

async function buildFolder(dir: string): Promise<Awaited<ReturnType<typeof readEngineBundle>>> {
  // Unlike `serve`, which starts empty, a review without policies would answer nothing worth reading.
  if (!(await stat(dir).then((s) => s.isDirectory(), () => false))) {
    throw new UserError(`verdict review: no policy folder ${dir}: give --bundle or --policies`);
  }
  return readEngineBundle((await buildPolicyBundle({ paths: [dir] })).bundle);
}

async function readDocument(file: string): Promise<unknown> {
  let text: string;
  try {
    text = file === '-' ? await readStdin() : await readFile(file, 'utf8');
  } catch (err) {
    throw new UserError(`${file}: cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  // YAML is a superset of JSON: one parser reads reviews and manifests in either syntax.
  const docs = parseAllDocuments(text).filter((d) => d.contents !== null);
  if (docs.length === 0) throw new UserError(`${file}: holds no document`);
  if (docs.length > 1) throw new UserError(`${file}: holds ${docs.length} documents; review takes one (use verdict scan for many)`);
  const doc = docs[0];
  if (doc.errors.length > 0) throw new UserError(`${file}: cannot parse: ${doc.errors[0].message.split('\n')[0]}`);
  return doc.toJS();
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** An AdmissionReview is checked as the server checks it; anything else must be a Kubernetes object to create. */
export function toReview(value: unknown, where: string): AdmissionReviewLike {
  const obj = value as Record<string, unknown> | null;
  if (obj && typeof obj === 'object' && obj.kind === 'AdmissionReview') {
    try {
      return checkReview(obj).review;
    } catch (err) {
      if (err instanceof ApiError) throw new UserError(`${where}: ${err.message}`);
      throw err;
    }
  }
  return wrapManifest(value, where);
}

export function wrapManifest(value: unknown, where: string): AdmissionReviewLike {
  const obj = value as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } } | null;
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) throw new UserError(`${where}: not a Kubernetes object or AdmissionReview`);
  if (typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') throw new UserError(`${where}: a manifest needs apiVersion and kind`);
  const slash = obj.apiVersion.indexOf('/');
  const group = slash < 0 ? '' : obj.apiVersion.slice(0, slash);
  const version = slash < 0 ? obj.apiVersion : obj.apiVersion.slice(slash + 1);
  const gvk = { group, version, kind: obj.kind };
  const gvr = { group, version, resource: plural(obj.kind) };
  const namespace = typeof obj.metadata?.namespace === 'string' ? obj.metadata.namespace : CLUSTER_SCOPED.has(obj.kind) ? '' : 'default';
  return {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: randomUUID(),
      kind: gvk,
      resource: gvr,
      requestKind: gvk,
      requestResource: gvr,
      name: typeof obj.metadata?.name === 'string' ? obj.metadata.name : '',
      namespace,
      operation: 'CREATE',
      userInfo: { username: 'verdict-review', groups: ['system:authenticated'] },
      object: namespace && obj.kind !== 'Namespace' ? { ...obj, metadata: { ...obj.metadata, namespace } } : obj,
      oldObject: null,
      dryRun: false,
      options: { apiVersion: 'meta.k8s.io/v1', kind: 'CreateOptions' },
    },
  };
}

/** The resource name the apiserver would use, for the common English plurals of Kubernetes kinds. */
function plural(kind: string): string {
  const k = kind.toLowerCase();
  if (k.endsWith('s')) return `${k}es`;
  if (k.endsWith('y') && !/[aeiou]y$/.test(k)) return `${k.slice(0, -1)}ies`;
  return `${k}s`;
}
