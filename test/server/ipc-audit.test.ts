// A cluster worker's audit client: the answer waits for the record to be handed to the primary, not for the
// primary to write it; at most a bounded number are unconfirmed, and flush() waits for every confirmation.
import { expect } from 'chai';
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../audit/helpers.js';

const worker = join(projectRoot, 'dist', 'test', 'server', 'fixtures', 'ipc-audit-worker.js');

interface AuditRequest {
  verdict: 'request';
  topic: string;
  seq: number;
  payload: Array<{ decision: { requestUid: string }; id: string; time: string }>;
}

/** The test plays the primary: it collects audit batches and answers them when told to. */
class FakePrimary {
  readonly batches: AuditRequest[] = [];
  readonly resolved: Array<{ resolved: string; id: string }> = [];
  readonly lost: Array<{ lost: number; reason: string }> = [];
  flushed = false;
  private constructor(readonly child: ChildProcess) {
    child.on('message', (m: any) => {
      if (m?.verdict === 'request' && m.topic === 'audit') this.batches.push(m);
      if (m?.resolved) this.resolved.push(m);
      if (m?.lost) this.lost.push(m);
      if (m?.flushed) this.flushed = true;
    });
  }
  static async start(maxUnconfirmed: number): Promise<FakePrimary> {
    const child = fork(worker, [String(maxUnconfirmed)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const primary = new FakePrimary(child);
    await new Promise<void>((resolve) => child.on('message', (m: any) => m?.ready && resolve()));
    return primary;
  }
  confirm(batch: AuditRequest, error?: string): void {
    this.child.send({ verdict: 'reply', seq: batch.seq, result: batch.payload.map((r) => (error ? { error } : { id: r.id })) });
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

describe('cluster worker audit client', () => {
  let primary: FakePrimary;
  afterEach(() => primary?.stop());

  it('answers once the records are handed over, in one batch per event-loop turn, with ids fixed by the worker', async () => {
    primary = await FakePrimary.start(8);
    primary.child.send({ write: 3 });
    await until('three handed-over writes', () => primary.resolved.length === 3);
    // Nothing was confirmed yet: the writes resolved on the hand-over alone.
    expect(primary.batches).to.have.length(1);
    const batch = primary.batches[0]!;
    expect(batch.payload.map((r) => r.decision.requestUid)).to.deep.equal(['w-0', 'w-1', 'w-2']);
    expect(primary.resolved.map((r) => r.id)).to.deep.equal(batch.payload.map((r) => r.id));
    for (const r of batch.payload) expect(Number.isNaN(Date.parse(r.time))).to.equal(false);
  });

  it('holds writes past the bound of unconfirmed records until the primary confirms', async () => {
    primary = await FakePrimary.start(2);
    primary.child.send({ write: 3 });
    await until('two writes', () => primary.resolved.length === 2);
    await new Promise((r) => setTimeout(r, 100));
    expect(primary.resolved).to.have.length(2);
    primary.confirm(primary.batches[0]!);
    await until('the third write', () => primary.resolved.length === 3);
    expect(primary.batches).to.have.length(2);
    expect(primary.batches[1]!.payload.map((r) => r.decision.requestUid)).to.deep.equal(['w-2']);
  });

  it('lets through only as many waiting writes as there is room for when a confirmation arrives', async () => {
    primary = await FakePrimary.start(2);
    primary.child.send({ write: 6 });
    await until('two writes', () => primary.resolved.length === 2);
    primary.confirm(primary.batches[0]!);
    await until('two more writes', () => primary.resolved.length === 4);
    await new Promise((r) => setTimeout(r, 100));
    expect(primary.resolved).to.have.length(4);
    primary.confirm(primary.batches[1]!);
    await until('the last two writes', () => primary.resolved.length === 6);
  });

  it('flushes only when the primary has confirmed everything, and reports records it could not write', async () => {
    primary = await FakePrimary.start(8);
    primary.child.send({ write: 2 });
    await until('two writes', () => primary.resolved.length === 2);
    primary.child.send({ flush: true });
    await new Promise((r) => setTimeout(r, 100));
    expect(primary.flushed).to.equal(false);
    primary.confirm(primary.batches[0]!, 'audit: disk full');
    await until('the flush', () => primary.flushed);
    expect(primary.lost).to.deep.equal([{ lost: 2, reason: 'audit: disk full' }]);
  });
});
