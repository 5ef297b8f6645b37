// Fills the caBundle into the webhook configurations of a manifest folder, so `kubectl apply -f` can install them.
import { X509Certificate } from 'node:crypto';
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { isMap, isSeq, parseAllDocuments, type Document } from 'yaml';
import { UserError } from '../shared/user-error.js';
import { writeAtomically } from './write.js';

const WEBHOOK_KINDS = new Set(['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration']);
const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';
const STDIN = '-';

export interface RenderOptions {
  /** Point every `clientConfig.service` at this namespace, and exclude it in the namespaceSelector instead of the old one. */
  namespace?: string;
  /** Point every `clientConfig.service` at this Service name. */
  service?: string;
}

export interface RenderedManifest {
  /** File the configuration came from. */
  source: string;
  /** Where it was written; absent when no output folder was given. */
  path?: string;
  kind: string;
  name: string;
  text: string;
}

/**
 * Reads every `*.yaml`/`*.yml` in `webhookConfigDir` (or that one file, or standard input for `-`, e.g. the output
 * of `kubectl kustomize <overlay>`), keeps the webhook configurations and sets `caBundle` on each webhook.
 * With `outDir`, writes one file per source file there (same name); without, only returns the text, because
 * writing a CA into the checked-in base would leave a secret-looking diff in everyone's tree.
 */
export async function renderWebhookConfigs(
  webhookConfigDir: string,
  caBundlePem: string,
  outDir?: string,
  options: RenderOptions = {},
): Promise<RenderedManifest[]> {
  const caBundle = Buffer.from(checkBundle(caBundlePem)).toString('base64');
  const rendered: RenderedManifest[] = [];
  const perFile = new Map<string, Document[]>();
  for (const { file, text } of await readManifests(webhookConfigDir)) {
    const docs = parseAllDocuments(text);
    for (const doc of docs) {
      if (doc.errors.length > 0) throw new UserError(`${file}: cannot parse YAML: ${doc.errors[0]?.message}`);
      const kind = doc.get('kind');
      if (typeof kind !== 'string' || !WEBHOOK_KINDS.has(kind)) continue;
      fillWebhooks(doc, caBundle, options, file);
      const name = String(doc.getIn(['metadata', 'name']) ?? '');
      rendered.push({ source: file, kind, name, text: doc.toString() });
      perFile.set(file, [...(perFile.get(file) ?? []), doc]);
    }
  }
  if (rendered.length === 0) {
    throw new UserError(`${webhookConfigDir}: no ValidatingWebhookConfiguration or MutatingWebhookConfiguration found`);
  }
  if (outDir !== undefined) {
    await mkdir(outDir, { recursive: true });
    for (const [file, docs] of perFile) {
      const path = join(outDir, file === STDIN ? 'webhook-configurations.yaml' : basename(file));
      const header = '# Rendered by `verdict certs`: caBundle filled in; re-render after rotating the CA.\n';
      await writeAtomically(path, header + docs.map((d) => d.toString()).join('---\n'), 0o644);
      for (const entry of rendered) if (entry.source === file) entry.path = path;
    }
  }
  return rendered;
}


async function readManifests(path: string): Promise<Array<{ file: string; text: string }>> {
  if (path === STDIN) return [{ file: STDIN, text: await readStdin() }];
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new UserError(`${path}: no such file or folder`);
  }
  const files = info.isDirectory()
    ? (await readdir(path)).filter((n) => ['.yaml', '.yml'].includes(extname(n))).sort().map((n) => join(path, n))
    : [path];
  return Promise.all(files.map(async (file) => ({ file, text: await readFile(file, 'utf8') })));
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function fillWebhooks(doc: Document, caBundle: string, options: RenderOptions, file: string): void {
  const webhooks = doc.get('webhooks');
  if (!isSeq(webhooks) || webhooks.items.length === 0) throw new UserError(`${file}: ${String(doc.get('kind'))} has no webhooks`);
  webhooks.items.forEach((_, i) => {
    const at = ['webhooks', i];
    doc.setIn([...at, 'clientConfig', 'caBundle'], caBundle);
    if (!isMap(doc.getIn([...at, 'clientConfig', 'service']))) return;
    const oldNamespace = doc.getIn([...at, 'clientConfig', 'service', 'namespace']);
    if (options.service) doc.setIn([...at, 'clientConfig', 'service', 'name'], options.service);
    if (options.namespace) {
      doc.setIn([...at, 'clientConfig', 'service', 'namespace'], options.namespace);
      excludeNamespace(doc, at, typeof oldNamespace === 'string' ? oldNamespace : undefined, options.namespace);
    }
  });
}

/** A webhook must never see its own namespace, or it can block the Pods that would bring it back. */
function excludeNamespace(doc: Document, at: Array<string | number>, oldNamespace: string | undefined, namespace: string): void {
  const expressionsPath = [...at, 'namespaceSelector', 'matchExpressions'];
  const expressions = doc.getIn(expressionsPath);
  if (isSeq(expressions)) {
    for (let j = 0; j < expressions.items.length; j++) {
      const key = doc.getIn([...expressionsPath, j, 'key']);
      const operator = doc.getIn([...expressionsPath, j, 'operator']);
      const values = doc.getIn([...expressionsPath, j, 'values']);
      if (key !== NAMESPACE_NAME_LABEL || operator !== 'NotIn' || !isSeq(values)) continue;
      const list = values.items.map((item) => String((item as { value?: unknown }).value ?? item));
      const kept = list.filter((v) => v !== oldNamespace || v === namespace);
      if (!kept.includes(namespace)) kept.push(namespace);
      // Rewrite only on change, so an unchanged list keeps its layout and comments.
      if (kept.join('\n') !== list.join('\n')) doc.setIn([...expressionsPath, j, 'values'], doc.createNode(kept));
      return;
    }
  }
  const expression = { key: NAMESPACE_NAME_LABEL, operator: 'NotIn', values: [namespace] };
  if (isSeq(expressions)) expressions.add(doc.createNode(expression));
  else doc.setIn(expressionsPath, doc.createNode([expression]));
}

/** The bundle must hold at least one parseable certificate; anything else would only fail later, inside the apiserver. */
function checkBundle(pem: string): string {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw new UserError('the CA bundle holds no PEM certificate');
  for (const block of blocks) {
    try {
      new X509Certificate(block);
    } catch (err) {
      throw new UserError(`the CA bundle holds a certificate that cannot be read: ${(err as Error).message}`);
    }
  }
  return blocks.join('\n') + '\n';
}
