// The cluster audit hand-over: a worker's answer waits for its record to be handed to the primary, not written;
// the primary acknowledges batches cumulatively and coalesced, at most a bounded number of records stay
// unacknowledged, and flush() waits for the last ack.
import { expect } from 'chai';
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { DecisionForAudit } from '../../src/audit/record.js';
import type { AssignedIdentity } from '../../src/audit/writer.js';
import type { IpcAuditOptions } from '../../src/server/audit-client.js';
import {
  acceptAuditHandovers,
  type AuditAckMessage,
  type AuditBatchMessage,
  type HandoverOptions,
  type WorkerChannel,
} from '../../src/server/audit-handover.js';
import { decision, projectRoot } from '../audit/helpers.js';

const worker = join(projectRoot, 'dist', 'test', 'server', 'fixtures', 'ipc-audit-worker.js');

/** An audit writer whose writes stay pending until the test settles them. */
class HeldWriter {
  readonly held: Array<{ requestUid: string; settle(error?: string): void }> = [];
  write(d: DecisionForAudit, assigned?: AssignedIdentity): Promise<{ id: string }> {
    return new Promise((resolve, reject) => {
      const settle = (error?: string) => (error ? reject(new Error(error)) : resolve({ id: assigned!.id }));
      this.held.push({ requestUid: d.requestUid, settle });
    });
  }
  /** Settles every held write, failing those `failOf` names a reason for. */
  release(failOf: (requestUid: string) => string | undefined = () => undefined): void {
    for (const h of this.held.splice(0)) h.settle(failOf(h.requestUid));
  }
}

