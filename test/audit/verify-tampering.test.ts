// `verifyAuditFiles` passes an intact chain across rotated files and names the line of each kind of tampering.
import { expect } from 'chai';
import { readdirSync, truncateSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAuditWriter } from '../../src/audit/writer.js';
import { verifyAuditFiles, type VerifyProblem } from '../../src/audit/verify.js';
import { sealRecord } from '../../src/audit/canonical.js';
import { decision, lines, rewriteFrom, tempDir, writeLines } from './helpers.js';

/** A chain of `n` decisions; with maxBytes set it spans several rotated files. Returns the files, active last. */
async function makeChain(n: number, maxBytes?: number): Promise<{ dir: string; active: string; files: string[] }> {
  const dir = tempDir();
  const active = join(dir, 'audit.log');
  const writer = createAuditWriter({ sink: 'file', file: active, rotate: maxBytes ? { maxBytes } : undefined });
  for (let i = 0; i < n; i++) await writer.write(decision({ requestUid: `u-${i}` }));
  await writer.close();
  const rotated = readdirSync(dir).filter((f) => f !== 'audit.log').sort((a, b) => Number(a.split('.').pop()) - Number(b.split('.').pop()));
  return { dir, active, files: [...rotated.map((f) => join(dir, f)), active] };
}

function only(problems: VerifyProblem[]): VerifyProblem {
  expect(problems, JSON.stringify(problems)).to.have.length(1);
  return problems[0]!;
}

describe('audit verify', () => {
  it('passes an intact chain across rotated files given in any order', async () => {
    const { files } = await makeChain(40, 4000);
    expect(files.length).to.be.greaterThan(3);
    const shuffled = [files[2]!, files.at(-1)!, files[0]!, ...files.slice(3, -1), files[1]!];
    const result = await verifyAuditFiles(shuffled);
    expect(result.problems).to.deep.equal([]);
    expect(result).to.include({ ok: true, decisions: 40, startsAtOrigin: true });
    expect(result.files).to.deep.equal(files);
  });

  it('reports a modified field at its line', async () => {
    const { active } = await makeChain(10);
    const ls = lines(active);
    ls[4] = ls[4]!.replace('"decision":"denied"', '"decision":"allowed"');
    writeLines(active, ls);
    expect(only((await verifyAuditFiles([active])).problems)).to.include({ file: active, line: 5, kind: 'modified' });
  });

  it('reports a record altered and re-hashed at its line, from the broken link after it', async () => {
    const { active } = await makeChain(10);
    const ls = lines(active);
    const { hash: _h, ...r } = JSON.parse(ls[4]!);
    r.decision = 'allowed';
    ls[4] = sealRecord(r).line.trimEnd();
    writeLines(active, ls);
    expect(only((await verifyAuditFiles([active])).problems)).to.include({ line: 5, kind: 'modified' });
  });

  it('reports a deleted line where the gap is', async () => {
    const { active } = await makeChain(10);
    const ls = lines(active);
    ls.splice(6, 1);
    writeLines(active, ls);
    const p = only((await verifyAuditFiles([active])).problems);
    expect(p).to.include({ line: 7, kind: 'deleted' });
    expect(p.message).to.contain('seq 6');
  });

  it('reports a deleted genesis at line 1', async () => {
    const { active } = await makeChain(5);
    writeLines(active, lines(active).slice(1));
    expect((await verifyAuditFiles([active])).problems[0]).to.include({ line: 1, kind: 'deleted' });
  });

  it('reports an inserted line, whether forged naively, copied, or forked with a valid hash', async () => {
    const { active } = await makeChain(10);
    const original = lines(active);

    const naive = [...original];
    naive.splice(3, 0, original[3]!.replace('"u-2"', '"u-forged"'));
    writeLines(active, naive);
    expect(only((await verifyAuditFiles([active])).problems)).to.include({ line: 4, kind: 'inserted' });

    const copied = [...original];
    copied.splice(8, 0, original[2]!);
    writeLines(active, copied);
    expect(only((await verifyAuditFiles([active])).problems)).to.include({ line: 9, kind: 'inserted' });

    const forked = [...original];
    const { hash: _h, ...r } = JSON.parse(original[5]!);
    r.requestUid = 'u-forged';
    r.id = 'forged';
    forked.splice(5, 0, sealRecord(r).line.trimEnd()); // same prev and seq as the genuine line 6
    writeLines(active, forked);
    expect(only((await verifyAuditFiles([active])).problems)).to.include({ line: 6, kind: 'inserted' });
  });

  it('reports two swapped lines as reordered', async () => {
    const { active } = await makeChain(10);
    const ls = lines(active);
    [ls[4], ls[5]] = [ls[5]!, ls[4]!];
    writeLines(active, ls);
    expect(only((await verifyAuditFiles([active])).problems)).to.include({ line: 5, kind: 'reordered' });
  });

  it('reports a last line cut short as truncated', async () => {
    const { active } = await makeChain(10);
    truncateSync(active, statSync(active).size - 40);
    const p = only((await verifyAuditFiles([active])).problems);
    expect(p).to.include({ line: 11, kind: 'truncated' });
  });

  it('reports records cut from the end of a rotated file, from the next file\'s link', async () => {
    const { files } = await makeChain(30, 4000);
    const victim = files[1]!;
    const ls = lines(victim);
    writeLines(victim, ls.slice(0, -2));
    const p = only((await verifyAuditFiles(files)).problems);
    expect(p).to.include({ file: victim, line: ls.length - 1, kind: 'deleted' });
    expect(p.message).to.contain('2 record(s) missing at the end of the file');
  });

  it('detects a rewritten tail of a rotated file through the genesis of the next one', async () => {
    const { files } = await makeChain(30, 4000);
    const victim = files[0]!;
    const ls = lines(victim);
    writeLines(victim, rewriteFrom(ls, 2, (r) => (r.decision = 'allowed')));
    const p = only((await verifyAuditFiles(files)).problems);
    expect(p).to.include({ file: victim, line: ls.length, kind: 'modified' });
  });

  it('notes a chain starting at a rotated-away file, and fails it only when the origin is required', async () => {
    const { files } = await makeChain(30, 4000);
    const rest = files.slice(1);
    const lenient = await verifyAuditFiles(rest);
    expect(lenient).to.include({ ok: true, startsAtOrigin: false });
    const strict = await verifyAuditFiles(rest, { requireOrigin: true });
    expect(only(strict.problems)).to.include({ file: files[1], line: 1, kind: 'deleted' });
  });

  it('treats foreign lines as insertions unless told to skip them', async () => {
    const { active } = await makeChain(5);
    const ls = lines(active);
    ls.splice(2, 0, JSON.stringify({ level: 30, type: 'log', msg: 'reloaded bundle' }));
    writeFileSync(active, ls.join('\n') + '\n');
    expect(only((await verifyAuditFiles([active])).problems)).to.include({ line: 3, kind: 'inserted' });
    expect((await verifyAuditFiles([active], { ignoreForeign: true })).ok).to.equal(true);
  });
});
