// Running the server: in this process (one worker), or as a cluster primary with one worker per core, each with its
// own wasm instance. The primary owns what must be single: the audit writer (one hash chain), the metric
// aggregation, the policy-folder build; workers reach them over IPC. The periodic cluster scan (--audit-interval)
// needs an engine, which the primary lacks: one designated worker runs it, so its gauges are counted once.
// SIGTERM drains everything and exits 0.
import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';
import type { AuditWriter } from '../audit/writer.js';
import { clusterAggregator, createMetrics, shareWithPrimary } from '../metrics/index.js';
import { startClusterAuditScan, type PeriodicScan } from '../scan/index.js';
import { ipcAudit, localAudit, type AuditClient } from './audit-client.js';
import { acceptAuditHandovers } from './audit-handover.js';
import { answerWorkers, askPrimary } from './ipc.js';
import { watchPolicyFolder } from './policy-source.js';
import { startServer, type RunningServer } from './server.js';
import type { Watch } from './watch.js';
import { workerExecArgv } from './worker-flags.js';

/** Everything a worker needs, resolved by the primary and handed over in the environment. */
export interface ServeSettings {
  host: string;
  port: number;
  certDir: string;
  bundle: string;
  config?: string;
  /** Set when the bundle is built from a folder: the primary rebuilds it on change. */
  policiesDir?: string;
  /** Fingerprint of the policy folder as built at startup. */
  policiesBuilt?: string;
  workers: number;
  watchIntervalMs: number;
  requestTimeoutMs: number;
  graceMs: number;
  /** `--audit-interval`: scan the cluster this often; absent, no scan. */
  /** leaseNamespace: where replicas elect the one that scans (default: the Pod's namespace). */
  auditScan?: { intervalMs: number; policyReports: boolean; kubeconfig?: string; leaseNamespace?: string };
}

export const SETTINGS_ENV = 'VERDICT_SERVE_SETTINGS';
/** Set on the one worker (and each of its replacements) that runs the periodic cluster scan. */
export const AUDIT_WORKER_ENV = 'VERDICT_AUDIT_WORKER';
const METRICS_TOPIC = 'metrics';
const SHUTDOWN = { verdict: 'shutdown' } as const;

/** One process: server, audit writer and folder watch together. Resolves with the exit code after a drain. */
export async function runSingle(settings: ServeSettings, writer: AuditWriter, log: Logger): Promise<number> {
  const audit = localAudit(writer);
  const running = await startServer({ ...serverOptions(settings), audit, log });
  let auditScan: PeriodicScan | undefined;
  try {
    auditScan = await startAuditScan(settings, running, audit, log);
  } catch (err) {
    log.error({ err: { message: (err as Error).message } }, 'the audit scan could not start; stopping');
    await running.close(0);
    await writer.close();
    return 1;
  }
  const folder = watchFolder(settings, log);
  log.info({ port: running.port, workers: 1 }, 'listening');
  await signalled(log);
  folder?.stop();
  // Stopped before the close, whose audit flush then covers the scan's records too.
  await auditScan?.stop();
  await running.close(settings.graceMs);
  await writer.close();
  log.info({}, 'stopped');
  return 0;
}

export async function runPrimary(settings: ServeSettings, writer: AuditWriter, log: Logger): Promise<number> {
  const handover = acceptAuditHandovers(writer);
  cluster.on('message', (worker, msg) => handover(worker.process, msg));
  const aggregator = clusterAggregator();
  answerWorkers(METRICS_TOPIC, async () => ({ contentType: aggregator.contentType, text: await aggregator.metrics() }));
  const env = { [SETTINGS_ENV]: JSON.stringify(settings) };
  cluster.setupPrimary({ execArgv: workerExecArgv(process.execArgv) });

  let stopping = false;
  let auditor: Worker | undefined;
  const fork = (runsAudit: boolean) => {
    const worker = cluster.fork(runsAudit ? { ...env, [AUDIT_WORKER_ENV]: '1' } : env);
    if (runsAudit) auditor = worker;
  };
  const started = await new Promise<number | undefined>((resolve) => {
    let listening = 0;
    const onListening = (_w: Worker, address: { port: number }) => {
      if (++listening === settings.workers) {
        cluster.off('listening', onListening);
        cluster.off('exit', onEarlyExit);
        resolve(address.port);
      }
    };
    // A worker that cannot start (bad bundle, port taken) would fail the same way again: give up.
    const onEarlyExit = () => {
      cluster.off('listening', onListening);
      cluster.off('exit', onEarlyExit);
      for (const w of Object.values(cluster.workers ?? {})) w?.kill();
      resolve(undefined);
    };
    cluster.on('listening', onListening);
    cluster.on('exit', onEarlyExit);
    for (let i = 0; i < settings.workers; i++) fork(settings.auditScan !== undefined && i === 0);
  });
  if (started === undefined) {
    log.error({}, 'a worker failed to start; stopping');
    await writer.close();
    return 1;
  }
  log.info({ port: started, workers: settings.workers }, 'listening');
  // A worker that keeps dying (say the bundle on disk went bad and a restart cannot load it) is restarted ever
  // more slowly, while the workers still running keep serving.
  let recentExits: number[] = [];
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    const now = Date.now();
    recentExits = [...recentExits.filter((t) => now - t < 60_000), now];
    const delay = Math.min(30_000, 500 * 2 ** (recentExits.length - 1));
    log.error({ worker: worker.id, code, signal, restartInMs: delay }, 'worker exited; starting a new one');
    const runsAudit = worker === auditor;
    setTimeout(() => !stopping && fork(runsAudit), delay).unref();
  });
  const folder = watchFolder(settings, log);

  await signalled(log);
  stopping = true;
  folder?.stop();
  const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
  await Promise.all(
    workers.map(
      (w) =>
        new Promise<void>((resolve) => {
          w.once('exit', () => resolve());
          if (w.isConnected()) w.send(SHUTDOWN);
          // A worker that does not finish within the grace period is stopped hard.
          setTimeout(() => w.process.kill('SIGKILL'), settings.graceMs + 5000).unref();
        }),
    ),
  );
  await writer.close();
  log.info({}, 'stopped');
  return 0;
}

