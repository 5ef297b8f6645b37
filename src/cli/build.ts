/**
 * `verdict build <files|dirs...> -o bundle.tar.gz [-e a/b/c]... [--v0-compatible] [--strict-builtin-errors] [-r revision]`:
 * compiles Rego to one wasm module and writes it, the data and the sources as an OPA bundle.
 */
import { writeFile } from 'node:fs/promises';
import { compilePolicy } from '../rego/index.js';
import { gatherFiles, mergeData } from '../rego/files.js';
import { annotatedEntrypoints, checkEntrypoints, entrypointPath, parseModules } from '../rego/bundle/entrypoints.js';
import { buildManifest, writeBundle } from '../rego/bundle/index.js';
import { UserError } from '../shared/user-error.js';
import { planVerdictBuild, withCatalog } from '../engine/build.js';
import { formatFlags, parseArgs } from './args.js';
import { COMPILE_FLAGS, compileOptions } from './compile-flags.js';

const spec = {
  output: { kind: 'string', short: 'o', value: 'FILE', help: 'bundle to write (default bundle.tar.gz)' },
  entrypoint: { kind: 'list', short: 'e', value: 'a/b/c', help: 'rule data.a.b.c to export; default: rules with METADATA entrypoint: true' },
  revision: { kind: 'string', short: 'r', value: 'REV', help: 'revision recorded in the manifest (default "")' },
  ...COMPILE_FLAGS,
} as const;

const USAGE = `usage: verdict build <files|dirs...> [-o bundle.tar.gz] [-e a/b/c]... [--v0-compatible]\n\n${formatFlags(spec)}\n`;

export async function run(args: string[]): Promise<number> {
  const { flags, positionals, help } = parseArgs(args, spec, 'verdict build');
  if (help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (positionals.length === 0) throw new UserError('verdict build: give at least one .rego file or directory');
  const { regoVersion, strictBuiltinErrors } = compileOptions(flags);

  const gathered = await gatherFiles(positionals);
  if (gathered.modules.length === 0) throw new UserError(`verdict build: no .rego files in ${positionals.join(' ')}`);
  const data = mergeData(gathered.data);

  // Parsing first gives the METADATA defaults and lets a wrong -e be reported at a source location.
  const modules = parseModules(gathered.modules, regoVersion);
  const entrypoints = flags.entrypoint.length > 0 ? flags.entrypoint.map((e) => entrypointPath(e).join('/')) : annotatedEntrypoints(modules);
  // Packages under verdict.policies add the generated verdict.main module, its entrypoints and the policy catalog
  // (src/engine/build.ts), so that the bundle is one `verdict serve` can serve.
  const verdict = planVerdictBuild(modules);
  if (entrypoints.length === 0 && !verdict) throw new UserError('verdict build: no entrypoints: give -e');
  checkEntrypoints(modules, entrypoints);

  const files = verdict ? [...gathered.modules, verdict.module] : gathered.modules;
  const allEntrypoints = verdict ? [...new Set([...entrypoints, ...verdict.entrypoints])] : entrypoints;
  const compiled = await compilePolicy({ files, entrypoints: allEntrypoints, regoVersion, strictBuiltinErrors });
  const plain = buildManifest({ revision: flags.revision, entrypoints: compiled.entrypoints, regoVersion });
  const manifest = verdict ? withCatalog(plain, verdict.catalog) : plain;
  const bundle = await writeBundle({ wasm: compiled.wasm, manifest, data, modules: gathered.modules });
  const output = flags.output ?? 'bundle.tar.gz';
  try {
    await writeFile(output, bundle);
  } catch (err) {
    throw new UserError(`verdict build: cannot write ${output}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return 0;
}
