/**
 * OPA bundles: write (`verdict build`), read, and load into a ready policy (`loadBundle` = read + load + data).
 */
import { UserError } from '../../shared/user-error.js';
import { loadWasmPolicy, type LoadedPolicy } from '../load.js';
import { readBundle, type Bundle } from './read.js';

export { buildManifest, parseManifest, type Manifest, type WasmResolver } from './manifest.js';
export { readBundle, normalizeEntryName, type Bundle } from './read.js';
export { writeBundle, bundleEntryPath, type BundleContents } from './write.js';

export interface LoadedBundle {
  bundle: Bundle;
  /** The policy with the bundle's data already set. */
  policy: LoadedPolicy;
}

export async function loadBundle(source: string | Uint8Array | ArrayBuffer): Promise<LoadedBundle> {
  const bundle = await readBundle(source);
  const policy = await loadWasmPolicy(bundle.wasm);
  // A manifest that promises an entrypoint the module lacks would fail later, on the first evaluation.
  const known = (policy.entrypoints ?? {}) as Record<string, number>;
  const missing = bundle.entrypoints.filter((e) => !Object.hasOwn(known, e));
  if (missing.length > 0) {
    const where = typeof source === 'string' ? source : 'bundle';
    throw new UserError(`${where}: the manifest names entrypoint ${missing.join(', ')}, which the wasm module does not export`);
  }
  policy.setData(bundle.data);
  return { bundle, policy };
}
