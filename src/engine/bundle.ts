// A policy bundle as the engine needs it: the wasm module, the data, the catalog from the manifest, and the
// revision and digest every decision is stamped with.
import { readBundle } from '../rego/bundle/index.js';
import { UserError } from '../shared/user-error.js';
import { MANIFEST_CATALOG_KEY } from './build.js';
import { parseCatalog, type PolicyCatalog } from './catalog.js';
import { ENDPOINT_ENTRYPOINTS } from './main-module.js';

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
  for (const entrypoint of Object.values(ENDPOINT_ENTRYPOINTS)) {
    if (!bundle.entrypoints.includes(entrypoint)) {
      throw new UserError(`${where}: the bundle has no ${entrypoint} entrypoint; build it again with this version of \`verdict build\``);
    }
  }
  return { wasm: bundle.wasm, data: bundle.data, catalog, revision: bundle.revision, digest: bundle.digest };
}
