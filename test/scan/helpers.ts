// Shared by the scan tests: the fixture bundle (built once per run), the test configuration, temp dirs, an engine,
// a reporter that keeps everything it is given, a client of the API simulator, and a wait for a condition.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseConfig, type VerdictConfig } from '../../src/config/index.js';
import { buildPolicyBundle, createEngine, readEngineBundle, type Engine } from '../../src/engine/index.js';
import type { Reporter } from '../../src/scan/scan.js';
import { KubeClient } from '../../src/scan/sources/kube-client.js';
import type { ScannedObject, ScanSummary } from '../../src/scan/types.js';
import { writeKubeconfig, type RunningSimulator } from './simulator/index.js';

/** Project root, from this file's compiled place (dist/test/scan/helpers.js). */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const FIXTURES = join(ROOT, 'test/fixtures/scan');
export const POLICIES = join(FIXTURES, 'policies');
export const MANIFESTS = join(FIXTURES, 'manifests');
export const CONFIG_FILE = join(FIXTURES, 'verdict.yaml');

const scratch = mkdtempSync(join(tmpdir(), 'verdict-scan-test-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

export function tempDir(name: string): string {
  return mkdtempSync(join(scratch, `${name}-`));
}

let bundle: Promise<Buffer> | undefined;

/** The bundle of test/fixtures/scan/policies, compiled once per test run. */
export function fixtureBundle(): Promise<Buffer> {
  bundle ??= buildPolicyBundle({ paths: [POLICIES] }).then((b) => b.bundle);
  return bundle;
}

export async function fixtureBundleFile(): Promise<string> {
  const file = join(tempDir('bundle'), 'bundle.tar.gz');
  writeFileSync(file, await fixtureBundle());
  return file;
}

export function fixtureConfig(): VerdictConfig {
  return parseConfig(readFileSync(CONFIG_FILE, 'utf8'), CONFIG_FILE);
}

export async function fixtureEngine(config: VerdictConfig | undefined = fixtureConfig()): Promise<Engine> {
  return createEngine({ bundle: await readEngineBundle(await fixtureBundle()), config });
}

/** A reporter that keeps every scanned object (tests only: it grows with the scan). */
export function collector(): Reporter & { objects: ScannedObject[]; summary?: ScanSummary } {
  const c: Reporter & { objects: ScannedObject[]; summary?: ScanSummary } = {
    objects: [],
    object(o) {
      c.objects.push(o);
    },
    end(summary) {
      c.summary = summary;
    },
  };
  return c;
}

/** Waits until `check` holds, polling; fails with `what` after `timeoutMs` (a bound for a stalled run, not a timing claim). */
export async function eventually(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for: ${what}`);
}

/** A client of the API simulator, connected through a kubeconfig file as a user's would be. */
export function simulatorClient(sim: RunningSimulator): Promise<KubeClient> {
  return KubeClient.fromConfig({ kubeconfig: writeKubeconfig(sim, tempDir('kubeconfig')) });
}
