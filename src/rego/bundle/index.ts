/**
 * OPA bundles: write (`verdict build`), read, and load into a ready policy (`loadBundle` = read + load + data).
 */
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
  policy.setData(bundle.data);
  return { bundle, policy };
}
