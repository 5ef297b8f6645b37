// Request/response over the cluster IPC channel: a worker asks, the primary answers (metrics are aggregated there;
// audit records have their own acknowledged hand-over, audit-handover.ts). Messages carry a `verdict` tag so they
// never collide with prom-client's own messages on the same channel.
import cluster, { type Worker } from 'node:cluster';

interface IpcRequest {
  verdict: 'request';
  topic: string;
  seq: number;
  payload: unknown;
}

interface IpcReply {
  verdict: 'reply';
  seq: number;
  result?: unknown;
  error?: string;
}

const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void; timer: NodeJS.Timeout }>();
let seq = 0;
let listening = false;

/** In a worker: sends a request to the primary; rejects after `timeoutMs` or if the channel is gone. */
export function askPrimary<T>(topic: string, payload: unknown, timeoutMs: number): Promise<T> {
  if (!listening) {
    listening = true;
    process.on('message', (msg: IpcReply) => {
      if (msg?.verdict !== 'reply') return;
      const waiter = pending.get(msg.seq);
      if (!waiter) return;
      pending.delete(msg.seq);
      clearTimeout(waiter.timer);
      if (msg.error !== undefined) waiter.reject(new Error(msg.error));
      else waiter.resolve(msg.result);
    });
  }
  return new Promise<T>((resolve, reject) => {
    if (!process.send || !process.connected) return reject(new Error('no IPC channel to the primary'));
    const id = ++seq;
    const timer = setTimeout(() => {
      pending.delete(id);
      reject(new Error(`the primary did not answer ${topic} within ${timeoutMs} ms`));
    }, timeoutMs);
    pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
    const request: IpcRequest = { verdict: 'request', topic, seq: id, payload };
    process.send(request, undefined, undefined, (err) => {
      if (!err) return;
      pending.delete(id);
      clearTimeout(timer);
      reject(err);
    });
  });
}

/** In the primary: answers every worker's requests on `topic` with `handler`. */
export function answerWorkers(topic: string, handler: (payload: unknown, worker: Worker) => Promise<unknown>): void {
  cluster.on('message', (worker, msg: IpcRequest) => {
    if (msg?.verdict !== 'request' || msg.topic !== topic) return;
    handler(msg.payload, worker).then(
      (result) => reply(worker, { verdict: 'reply', seq: msg.seq, result }),
      (err: unknown) => reply(worker, { verdict: 'reply', seq: msg.seq, error: err instanceof Error ? err.message : String(err) }),
    );
  });
}

function reply(worker: Worker, msg: IpcReply): void {
  // A worker that died meanwhile simply never gets its answer.
  if (worker.isConnected()) worker.send(msg);
}
