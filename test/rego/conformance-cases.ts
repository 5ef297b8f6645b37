// Loads conformance cases (OPA's YAML case format) from the shared copy of OPA's suite and from our own folder.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

/** The project root, found from this file's place in `dist/test/rego/`. */
export const PROJECT_ROOT = path.resolve(fileURLToPath(new URL('../../../', import.meta.url)));

/** Where cases live: the shared copy of OPA's suite, and Verdict's own cases for what that copy lacks. */
export const CASE_ROOTS: readonly CaseRoot[] = [
  { dir: path.join(PROJECT_ROOT, '..', 'shared', 'conformance', 'opa', 'v1'), prefix: '' },
  { dir: path.join(PROJECT_ROOT, 'test', 'rego', 'cases'), prefix: 'verdict/' },
];

export interface CaseRoot {
  dir: string;
  /** Put before the folder name in reports (our own folders read `verdict/every`). */
  prefix: string;
}

export interface ConformanceCase {
  /** Unique key: the note, or `note#2`, `note#3`... for later cases reusing a note (OPA's suite has a few). */
  id: string;
  note: string;
  /** Path of the YAML file relative to the project root, for reports. */
  file: string;
  /** Report group: the first folder under the case root (with the root's prefix). */
  folder: string;
  query: string;
  modules: string[];
  data?: unknown;
  /** `input` as data; `hasInput` tells an absent input from an explicit null. */
  input?: unknown;
  hasInput: boolean;
  /** `input_term`: the input written as a Rego term. */
  inputTerm?: string;
  wantResult?: Array<Record<string, unknown>>;
  wantError?: string;
  wantErrorCode?: string;
  sortBindings: boolean;
  strictError: boolean;
  /** Files under a folder named `v0` are parsed as Rego v0, as OPA's own v0 case folders are. */
  regoVersion: 0 | 1;
}

/** Every case under the roots, in a stable order (files sorted by path, cases in file order). */
export function loadCases(roots: readonly CaseRoot[] = CASE_ROOTS): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  const seen = new Map<string, number>();
  for (const root of roots) {
    for (const file of listCaseFiles(root.dir)) {
      const rel = path.relative(root.dir, file).split(path.sep);
      const folder = root.prefix + (rel.length > 1 ? rel[0] : '.');
      const regoVersion = rel.slice(0, -1).includes('v0') ? 0 : 1;
      for (const c of parseCaseFile(readFileSync(file, 'utf8'), path.relative(PROJECT_ROOT, file), folder, regoVersion)) {
        const count = (seen.get(c.note) ?? 0) + 1;
        seen.set(c.note, count);
        cases.push({ ...c, id: count === 1 ? c.note : `${c.note}#${count}` });
      }
    }
  }
  return cases;
}

/** `.yaml` / `.yml` files under `dir`, recursively, sorted; a missing folder has none. */
export function listCaseFiles(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const out: string[] = [];
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listCaseFiles(full));
    else if (/\.ya?ml$/.test(e.name)) out.push(full);
  }
  return out.sort();
}

/** Parses one YAML file of cases; `file` and `folder` are copied into each case. Throws on a malformed case. */
export function parseCaseFile(text: string, file: string, folder: string, regoVersion: 0 | 1 = 1): Array<Omit<ConformanceCase, 'id'>> {
  const doc = YAML.parse(text) as { cases?: unknown } | null;
  if (!doc || !Array.isArray(doc.cases)) throw new Error(`${file}: no "cases" list`);
  return doc.cases.map((raw: unknown, i: number) => {
    const c = raw as Record<string, unknown>;
    const where = `${file}: case ${i + 1}`;
    if (typeof c.note !== 'string') throw new Error(`${where}: note must be a string`);
    if (typeof c.query !== 'string') throw new Error(`${where} (${c.note}): query must be a string`);
    const modules = c.modules ?? [];
    if (!Array.isArray(modules) || !modules.every((m) => typeof m === 'string')) throw new Error(`${where} (${c.note}): modules must be strings`);
    const wantResult = c.want_result;
    if (wantResult !== undefined && wantResult !== null && !Array.isArray(wantResult)) throw new Error(`${where} (${c.note}): want_result must be a list`);
    return {
      note: c.note,
      file,
      folder,
      query: c.query,
      modules: modules as string[],
      data: c.data ?? undefined,
      input: c.input,
      hasInput: Object.hasOwn(c, 'input'),
      inputTerm: typeof c.input_term === 'string' ? c.input_term : undefined,
      // YAML `want_result:` with nothing after it reads as null: no result, like `[]`.
      wantResult: wantResult === undefined ? undefined : ((wantResult ?? []) as Array<Record<string, unknown>>),
      wantError: typeof c.want_error === 'string' ? c.want_error : undefined,
      wantErrorCode: typeof c.want_error_code === 'string' ? c.want_error_code : undefined,
      sortBindings: c.sort_bindings === true,
      strictError: c.strict_error === true,
      regoVersion,
    };
  });
}

export function wantsError(c: Pick<ConformanceCase, 'wantError' | 'wantErrorCode'>): boolean {
  return c.wantError !== undefined || c.wantErrorCode !== undefined;
}
