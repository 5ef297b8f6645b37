/**
 * Writes an OPA bundle: a gzipped tar holding `/policy.wasm`, `/data.json`, `/.manifest` and the Rego
 * sources, with entry names starting with `/` as `opa build` writes them.
 */
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import type { SourceFile } from '../source.js';
import type { Manifest } from './manifest.js';

export interface BundleContents {
  wasm: Uint8Array;
  manifest: Manifest;
  data?: Record<string, unknown>;
  /** Rego sources to include; their entry names come from `bundleEntryPath`. */
  modules?: readonly SourceFile[];
}

/**
 * Entries carry a fixed mtime so that building the same inputs twice gives byte-identical bundles,
 * and so the same digest.
 */
const MTIME = new Date(Date.UTC(2000, 0, 1));

export async function writeBundle(contents: BundleContents): Promise<Buffer> {
  const entries: Array<[string, Uint8Array]> = [];
  const enc = new TextEncoder();
  entries.push(['/data.json', enc.encode(JSON.stringify(contents.data ?? {}))]);
  const used = new Set<string>(['/data.json', '/.manifest', '/policy.wasm']);
  for (const module of contents.modules ?? []) {
    const name = uniqueName(bundleEntryPath(module.path), used);
    entries.push([name, enc.encode(module.text)]);
  }
  entries.push(['/.manifest', enc.encode(JSON.stringify(contents.manifest))]);
  entries.push(['/policy.wasm', contents.wasm]);

  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const done = (async () => {
    for await (const chunk of pack) chunks.push(Buffer.from(chunk as Uint8Array));
  })();
  for (const [name, bytes] of entries) {
    await new Promise<void>((resolve, reject) => {
      pack.entry({ name, size: bytes.byteLength, mode: 0o644, mtime: MTIME }, Buffer.from(bytes), (err) => (err ? reject(err) : resolve()));
    });
  }
  pack.finalize();
  await done;
  return gzipSync(Buffer.concat(chunks));
}

/**
 * The entry name of a source file: its path relative to the working directory, with `/` separators and a
 * leading `/`. Paths outside the working directory lose their `..` steps so no entry escapes the bundle root.
 */
export function bundleEntryPath(file: string): string {
  let rel = path.isAbsolute(file) ? path.relative(process.cwd(), file) : path.normalize(file);
  rel = rel.split(path.sep).join('/');
  const parts = rel.split('/').filter((p) => p !== '' && p !== '.' && p !== '..');
  return '/' + parts.join('/');
}

function uniqueName(name: string, used: Set<string>): string {
  let candidate = name;
  for (let i = 2; used.has(candidate); i++) candidate = name.replace(/(\.rego)?$/, `.${i}$1`);
  used.add(candidate);
  return candidate;
}
