// How a server hands decisions to the audit writer: directly in a single process, over IPC from a cluster worker
// (one writer, in the primary, keeps one hash chain whatever the number of workers).
import type { DecisionForAudit } from '../audit/record.js';
import type { AuditWriter } from '../audit/writer.js';
import { askPrimary, pendingRequests } from './ipc.js';

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

/** One IPC message per event-loop turn: under load several decisions share a message and the primary's commit. */
export function ipcAudit(timeoutMs = 5000): AuditClient {
  let queue: Array<{ d: DecisionForAudit; resolve(v: { id: string }): void; reject(e: Error): void }> = [];
  const send = () => {
    const batch = queue;
    queue = [];
    askPrimary<AuditBatchResult[]>(AUDIT_TOPIC, batch.map((b) => b.d), timeoutMs).then(
      (results) =>
        batch.forEach((b, i) => {
          const r = results[i];
          if (r?.id) b.resolve({ id: r.id });
          else b.reject(new Error(r?.error ?? 'the primary gave no audit id'));
        }),
      (err: Error) => batch.forEach((b) => b.reject(err)),
    );
  };
  return {
    write(d) {
      return new Promise((resolve, reject) => {
        if (queue.length === 0) setImmediate(send);
        queue.push({ d, resolve, reject });
      });
    },
    async flush() {
      while (queue.length > 0 || pendingRequests() > 0) await new Promise((r) => setTimeout(r, 10));
    },
  };
}

export interface AuditBatchResult {
  id?: string;
  error?: string;
}

/** The primary's side: writes a worker's batch, answering each record with its id or its error. */
export function writeAuditBatch(writer: AuditWriter, batch: unknown): Promise<AuditBatchResult[]> {
  return Promise.all(
    (batch as DecisionForAudit[]).map((d) =>
      writer.write(d).then(
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
