// The writer produces exactly one schema-complete record per decision, in chain order, durable on resolve.
import { expect } from 'chai';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { createAuditWriter, MAX_RECORDS_PER_COMMIT } from '../../src/audit/writer.js';
import { AUDIT_SCHEMA_VERSION, ZERO_HASH, type AuditDecisionKind, type DecisionForAudit } from '../../src/audit/record.js';
import { verifyAuditFiles } from '../../src/audit/verify.js';
import { loopTurnsDuring } from '../event-loop.js';
import { decision, records, tempDir } from './helpers.js';

const DECISION_FIELDS = [
  'type', 'schemaVersion', 'seq', 'time', 'id', 'prev', 'hash', 'requestUid', 'source', 'operation', 'kind',
  'namespace', 'name', 'user', 'dryRun', 'decision', 'policies', 'patch', 'bundle', 'latencyMs', 'error',
].sort();

const samples: Record<AuditDecisionKind, DecisionForAudit> = {
  allowed: decision({ requestUid: 'u-allowed', decision: 'allowed', policies: [] }),
  denied: decision({ requestUid: 'u-denied' }),
  warned: decision({
    requestUid: 'u-warned',
    decision: 'warned',
    policies: [{ id: 'labels/team', mode: 'warn', result: 'warn', message: 'missing team label', severity: 'low', controls: [] }],
  }),
  patched: decision({
    requestUid: 'u-patched',
    decision: 'patched',
    source: 'dryrun',
    dryRun: true,
    policies: [{ id: 'defaults/run-as-non-root', mode: 'enforce', result: 'patch', message: 'set runAsNonRoot' }],
    patch: [{ op: 'add', path: '/spec/securityContext/runAsNonRoot', value: { nested: 'PATCH-VALUE-MARKER' } }],
  }),
  error: decision({
    requestUid: 'u-error',
    decision: 'error',
    source: 'scan',
    policies: [{ id: 'broken/policy', mode: 'enforce', result: 'error', message: 'eval failed', severity: 'high' }],
    error: 'policy broken/policy: division by zero',
  }),
};

