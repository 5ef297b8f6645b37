// How a server hands decisions to the audit writer: directly in a single process (the answer waits for the record
// to be written), over IPC from a cluster worker (one writer, in the primary, keeps one hash chain whatever the
// number of workers; the answer waits for the record to be handed over, within a bounded number unconfirmed).
import { randomUUID } from 'node:crypto';
import type { DecisionForAudit } from '../audit/record.js';
import type { AuditWriter } from '../audit/writer.js';
import { isAuditAck, type AuditBatchItem, type AuditBatchMessage } from './audit-handover.js';

export interface AuditClient {
  write(d: DecisionForAudit): Promise<{ id: string }>;
  /** Resolves once every write handed over has been written, or reported lost. */
  flush(): Promise<void>;
}

export function localAudit(writer: AuditWriter): AuditClient {
  const inFlight = new Set<Promise<unknown>>();
  return {
    write(d) {
      const p = writer.write(d);
      inFlight.add(p);
      const done = () => inFlight.delete(p);
      p.then(done, done);
      return p;
    },
    async flush() {
      await Promise.allSettled([...inFlight]);
    },
  };
}

export interface IpcAuditOptions {
  /** Records handed to the primary but not yet acknowledged; past this, write() waits (backpressure). */
  maxUnconfirmed?: number;
  /** How long the primary may take to acknowledge a batch before the worker reports its records as lost. */
  timeoutMs?: number;
  /** Where a worker reports records the primary could not write (its answer has already left). */
  onLost?: (count: number, reason: string) => void;
}

/** The bound on records a worker has handed over but the primary has not acknowledged (docs/audit-records.md). */
export const MAX_UNCONFIRMED_RECORDS = 1024;

interface Queued {
  record: AuditBatchItem;
  handedOver(): void;
  failed(e: Error): void;
}

/**
 * A cluster worker's audit client (one per worker process). The worker fixes each record's id and time itself,
 * and write() resolves once the record has been handed to the primary's writer (sent over the IPC channel, at
 * most one event-loop turn later, in one batch with the other decisions of that turn), not once the primary has
 * written it: waiting for another process to be scheduled would put the primary on every request's latency.
 * The primary acknowledges batches cumulatively (audit-handover.ts). At most `maxUnconfirmed` records are handed
 * over and unacknowledged; beyond it write() waits, and flush() (SIGTERM) waits for all of them.
 */
export function ipcAudit(options: IpcAuditOptions = {}): AuditClient {
  const maxUnconfirmed = options.maxUnconfirmed ?? MAX_UNCONFIRMED_RECORDS;
  const timeoutMs = options.timeoutMs ?? 5000;
  const lost = (count: number, reason: string) => count > 0 && options.onLost?.(count, reason);
  let queue: Queued[] = [];
  const waiting: Queued[] = [];
  /** Sent batches by number, oldest first (a Map keeps insertion order). */
  const unconfirmed = new Map<number, { records: number; sentAt: number }>();
  let unconfirmedRecords = 0;
  let lastBatch = 0;
  let flushing = 0;
  let drained: Array<() => void> = [];
  let timeoutTimer: NodeJS.Timeout | undefined;
  let listening = false;

  const hasRoom = () => unconfirmedRecords + queue.length < maxUnconfirmed;
  const enqueue = (item: Queued) => {
    if (queue.length === 0) setImmediate(send);
    queue.push(item);
  };
  const settled = (batch: number) => {
    const entry = unconfirmed.get(batch);
    if (!entry) return;
    unconfirmed.delete(batch);
    unconfirmedRecords -= entry.records;
  };
  // Called after anything that frees room or may end a flush.
  const progressed = () => {
    while (waiting.length > 0 && hasRoom()) enqueue(waiting.shift()!);
    if (queue.length === 0 && waiting.length === 0 && unconfirmed.size === 0) {
      const waiters = drained;
      drained = [];
      waiters.forEach((resolve) => resolve());
    }
  };
  const onAck = (msg: unknown) => {
    if (!isAuditAck(msg)) return;
    const failedIn = new Map(msg.lost.map((l) => [l.batch, l.records]));
    let failed = 0;
    // A batch no longer unconfirmed timed out and was reported lost then: its failures are not counted again.
    for (const batch of unconfirmed.keys()) {
      if (batch > msg.upTo) break;
      failed += failedIn.get(batch) ?? 0;
      settled(batch);
    }
    lost(failed, msg.reason ?? 'the primary could not write them');
    progressed();
  };
  // One timer for the oldest batch rather than one per batch; it re-arms itself for whatever is oldest then.
  const armTimeout = () => {
    if (timeoutTimer !== undefined) return;
    const oldest = unconfirmed.values().next().value;
    if (!oldest) return;
    timeoutTimer = setTimeout(expire, Math.max(0, oldest.sentAt + timeoutMs - Date.now())).unref();
  };
  const expire = () => {
    timeoutTimer = undefined;
    const now = Date.now();
    let records = 0;
    for (const [batch, entry] of unconfirmed) {
      if (now - entry.sentAt < timeoutMs) break;
      records += entry.records;
      settled(batch);
    }
    lost(records, `the primary did not acknowledge them within ${timeoutMs} ms`);
    armTimeout();
    progressed();
  };
  const send = () => {
    const items = queue;
    queue = [];
    if (!process.send || !process.connected) {
      const err = new Error('no IPC channel to the primary');
      items.forEach((item) => item.failed(err));
      return progressed();
    }
    if (!listening) {
      listening = true;
      process.on('message', onAck);
    }
    const batch = ++lastBatch;
    const message: AuditBatchMessage = { verdict: 'audit', batch, records: items.map((i) => i.record) };
    // Asking for an ack at once keeps writers from stalling on the bound and lets a drain finish promptly.
    if (flushing > 0 || unconfirmedRecords + items.length > maxUnconfirmed / 2) message.urgent = true;
    unconfirmed.set(batch, { records: items.length, sentAt: Date.now() });
    unconfirmedRecords += items.length;
    armTimeout();
    process.send(message, undefined, undefined, (err) => {
      if (!err) return items.forEach((item) => item.handedOver());
      // Never reached the primary, so never acknowledged: the writes fail here instead.
      settled(batch);
      items.forEach((item) => item.failed(err));
      progressed();
    });
  };
  return {
    write(d) {
      const record: AuditBatchItem = { decision: d, id: randomUUID(), time: new Date().toISOString() };
      return new Promise<{ id: string }>((resolve, reject) => {
        const item: Queued = { record, handedOver: () => resolve({ id: record.id }), failed: reject };
        // Writes past the bound wait their turn in order; progressed() lets them in as acks free room.
        if (waiting.length === 0 && hasRoom()) enqueue(item);
        else waiting.push(item);
      });
    },
    async flush() {
      flushing++;
      try {
        // Batches already sent were not urgent: an empty urgent one asks the primary to ack everything up to it.
        if (queue.length === 0 && unconfirmed.size > 0) send();
        await new Promise<void>((resolve) => {
          drained.push(resolve);
          progressed();
        });
      } finally {
        flushing--;
      }
    },
  };
}

/** For `verdict review` without an audit destination, and tests that do not look at records. */
export function noAudit(): AuditClient {
  return { write: async () => ({ id: '' }), flush: async () => {} };
}
