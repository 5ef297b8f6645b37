// Signed checkpoints: a chain recomputed end to end without the key fails verification.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAuditWriter } from '../../src/audit/writer.js';
import { verifyAuditFiles } from '../../src/audit/verify.js';
import { decision, ed25519KeyFiles, lines, records, rewriteFrom, rsaKeyFiles, tempDir, writeLines } from './helpers.js';

async function signedChain(keyFile: string, n: number, every: number): Promise<string> {
  const file = join(tempDir(), 'audit.log');
  const writer = createAuditWriter({ sink: 'file', file, checkpoint: { keyFile, every } });
  for (let i = 0; i < n; i++) await writer.write(decision({ requestUid: `u-${i}` }));
  await writer.close();
  return file;
}

for (const [name, makeKeys] of [['RSA', rsaKeyFiles], ['Ed25519', ed25519KeyFiles]] as const) {
  describe(`audit checkpoints (${name})`, () => {
    let keys: { priv: string; pub: string };
    before(() => {
      keys = makeKeys(tempDir());
    });

    it('signs a checkpoint at the start, after every N decisions and at close, and verifies with the public key', async () => {
      const file = await signedChain(keys.priv, 10, 4);
      const types = records(file).map((r) => r.type.replace('audit.', ''));
      expect(types.join(' ')).to.equal(
        'genesis checkpoint ' + 'decision '.repeat(4) + 'checkpoint ' + 'decision '.repeat(4) + 'checkpoint decision decision checkpoint',
      );
      const result = await verifyAuditFiles([file], { publicKeyPem: readFileSync(keys.pub, 'utf8') });
      expect(result.problems).to.deep.equal([]);
      expect(result.checkpoints).to.equal(4);
    });

    it('detects a chain rewritten end to end through the checkpoint signatures', async () => {
      const file = await signedChain(keys.priv, 10, 4);
      const ls = lines(file);
      writeLines(file, rewriteFrom(ls, 3, (r) => (r.decision = 'allowed')));
      expect((await verifyAuditFiles([file])).ok, 'the chain alone cannot tell').to.equal(true);
      const result = await verifyAuditFiles([file], { publicKeyPem: readFileSync(keys.pub, 'utf8') });
      expect(result.ok).to.equal(false);
      expect(result.problems[0]).to.include({ line: 7, kind: 'bad-signature' });
    });

    it('detects a rewrite that drops the checkpoints by the runs of unsigned decisions', async () => {
      const file = await signedChain(keys.priv, 10, 4);
      const kept = lines(file).filter((l) => !l.includes('"audit.checkpoint"'));
      // Re-linked and renumbered, the chain itself is consistent again.
      writeLines(file, rewriteFrom(kept, 1, (r, i) => (r.seq = i)));
      expect((await verifyAuditFiles([file])).ok).to.equal(true);
      const result = await verifyAuditFiles([file], { publicKeyPem: readFileSync(keys.pub, 'utf8'), checkpointEvery: 4 });
      expect(result.problems.map((p) => p.kind)).to.include('missing-checkpoint');
      const noCheckpoints = await verifyAuditFiles([file], { publicKeyPem: readFileSync(keys.pub, 'utf8') });
      expect(noCheckpoints.problems[0]).to.include({ kind: 'missing-checkpoint', line: 2 });
    });

    it('rejects checkpoints signed by another key', async () => {
      const file = await signedChain(keys.priv, 3, 4);
      const other = rsaKeyFiles(tempDir());
      const result = await verifyAuditFiles([file], { publicKeyPem: readFileSync(other.pub, 'utf8') });
      expect(result.problems[0]).to.include({ line: 2, kind: 'bad-signature' });
    });
  });
}
