/**
 * Reads an OPA bundle (`.tar.gz`) written by `verdict build` or by `opa build -t wasm`: the wasm module, the
 * merged data, the manifest and the Rego sources. Entry names may or may not start with `/`.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { UserError } from '../../shared/user-error.js';
import { DATA_FILE_NAMES, mergeData, parseDataDocument, type DataFile } from '../files.js';
import type { SourceFile } from '../source.js';
import { parseManifest, type Manifest } from './manifest.js';

export interface Bundle {
  wasm: Uint8Array;
  data: Record<string, unknown>;
  manifest: Manifest;
  revision: string;
  /** Hex SHA-256 of the bundle file as given (the gzipped bytes). */
  digest: string;
  /** Entrypoint names from the manifest's `wasm` table (empty when the manifest has none). */
  entrypoints: string[];
  /** Rego sources found in the bundle, by entry name (with a leading `/`). */
  modules: SourceFile[];
}

/** Large enough for any real policy, small enough that a hostile archive cannot exhaust memory. */
const MAX_UNPACKED_BYTES = 512 * 1024 * 1024;

export async function readBundle(source: string | Uint8Array | ArrayBuffer): Promise<Bundle> {
  const where = typeof source === 'string' ? source : 'bundle';
  let bytes: Uint8Array;
  if (typeof source === 'string') {
    try {
      bytes = await readFile(source);
    } catch (err) {
      throw new UserError(`${source}: cannot read bundle: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  } else bytes = source instanceof Uint8Array ? source : new Uint8Array(source);

  const digest = createHash('sha256').update(bytes).digest('hex');
  const files = await untar(unzip(bytes, where), where);

  const manifestBytes = files.get('.manifest');
  const manifest = manifestBytes ? parseManifest(utf8(manifestBytes), `${where}: .manifest`) : { revision: '' };
  const wasmPath = wasmModulePath(manifest, where);
  const wasm = files.get(wasmPath);
  if (!wasm) throw new UserError(`${where}: no /${wasmPath} in the bundle`);

  const dataFiles: DataFile[] = [];
  const modules: SourceFile[] = [];
  for (const [name, content] of files) {
    const parts = name.split('/');
    const base = parts[parts.length - 1];
    if (DATA_FILE_NAMES.has(base)) {
      dataFiles.push({ path: `${where}: /${name}`, dataPath: parts.slice(0, -1), value: parseDataDocument(name, utf8(content)) });
    } else if (name.endsWith('.rego')) {
      modules.push({ path: '/' + name, text: utf8(content) });
    }
  }
  return {
    wasm,
    data: mergeData(dataFiles),
    manifest,
    revision: manifest.revision,
    digest,
    entrypoints: (manifest.wasm ?? []).map((w) => w.entrypoint),
    modules,
  };
}

/** The one module the manifest names (Verdict loads one module per bundle), or `policy.wasm` by default. */
function wasmModulePath(manifest: Manifest, where: string): string {
  const modules = new Set((manifest.wasm ?? []).map((w) => normalizeEntryName(w.module)));
  if (modules.size > 1) throw new UserError(`${where}: the manifest names ${modules.size} wasm modules; only one is supported`);
  return modules.size === 1 ? [...modules][0] : 'policy.wasm';
}

function unzip(bytes: Uint8Array, where: string): Buffer {
  // A plain (not gzipped) tar is accepted too: ustar archives have no gzip magic.
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return Buffer.from(bytes);
  try {
    return gunzipSync(bytes, { maxOutputLength: MAX_UNPACKED_BYTES });
  } catch (err) {
    throw new UserError(`${where}: not a valid gzip file: ${(err as Error).message}`);
  }
}

/** Regular files of the archive by normalized name (no leading `/` or `./`). */
async function untar(bytes: Buffer, where: string): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  const extract = tar.extract();
  const reading = (async () => {
    for await (const entry of extract) {
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      const type = entry.header.type;
      if (type === 'file' || type === 'contiguous-file') {
        files.set(normalizeEntryName(entry.header.name), Buffer.concat(chunks));
      }
    }
  })();
  extract.end(bytes);
  try {
    await reading;
  } catch (err) {
    throw new UserError(`${where}: not a valid tar archive: ${(err as Error).message}`);
  }
  return files;
}

export function normalizeEntryName(name: string): string {
  return name
    .split('/')
    .filter((p) => p !== '' && p !== '.')
    .join('/');
}

function utf8(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes);
}
