// Manifests as a scan source: files and folders of YAML (multi-document) and JSON, `List` kinds, stdin as `-`,
// in the shapes Helm (`helm template`) and Kustomize (`kustomize build`) write. One file is held at a time.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import YAML, { LineCounter } from 'yaml';
import { UserError } from '../../shared/user-error.js';
import { guessPlural } from '../review.js';
import type { KubeObject, ManifestLocation, ResourceType, ScanItem } from '../types.js';

export interface FilesSourceOptions {
  /** Namespace for namespaced objects that name none, as `kubectl apply -n` would give them. */
  namespace?: string;
  /** Read for `-` (default process.stdin). */
  stdin?: NodeJS.ReadableStream;
}

export interface FilesSource {
  readonly description: string;
  readonly notes: string[];
  items(): AsyncIterable<ScanItem>;
}

const MANIFEST_FILE = /\.(ya?ml|json)$/i;

/**
 * Kinds that are cluster-scoped in Kubernetes itself (and in the report CRDs). Without a cluster to ask, this
 * list decides whether `--namespace` applies to an object that names no namespace.
 */
const CLUSTER_SCOPED: ReadonlySet<string> = new Set([
  'APIService', 'CertificateSigningRequest', 'ClusterPolicyReport', 'ClusterRole', 'ClusterRoleBinding', 'ComponentStatus',
  'CSIDriver', 'CSINode', 'CustomResourceDefinition', 'FlowSchema', 'IngressClass', 'MutatingAdmissionPolicy',
  'MutatingAdmissionPolicyBinding', 'MutatingWebhookConfiguration', 'Namespace', 'Node', 'PersistentVolume',
  'PriorityClass', 'PriorityLevelConfiguration', 'RuntimeClass', 'StorageClass', 'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding', 'ValidatingWebhookConfiguration', 'VolumeAttachment',
]);

export function filesSource(paths: readonly string[], options: FilesSourceOptions = {}): FilesSource {
  const notes: string[] = [];
  return {
    description: paths.join(' '),
    notes,
    async *items() {
      for (const file of await manifestFiles(paths)) {
        const text = file === '-' ? await readStream(options.stdin ?? process.stdin) : await readFile(file, 'utf8');
        for (const found of parseManifests(file, text, notes)) {
          const item = toItem(found.value, found.location, options.namespace, notes);
          if (item) yield item;
        }
      }
    },
  };
}

/** The files to read, in order: named files as given, folders walked in sorted order for their manifests. */
export async function manifestFiles(paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const given of paths) {
    if (given === '-') {
      out.push(given);
      continue;
    }
    const info = await stat(given).catch(() => undefined);
    if (!info) throw new UserError(`verdict scan: ${given}: no such file or directory`);
    if (info.isDirectory()) await walk(given, out);
    else out.push(given);
  }
  return out;
}

async function walk(dir: string, out: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    // Hidden folders (.git, .helm caches) hold no manifests to scan.
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    const isDir = entry.isDirectory() || (entry.isSymbolicLink() && (await stat(full).catch(() => null))?.isDirectory());
    if (isDir) await walk(full, out);
    else if (MANIFEST_FILE.test(entry.name)) out.push(full);
  }
}

interface FoundValue {
  value: unknown;
  location: ManifestLocation;
}

/**
 * Every document of a file, `List` documents expanded into their items. JSON goes through JSON.parse, many times
 * faster than a YAML parser on large `kubectl get -o json` output; anything else (or JSON that fails) through YAML.
 */
export function parseManifests(file: string, text: string, notes: string[]): FoundValue[] {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      const value: unknown = JSON.parse(text);
      const line = 1 + (text.slice(0, text.length - trimmed.length).match(/\n/g)?.length ?? 0);
      return expandList(value, { file, document: 1, line }, undefined);
    } catch {
      // Not JSON after all (a YAML flow mapping, say): the YAML parser reports where it goes wrong.
    }
  }
  const lines = new LineCounter();
  const out: FoundValue[] = [];
  const docs = YAML.parseAllDocuments(text, { lineCounter: lines, uniqueKeys: false });
  const list = Array.isArray(docs) ? docs : [docs];
  list.forEach((doc, i) => {
    const where = (offset: number) => lines.linePos(offset);
    if (doc.errors.length > 0) {
      const e = doc.errors[0];
      const { line, col } = where(e.pos[0]);
      throw new UserError(`verdict scan: ${file}:${line}:${col}: ${e.message.split('\n')[0]}`);
    }
    const contents = doc.contents;
    if (!contents) return;
    const value: unknown = doc.toJS({ maxAliasCount: 1000 });
    if (value === null || value === undefined) return;
    const location: ManifestLocation = { file, document: i + 1, line: contents.range ? where(contents.range[0]).line : 1 };
    const template = helmSource(doc);
    if (template) location.template = template;
    const items = YAML.isMap(contents) ? contents.get('items', true) : undefined;
    const itemLines = YAML.isSeq(items) ? items.items.map((n) => (YAML.isNode(n) && n.range ? where(n.range[0]).line : location.line)) : undefined;
    out.push(...expandList(value, location, itemLines));
  });
  return out;
}

/** `kind: List` (and `PodList`, `DeploymentList`... as `kubectl get -o yaml` writes them) → each item. */
function expandList(value: unknown, location: ManifestLocation, itemLines: number[] | undefined): FoundValue[] {
  const v = value as { kind?: unknown; items?: unknown };
  if (v && typeof v === 'object' && typeof v.kind === 'string' && v.kind.endsWith('List') && Array.isArray(v.items)) {
    return v.items.map((item, i) => ({ value: item, location: { ...location, item: i, line: itemLines?.[i] ?? location.line } }));
  }
  return [{ value, location }];
}

/** Helm writes `# Source: <chart>/templates/<file>` above each document of `helm template`. */
function helmSource(doc: YAML.Document.Parsed): string | undefined {
  const first = YAML.isMap(doc.contents) ? doc.contents.items[0] : undefined;
  const firstKey = first && YAML.isNode(first.key) ? first.key : undefined;
  for (const comment of [doc.commentBefore, doc.contents?.commentBefore, firstKey?.commentBefore]) {
    const m = comment ? /^\s*Source:\s*(\S+)/m.exec(comment) : null;
    if (m) return m[1];
  }
  return undefined;
}

function toItem(value: unknown, location: ManifestLocation, namespace: string | undefined, notes: string[]): ScanItem | undefined {
  const at = `${location.file}:${location.line}`;
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    notes.push(`${at}: skipped a document that is not an object`);
    return undefined;
  }
  const object = value as KubeObject;
  if (typeof object.apiVersion !== 'string' || typeof object.kind !== 'string' || object.apiVersion === '' || object.kind === '') {
    notes.push(`${at}: skipped a document without apiVersion and kind`);
    return undefined;
  }
  const slash = object.apiVersion.indexOf('/');
  const type: ResourceType = {
    group: slash < 0 ? '' : object.apiVersion.slice(0, slash),
    version: slash < 0 ? object.apiVersion : object.apiVersion.slice(slash + 1),
    kind: object.kind,
    resource: guessPlural(object.kind),
    namespaced: !CLUSTER_SCOPED.has(object.kind),
  };
  if (!object.metadata || typeof object.metadata !== 'object') object.metadata = {};
  if (type.namespaced && namespace && !object.metadata.namespace) object.metadata.namespace = namespace;
  return { object, type, location };
}

async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