export async function runWorker(settings: ServeSettings, log: Logger): Promise<number> {
  const metrics = createMetrics();
  shareWithPrimary(metrics);
  // The answer has left by the time the primary reports a record it could not write: the log is all that is left.
  const audit = ipcAudit({ onLost: (count, reason) => log.error({ count, reason }, 'audit records handed to the primary were not written') });
  let running: RunningServer | undefined;
  let auditScan: PeriodicScan | undefined;
  try {
    running = await startServer({
      ...serverOptions(settings),
      audit,
      metrics,
      metricsText: () => askPrimary(METRICS_TOPIC, null, 4000),
      log,
    });
    if (process.env[AUDIT_WORKER_ENV] === '1') auditScan = await startAuditScan(settings, running, audit, log);
  } catch (err) {
    log.error({ err: { message: (err as Error).message } }, 'worker could not start');
    await running?.close(0);
    return 1;
  }
  await new Promise<void>((resolve) => {
    process.on('message', (msg: unknown) => (msg as { verdict?: string })?.verdict === SHUTDOWN.verdict && resolve());
    // Ctrl-C reaches the whole process group; the worker drains just as if the primary had asked.
    process.once('SIGTERM', () => resolve());
    process.once('SIGINT', () => resolve());
    // The primary died without asking: nothing would write the audit records any more.
    process.once('disconnect', () => resolve());
  });
  await auditScan?.stop();
  await running.close(settings.graceMs);
  return 0;
}

function serverOptions(settings: ServeSettings) {
  return {
    host: settings.host,
    port: settings.port,
    certDir: settings.certDir,
    sources: { bundle: settings.bundle, ...(settings.config ? { config: settings.config } : {}) },
    watchIntervalMs: settings.watchIntervalMs,
    requestTimeoutMs: settings.requestTimeoutMs,
  };
}

/** The periodic scan of the cluster, on this process's registry, with the engine being served at each run. */
async function startAuditScan(settings: ServeSettings, running: RunningServer, audit: AuditClient, log: Logger): Promise<PeriodicScan | undefined> {
  const scan = settings.auditScan;
  if (!scan) return undefined;
  const periodic = await startClusterAuditScan({
    intervalMs: scan.intervalMs,
    engine: () => running.state.engine,
    registry: running.context.metrics.registry,
    audit,
    log,
    ...(scan.kubeconfig !== undefined ? { kubeconfig: scan.kubeconfig } : {}),
    ...(scan.policyReports ? { policyReports: {} } : {}),
    ...(scan.leaseNamespace !== undefined ? { leaderElection: { namespace: scan.leaseNamespace } } : {}),
  });
  log.info({ intervalMs: scan.intervalMs, policyReports: scan.policyReports }, 'audit scan started');
  return periodic;
}

function watchFolder(settings: ServeSettings, log: Logger): Watch | undefined {
  return settings.policiesDir ? watchPolicyFolder(settings.policiesDir, settings.bundle, settings.policiesBuilt ?? '', settings.watchIntervalMs, log) : undefined;
}

function signalled(log: Logger): Promise<void> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      process.off('SIGTERM', on);
      process.off('SIGINT', on);
      log.info({ signal }, 'shutting down: finishing in-flight requests');
      resolve();
    };
    process.on('SIGTERM', on);
    process.on('SIGINT', on);
  });
}
