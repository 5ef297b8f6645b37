// Writing reporter output to a stream with backpressure respected, so a slow pipe throttles the scan instead of
// letting a million findings queue up in memory.
import { once } from 'node:events';
import { UserError } from '../../shared/user-error.js';

export interface Output {
  /** Resolves at once unless the stream asked to wait; then only when it has drained. */
  write(text: string): void | Promise<void>;
  /** Flushes, and ends the stream unless it is stdout or stderr. */
  close(): Promise<void>;
}

/** `name` is how errors name the destination (a file name). */
export function streamOutput(stream: NodeJS.WritableStream, name = 'output'): Output {
  let failed: Error | undefined;
  const fail = (err: Error): never => {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(`verdict scan: cannot write ${name}: ${code ?? err.message}`);
  };
  stream.on('error', (err: Error) => (failed ??= err));
  return {
    write(text) {
      if (failed) fail(failed);
      if (!stream.write(text)) return once(stream, 'drain').then(() => undefined, fail);
    },
    async close() {
      if (failed) fail(failed);
      if (stream === process.stdout || stream === process.stderr) return;
      await new Promise<void>((resolve, reject) => {
        stream.once('error', (err: Error) => reject(err));
        stream.end(() => resolve());
      }).catch(fail);
    },
  };
}

/** A resource as one short string for messages: `apps/v1 Deployment shop/web`. */
export function resourceLabel(r: { apiVersion: string; kind: string; namespace?: string; name: string }): string {
  return `${r.apiVersion} ${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`;
}
