/**
 * The `.manifest` of an OPA bundle: revision, roots and the wasm entrypoint table. Parsed leniently, because
 * bundles written by different `opa` versions carry different optional fields (rego_version, metadata, ...).
 */
import { UserError } from '../../shared/user-error.js';

/** One row of the manifest's `wasm` table: entrypoint `a/b/c` is served by `module` (an entry path). */
export interface WasmResolver {
  entrypoint: string;
  module: string;
  annotations?: unknown[];
}

export interface Manifest {
  revision: string;
  roots?: string[];
  wasm?: WasmResolver[];
  rego_version?: number;
  file_rego_versions?: Record<string, number>;
  metadata?: Record<string, unknown>;
  /** Fields we do not interpret are kept, so a manifest read and written again loses nothing. */
  [field: string]: unknown;
}

export interface ManifestOptions {
  revision?: string;
  entrypoints: readonly string[];
  /** Set to 0 for bundles of v0 sources, as `opa build --v0-compatible` records it. */
  regoVersion?: 0 | 1;
  module?: string;
}

/** The manifest `verdict build` writes: every entrypoint served by the one module. */
export function buildManifest(options: ManifestOptions): Manifest {
  const module = options.module ?? '/policy.wasm';
  const manifest: Manifest = {
    revision: options.revision ?? '',
    roots: [''],
    wasm: options.entrypoints.map((entrypoint) => ({ entrypoint, module })),
  };
  if (options.regoVersion === 0) manifest.rego_version = 0;
  return manifest;
}

/** Parses and checks a `.manifest`; a missing `revision` reads as `""` (OPA's default). */
export function parseManifest(text: string, where = '.manifest'): Manifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new UserError(`${where}: not valid JSON: ${(err as Error).message}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new UserError(`${where}: must be a JSON object`);
  const m = raw as Record<string, unknown>;
  const revision = m.revision ?? '';
  if (typeof revision !== 'string') throw new UserError(`${where}: revision must be a string`);
  if (m.roots !== undefined && !(Array.isArray(m.roots) && m.roots.every((r) => typeof r === 'string'))) {
    throw new UserError(`${where}: roots must be an array of strings`);
  }
  if (m.wasm !== undefined) {
    if (!Array.isArray(m.wasm)) throw new UserError(`${where}: wasm must be an array`);
    for (const [i, row] of m.wasm.entries()) {
      const r = row as Record<string, unknown> | null;
      if (typeof r !== 'object' || r === null || typeof r.entrypoint !== 'string' || typeof r.module !== 'string') {
        throw new UserError(`${where}: wasm[${i}] must have string fields entrypoint and module`);
      }
    }
  }
  return { ...m, revision } as Manifest;
}
