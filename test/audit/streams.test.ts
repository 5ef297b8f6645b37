// Audit records and operational logs stay apart: records on stdout, logs on stderr with `type: "log"`.
import { expect } from 'chai';
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { verifyAuditFiles } from '../../src/audit/verify.js';
import { closeSync, existsSync, openSync, writeFileSync } from 'node:fs';
import { createAuditWriter } from '../../src/audit/writer.js';
import { projectRoot, tempDir } from './helpers.js';

describe('audit streams', () => {
  it('writes only audit records to stdout, as a chain that verifies, and operational logs to stderr', async () => {
    const fixture = join(projectRoot, 'dist', 'test', 'audit', 'fixtures', 'stdout-writer.js');
    const run = spawnSync(process.execPath, [fixture], { encoding: 'utf8' });
    expect(run.status, run.stderr).to.equal(0);
    const out = run.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(out.map((r) => r.type)).to.deep.equal(['audit.genesis', 'audit.decision', 'audit.decision', 'audit.decision']);
    const err = run.stderr.trim().split('\n').map((l) => JSON.parse(l));
    expect(err.map((l) => l.msg)).to.deep.equal(['starting', 'review received', 'stopped']);
    for (const l of err) expect(l.type).to.equal('log');
    expect(run.stderr).not.to.contain('c3RkLXNlY3JldA==');

    const collected = join(tempDir(), 'collected.log');
    writeFileSync(collected, run.stdout);
    expect((await verifyAuditFiles([collected])).ok).to.equal(true);
  });

  it('rejects instead of dropping records when stdout cannot be written', function () {
    if (!existsSync('/dev/full')) this.skip();
    const fd = openSync('/dev/full', 'w');
    try {
      expect(() => createAuditWriter({ sink: 'stdout' }, { stdoutFd: fd })).to.throw(/ENOSPC/);
    } finally {
      closeSync(fd);
    }
  });

  it('never lets a logged object pass itself off as an audit record', () => {
    const script = `
      import { createOpLogger } from ${JSON.stringify(join(projectRoot, 'dist', 'src', 'audit', 'oplog.js'))};
      createOpLogger({ destination: 1 }).info({ type: 'audit.decision', object: { spec: 1 } }, 'spoof');`;
    const line = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }));
    expect(line.type).to.equal('log');
    expect(line.object).to.equal('[redacted]');
  });
});
