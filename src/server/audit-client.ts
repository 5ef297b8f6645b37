// How a server hands decisions to the audit writer: directly in a single process (the answer waits for the record
// to be written), over IPC from a cluster worker (one writer, in the primary, keeps one hash chain whatever the
// number of workers; the answer waits for the record to be handed over, within a bounded number unconfirmed).
import { randomUUID } from 'node:crypto';
import type { DecisionForAudit } from '../audit/record.js';
import type { AuditWriter } from '../audit/writer.js';
import { askPrimary } from './ipc.js';

export interface AuditClient {
  write(d: DecisionForAudit): Promise<{ id: string }>;
  /** Resolves once every write handed over has been answered. */
  flush(): Promise<void>;
}

export const AUDIT_TOPIC = 'audit';

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
  /** Records handed to the primary but not yet confirmed written; past this, write() waits (backpressure). */
  maxUnconfirmed?: number;
  /** How long the primary may take to confirm a batch before the worker logs the records as possibly lost. */
  timeoutMs?: number;
  /** Where a worker reports records the primary could not write (its answer has already left). */
  onLost?: (count: number, reason: string) => void;
}

/** The bound on records a worker has handed over but the primary has not confirmed (docs/audit-records.md). */
export const MAX_UNCONFIRMED_RECORDS = 1024;

/**
 * A cluster worker's audit client. The worker fixes each record's id and time itself, and write() resolves once
 * the record has been handed to the primary's writer (sent over the IPC channel, at most one event-loop turn
 * later, in one message with the other decisions of that turn), not once the primary has written it: waiting for
 * another process to be scheduled would put the primary on every request's latency. At most `maxUnconfirmed`
 * records are in that state; beyond it write() waits for the primary's confirmations, and flush() (SIGTERM)
 * waits for all of them.
 */
export function ipcAudit(options: IpcAuditOptions = {}): AuditClient {
  const maxUnconfirmed = options.maxUnconfirmed ?? MAX_UNCONFIRMED_RECORDS;
  const timeoutMs = options.timeoutMs ?? 5000;
  let queue: Array<{ record: AuditBatchItem; handedOver(): void; failed(e: Error): void }> = [];
  let unconfirmed = 0;
  let waiting: Array<() => void> = [];
  const release = () => {
    // A released write enqueues only in a later microtask, so the room is counted here, not re-read.
    let room = maxUnconfirmed - unconfirmed - queue.length;
    while (waiting.length > 0 && room-- > 0) waiting.shift()!();
  };
  const send = () => {
    const batch = queue;
    queue = [];
    unconfirmed += batch.length;
    const confirmed = askPrimary<AuditBatchResult[]>(AUDIT_TOPIC, batch.map((b) => b.record), timeoutMs, {
      onSent: (err) => batch.forEach((b) => (err ? b.failed(err) : b.handedOver())),
    });
    confirmed.then(
      (results) => {
        const errors = results.filter((r) => !r?.id).map((r) => r?.error ?? 'no id');
        if (errors.length > 0) options.onLost?.(errors.length, errors[0]!);
      },
      (err: Error) => options.onLost?.(batch.length, err.message),
    ).finally(() => {
      unconfirmed -= batch.length;
      release();
    });
  };
  return {
    write(d) {
      const record: AuditBatchItem = { decision: d, id: randomUUID(), time: new Date().toISOString() };
      const enqueue = () =>
        new Promise<{ id: string }>((resolve, reject) => {
          if (queue.length === 0) setImmediate(send);
          queue.push({ record, handedOver: () => resolve({ id: record.id }), failed: reject });
        });
      if (unconfirmed + queue.length < maxUnconfirmed) return enqueue();
      return new Promise<void>((r) => waiting.push(r)).then(enqueue);
    },
    async flush() {
      // `unconfirmed` counts a batch until its request to the primary settles (answered, failed or timed out).
      while (queue.length > 0 || waiting.length > 0 || unconfirmed > 0) await new Promise((r) => setTimeout(r, 10));
    },
  };
}

/** One record as a worker hands it to the primary. */
export interface AuditBatchItem {
  decision: DecisionForAudit;
  id: string;
  time: string;
}

export interface AuditBatchResult {
  id?: string;
  error?: string;
}

/** The primary's side: writes a worker's batch, answering each record with its id or its error. */
export function writeAuditBatch(writer: AuditWriter, batch: unknown): Promise<AuditBatchResult[]> {
  return Promise.all(
    (batch as AuditBatchItem[]).map((item) =>
      writer.write(item.decision, { id: item.id, time: item.time }).then(
        (r) => ({ id: r.id }),
        (err: Error) => ({ error: err.message }),
      ),
    ),
  );
}

/** For `verdict review` without an audit destination, and tests that do not look at records. */
export function noAudit(): AuditClient {
  return { write: async () => ({ id: '' }), flush: async () => {} };
}
