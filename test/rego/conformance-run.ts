// `npm run conformance`: runs every conformance case, prints a table, writes docs/conformance.md and, with
// --update, test/conformance.passing. Its last line is always `conformance: P/T passed`.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from '../../src/cli/args.js';
import { loadCases, PROJECT_ROOT, type ConformanceCase } from './conformance-cases.js';
import { judge } from './conformance-judge.js';
import { CaseRunner } from './conformance-pool.js';
import { renderConsole, renderMarkdown, summarize, type CaseResult } from './conformance-report.js';

export const PASSING_FILE = path.join(PROJECT_ROOT, 'test', 'conformance.passing');
const REPORT_FILE = path.join(PROJECT_ROOT, 'docs', 'conformance.md');

const spec = {
  update: { kind: 'boolean', help: 'rewrite test/conformance.passing with the cases that pass now' },
  filter: { kind: 'string', value: 'TEXT', help: 'run only cases whose note or folder contains TEXT (writes no files)' },
  jobs: { kind: 'number', short: 'j', help: 'worker threads (default 1)' },
  timeout: { kind: 'number', value: 'MS', help: 'time limit per case (default 10000)' },
  verbose: { kind: 'boolean', short: 'v', help: 'print every failing case with its reason' },
} as const;

/**
 * Cases whose outcome changes from run to run, so they are never written to the ratchet list (a case that
 * passes by luck would make the ratchet test flaky). Each says why; remove it once the cause is fixed.
 */
export const UNSTABLE_CASES: ReadonlyMap<string, string> = new Map<string, string>([]);

/** The ratchet list: one case id per line. A missing file is an empty list. */
export function readPassing(file = PASSING_FILE): string[] {
  try {
    return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/** Sorted by code unit, like the ratchet test expects, so the file diffs cleanly. */
export function formatPassing(ids: Iterable<string>): string {
  const sorted = [...new Set(ids)].sort();
  return sorted.length === 0 ? '' : sorted.join('\n') + '\n';
}

async function main(argv: string[]): Promise<number> {
  const { flags } = parseArgs(argv, spec, 'conformance');
  let cases: ConformanceCase[] = loadCases();
  if (flags.filter !== undefined) cases = cases.filter((c) => c.id.includes(flags.filter!) || c.folder.includes(flags.filter!));

  const runner = new CaseRunner({ jobs: flags.jobs ?? 1, timeoutMs: flags.timeout ?? 10_000 });
  const progress = process.stderr.isTTY ? (done: number) => process.stderr.write(`\r${done}/${cases.length} cases`) : undefined;
  const attempts = await runner.attemptAll(cases, progress);
  await runner.close();
  if (progress) process.stderr.write('\r\x1b[K');

  const results: CaseResult[] = cases.map((c, i) => ({ c, outcome: judge(c, attempts[i]) }));
  const summary = summarize(results);
  process.stdout.write(renderConsole(summary) + '\n');
  if (flags.verbose) {
    process.stdout.write('\nfailing cases:\n');
    for (const r of results) if (!r.outcome.passed) process.stdout.write(`  ${r.c.id}: ${r.outcome.reason}\n`);
  }

  const passedNow = new Set(results.filter((r) => r.outcome.passed).map((r) => r.c.id));
  const ran = new Set(cases.map((c) => c.id));
  const regressions = readPassing().filter((id) => ran.has(id) && !passedNow.has(id));
  if (regressions.length > 0) {
    process.stdout.write(`\nregressions (listed in test/conformance.passing, failing now): ${regressions.length}\n`);
    for (const id of regressions) process.stdout.write(`  ${id}: ${results.find((r) => r.c.id === id)?.outcome.reason}\n`);
  }

  // A filtered run sees only part of the suite, so it must not rewrite files that describe all of it.
  if (flags.filter === undefined) {
    mkdirSync(path.dirname(REPORT_FILE), { recursive: true });
    writeFileSync(REPORT_FILE, renderMarkdown(summary, UNSTABLE_CASES));
    if (flags.update) writeFileSync(PASSING_FILE, formatPassing([...passedNow].filter((id) => !UNSTABLE_CASES.has(id))));
  }
  process.stdout.write(`\nconformance: ${summary.all.passed}/${summary.all.total} passed\n`);
  return regressions.length > 0 && !flags.update ? 1 : 0;
}

// Only when run as the program, so tests can import readPassing and formatPassing.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`conformance: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(2);
    },
  );
}
