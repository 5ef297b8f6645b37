// Continuous mode: the scan run again and again inside `verdict serve` (`--audit-interval`), with the engine being
// served at that moment, and its results as Prometheus gauges. One run at a time; the next starts `intervalMs`
// after the previous one ended, so a scan slower than the interval never piles up. With a leader election (one per
// Deployment, over a Lease: leader.ts), only the replica that leads runs scans; the others skip their turns.
import type { Registry } from 'prom-client';
import type { AuditWriter, OpLog } from '../audit/writer.js';
import type { Engine } from '../engine/index.js';
import { createAuditMetrics, type AuditMetrics } from '../metrics/index.js';
import { UserError } from '../shared/user-error.js';
import { scanKindPatterns } from './engine.js';
import { leaseNamespace, startLeaderElection, type LeaderElection, type LeaderElectionOptions } from './leader.js';
import { policyReportsReporter } from './reporters/policy-reports.js';
import { runScan, type Reporter, type ScanSource } from './scan.js';
import { clusterSource } from './sources/cluster.js';
import { KubeClient } from './sources/kube-client.js';
import type { ScannedObject, ScanSummary } from './types.js';

/** How long the periodic scan runs before it lets waiting admission requests through. */
export const SCAN_SLICE_MS = 2;
/** Objects per list request in the periodic scan: a page of about 200 KiB parses in a millisecond or two. */
export const PERIODIC_PAGE_SIZE = 100;

export interface PeriodicScanOptions {
  /** Read at the start of each run: the server swaps engines on reload. Undefined: nothing loaded yet, skip. */
  engine: () => Engine | undefined;
  /** A fresh source for each run (a cluster source, typically). */
  source: (engine: Engine, signal: AbortSignal) => ScanSource;
  intervalMs: number;
  /** Where the verdict_audit_* families are registered (the server's registry). */
  registry: Registry;
  /**
   * Writes each run's PolicyReports. Its failure does not fail the run: the findings are what the scan is for, so
   * the gauges are updated anyway, and the failure is logged and counted in verdict_audit_policy_report_failures_total.
   */
  policyReportWriter?: (engine: Engine) => Reporter;
  audit?: Pick<AuditWriter, 'write'>;
  log?: OpLog;
  /** Delay before the first run (default: at once). */
  firstRunDelayMs?: number;
  /**
   * Runs happen only while this election leads; the scan owns it from now on and stops it (releasing the Lease)
   * when it stops. Absent: every run happens.
   */
  leader?: LeaderElection;
}

export interface PeriodicScan {
  readonly metrics: AuditMetrics;
  /** Summary of the last completed run. */
  readonly last: ScanSummary | undefined;
  /** Runs a scan now, or joins the one under way; resolves with its summary (undefined if it failed or was skipped). */
  runNow(): Promise<ScanSummary | undefined>;
  /** No more runs; a run under way is aborted and awaited, then the Lease (if any) is released. */
  stop(): Promise<void>;
}

export function startPeriodicScan(options: PeriodicScanOptions): PeriodicScan {
  const metrics = createAuditMetrics(options.registry);
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<ScanSummary | undefined> | undefined;
  let controller: AbortController | undefined;
  let stopped = false;
  let last: ScanSummary | undefined;
  /** Until the first turn: gaining the lead before it runs nothing extra, as that turn is still to come. */
  let firstTurnPending = true;
  /** Set when the run under way is aborted because the lead was lost: not a failure of the scan. */
  let abortedForLead = false;
  const leader = options.leader;
  metrics.leader.set(leader === undefined || leader.leading ? 1 : 0);
  leader?.onChange((leading) => {
    metrics.leader.set(leading ? 1 : 0);
    if (leading) {
      // A take-over: the previous leader's figures left with it, so scan now rather than an interval from now.
      if (!firstTurnPending && !stopped) void api.runNow();
      return;
    }
    // Figures of a replica that no longer scans would go stale beside the leader's: only the leader holds them.
    metrics.violations.reset();
    if (controller) (abortedForLead = true), controller.abort();
  });

  const schedule = (delay: number) => {
    if (stopped) return;
    timer = setTimeout(() => void api.runNow(), delay);
    // A pending scan never keeps the process alive on its own.
    timer.unref();
  };

  const once = async (): Promise<ScanSummary | undefined> => {
    const engine = options.engine();
    if (!engine) return undefined;
    if (leader && !leader.leading) return undefined;
    controller = new AbortController();
    abortedForLead = false;
    const counts = violationCounter();
    const writer = options.policyReportWriter?.(engine);
    let reportFailure: Error | undefined;
    const started = performance.now();
    try {
      const { summary } = await runScan({
        engine,
        source: options.source(engine, controller.signal),
        reporters: writer ? [counts, keepGoing(writer, (err) => (reportFailure = err))] : [counts],
        audit: options.audit as AuditWriter | undefined,
        signal: controller.signal,
        // Admission requests to this process wait at most about this long behind the scan.
        sliceMs: SCAN_SLICE_MS,
      });
      // Lost just as the scan finished: figures kept now would go stale beside the new leader's.
      if (abortedForLead) throw new Error('this replica no longer holds the lease');
      // Reset and set in one synchronous step: a scrape sees the old run or the new one, never a mix.
      metrics.violations.reset();
      for (const c of counts.values()) metrics.violations.set({ policy: c.policy, namespace: c.namespace, severity: c.severity }, c.count);
      metrics.lastRun.set(Date.now() / 1000);
      metrics.duration.set((performance.now() - started) / 1000);
      metrics.runs.inc({ result: 'success' });
      if (reportFailure !== undefined) {
        metrics.policyReportFailures.inc();
        options.log?.error({ err: { message: reportFailure.message } }, 'audit scan could not write PolicyReports');
      }
      options.log?.info({ objects: summary.objects, findings: summary.findings, wouldDeny: summary.wouldDeny, durationMs: Math.round(summary.durationMs), notes: summary.notes.length }, 'audit scan completed');
      for (const note of summary.notes) options.log?.warn({ note }, 'audit scan note');
      last = summary;
      return summary;
    } catch (err) {
      if (abortedForLead && !stopped) {
        options.log?.warn({}, 'audit scan aborted: this replica no longer holds the lease');
        return undefined;
      }
      metrics.runs.inc({ result: 'failure' });
      if (!stopped) options.log?.error({ err: { message: (err as Error).message } }, 'audit scan failed');
      return undefined;
    } finally {
      controller = undefined;
    }
  };

  const api: PeriodicScan = {
    metrics,
    get last() {
      return last;
    },
    runNow() {
      if (running) return running;
      firstTurnPending = false;
      if (timer) clearTimeout(timer);
      running = once().finally(() => {
        running = undefined;
        schedule(options.intervalMs);
      });
      return running;
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      controller?.abort();
      await running;
      await leader?.stop();
    },
  };
  schedule(options.firstRunDelayMs ?? 0);
  return api;
}

