// Pins the default worker count: the cores this process may use, capped by the container's CPU limit.
import { expect } from 'chai';
import { availableParallelism } from 'node:os';
import { cgroupQuota, usableCores } from '../../src/server/cpus.js';

const files = (map: Record<string, string>) => (path: string) => {
  if (!(path in map)) throw new Error(`ENOENT ${path}`);
  return map[path];
};

describe('usable cores', () => {
  it('reads a cgroup v2 quota and rounds it up', () => {
    expect(cgroupQuota(files({ '/sys/fs/cgroup/cpu.max': '150000 100000\n' }))).to.equal(1.5);
    expect(usableCores(files({ '/sys/fs/cgroup/cpu.max': '50000 100000\n' }))).to.equal(1);
  });

  it('reads a cgroup v1 quota', () => {
    expect(cgroupQuota(files({ '/sys/fs/cgroup/cpu/cpu.cfs_quota_us': '200000', '/sys/fs/cgroup/cpu/cpu.cfs_period_us': '100000' }))).to.equal(2);
  });

  it('uses every available core when there is no limit', () => {
    expect(usableCores(files({ '/sys/fs/cgroup/cpu.max': 'max 100000\n' }))).to.equal(availableParallelism());
    expect(usableCores(files({}))).to.equal(availableParallelism());
    expect(cgroupQuota(files({ '/sys/fs/cgroup/cpu/cpu.cfs_quota_us': '-1', '/sys/fs/cgroup/cpu/cpu.cfs_period_us': '100000' }))).to.equal(undefined);
  });

  it('never goes above the cores the process can run on', () => {
    expect(usableCores(files({ '/sys/fs/cgroup/cpu.max': `${(availableParallelism() + 8) * 100000} 100000` }))).to.equal(availableParallelism());
  });
});
