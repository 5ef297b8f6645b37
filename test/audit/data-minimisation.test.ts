// GDPR minimisation: Secret and ConfigMap data never reach a record or a log line; user names can be pseudonymised.
import { expect } from 'chai';
import { readFileSync, writeFileSync } from 'node:fs';
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { createAuditWriter } from '../../src/audit/writer.js';
import { createOpLogger } from '../../src/audit/oplog.js';
import { sensitiveValuesOf } from '../../src/audit/redact.js';
import { WITHHELD_MESSAGE } from '../../src/audit/build.js';
import { decision, records, tempDir } from './helpers.js';

const SECRET_VALUE = 'hunter2-Sup3r-S3cret!';
const SECRET_B64 = Buffer.from(SECRET_VALUE).toString('base64');
const SECRET_KIND = { group: '', version: 'v1', kind: 'Secret' };

const secret = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'db', namespace: 'shop' },
  data: { password: SECRET_B64 },
  stringData: { token: 'plain-token-value-42' },
};

function flush(): Promise<void> {
  return new Promise((r) => setImmediate(r));
}

describe('audit data minimisation', () => {
  it('never writes a Secret value into records or log lines, even when a policy message quotes it', async () => {
    const dir = tempDir();
    const file = join(dir, 'audit.log');
    const logFile = join(dir, 'op.log');
    const oplog = createOpLogger({ destination: logFile });
    const writer = createAuditWriter({ sink: 'file', file }, { oplog });
    const review = { request: { uid: 'u1', kind: SECRET_KIND, object: secret, oldObject: secret } };
    oplog.info({ review }, 'admission review received');
    oplog.warn({ object: secret, patch: [{ op: 'add', path: '/data/x', value: SECRET_B64 }] }, 'odd request');
    await writer.write(
      decision({
        kind: SECRET_KIND,
        name: 'db',
        decision: 'denied',
        policies: [
          { id: 'secrets/no-weak', mode: 'enforce', result: 'deny', message: `weak password "${SECRET_VALUE}" (${SECRET_B64})` },
          { id: 'secrets/token', mode: 'warn', result: 'warn', message: 'token plain-token-value-42 is in stringData' },
        ],
        patch: [{ op: 'replace', path: '/data/password', value: SECRET_B64 }],
        error: `while reading ${SECRET_VALUE}`,
        sensitiveValues: sensitiveValuesOf(SECRET_KIND, secret, secret),
      }),
    );
    await writer.close();
    await flush();

    const output = readFileSync(file, 'utf8') + readFileSync(logFile, 'utf8');
    for (const needle of [SECRET_VALUE, SECRET_B64, 'plain-token-value-42']) expect(output).not.to.contain(needle);
    const r = records(file).find((x) => x.type === 'audit.decision')!;
    expect(r.policies[0].message).to.equal('weak password "[redacted]" ([redacted])');
    expect(r.patch).to.deep.equal([{ op: 'replace', path: '/data/password' }]);
    // The log lines are still there, with the contents censored.
    expect(readFileSync(logFile, 'utf8')).to.contain('admission review received').and.to.contain('[redacted]');
  });

  it('withholds Secret messages when the engine gave no list of values to hide', async () => {
    const file = join(tempDir(), 'audit.log');
    const writer = createAuditWriter({ sink: 'file', file });
    await writer.write(
      decision({ kind: SECRET_KIND, policies: [{ id: 'p', mode: 'enforce', result: 'deny', message: `bad ${SECRET_VALUE}` }] }),
    );
    await writer.close();
    expect(readFileSync(file, 'utf8')).not.to.contain(SECRET_VALUE);
    expect(records(file).find((x) => x.type === 'audit.decision')!.policies[0].message).to.equal(WITHHELD_MESSAGE);
  });

  it('collects ConfigMap data and binaryData values to hide, and none for other kinds', async () => {
    const cmKind = { group: '', version: 'v1', kind: 'ConfigMap' };
    const cm = { data: { 'app.properties': 'db.url=jdbc:internal-host' }, binaryData: { blob: Buffer.from('binary-marker').toString('base64') } };
    const hide = sensitiveValuesOf(cmKind, cm);
    expect(hide).to.include.members(['db.url=jdbc:internal-host', 'binary-marker']);
    expect(sensitiveValuesOf({ group: '', kind: 'Pod' }, cm)).to.deep.equal([]);
    expect(sensitiveValuesOf({ group: 'example.com', kind: 'Secret' }, secret)).to.deep.equal([]);
  });

  describe('pseudonymisation', () => {
    const key = 'k'.repeat(24);
    const expected = 'hmac-sha256:' + createHmac('sha256', key).update('alice@example.com').digest('hex');

    it('replaces user names by an HMAC keyed from a file, the same for the same person', async () => {
      const dir = tempDir();
      const keyFile = join(dir, 'pseudonym.key');
      writeFileSync(keyFile, key + '\n');
      const file = join(dir, 'audit.log');
      const writer = createAuditWriter({ sink: 'file', file, pseudonymise: { keyFile } });
      await writer.write(decision({ requestUid: 'a' }));
      await writer.write(decision({ requestUid: 'b' }));
      await writer.close();
      const users = records(file).filter((r) => r.type === 'audit.decision').map((r) => r.user);
      expect(users[0]).to.deep.equal({ username: expected, groups: ['dev', 'system:authenticated'], pseudonymised: true });
      expect(users[1]).to.deep.equal(users[0]);
      expect(readFileSync(file, 'utf8')).not.to.contain('alice');
    });

    it('takes the key from an environment variable and keeps machine identities in clear', async () => {
      const file = join(tempDir(), 'audit.log');
      const env = { AUDIT_KEY: key };
      const writer = createAuditWriter({ sink: 'file', file, pseudonymise: { keyEnv: 'AUDIT_KEY' } }, { env });
      await writer.write(decision());
      await writer.write(decision({ userInfo: { username: 'system:serviceaccount:kube-system:replicaset-controller' } }));
      await writer.close();
      const users = records(file).filter((r) => r.type === 'audit.decision').map((r) => r.user);
      expect(users[0].username).to.equal(expected);
      expect(users[1]).to.deep.include({ username: 'system:serviceaccount:kube-system:replicaset-controller', pseudonymised: false });
    });

    it('refuses to start without a usable key rather than writing names in clear', () => {
      const file = join(tempDir(), 'audit.log');
      expect(() => createAuditWriter({ sink: 'file', file, pseudonymise: { keyEnv: 'NOPE' } }, { env: {} })).to.throw(/not set/);
      expect(() => createAuditWriter({ sink: 'file', file, pseudonymise: { keyEnv: 'K' } }, { env: { K: 'short' } })).to.throw(/at least 16 bytes/);
    });
  });
});
