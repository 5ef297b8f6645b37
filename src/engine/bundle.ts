// A policy bundle as the engine needs it: the wasm module, the data, the catalog from the manifest, and the
// revision and digest every decision is stamped with.
import { readBundle } from '../rego/bundle/index.js';
import { UserError } from '../shared/user-error.js';
import { MANIFEST_CATALOG_KEY } from './build.js';
import { parseCatalog, type PolicyCatalog } from './catalog.js';
import { RESULTS_ENTRYPOINT } from './main-module.js';

export interface EngineBundle {
  wasm: Uint8Array;
  data: Record<string, unknown>;
  catalog: PolicyCatalog;
  revision: string;
  /** Hex SHA-256 of the bundle file. */
  digest: string;
}

/** Reads a bundle built by `verdict build` (a path or its bytes); a bundle without the catalog is refused. */
export async function readEngineBundle(source: string | Uint8Array): Promise<EngineBundle> {
  const where = typeof source === 'string' ? source : 'bundle';
  const bundle = await readBundle(source);
  let catalog: PolicyCatalog;
  try {
    catalog = parseCatalog(bundle.manifest.metadata?.[MANIFEST_CATALOG_KEY], where);
  } catch (err) {
    throw new UserError((err as Error).message);
  }
  if (!bundle.entrypoints.includes(RESULTS_ENTRYPOINT)) {
    throw new UserError(`${where}: the bundle has no ${RESULTS_ENTRYPOINT} entrypoint; build it with \`verdict build\``);
  }
  return { wasm: bundle.wasm, data: bundle.data, catalog, revision: bundle.revision, digest: bundle.digest };
}
