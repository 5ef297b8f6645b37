// The audit hand-over between cluster workers and the primary: workers send their records fire-and-forget, one
// numbered batch per event-loop turn; the primary writes them and acknowledges cumulatively, coalesced per worker
// (at most one ack per ACK_INTERVAL_MS, at once for an urgent batch), so a request costs no reply of its own.
import type { DecisionForAudit } from '../audit/record.js';
import type { AuditWriter } from '../audit/writer.js';

/** One record as a worker hands it over: the worker fixes the id and time, the primary seals and writes it. */
export interface AuditBatchItem {
  decision: DecisionForAudit;
  id: string;
  time: string;
}

/** Worker → primary. `batch` increases by one per message from a worker; `urgent` asks for an ack at once. */
export interface AuditBatchMessage {
  verdict: 'audit';
  batch: number;
  records: AuditBatchItem[];
  urgent?: true;
}

/**
 * Primary → worker: every batch up to `upTo` is settled; `lost` names the batches among them (since the last ack)
 * with records that failed, so that a worker which already gave up on a batch (timeout) does not count it twice.
 */
export interface AuditAckMessage {
  verdict: 'audit-ack';
  upTo: number;
  lost: LostRecords[];
  reason?: string;
}

export interface LostRecords {
  batch: number;
  records: number;
}

/** How long the primary gathers settled batches before acknowledging them together. */
export const ACK_INTERVAL_MS = 20;

export function isAuditAck(msg: unknown): msg is AuditAckMessage {
  const m = msg as AuditAckMessage | null;
  return m?.verdict === 'audit-ack' && typeof m.upTo === 'number' && Array.isArray(m.lost);
}

function isAuditBatch(msg: unknown): msg is AuditBatchMessage {
  const m = msg as AuditBatchMessage | null;
  return m?.verdict === 'audit' && typeof m.batch === 'number' && Array.isArray(m.records);
}

/** The primary's end of one worker's channel (a cluster worker's `worker.process` is one). */
export interface WorkerChannel {
  readonly connected: boolean;
  send(message: AuditAckMessage, callback: (err: Error | null) => void): boolean;
}

export interface HandoverOptions {
  ackIntervalMs?: number;
}

interface Received {
  batch: number;
  urgent: boolean;
  settled: boolean;
  failed: number;
  reason?: string;
}

/** What the primary has settled for one worker but not yet acknowledged. */
interface WorkerAcks {
  /** Batches in arrival order, until they join the settled prefix. */
  received: Received[];
  upTo: number;
  acked: number;
  lost: LostRecords[];
  reason?: string;
  urgent: boolean;
  timer?: NodeJS.Timeout;
}

/**
 * The primary's side: returns the handler for every message from a worker. Audit batches are written through
 * `writer` and acknowledged; anything else (prom-client's messages, other topics) is ignored.
 */
export function acceptAuditHandovers(
  writer: Pick<AuditWriter, 'write'>,
  options: HandoverOptions = {},
): (from: WorkerChannel, msg: unknown) => void {
  const interval = options.ackIntervalMs ?? ACK_INTERVAL_MS;
  const workers = new WeakMap<WorkerChannel, WorkerAcks>();

  const sendAck = (channel: WorkerChannel, state: WorkerAcks) => {
    clearTimeout(state.timer);
    state.timer = undefined;
    state.urgent = false;
    const ack: AuditAckMessage = { verdict: 'audit-ack', upTo: state.upTo, lost: state.lost };
    if (state.reason !== undefined) ack.reason = state.reason;
    state.acked = state.upTo;
    state.lost = [];
    state.reason = undefined;
    // A worker that died meanwhile gets no ack; the primary's own log already has each failed write.
    if (channel.connected) channel.send(ack, () => {});
  };

  const settle = (channel: WorkerChannel, state: WorkerAcks) => {
    // Only a prefix in arrival order counts: a batch settling early must not ack an earlier one still being written.
    while (state.received[0]?.settled) {
      const done = state.received.shift()!;
      state.upTo = done.batch;
      if (done.failed > 0) state.lost.push({ batch: done.batch, records: done.failed });
      if (done.reason !== undefined) state.reason = done.reason;
      state.urgent ||= done.urgent;
    }
    if (state.urgent) sendAck(channel, state);
    else if (state.timer === undefined && (state.upTo > state.acked || state.lost.length > 0)) {
      state.timer = setTimeout(() => sendAck(channel, state), interval).unref();
    }
  };

  return (channel, msg) => {
    if (!isAuditBatch(msg)) return;
    const state = workers.get(channel) ?? { received: [], upTo: 0, acked: 0, lost: [], urgent: false };
    workers.set(channel, state);
    const entry: Received = { batch: msg.batch, urgent: msg.urgent === true, settled: false, failed: 0 };
    state.received.push(entry);
    // A malformed record fails as a lost record rather than throwing in the primary's message handler.
    const writes = msg.records.map(async (r) => writer.write(r.decision, { id: r.id, time: r.time }));
    void Promise.allSettled(writes).then((results) => {
      for (const r of results) {
        if (r.status === 'rejected') {
          entry.failed++;
          entry.reason = r.reason instanceof Error ? r.reason.message : String(r.reason);
        }
      }
      entry.settled = true;
      settle(channel, state);
    });
  };
}
