// `verdict serve` without --bundle (what `npm start` does): builds the policy folder into a bundle file that the
// server loads like any other, and rebuilds it when a .rego or data file changes. An empty or missing folder gives
// an empty bundle, said so in the log, so that a fresh clone starts.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Logger } from 'pino';
import { buildPolicyBundle } from '../engine/index.js';
import { fingerprint, watchPaths, type Watch } from './watch.js';

/** Builds the folder; returns the folder's fingerprint from before the build read it. */
export async function buildPolicyFolder(dir: string, output: string, log: Logger): Promise<string> {
  const taken = await fingerprint([dir]);
  const started = performance.now();
  const built = await buildPolicyBundle({ paths: [dir] });
  await mkdir(dirname(output), { recursive: true });
  // Written next to the target and renamed over it, so a reader never sees half a bundle.
  const temp = `${output}.${process.pid}.tmp`;
  await writeFile(temp, built.bundle);
  await rename(temp, output);
  const ms = Math.round(performance.now() - started);
  if (built.files === 0) log.warn({ dir, output }, `no .rego files in ${dir}: serving an empty bundle (every request is allowed)`);
  else log.info({ dir, output, files: built.files, policies: built.catalog.policies.length, ms }, 'built the policy folder');
  return taken;
}

/** Rebuilds on change; a build that fails is logged and the previous bundle file stays. */
export function watchPolicyFolder(dir: string, output: string, built: string, intervalMs: number, log: Logger): Watch {
  const onChange = async () => {
    try {
      await buildPolicyFolder(dir, output, log);
    } catch (err) {
      log.error({ dir, err: { message: (err as Error).message } }, 'policy folder not rebuilt; still serving the previous bundle');
    }
  };
  return watchPaths([dir], intervalMs, onChange, built);
}
