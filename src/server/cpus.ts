// How many workers "one per core" means in a container: the cores this process may use, capped by the cgroup's CPU
// quota (a Pod's `limits.cpu`), which os.availableParallelism() does not see.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

export function usableCores(readFile: (path: string) => string = (p) => readFileSync(p, 'utf8')): number {
  const cores = availableParallelism();
  const quota = cgroupQuota(readFile);
  return quota === undefined ? cores : Math.max(1, Math.min(cores, Math.ceil(quota)));
}

/** CPUs allowed by the cgroup (v2 `cpu.max`, else v1 `cpu.cfs_quota_us` / `cpu.cfs_period_us`); undefined: no limit. */
export function cgroupQuota(readFile: (path: string) => string): number | undefined {
  try {
    const [quota, period] = readFile('/sys/fs/cgroup/cpu.max').trim().split(/\s+/);
    if (quota === 'max') return undefined;
    return Number(quota) / Number(period);
  } catch {
    // Not cgroup v2: try v1.
  }
  try {
    const quota = Number(readFile('/sys/fs/cgroup/cpu/cpu.cfs_quota_us').trim());
    const period = Number(readFile('/sys/fs/cgroup/cpu/cpu.cfs_period_us').trim());
    return quota > 0 && period > 0 ? quota / period : undefined;
  } catch {
    return undefined;
  }
}