export interface ClusterAuditOptions extends Pick<PeriodicScanOptions, 'engine' | 'intervalMs' | 'registry' | 'audit' | 'log' | 'firstRunDelayMs'> {
  /** Default: the in-cluster service account (or $KUBECONFIG, ~/.kube/config outside a cluster). */
  kubeconfig?: string;
  /** Also keep the PolicyReports of the cluster up to date, capped at this many results per report. */
  policyReports?: { maxResults?: number };
  /**
   * Scan only while this process holds the `verdict-audit-scan` Lease, so that of a Deployment's replicas one scans.
   * Default: elect in the Pod's namespace (leaseNamespace); outside a Pod, with no namespace to share, every
   * process scans. `false`: never elect.
   */
  leaderElection?: false | Partial<Omit<LeaderElectionOptions, 'client' | 'log'>>;
}

/** The periodic scan of the cluster the server runs in: what `verdict serve --audit-interval` starts. */
export async function startClusterAuditScan(options: ClusterAuditOptions): Promise<PeriodicScan> {
  const client = await KubeClient.fromConfig({ kubeconfig: options.kubeconfig });
  const election = options.leaderElection === false ? undefined : options.leaderElection ?? {};
  const namespace = election ? (election.namespace ?? leaseNamespace()) : undefined;
  if (election && namespace === undefined) options.log?.info({}, 'audit scan: no leader election outside a Pod (give --lease-namespace or set VERDICT_AUDIT_LEASE_NAMESPACE to elect); this process scans');
  const leader = election && namespace !== undefined ? startLeaderElection({ ...election, namespace, client, ...(options.log ? { log: options.log } : {}) }) : undefined;
  return startPeriodicScan({
    ...options,
    ...(leader ? { leader } : {}),
    // Smaller pages than `verdict scan` uses: each page is parsed in one piece, while admission requests wait.
    source: (engine, signal) => clusterSource({ client, patterns: scanKindPatterns(engine), signal, pageSize: PERIODIC_PAGE_SIZE }),
    ...(options.policyReports ? { policyReportWriter: () => policyReportsReporter({ client, maxResults: options.policyReports!.maxResults }) } : {}),
  });
}

const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `--audit-interval`: `90s`, `10m`, `1h`, `1h30m`, or plain milliseconds; at least one second. */
export function parseInterval(text: string): number {
  const parts = /^(?:\d+(?:ms|s|m|h))+$/.test(text) ? [...text.matchAll(/(\d+)(ms|s|m|h)/g)] : undefined;
  const ms = parts ? parts.reduce((t, m) => t + Number(m[1]) * UNITS[m[2]], 0) : /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(ms) || ms < 1000) throw new UserError(`verdict serve: --audit-interval takes a duration of at least 1s, such as 10m (got "${text}")`);
  return ms;
}

/** The reporter as it is, except that a failure at its end goes to `failed` instead of failing the scan. */
function keepGoing(reporter: Reporter, failed: (err: Error) => void): Reporter {
  return {
    begin: (ctx) => reporter.begin?.(ctx),
    object: (o) => reporter.object(o),
    async end(summary, aggregator) {
      try {
        await reporter.end(summary, aggregator);
      } catch (err) {
        failed(err instanceof Error ? err : new Error(String(err)));
      }
    },
    abort: () => reporter.abort?.(),
  };
}

interface ViolationCount {
  policy: string;
  namespace: string;
  severity: string;
  count: number;
}

/** Objects in violation per policy and namespace: deny results in any mode (dryrun is the point of auditing). */
function violationCounter(): Reporter & { values(): IterableIterator<ViolationCount> } {
  const counts = new Map<string, ViolationCount>();
  return {
    object(o: ScannedObject) {
      for (const f of o.findings) {
        if (f.result !== 'deny') continue;
        const namespace = o.type.namespaced ? (o.resource.namespace ?? '') : '';
        const key = `${f.policy}\u0000${namespace}`;
        const c = counts.get(key);
        if (c) c.count++;
        else counts.set(key, { policy: f.policy, namespace, severity: f.severity, count: 1 });
      }
    },
    end() {},
    values: () => counts.values(),
  };
}
