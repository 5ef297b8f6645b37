/**
 * Gathers policy inputs from the files and directories a user names: `.rego` modules and data documents,
 * and merges data documents into one `data` tree at their directory paths, as OPA's loader does.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';
import { UserError } from '../shared/user-error.js';
import type { SourceFile } from './source.js';

/** File names that hold data when found while walking a directory (OPA's bundle convention). */
export const DATA_FILE_NAMES: ReadonlySet<string> = new Set(['data.json', 'data.yaml', 'data.yml']);

export interface DataFile {
  /** Path as the user named it (or as joined under the directory they named). */
  path: string;
  /** Where the document is merged: `["a", "b"]` for `a/b/data.json` under a directory given. */
  dataPath: string[];
  value: unknown;
}

export interface GatheredFiles {
  modules: SourceFile[];
  data: DataFile[];
}

/**
 * Reads every named path. A directory is walked recursively (entries sorted, so results are stable): `.rego`
 * files become modules and `data.json` / `data.yaml` / `data.yml` files data at their directory path relative
 * to the directory named. A file named directly is a module if it ends in `.rego`, otherwise a data document
 * (`.json`, `.yaml`, `.yml`) merged at the root, as `opa eval -d file.json` does.
 */
export async function gatherFiles(paths: readonly string[]): Promise<GatheredFiles> {
  const out: GatheredFiles = { modules: [], data: [] };
  const seen = new Set<string>();
  for (const given of paths) {
    let info;
    try {
      info = await stat(given);
    } catch {
      throw new UserError(`${given}: no such file or directory`);
    }
    if (info.isDirectory()) await walk(given, [], out, seen);
    else if (given.endsWith('.rego')) await addModule(given, out, seen);
    else if (/\.(json|ya?ml)$/.test(given)) await addData(given, [], out, seen);
    else throw new UserError(`${given}: not a .rego, .json or .yaml file`);
  }
  return out;
}

async function walk(dir: string, rel: string[], out: GatheredFiles, seen: Set<string>): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    // Follow symlinks the way `stat` sees them, as a shell glob would.
    const isDir = entry.isDirectory() || (entry.isSymbolicLink() && (await stat(full).catch(() => null))?.isDirectory());
    if (isDir) await walk(full, [...rel, entry.name], out, seen);
    else if (entry.name.endsWith('.rego')) await addModule(full, out, seen);
    else if (DATA_FILE_NAMES.has(entry.name)) await addData(full, rel, out, seen);
  }
}

async function addModule(file: string, out: GatheredFiles, seen: Set<string>): Promise<void> {
  if (!firstVisit(file, seen)) return;
  out.modules.push({ path: file, text: await readFile(file, 'utf8') });
}

async function addData(file: string, dataPath: string[], out: GatheredFiles, seen: Set<string>): Promise<void> {
  if (!firstVisit(file, seen)) return;
  out.data.push({ path: file, dataPath, value: parseDataDocument(file, await readFile(file, 'utf8')) });
}

/** A file named twice (directly and inside a directory, say) is read once. */
function firstVisit(file: string, seen: Set<string>): boolean {
  const key = path.resolve(file);
  if (seen.has(key)) return false;
  seen.add(key);
  return true;
}

/** Parses a JSON or YAML data document; the file name only chooses the syntax and names the file in errors. */
export function parseDataDocument(file: string, text: string): unknown {
  try {
    if (file.endsWith('.json')) return JSON.parse(text);
    // An empty YAML file is an empty document, not `null`.
    return YAML.parse(text) ?? {};
  } catch (err) {
    throw new UserError(`${file}: cannot parse data: ${(err as Error).message.split('\n')[0]}`);
  }
}

/**
 * Merges data documents into one object, each under its `dataPath`. Objects merge key by key; any other
 * clash (two values at one path that are not both objects) is an error naming the file, as in OPA.
 */
export function mergeData(files: readonly Pick<DataFile, 'path' | 'dataPath' | 'value'>[]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const file of files) {
    let doc = file.value;
    for (let i = file.dataPath.length - 1; i >= 0; i--) doc = { [file.dataPath[i]]: doc };
    if (!isPlainObject(doc)) {
      throw new UserError(`${file.path}: data at the root must be an object`);
    }
    mergeInto(root, doc, file.path, []);
  }
  return root;
}

function mergeInto(target: Record<string, unknown>, source: Record<string, unknown>, file: string, at: string[]): void {
  for (const [key, value] of Object.entries(source)) {
    if (!Object.hasOwn(target, key)) {
      target[key] = value;
      continue;
    }
    const existing = target[key];
    if (isPlainObject(existing) && isPlainObject(value)) {
      // Copy before merging so that a document is never modified through a value shared with another.
      const copy = { ...existing };
      mergeInto(copy, value, file, [...at, key]);
      target[key] = copy;
    } else {
      throw new UserError(`${file}: merge error: data.${[...at, key].join('.')} is defined twice`);
    }
  }
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
