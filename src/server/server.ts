// One HTTPS admission server in this process: TLS 1.2+, the express app, hot reload of bundle, configuration and
// certificate, and a graceful close (stop accepting, finish in-flight requests, flush audit records).
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { EvaluatorLimits } from '../engine/index.js';
import { createMetrics, type VerdictMetrics } from '../metrics/index.js';
import { createRequestListener } from './app.js';
import type { AuditClient } from './audit-client.js';
import { BODY_LIMIT_BYTES } from './body.js';
import type { ServerContext } from './context.js';
import { EngineState, type EngineSources } from './engine-state.js';
import { readServingCertificate, tlsOptions, watchCertificate, type ServingCertificate } from './tls.js';

export interface ServerOptions {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  certDir: string;
  sources: EngineSources;
  audit: AuditClient;
  log: Logger;
  metrics?: VerdictMetrics;
  /** Default: this process's registry. */
  metricsText?: () => Promise<{ contentType: string; text: string }>;
  /** How often bundle, configuration and certificate files are checked for changes. */
  watchIntervalMs?: number;
  /** A request (headers and body) must arrive within this time, or it is answered 408. */
  requestTimeoutMs?: number;
  keepAliveTimeoutMs?: number;
  bodyLimit?: number;
  limits?: EvaluatorLimits;
}

export interface RunningServer {
  port: number;
  server: Server;
  state: EngineState;
  context: ServerContext;
  /** Graceful stop: no new connections, in-flight requests finish (up to `graceMs`), audit writes are flushed. */
  close(graceMs?: number): Promise<void>;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const log = options.log;
  const metrics = options.metrics ?? createMetrics();
  const state = new EngineState(options.sources, log, metrics, options.limits);
  await state.load();
  const certificate = await readServingCertificate(options.certDir);
  const setExpiry = (c: ServingCertificate) => metrics.certificateExpiry.set(c.notAfter.getTime() / 1000);
  setExpiry(certificate);

  const context: ServerContext = {
    state,
    audit: options.audit,
    metrics,
    metricsText:
      options.metricsText ?? (async () => ({ contentType: metrics.registry.contentType, text: await metrics.registry.metrics() })),
    log,
    bodyLimit: options.bodyLimit ?? BODY_LIMIT_BYTES,
    draining: false,
    inFlight: 0,
  };
  const requestTimeout = options.requestTimeoutMs ?? 10_000;
  const server = createServer(
    {
      ...tlsOptions(certificate),
      requestTimeout,
      headersTimeout: Math.min(requestTimeout, 10_000),
      // Node checks the two timeouts above on this period; short enough to enforce them closely.
      connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(requestTimeout / 4))),
      keepAliveTimeout: options.keepAliveTimeoutMs ?? 60_000,
    },
    createRequestListener(context),
  );
  // A TLS error on one connection (a port scanner, a client that gives up mid-handshake) is that client's problem.
  // HTTP-level client errors keep Node's default answer (400, 408 for the request timeout, 431), then a close.
  server.on('tlsClientError', () => {});

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const interval = options.watchIntervalMs ?? 2000;
  state.startWatching(interval);
  const certWatch = watchCertificate(server, options.certDir, certificate, interval, log, setExpiry);

  let closing: Promise<void> | undefined;
  const close = (graceMs = 25_000): Promise<void> =>
    (closing ??= (async () => {
      context.draining = true;
      state.stopWatching();
      certWatch.stop();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const deadline = Date.now() + graceMs;
      while (context.inFlight > 0 && Date.now() < deadline) await sleep(10);
      server.closeIdleConnections();
      // Whatever is left after the grace period (a client stuck mid-request) is cut.
      const cut = setTimeout(() => server.closeAllConnections(), Math.max(0, deadline - Date.now()));
      cut.unref();
      await closed;
      clearTimeout(cut);
      await options.audit.flush();
    })());

  return { port: (server.address() as AddressInfo).port, server, state, context, close };
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
