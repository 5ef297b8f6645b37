// File sink rotation (by size and by time) keeps one chain across files; retention deletes old rotated files.
import { expect } from 'chai';
import { readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAuditWriter } from '../../src/audit/writer.js';
import { verifyAuditFiles } from '../../src/audit/verify.js';
import { listRotated } from '../../src/audit/files.js';
import { decision, ed25519KeyFiles, records, tempDir } from './helpers.js';

const DAY = 24 * 60 * 60 * 1000;

describe('audit rotation and retention', () => {
  it('rotates before a record would pass maxBytes, each new file starting with a genesis linked to the last', async () => {
    const dir = tempDir();
    const file = join(dir, 'audit.log');
    const writer = createAuditWriter({ sink: 'file', file, rotate: { maxBytes: 3000 } });
    await Promise.all(Array.from({ length: 30 }, (_, i) => writer.write(decision({ requestUid: `u-${i}` }))));
    await writer.close();
    const rotated = listRotated(file);
    expect(rotated.length).to.be.greaterThan(3);
    for (const r of rotated) expect(statSync(r.path).size).to.be.at.most(3000);
    const chain = [...rotated.map((r) => r.path), file].map((f) => records(f));
    for (let i = 1; i < chain.length; i++) {
      expect(chain[i]![0]).to.include({ type: 'audit.genesis', prev: chain[i - 1]!.at(-1)!.hash });
    }
    const result = await verifyAuditFiles(readdirSync(dir).map((f) => join(dir, f)));
    expect(result).to.include({ ok: true, decisions: 30 });
  });

  it('keeps checkpoints within maxBytes and verifies with the key across rotated files', async () => {
    const dir = tempDir();
    const file = join(dir, 'audit.log');
    const keys = ed25519KeyFiles(dir);
    const writer = createAuditWriter({ sink: 'file', file, rotate: { maxBytes: 4000 }, checkpoint: { keyFile: keys.priv, every: 3 } });
    for (let i = 0; i < 30; i++) await writer.write(decision({ requestUid: `u-${i}` }));
    await writer.close();
    const rotated = listRotated(file);
    expect(rotated.length).to.be.greaterThan(3);
    for (const r of rotated) expect(statSync(r.path).size).to.be.at.most(4000);
    const result = await verifyAuditFiles([file, ...rotated.map((r) => r.path)], { publicKeyPem: readFileSync(keys.pub, 'utf8') });
    expect(result.problems).to.deep.equal([]);
    expect(result.decisions).to.equal(30);
  });

  it('rotates at the first write after the interval has passed', async () => {
    const file = join(tempDir(), 'audit.log');
    let now = Date.parse('2026-03-01T10:00:00Z');
    const writer = createAuditWriter({ sink: 'file', file, rotate: { intervalMs: 60 * 60 * 1000 } }, { now: () => now });
    await writer.write(decision({ requestUid: 'first-hour' }));
    now += 30 * 60 * 1000;
    await writer.write(decision({ requestUid: 'still-first-hour' }));
    expect(listRotated(file)).to.have.length(0);
    now += 31 * 60 * 1000;
    await writer.write(decision({ requestUid: 'second-hour' }));
    await writer.close();
    const rotated = listRotated(file);
    expect(rotated).to.have.length(1);
    expect(rotated[0]!.path).to.match(/audit\.log\.20260301T110100000Z\.0$/);
    expect(records(rotated[0]!.path).map((r) => r.requestUid).filter(Boolean)).to.deep.equal(['first-hour', 'still-first-hour']);
    expect(records(file).map((r) => r.requestUid).filter(Boolean)).to.deep.equal(['second-hour']);
  });

  it('deletes rotated files older than the retention period, and nothing else', async () => {
    const dir = tempDir();
    const file = join(dir, 'audit.log');
    let now = Date.now();
    const w1 = createAuditWriter({ sink: 'file', file, rotate: { maxBytes: 2000 } }, { now: () => now });
    for (let i = 0; i < 12; i++) await w1.write(decision({ requestUid: `u-${i}` }));
    await w1.close();
    const rotated = listRotated(file);
    expect(rotated.length).to.be.greaterThan(2);
    const old = rotated.slice(0, 2).map((r) => r.path);
    const aged = (now - 10 * DAY) / 1000;
    for (const p of old) utimesSync(p, aged, aged);
    const unrelated = join(dir, 'notes.txt');
    writeFileSync(unrelated, 'keep me');
    utimesSync(unrelated, aged, aged);

    const w2 = createAuditWriter({ sink: 'file', file, rotate: { maxBytes: 2000 }, retentionDays: 7 }, { now: () => now });
    await w2.close();
    const left = readdirSync(dir).map((f) => join(dir, f));
    for (const p of old) expect(left).not.to.include(p);
    expect(left).to.include.members([file, unrelated, ...rotated.slice(2).map((r) => r.path)]);
    // What remains still verifies; it just no longer starts at the origin.
    const result = await verifyAuditFiles(left.filter((f) => f !== unrelated));
    expect(result).to.include({ ok: true, startsAtOrigin: false });
  });
});
