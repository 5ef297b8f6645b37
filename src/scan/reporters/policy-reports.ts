// `--write-policy-reports`: the scan's results as wgpolicyk8s.io/v1alpha2 reports in the cluster. One PolicyReport
// per namespace and one ClusterPolicyReport, never one per resource (per-resource reports are what filled etcd on
// large clusters for other engines). Each report keeps the most important results up to a cap; its summary
// still counts every result. Results are only the findings: passes are counted, not listed.
import { UserError } from '../../shared/user-error.js';
import { findingRank, FINDING_RANKS, RankedKeeper } from '../ranked.js';
import type { Reporter } from '../scan.js';
import type { Finding, FindingResult, ScannedObject } from '../types.js';
import { KubeApiError, type KubeClient } from '../sources/kube-client.js';

export const REPORT_GROUP_VERSION = 'wgpolicyk8s.io/v1alpha2';
export const REPORT_NAME = 'verdict-scan';
export const MANAGED_BY = { key: 'app.kubernetes.io/managed-by', value: 'verdict' };
export const DEFAULT_MAX_RESULTS = 100;
/** Long messages are cut: a report holds many results and etcd objects are capped near 1.5 MiB. */
const MAX_MESSAGE_CHARS = 1024;
const WRITE_ATTEMPTS = 3;

export interface PolicyReportsOptions {
  client: KubeClient;
  /** Results kept per report (default 100); the summary counts all of them. */
  maxResults?: number;
  /** The scan covered this namespace only: no cluster report, and reports of other namespaces are left alone. */
  namespace?: string;
  name?: string;
}

export interface ReportSummary {
  pass: number;
  fail: number;
  warn: number;
  error: number;
  skip: number;
}

interface ReportState {
  /** `''`: the ClusterPolicyReport. */
  namespace: string;
  summary: ReportSummary;
  results: RankedKeeper<Finding>;
}

export interface WrittenReport {
  kind: 'PolicyReport' | 'ClusterPolicyReport';
  namespace?: string;
  name: string;
  action: 'created' | 'updated' | 'deleted';
  results: number;
  omitted: number;
}

const RESULT_VALUE: Readonly<Record<FindingResult, 'fail' | 'warn' | 'error'>> = { deny: 'fail', warn: 'warn', error: 'error' };

export function policyReportsReporter(options: PolicyReportsOptions): Reporter & { readonly written: WrittenReport[] } {
  const max = options.maxResults ?? DEFAULT_MAX_RESULTS;
  const name = options.name ?? REPORT_NAME;
  const reports = new Map<string, ReportState>();
  const written: WrittenReport[] = [];
  let startedAt = new Date();
  let bundle = { revision: '', digest: '' };
  const report = (ns: string): ReportState => {
    let r = reports.get(ns);
    if (!r) reports.set(ns, (r = { namespace: ns, summary: { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 }, results: new RankedKeeper(max, FINDING_RANKS) }));
    return r;
  };
  if (options.namespace) report(options.namespace);
  return {
    written,
    begin(ctx) {
      startedAt = ctx.startedAt;
      bundle = { revision: ctx.engine.bundle.revision, digest: ctx.engine.bundle.digest };
    },
    object(o: ScannedObject) {
      const r = report(o.type.namespaced ? (o.resource.namespace ?? '') : '');
      if (o.decision.exemption) r.summary.skip++;
      for (const p of o.decision.policies) {
        const mine = o.findings.filter((f) => f.policy === p.id);
        if (mine.length === 0) r.summary.pass++;
        for (const f of mine) {
          r.summary[RESULT_VALUE[f.result]]++;
          r.results.add(f, findingRank(f));
        }
      }
    },
    async end() {
      const failures: string[] = [];
      const ordered = [...reports.values()].sort((a, b) => (a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : 0));
      for (const r of ordered) {
        if (r.namespace === '' && options.namespace) continue;
        try {
          written.push(await upsert(options.client, reportObject(r, name, startedAt, bundle), r.results.dropped));
        } catch (err) {
          failures.push(String((err as Error).message));
          if (err instanceof KubeApiError && err.statusCode === 404) break;
        }
      }
      if (failures.length === 0 && !options.namespace) {
        await removeStale(options.client, name, new Set(ordered.map((r) => r.namespace)), written).catch((err: Error) => failures.push(err.message));
      }
      if (failures.length > 0) throw new UserError(`verdict scan: writing policy reports failed:\n  ${failures.join('\n  ')}`);
    },
  };
}

