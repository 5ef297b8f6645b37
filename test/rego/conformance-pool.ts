// Runs conformance cases in worker threads, so that a case which hangs or crashes costs a timeout, not the run.
import { Worker } from 'node:worker_threads';
import type { ConformanceCase } from './conformance-cases.js';
import type { Attempt } from './conformance-judge.js';
import type { CaseReply, CaseRequest } from './conformance-worker.js';

export interface RunnerOptions {
  /** Worker threads running cases side by side. */
  jobs: number;
  /** A case still running after this long is abandoned: its worker is terminated and replaced. */
  timeoutMs: number;
  /** The worker script; tests substitute a fake one. */
  workerUrl?: URL;
}

interface Pending {
  seq: number;
  resolve: (attempt: Attempt) => void;
  timer: NodeJS.Timeout;
}

/** One worker thread and the case it is running; a new thread is started when the old one is given up. */
class Slot {
  private worker: Worker | undefined;
  private pending: Pending | undefined;
  private seq = 0;

  constructor(
    private readonly timeoutMs: number,
    private readonly workerUrl: URL,
  ) {}

  attempt(c: ConformanceCase): Promise<Attempt> {
    if (this.pending) throw new Error('slot busy');
    const worker = this.ensureWorker();
    return new Promise<Attempt>((resolve) => {
      const seq = ++this.seq;
      const timer = setTimeout(() => {
        // Wasm evaluation is synchronous inside the worker: terminating the thread is the only way to stop it.
        this.settle({ stage: 'timeout', ms: this.timeoutMs });
        this.discardWorker();
      }, this.timeoutMs);
      this.pending = { seq, resolve, timer };
      worker.postMessage({ seq, case: c } satisfies CaseRequest);
    });
  }

  close(): Promise<void> {
    return this.discardWorker();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.workerUrl, { stdout: true, stderr: true });
    // Policies may print (opa_println); that output is not part of any result, so it is dropped.
    worker.stdout.resume();
    worker.stderr.resume();
    // Events of a worker already given up (after a timeout) must not settle the case its successor runs.
    worker.on('message', (reply: CaseReply) => {
      if (this.worker === worker && this.pending?.seq === reply.seq) this.settle(reply.attempt);
    });
    worker.on('error', (err) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.settle({ stage: 'crash', message: `worker failed: ${err.message}` });
    });
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.settle({ stage: 'crash', message: `worker exited with code ${code}` });
    });
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private settle(attempt: Attempt): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    clearTimeout(pending.timer);
    pending.resolve(attempt);
  }

  private async discardWorker(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
  }
}

const DEFAULT_WORKER = new URL('./conformance-worker.js', import.meta.url);

export class CaseRunner {
  private readonly slots: Slot[];
  private readonly idle: Slot[];
  private readonly waiting: Array<(slot: Slot) => void> = [];

  constructor(options: RunnerOptions) {
    this.slots = Array.from({ length: Math.max(1, options.jobs) }, () => new Slot(options.timeoutMs, options.workerUrl ?? DEFAULT_WORKER));
    this.idle = [...this.slots];
  }

  /** Runs one case on the next free worker. */
  async attempt(c: ConformanceCase): Promise<Attempt> {
    const slot = this.idle.pop() ?? (await new Promise<Slot>((resolve) => this.waiting.push(resolve)));
    try {
      return await slot.attempt(c);
    } finally {
      const next = this.waiting.shift();
      if (next) next(slot);
      else this.idle.push(slot);
    }
  }

  /** Runs every case, as many at a time as there are workers; `onDone` sees each as it finishes. */
  async attemptAll(cases: readonly ConformanceCase[], onDone?: (done: number) => void): Promise<Attempt[]> {
    const out: Attempt[] = new Array(cases.length);
    let done = 0;
    await Promise.all(
      cases.map(async (c, i) => {
        out[i] = await this.attempt(c);
        onDone?.(++done);
      }),
    );
    return out;
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.close()));
  }
}
