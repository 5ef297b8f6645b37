// What `verdict build` adds for Verdict policies: the policy catalog (in the manifest's metadata) and the generated
// `verdict.main` module with its entrypoints; and `buildPolicyBundle`, the same build done in-process by
// `verdict serve` when it is given a policy folder rather than a bundle.
import { stat } from 'node:fs/promises';
import type { Module } from '../rego/1-parse/ast.js';
import { compilePolicy } from '../rego/index.js';
import { gatherFiles, mergeData } from '../rego/files.js';
import { parseModules } from '../rego/bundle/entrypoints.js';
import { buildManifest, writeBundle, type Manifest } from '../rego/bundle/index.js';
import type { SourceFile } from '../rego/source.js';
import { catalogFromModules, POLICY_ROOT, type PolicyCatalog } from './catalog.js';
import { generateMainModule, mainModuleEntrypoints } from './main-module.js';

/** The manifest's `metadata.verdict` holds the catalog. */
export const MANIFEST_CATALOG_KEY = 'verdict';

export interface VerdictBuildPlan {
  catalog: PolicyCatalog;
  /** The generated `verdict.main` module, compiled with the user's modules but not stored in the bundle. */
  module: SourceFile;
  entrypoints: string[];
}

/** The Verdict part of a build, or undefined when no package sits under `verdict.policies` (a plain OPA build). */
export function planVerdictBuild(modules: readonly Module[], options: { force?: boolean } = {}): VerdictBuildPlan | undefined {
  const hasPolicies = modules.some((m) => POLICY_ROOT.every((p, i) => m.package.path[i] === p) && m.package.path.length > POLICY_ROOT.length);
  if (!hasPolicies && !options.force) return undefined;
  const catalog = catalogFromModules(modules);
  return { catalog, module: generateMainModule(catalog), entrypoints: mainModuleEntrypoints(catalog) };
}

/** The manifest with the catalog added to its metadata. */
export function withCatalog(manifest: Manifest, catalog: PolicyCatalog): Manifest {
  return { ...manifest, metadata: { ...(manifest.metadata ?? {}), [MANIFEST_CATALOG_KEY]: catalog } };
}

export interface BuildPolicyBundleOptions {
  /** Folders and files as `verdict build` takes them; a folder that does not exist gives an empty bundle. */
  paths: string[];
  revision?: string;
  regoVersion?: 0 | 1;
}

export interface BuiltPolicyBundle {
  bundle: Buffer;
  catalog: PolicyCatalog;
  /** The number of .rego files compiled (0: the bundle holds no policy). */
  files: number;
}

export async function buildPolicyBundle(options: BuildPolicyBundleOptions): Promise<BuiltPolicyBundle> {
  const present: string[] = [];
  for (const p of options.paths) if (await stat(p).then(() => true, () => false)) present.push(p);
  const gathered = present.length > 0 ? await gatherFiles(present) : { modules: [], data: [] };
  const regoVersion = options.regoVersion ?? 1;
  const modules = parseModules(gathered.modules, regoVersion);
  const plan = planVerdictBuild(modules, { force: true })!;
  const compiled = await compilePolicy({ files: [...gathered.modules, plan.module], entrypoints: plan.entrypoints, regoVersion });
  const manifest = withCatalog(buildManifest({ revision: options.revision, entrypoints: compiled.entrypoints, regoVersion }), plan.catalog);
  const bundle = await writeBundle({ wasm: compiled.wasm, manifest, data: mergeData(gathered.data), modules: gathered.modules });
  return { bundle, catalog: plan.catalog, files: gathered.modules.length };
}
