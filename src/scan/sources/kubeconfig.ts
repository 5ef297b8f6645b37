// The connection to a cluster as the kubeconfig describes it, resolved by @kubernetes/client-node in a worker
// thread (kubeconfig-worker.ts) so that the scan does not carry the library's memory; a kubeconfig that needs a
// proxy agent (which cannot cross threads) is resolved in this thread instead.
import http from 'node:http';
import https from 'node:https';
import { Worker } from 'node:worker_threads';

export interface ConnectionRequest {
  kubeconfig?: string;
  context?: string;
}

/** Everything a request needs; plain data, so it can come from the worker. */
export interface Connection {
  server: string;
  headers: Record<string, string>;
  ca?: string;
  cert?: string;
  key?: string;
  rejectUnauthorized?: boolean;
  servername?: string;
}

export type ConnectionReply = { ok: true; connection: Connection } | { ok: false; message: string; proxy?: boolean };

/** The connection, or why there is none; `proxy` when only client-node's own agents can reach the cluster. */
export function resolveConnection(req: ConnectionRequest): Promise<ConnectionReply> {
  return new Promise((resolve, reject) => {
    // stdout/stderr: true keeps the worker's output away from this process's own stdout and stderr. Piping it
    // there would open process.stdout, which switches fd 1 to non-blocking for every process sharing it: the audit
    // sink's synchronous writes would then meet EAGAIN on a full pipe, and pino's destination answers that by
    // sleeping the whole event loop for 100 ms.
    const worker = new Worker(new URL('./kubeconfig-worker.js', import.meta.url), { workerData: req, env: process.env, stdout: true, stderr: true });
    let said = '';
    const keep = (chunk: Buffer) => (said = (said + chunk.toString()).slice(-2000));
    worker.stdout.on('data', keep);
    worker.stderr.on('data', keep);
    let settled = false;
    worker.once('message', (reply: ConnectionReply) => {
      settled = true;
      resolve(reply);
      void worker.terminate();
    });
    worker.once('error', (err) => (settled ? undefined : reject(err)));
    worker.once('exit', (code) => (settled ? undefined : reject(new Error(`the kubeconfig worker exited with code ${code}${said ? `: ${said.trim()}` : ''}`))));
  });
}

/** An agent with the connection's TLS settings, kept alive so that list pages reuse the connection. */
export function agentFor(c: Connection): http.Agent {
  if (c.server.startsWith('http:')) return new http.Agent({ keepAlive: true });
  return new https.Agent({
    keepAlive: true,
    ...(c.ca ? { ca: c.ca } : {}),
    ...(c.cert ? { cert: c.cert } : {}),
    ...(c.key ? { key: c.key } : {}),
    ...(c.rejectUnauthorized === false ? { rejectUnauthorized: false } : {}),
    ...(c.servername ? { servername: c.servername } : {}),
  });
}
