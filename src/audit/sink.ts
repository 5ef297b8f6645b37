// Where sealed record lines go: pino's destination (sonic-boom) in sync mode on stdout or on an open file.
//
// Sync mode hands the bytes to the kernel before write() returns, so a record is never sitting in a JS buffer when
// the admission response leaves. The file sink then makes them durable with an asynchronous fsync (one per batch,
// off the event loop); stdout has no fsync, its records are durable once the log pipeline has them.
//
// Keep fd 1 blocking: nothing in a serving process may open `process.stdout` (console.log, a worker thread piped to
// it), because that switches the fd, shared by every serve process, to non-blocking; a full pipe then gives EAGAIN
// and the destination sleeps the event loop for 100 ms per retry (test/scan/kubeconfig-stdio.test.ts pins one case).
import pino from 'pino';
import { closeSync, fsync, fsyncSync, fstatSync, openSync } from 'node:fs';

type Destination = ReturnType<typeof pino.destination>;

export interface Sink {
  /** Writes the text now; throws if any of it could not be written (the sink is then unusable). */
  append(text: string): void;
  /** Resolves once everything appended is durable under the sink's policy. */
  sync(): Promise<void>;
  close(): Promise<void>;
}

/** A pino destination on an fd, turning sonic-boom's 'error' events into exceptions from append(). */
class DestinationWriter {
  private readonly dest: Destination;
  private failure: Error | null = null;

  constructor(fd: number) {
    this.dest = pino.destination({ dest: fd, sync: true });
    // pino swallows EPIPE (the stream just goes quiet); an audit writer must notice instead.
    this.dest.on('error', (err: Error) => {
      this.failure = err;
    });
  }

  write(text: string): void {
    if (this.failure) throw this.failure;
    this.dest.write(text);
    if (this.failure) throw this.failure;
  }
}

export class StdoutSink implements Sink {
  private readonly out: DestinationWriter;
  constructor(fd = 1) {
    this.out = new DestinationWriter(fd);
  }
  append(text: string): void {
    this.out.write(text);
  }
  async sync(): Promise<void> {}
  async close(): Promise<void> {}
}

export class FileSink implements Sink {
  readonly fd: number;
  private readonly out: DestinationWriter;
  private closed = false;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'a+', 0o600); // readable too: a restart reads the tail through it
    this.out = new DestinationWriter(this.fd);
  }

  get size(): number {
    return fstatSync(this.fd).size;
  }

  append(text: string): void {
    this.out.write(text);
  }

  sync(): Promise<void> {
    return new Promise((resolve, reject) => fsync(this.fd, (err) => (err ? reject(err) : resolve())));
  }

  /** Synchronous variant for startup and rotation, where nothing else should interleave. */
  syncNow(): void {
    fsyncSync(this.fd);
  }

  async close(): Promise<void> {
    this.closeNow();
  }

  /** Synchronous close for rotation and rollback, so a failure surfaces where it happens. */
  closeNow(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      fsyncSync(this.fd);
    } finally {
      closeSync(this.fd);
    }
  }
}