describe('audit writer records', () => {
  it('writes exactly one record with every schema field for each decision kind', async () => {
    const file = join(tempDir(), 'audit.log');
    const writer = createAuditWriter({ sink: 'file', file });
    const ids: Record<string, string> = {};
    for (const [kind, d] of Object.entries(samples)) ids[kind] = (await writer.write(d)).id;
    await writer.close();

    const all = records(file);
    expect(all[0]).to.include({ type: 'audit.genesis', seq: 0, prev: ZERO_HASH });
    const decisions = all.filter((r) => r.type === 'audit.decision');
    expect(decisions).to.have.length(5);
    for (const [kind, d] of Object.entries(samples)) {
      const matching = decisions.filter((r) => r.requestUid === d.requestUid);
      expect(matching, kind).to.have.length(1);
      const r = matching[0]!;
      expect(Object.keys(r).sort(), kind).to.deep.equal(DECISION_FIELDS);
      expect(r).to.include({ decision: kind, schemaVersion: AUDIT_SCHEMA_VERSION, source: d.source, dryRun: d.dryRun, id: ids[kind] });
      expect(r.kind).to.deep.equal({ group: '', version: 'v1', kind: 'Pod' });
      expect(r.user).to.deep.equal({ username: 'alice@example.com', groups: ['dev', 'system:authenticated'], pseudonymised: false });
      expect(r.bundle).to.deep.equal(d.bundle);
      expect(r.latencyMs).to.deep.equal({ evaluation: 0.812, total: 1.5 });
      expect(r.time).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    }
    const denied = decisions.find((r) => r.decision === 'denied')!;
    expect(denied.policies).to.deep.equal([
      { id: 'pod-security/host-pid', mode: 'enforce', result: 'deny', message: 'hostPID is not allowed', severity: 'high', controls: ['CIS-5.2.2'] },
    ]);
    expect(decisions.find((r) => r.decision === 'error')!.error).to.equal('policy broken/policy: division by zero');
    expect(decisions.find((r) => r.decision === 'allowed')!.error).to.equal(null);
  });

  it('keeps only the op and path of patch operations, never their values', async () => {
    const file = join(tempDir(), 'audit.log');
    const writer = createAuditWriter({ sink: 'file', file });
    await writer.write(samples.patched);
    await writer.close();
    const r = records(file).find((x) => x.type === 'audit.decision')!;
    expect(r.patch).to.deep.equal([{ op: 'add', path: '/spec/securityContext/runAsNonRoot' }]);
    expect(JSON.stringify(records(file))).not.to.contain('PATCH-VALUE-MARKER');
  });

  it('refuses the admitted object at compile time and drops unknown fields at run time', async () => {
    const file = join(tempDir(), 'audit.log');
    const writer = createAuditWriter({ sink: 'file', file });
    // @ts-expect-error -- the object is not audit material, so the type has no place for it
    const typed: DecisionForAudit = { ...decision(), object: { spec: { hostPID: true } } };
    const smuggled = { ...decision(), review: { request: { object: 'OBJECT-MARKER' } } } as DecisionForAudit;
    await writer.write(typed);
    await writer.write(smuggled);
    await writer.close();
    const text = JSON.stringify(records(file));
    expect(text).not.to.contain('OBJECT-MARKER');
    expect(text).not.to.contain('hostPID":true');
  });

  it('keeps the chain in order under concurrent writes and resolves each with its own record id', async () => {
    const file = join(tempDir(), 'audit.log');
    const writer = createAuditWriter({ sink: 'file', file });
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => writer.write(decision({ requestUid: `u-${i}` }))),
    );
    await writer.close();
    const decisions = records(file).filter((r) => r.type === 'audit.decision');
    expect(decisions.map((r) => r.requestUid)).to.deep.equal(results.map((_, i) => `u-${i}`));
    expect(decisions.map((r) => r.id)).to.deep.equal(results.map((r) => r.id));
    expect(decisions.map((r) => r.seq)).to.deep.equal(results.map((_, i) => i + 1));
    expect((await verifyAuditFiles([file])).ok).to.equal(true);
  });

  it('commits writes still queued when close() is called, and refuses writes after it', async () => {
    const file = join(tempDir(), 'audit.log');
    const writer = createAuditWriter({ sink: 'file', file });
    const pending = Array.from({ length: 50 }, (_, i) => writer.write(decision({ requestUid: `q-${i}` })));
    await writer.close();
    await Promise.all(pending);
    expect(records(file).filter((r) => r.type === 'audit.decision')).to.have.length(50);
    let error: unknown;
    await writer.write(decision()).catch((e) => (error = e));
    expect(String(error)).to.contain('closed');
  });

  it('rejects a decision with an unknown decision kind without writing anything', async () => {
    const file = join(tempDir(), 'audit.log');
    const writer = createAuditWriter({ sink: 'file', file });
    let error: unknown;
    await writer.write(decision({ decision: 'maybe' as AuditDecisionKind })).catch((e) => (error = e));
    await writer.close();
    expect(String(error)).to.contain('invalid decision');
    expect(records(file).filter((r) => r.type === 'audit.decision')).to.have.length(0);
  });

  it('continues the chain in the same file when reopened, without a second genesis', async () => {
    const file = join(tempDir(), 'audit.log');
    let writer = createAuditWriter({ sink: 'file', file });
    await writer.write(decision({ requestUid: 'before' }));
    await writer.close();
    writer = createAuditWriter({ sink: 'file', file });
    await writer.write(decision({ requestUid: 'after' }));
    await writer.close();
    const all = records(file);
    expect(all.map((r) => r.type)).to.deep.equal(['audit.genesis', 'audit.decision', 'audit.decision']);
    expect(all[2]!.prev).to.equal(all[1]!.hash);
    expect((await verifyAuditFiles([file])).ok).to.equal(true);
  });

  it('commits a large queue in bounded batches, letting the event loop turn between them, and keeps one chain', async () => {
    // The stdout sink (here on a file's fd): its writes are synchronous, so only the batching lets the loop turn.
    const file = join(tempDir(), 'audit.log');
    const fd = openSync(file, 'a');
    const writer = createAuditWriter({ sink: 'stdout' }, { stdoutFd: fd });
    const count = MAX_RECORDS_PER_COMMIT * 3 + 5;
    const turns = await loopTurnsDuring(() => Promise.all(Array.from({ length: count }, (_, i) => writer.write(decision({ requestUid: `u-${i}` })))));
    await writer.close();
    closeSync(fd);
    // Four batches, with a turn of the event loop between each.
    expect(turns).to.be.at.least(3);
    expect(records(file).filter((r) => r.type === 'audit.decision')).to.have.length(count);
    expect((await verifyAuditFiles([file])).ok).to.equal(true);
  });
});
