// `verdict audit verify`: one file:line line per problem, exit 0 intact, 1 tampered, 2 usage errors.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createAuditWriter } from '../../src/audit/writer.js';
import { decision, ed25519KeyFiles, lines, projectRoot, rewriteFrom, tempDir, writeLines } from './helpers.js';

function verdict(...args: string[]) {
  const run = spawnSync(process.execPath, [join(projectRoot, 'bin', 'verdict.js'), 'audit', ...args], { encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

async function chain(n: number, extra: object = {}): Promise<string> {
  const file = join(tempDir(), 'audit.log');
  const writer = createAuditWriter({ sink: 'file', file, ...extra });
  for (let i = 0; i < n; i++) await writer.write(decision({ requestUid: `u-${i}` }));
  await writer.close();
  return file;
}

describe('verdict audit verify', () => {
  it('exits 0 and says so for an intact chain', async () => {
    const file = await chain(4);
    const r = verdict('verify', file);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.equal('audit chain intact: 5 records (4 decisions, 0 checkpoints) in 1 file(s)\n');
  });

  it('exits 1 and prints file:line for each problem', async () => {
    const file = await chain(6);
    const ls = lines(file);
    ls[2] = ls[2]!.replace('"denied"', '"allowed"');
    ls.splice(5, 1);
    writeLines(file, ls);
    const r = verdict('verify', file);
    expect(r.code).to.equal(1);
    expect(r.stdout.split('\n').slice(0, 2)).to.deep.equal([
      `${file}:3: modified: the record does not match its hash`,
      `${file}:6: deleted: 1 record(s) missing before this line (seq 5)`,
    ]);
    expect(r.stdout).to.contain('audit chain broken: 2 problem(s)');
  });

  it('checks checkpoint signatures with --key', async () => {
    const keys = ed25519KeyFiles(tempDir());
    const file = await chain(6, { checkpoint: { keyFile: keys.priv, every: 3 } });
    expect(verdict('verify', '--key', keys.pub, file).code).to.equal(0);
    writeLines(file, rewriteFrom(lines(file), 2, (r) => (r.decision = 'allowed')));
    expect(verdict('verify', file).code).to.equal(0);
    const r = verdict('verify', '--key', keys.pub, file);
    expect(r.code).to.equal(1);
    expect(r.stdout).to.contain(`${file}:6: bad-signature:`);
  });

  it('prints the result as JSON with --json', async () => {
    const file = await chain(2);
    const r = verdict('verify', '--json', file);
    expect(JSON.parse(r.stdout)).to.deep.include({ ok: true, records: 3, decisions: 2, files: [file], problems: [] });
  });

  it('exits 2 for usage errors and unreadable files', () => {
    expect(verdict('verify').code).to.equal(2);
    expect(verdict('check', 'x').code).to.equal(2);
    expect(verdict('verify', '--frobnicate', 'x').code).to.equal(2);
    const missing = verdict('verify', join(tempDir(), 'nope.log'));
    expect(missing.code).to.equal(2);
    expect(missing.stderr).to.contain('ENOENT');
  });
});
