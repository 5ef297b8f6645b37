// Runs in a worker thread: @kubernetes/client-node reads the kubeconfig (files, contexts, exec plugins, token files,
// the in-cluster service account) and hands back what a connection needs. The library loads every generated API
// model (about 80 MB of resident memory); in a worker that memory is returned when the worker ends.
import { parentPort, workerData } from 'node:worker_threads';
import type { ConnectionRequest, ConnectionReply } from './kubeconfig.js';

async function resolve(req: ConnectionRequest): Promise<ConnectionReply> {
  const { KubeConfig } = await import('@kubernetes/client-node');
  const kc = new KubeConfig();
  try {
    if (req.kubeconfig) kc.loadFromFile(req.kubeconfig);
    else kc.loadFromDefault();
  } catch (err) {
    return { ok: false, message: `cannot read the kubeconfig${req.kubeconfig ? ` ${req.kubeconfig}` : ''}: ${(err as Error).message}` };
  }
  if (req.context) {
    if (!kc.getContextObject(req.context)) return { ok: false, message: `the kubeconfig has no context "${req.context}"` };
    kc.setCurrentContext(req.context);
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster?.server) return { ok: false, message: 'no cluster configured (give --kubeconfig, set KUBECONFIG, or run in a pod)' };
  if (cluster.proxyUrl) return { ok: false, proxy: true, message: 'the cluster is reached through a proxy' };
  const opts: Record<string, unknown> = {};
  try {
    // Runs exec plugins and reads token files; also refuses http:// without insecure-skip-tls-verify, as kubectl does.
    await kc.applyToHTTPSOptions(opts);
  } catch (err) {
    return { ok: false, message: `cannot get credentials for the cluster: ${(err as Error).message}` };
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries((opts.headers as Record<string, unknown>) ?? {})) headers[k] = String(v);
  if (typeof opts.auth === 'string') headers.authorization = `Basic ${Buffer.from(opts.auth).toString('base64')}`;
  const text = (v: unknown) => (v === undefined || v === null ? undefined : Buffer.from(v as Uint8Array).toString('utf8'));
  return {
    ok: true,
    connection: {
      server: cluster.server,
      headers,
      ...(text(opts.ca) ? { ca: text(opts.ca) } : {}),
      ...(text(opts.cert) ? { cert: text(opts.cert) } : {}),
      ...(text(opts.key) ? { key: text(opts.key) } : {}),
      ...(opts.rejectUnauthorized === false ? { rejectUnauthorized: false } : {}),
      ...(typeof opts.servername === 'string' ? { servername: opts.servername } : {}),
    },
  };
}

resolve(workerData as ConnectionRequest).then(
  (reply) => parentPort!.postMessage(reply),
  (err: Error) => parentPort!.postMessage({ ok: false, message: err.message } satisfies ConnectionReply),
);
