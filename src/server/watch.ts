// Notices changed files by polling their stat: it works the same on every filesystem, and it sees the symlink swap
// by which Kubernetes updates mounted ConfigMaps and Secrets (which fs.watch on the old file would miss).
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

export interface Watch {
  stop(): void;
}

/**
 * Calls `onChange` when the fingerprint of `paths` changes. Calls are serialised: a change seen while the last
 * one is being handled is handled right after it. A path may be a file or a folder (walked recursively).
 * `initial` is the fingerprint taken before the caller read the files: a change made between that read and
 * the first tick is then seen too.
 */
export function watchPaths(paths: readonly string[], intervalMs: number, onChange: () => Promise<void>, initial?: string): Watch {
  let last: string | undefined = initial;
  let busy = false;
  let stopped = false;
  const tick = async () => {
    if (busy || stopped) return;
    busy = true;
    try {
      const now = await fingerprint(paths);
      if (last !== undefined && now !== last) await onChange();
      last = now;
    } catch {
      // A path that vanished for a moment (a rename in progress) is looked at again on the next tick.
    } finally {
      busy = false;
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  return {
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}

export async function fingerprint(paths: readonly string[]): Promise<string> {
  const parts: string[] = [];
  for (const p of paths) await describe(p, parts);
  return parts.join('|');
}

async function describe(path: string, out: string[]): Promise<void> {
  const s = await stat(path).catch(() => null);
  if (!s) {
    out.push(`${path}:absent`);
    return;
  }
  if (!s.isDirectory()) {
    out.push(`${path}:${s.ino}:${s.size}:${s.mtimeMs}`);
    return;
  }
  const entries = (await readdir(path)).sort();
  for (const e of entries) if (!e.startsWith('.')) await describe(join(path, e), out);
}