/** The test plays the primary with the real hand-over code over a forked worker, recording every message. */
class FakePrimary {
  readonly writer = new HeldWriter();
  readonly batches: AuditBatchMessage[] = [];
  readonly acks: AuditAckMessage[] = [];
  readonly resolved: Array<{ resolved: string; id: string }> = [];
  readonly lost: Array<{ lost: number; reason: string }> = [];
  flushed = false;
  private constructor(readonly child: ChildProcess, handover: HandoverOptions) {
    const accept = acceptAuditHandovers(this.writer, handover);
    const channel: WorkerChannel = {
      get connected() {
        return child.connected;
      },
      send: (ack, callback) => {
        this.acks.push(ack);
        return child.send(ack, callback);
      },
    };
    child.on('message', (m: any) => {
      if (m?.verdict === 'audit') this.batches.push(m);
      accept(channel, m);
      if (m?.resolved) this.resolved.push(m);
      if (m?.lost) this.lost.push(m);
      if (m?.flushed) this.flushed = true;
    });
  }
  static async start(client: IpcAuditOptions, handover: HandoverOptions = {}): Promise<FakePrimary> {
    const child = fork(worker, [JSON.stringify(client)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const primary = new FakePrimary(child, handover);
    await new Promise<void>((resolve) => child.on('message', (m: any) => m?.ready && resolve()));
    return primary;
  }
  tell(msg: { write?: number; oneByOne?: number; flush?: boolean }): void {
    this.child.send(msg);
  }
  stop(): void {
    this.child.kill();
  }
}

async function until(what: string, ok: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Long enough that an ack not sent at once cannot arrive within a test. */
const NO_TIMED_ACKS: HandoverOptions = { ackIntervalMs: 60_000 };

describe('cluster worker audit hand-over', () => {
  let primary: FakePrimary;
  afterEach(() => primary?.stop());

  it('answers once the records are handed over, in one numbered batch per event-loop turn, with ids fixed by the worker', async () => {
    primary = await FakePrimary.start({ maxUnconfirmed: 8 });
    primary.tell({ write: 3 });
    await until('three handed-over writes', () => primary.resolved.length === 3);
    // Nothing was written yet: the writes resolved on the hand-over alone.
    expect(primary.acks).to.have.length(0);
    expect(primary.batches).to.have.length(1);
    const batch = primary.batches[0]!;
    expect(batch.batch).to.equal(1);
    expect(batch.urgent).to.equal(undefined);
    expect(batch.records.map((r) => r.decision.requestUid)).to.deep.equal(['w-0', 'w-1', 'w-2']);
    expect(primary.resolved.map((r) => r.id)).to.deep.equal(batch.records.map((r) => r.id));
    for (const r of batch.records) expect(Number.isNaN(Date.parse(r.time))).to.equal(false);
    expect(primary.writer.held.map((h) => h.requestUid)).to.deep.equal(['w-0', 'w-1', 'w-2']);
  });

  it('acknowledges many batches settled together with one cumulative ack', async () => {
    primary = await FakePrimary.start({});
    primary.tell({ oneByOne: 40 });
    await until('forty handed-over writes', () => primary.resolved.length === 40);
    expect(primary.batches.map((b) => b.batch)).to.deep.equal(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(primary.batches.filter((b) => b.urgent)).to.have.length(0);
    primary.writer.release();
    await until('an ack', () => primary.acks.length > 0);
    primary.tell({ flush: true });
    await until('the flush', () => primary.flushed);
    expect(primary.acks).to.deep.equal([{ verdict: 'audit-ack', upTo: 40, lost: [] }]);
    // The worker dropped all forty on that one ack: its flush needed no further batch.
    expect(primary.batches).to.have.length(40);
  });

  it('acknowledges an urgent batch at once, once the unacknowledged records pass half the bound', async () => {
    primary = await FakePrimary.start({ maxUnconfirmed: 8 }, NO_TIMED_ACKS);
    primary.tell({ write: 2 });
    await until('two writes', () => primary.resolved.length === 2);
    primary.writer.release();
    primary.tell({ write: 3 });
    await until('five writes', () => primary.resolved.length === 5);
    expect(primary.batches.map((b) => b.urgent)).to.deep.equal([undefined, true]);
    expect(primary.acks).to.have.length(0);
    primary.writer.release();
    await until('the ack', () => primary.acks.length === 1);
    expect(primary.acks[0]).to.deep.equal({ verdict: 'audit-ack', upTo: 2, lost: [] });
  });

  it('reports the records an ack counts as lost, with the reason', async () => {
    primary = await FakePrimary.start({ maxUnconfirmed: 8 });
    primary.tell({ write: 3 });
    await until('three writes', () => primary.resolved.length === 3);
    primary.writer.release((uid) => (uid === 'w-1' ? undefined : 'audit: disk full'));
    await until('the loss report', () => primary.lost.length === 1);
    expect(primary.lost).to.deep.equal([{ lost: 2, reason: 'audit: disk full' }]);
    expect(primary.acks).to.deep.equal([{ verdict: 'audit-ack', upTo: 1, lost: [{ batch: 1, records: 2 }], reason: 'audit: disk full' }]);
  });

  it('holds writes past the bound of unacknowledged records until an ack frees room', async () => {
    primary = await FakePrimary.start({ maxUnconfirmed: 2 });
    primary.tell({ write: 3 });
    await until('two writes', () => primary.resolved.length === 2);
    await pause(100);
    expect(primary.resolved).to.have.length(2);
    primary.writer.release();
    await until('the third write', () => primary.resolved.length === 3);
    expect(primary.batches).to.have.length(2);
    expect(primary.batches[1]!.records.map((r) => r.decision.requestUid)).to.deep.equal(['w-2']);
  });

  it('lets through only as many waiting writes as an ack frees room for', async () => {
    primary = await FakePrimary.start({ maxUnconfirmed: 2 });
    primary.tell({ write: 6 });
    await until('two writes', () => primary.resolved.length === 2);
    primary.writer.release();
    await until('two more writes', () => primary.resolved.length === 4);
    await pause(100);
    expect(primary.resolved).to.have.length(4);
    primary.writer.release();
    await until('the last two writes', () => primary.resolved.length === 6);
  });

  it('reports a batch never acknowledged within the timeout as lost and frees its room', async () => {
    primary = await FakePrimary.start({ maxUnconfirmed: 2, timeoutMs: 300 });
    primary.tell({ write: 3 });
    await until('two writes', () => primary.resolved.length === 2);
    await until('the loss report', () => primary.lost.length === 1);
    expect(primary.lost[0]).to.deep.equal({ lost: 2, reason: 'the primary did not acknowledge them within 300 ms' });
    await until('the third write', () => primary.resolved.length === 3);
    primary.tell({ flush: true });
    await until('the flush', () => primary.flushed);
    expect(primary.lost.map((l) => l.lost)).to.deep.equal([2, 1]);
    expect(primary.acks).to.have.length(0);
  });

  it('does not count lost again the records of a timed-out batch whose failure the primary reports later', async () => {
    primary = await FakePrimary.start({ maxUnconfirmed: 8, timeoutMs: 300 });
    primary.tell({ write: 2 });
    await until('two writes', () => primary.resolved.length === 2);
    await until('the timeout loss report', () => primary.lost.length === 1);
    primary.writer.release(() => 'audit: disk full');
    await until('the late ack', () => primary.acks.length === 1);
    expect(primary.acks[0]!.lost).to.deep.equal([{ batch: 1, records: 2 }]);
    primary.tell({ flush: true });
    await until('the flush', () => primary.flushed);
    expect(primary.lost).to.deep.equal([{ lost: 2, reason: 'the primary did not acknowledge them within 300 ms' }]);
  });

  it('flushes only once the last batch is acknowledged, asking for that ack at once', async () => {
    primary = await FakePrimary.start({ maxUnconfirmed: 8 }, NO_TIMED_ACKS);
    primary.tell({ write: 2 });
    await until('two writes', () => primary.resolved.length === 2);
    primary.tell({ flush: true });
    await until('the flush batch', () => primary.batches.length === 2);
    expect(primary.batches[1]).to.deep.include({ batch: 2, records: [], urgent: true });
    await pause(100);
    expect(primary.flushed).to.equal(false);
    primary.writer.release();
    await until('the flush', () => primary.flushed);
    expect(primary.acks).to.deep.equal([{ verdict: 'audit-ack', upTo: 2, lost: [] }]);
  });
});

describe('primary side of the audit hand-over', () => {
  const batch = (n: number, uid: string, urgent?: true): AuditBatchMessage => ({
    verdict: 'audit',
    batch: n,
    records: [{ decision: decision({ requestUid: uid }), id: `id-${uid}`, time: new Date().toISOString() }],
    ...(urgent ? { urgent } : {}),
  });
  const turn = () => new Promise((r) => setImmediate(r));

  it('acknowledges only the settled prefix when a later batch settles first', async () => {
    const writer = new HeldWriter();
    const acks: AuditAckMessage[] = [];
    const channel: WorkerChannel = { connected: true, send: (ack) => acks.push(ack) > 0 };
    const accept = acceptAuditHandovers(writer, NO_TIMED_ACKS);
    accept(channel, batch(1, 'a'));
    accept(channel, batch(2, 'b', true));
    writer.held[1]!.settle();
    await turn();
    expect(acks).to.have.length(0);
    writer.held[0]!.settle();
    await turn();
    expect(acks).to.deep.equal([{ verdict: 'audit-ack', upTo: 2, lost: [] }]);
  });

  it('ignores messages of other protocols on the channel', async () => {
    const writer = new HeldWriter();
    const accept = acceptAuditHandovers(writer);
    const channel: WorkerChannel = { connected: true, send: () => true };
    accept(channel, { type: 'prom-client:getMetricsReq', requestId: 1 });
    accept(channel, { verdict: 'request', topic: 'metrics', seq: 1, payload: null });
    accept(channel, null);
    expect(writer.held).to.have.length(0);
  });
});
