// Crash safety: a writer killed mid-stream loses no durable record, and a restart repairs a cut-short last line.
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { appendFileSync, readdirSync, readFileSync, renameSync, truncateSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createAuditWriter } from '../../src/audit/writer.js';
import { verifyAuditFiles } from '../../src/audit/verify.js';
import { rotatedName } from '../../src/audit/files.js';
import { decision, lines, projectRoot, records, tempDir } from './helpers.js';

const fixture = join(projectRoot, 'dist', 'test', 'audit', 'fixtures', 'crash-writer.js');

function allFiles(dir: string): string[] {
  return readdirSync(dir).map((f) => join(dir, f));
}

function decisionUids(files: string[]): string[] {
  return files.flatMap((f) => records(f).filter((r) => r.type === 'audit.decision').map((r) => r.requestUid as string));
}

/** Runs the fixture until it has reported `count` durable records, then kills it with SIGKILL. */
function runAndKill(file: string, count: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fixture, file, String(200_000)], { stdio: ['ignore', 'pipe', 'inherit'] });
    const durable: string[] = [];
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const parts = buffered.split('\n');
      buffered = parts.pop()!;
      for (const p of parts) if (p.startsWith('durable ')) durable.push(p.slice(8));
      if (durable.length >= count && child.exitCode === null && !child.killed) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`fixture exited without being killed (${signal ?? _code})`));
      else resolve(durable);
    });
  });
}

describe('audit crash recovery', () => {
  it('keeps every durable record when the writer is killed with SIGKILL, and verifies after the restart', async () => {
    const dir = tempDir();
    const file = join(dir, 'audit.log');
    const durable = await runAndKill(file, 120);
    expect(durable.length).to.be.at.least(120);

    const before = await verifyAuditFiles(allFiles(dir));
    const cutShort = statSync(file).size > 0 && !readFileSync(file).subarray(-1).equals(Buffer.from('\n'));
    // The only damage a kill may leave is a cut-short last line, and verify names it.
    expect(before.problems.map((p) => p.kind)).to.deep.equal(cutShort ? ['truncated'] : []);

    const writer = createAuditWriter({ sink: 'file', file, rotate: { maxBytes: 200_000 } });
    await writer.write(decision({ requestUid: 'after-restart' }));
    await writer.close();

    const files = allFiles(dir);
    expect(files.length, 'the run crossed rotations').to.be.greaterThan(2);
    const after = await verifyAuditFiles(files);
    expect(after.problems).to.deep.equal([]);
    const present = new Set(decisionUids(files));
    expect(durable.filter((uid) => !present.has(uid))).to.deep.equal([]);
    expect(present.has('after-restart')).to.equal(true);
  });

  it('removes a cut-short last line on restart, records the repair, and continues the chain', async () => {
    const file = join(tempDir(), 'audit.log');
    let writer = createAuditWriter({ sink: 'file', file });
    for (let i = 0; i < 5; i++) await writer.write(decision({ requestUid: `u-${i}` }));
    await writer.close();
    const partial = lines(file)[3]!.slice(0, 120);
    appendFileSync(file, partial);
    expect((await verifyAuditFiles([file])).problems).to.deep.include({
      file, line: 7, kind: 'truncated', message: `last line is cut short (${partial.length} bytes, no whole record)`,
    });

    writer = createAuditWriter({ sink: 'file', file });
    await writer.write(decision({ requestUid: 'u-5' }));
    await writer.close();
    const all = records(file);
    expect(all.map((r) => r.type)).to.deep.equal([
      'audit.genesis', ...Array(5).fill('audit.decision'), 'audit.recovery', 'audit.decision',
    ]);
    expect(all[6]).to.include({ droppedBytes: partial.length });
    expect(decisionUids([file])).to.deep.equal(['u-0', 'u-1', 'u-2', 'u-3', 'u-4', 'u-5']);
    expect((await verifyAuditFiles([file])).problems).to.deep.equal([]);
  });

  it('keeps a whole last record that only lost its newline', async () => {
    const file = join(tempDir(), 'audit.log');
    let writer = createAuditWriter({ sink: 'file', file });
    for (let i = 0; i < 3; i++) await writer.write(decision({ requestUid: `u-${i}` }));
    await writer.close();
    truncateSync(file, statSync(file).size - 1);
    expect((await verifyAuditFiles([file])).ok).to.equal(true);
    writer = createAuditWriter({ sink: 'file', file });
    await writer.write(decision({ requestUid: 'u-3' }));
    await writer.close();
    expect(decisionUids([file])).to.deep.equal(['u-0', 'u-1', 'u-2', 'u-3']);
    expect((await verifyAuditFiles([file])).ok).to.equal(true);
  });

  it('links a new file to the last rotated one when a crash cut a rotation short', async () => {
    const dir = tempDir();
    const file = join(dir, 'audit.log');
    let writer = createAuditWriter({ sink: 'file', file });
    for (let i = 0; i < 3; i++) await writer.write(decision({ requestUid: `u-${i}` }));
    await writer.close();
    // Renamed aside but no new file yet: the state a kill between the two steps of a rotation leaves.
    renameSync(file, rotatedName(file, new Date(), 0));
    writer = createAuditWriter({ sink: 'file', file });
    await writer.write(decision({ requestUid: 'u-3' }));
    await writer.close();
    const result = await verifyAuditFiles(allFiles(dir));
    expect(result.problems).to.deep.equal([]);
    expect(result).to.include({ decisions: 4, startsAtOrigin: true });
    expect(records(file)[0]).to.include({ type: 'audit.genesis', seq: 4 });
  });
});