/** The report object, shaped as the v1alpha2 CRD validates it (docs in ../shared/docs/policy-reports.md). */
export function reportObject(r: ReportState, name: string, startedAt: Date, bundle: { revision: string; digest: string }): Record<string, unknown> {
  const seconds = Math.floor(startedAt.getTime() / 1000);
  const results = r.results.items().map((f) => ({
    source: 'verdict',
    policy: f.policy,
    severity: f.severity,
    result: RESULT_VALUE[f.result],
    scored: true,
    message: truncate(f.messages.join('; ')),
    timestamp: { seconds, nanos: 0 },
    resources: [{ apiVersion: f.resource.apiVersion, kind: f.resource.kind, name: f.resource.name, ...(f.resource.namespace ? { namespace: f.resource.namespace } : {}), ...(f.resource.uid ? { uid: f.resource.uid } : {}) }],
    properties: { mode: f.mode, wouldDeny: String(f.wouldDeny), title: f.title, ...(f.controls.length > 0 ? { controls: f.controls.join(',') } : {}) },
  }));
  const annotations: Record<string, string> = { 'verdict.io/bundle-revision': bundle.revision, 'verdict.io/bundle-digest': bundle.digest, 'verdict.io/results-omitted': String(r.results.dropped) };
  const metadata: Record<string, unknown> = { name, labels: { [MANAGED_BY.key]: MANAGED_BY.value }, annotations };
  if (r.namespace !== '') metadata.namespace = r.namespace;
  return { apiVersion: REPORT_GROUP_VERSION, kind: r.namespace === '' ? 'ClusterPolicyReport' : 'PolicyReport', metadata, summary: { ...r.summary }, results };
}

function reportPath(namespace: string | undefined, name?: string): string {
  const base = namespace ? `/apis/${REPORT_GROUP_VERSION}/namespaces/${encodeURIComponent(namespace)}/policyreports` : `/apis/${REPORT_GROUP_VERSION}/clusterpolicyreports`;
  return name ? `${base}/${encodeURIComponent(name)}` : base;
}

/** Create, or replace the existing report at its resourceVersion; a conflict (someone wrote meanwhile) is retried. */
async function upsert(client: KubeClient, report: Record<string, unknown>, omitted: number): Promise<WrittenReport> {
  const meta = report.metadata as { name: string; namespace?: string; resourceVersion?: string };
  const kind = report.kind as WrittenReport['kind'];
  const results = (report.results as unknown[]).length;
  const done = (action: WrittenReport['action']): WrittenReport => ({ kind, ...(meta.namespace ? { namespace: meta.namespace } : {}), name: meta.name, action, results, omitted });
  for (let attempt = 1; ; attempt++) {
    try {
      const existing = await getOrUndefined<{ metadata?: { resourceVersion?: string } }>(client, reportPath(meta.namespace, meta.name));
      if (existing) {
        meta.resourceVersion = existing.metadata?.resourceVersion;
        await client.request({ method: 'PUT', path: reportPath(meta.namespace, meta.name), body: report });
        return done('updated');
      }
      delete meta.resourceVersion;
      await client.request({ method: 'POST', path: reportPath(meta.namespace), body: report });
      return done('created');
    } catch (err) {
      if (err instanceof KubeApiError && err.statusCode === 409 && attempt < WRITE_ATTEMPTS) continue;
      if (err instanceof KubeApiError && err.statusCode === 404) {
        throw new KubeApiError(err.method, err.path, 404, { message: `${kind} (${REPORT_GROUP_VERSION}) is not served by this cluster: install the PolicyReport CRDs` });
      }
      throw err;
    }
  }
}

async function getOrUndefined<T>(client: KubeClient, path: string): Promise<T | undefined> {
  try {
    return await client.get<T>(path);
  } catch (err) {
    if (err instanceof KubeApiError && err.statusCode === 404 && err.reason === 'NotFound' && err.status?.details) return undefined;
    throw err;
  }
}

/** Reports this scan no longer has a namespace for (the namespace emptied or went away) are deleted. */
async function removeStale(client: KubeClient, name: string, current: Set<string>, written: WrittenReport[]): Promise<void> {
  const selector = encodeURIComponent(`${MANAGED_BY.key}=${MANAGED_BY.value}`);
  const list = await client.get<{ items?: Array<{ metadata?: { name?: string; namespace?: string } }> }>(`/apis/${REPORT_GROUP_VERSION}/policyreports?labelSelector=${selector}`);
  for (const item of list.items ?? []) {
    const ns = item.metadata?.namespace;
    if (item.metadata?.name !== name || !ns || current.has(ns)) continue;
    try {
      await client.request({ method: 'DELETE', path: reportPath(ns, name) });
      written.push({ kind: 'PolicyReport', namespace: ns, name, action: 'deleted', results: 0, omitted: 0 });
    } catch (err) {
      if (!(err instanceof KubeApiError && err.statusCode === 404)) throw err;
    }
  }
}

function truncate(s: string): string {
  return s.length <= MAX_MESSAGE_CHARS ? s : s.slice(0, MAX_MESSAGE_CHARS - 1) + '…';
}
