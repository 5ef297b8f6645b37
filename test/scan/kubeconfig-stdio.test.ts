// Resolving a cluster connection must leave the process's stdout alone: opening process.stdout would switch fd 1
// (shared by every serve process) to non-blocking, and the audit sink's synchronous writes would then stall the
// event loop for 100 ms whenever the log pipe is full.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, tempDir } from './helpers.js';

const O_NONBLOCK = 0o4000;

describe('cluster connection and stdout', () => {
  before(function () {
    if (!existsSync('/proc/self/fdinfo/1')) this.skip();
  });

  it('resolves a kubeconfig in its worker thread without turning fd 1 non-blocking', () => {
    const child = join(ROOT, 'dist/test/scan/fixtures/resolve-then-report-stdout.js');
    const run = spawnSync(process.execPath, [child, join(tempDir('kubeconfig-stdio'), 'kubeconfig')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(run.status, run.stderr).to.equal(0);
    const report = JSON.parse(run.stderr.trim().split('\n').pop()!) as { ok: boolean; flags: string };
    expect(report.ok).to.equal(true);
    expect(parseInt(report.flags, 8) & O_NONBLOCK, `fd 1 flags ${report.flags}`).to.equal(0);
  });
});
