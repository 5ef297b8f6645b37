// The scan itself: source → one CREATE review per object → engine.decide (origin `scan`) → findings → aggregator,
// reporters and audit records. Objects flow through one at a time; nothing here grows with the object count.
import type { AuditWriter } from '../audit/writer.js';
import { decisionForAudit, type Engine } from '../engine/index.js';
import { ScanAggregator } from './aggregate.js';
import { findingsOf, resourceRef, scanReview } from './review.js';
import type { ScanItem, ScannedObject, ScanSummary } from './types.js';

export interface ScanSource {
  readonly description: string;
  /** Filled while items are read: resource types skipped, documents not understood. */
  readonly notes: string[];
  items(): AsyncIterable<ScanItem>;
}

export interface ScanContext {
  engine: Engine;
  source: ScanSource;
  startedAt: Date;
}

/** One output of a scan. `object` is called for every object in order; `end` once, after the last. */
export interface Reporter {
  begin?(ctx: ScanContext): void | Promise<void>;
  object(o: ScannedObject): void | Promise<void>;
  end(summary: ScanSummary, aggregator: ScanAggregator): void | Promise<void>;
  /** The scan failed before `end`: release what `begin` and `object` took (temporary files). */
  abort?(): void;
}

export interface RunScanOptions {
  engine: Engine;
  source: ScanSource;
  reporters?: Reporter[];
  /** Every object with a finding becomes an audit record (source `scan`). */
  audit?: AuditWriter;
  signal?: AbortSignal;
  /** Called after each object with the running count (progress bars). */
  onObject?: (count: number, item: ScanItem) => void;
  /** Findings kept for the text summary (default 50). */
  topFindings?: number;
  /**
   * Hand the event loop back after this many milliseconds of scanning. A scan inside `verdict serve` shares its
   * process with admission requests, which would otherwise wait for a whole page of objects to be decided.
   */
  sliceMs?: number;
}

export interface ScanOutcome {
  summary: ScanSummary;
  aggregator: ScanAggregator;
}

/** Audit writes in flight before the scan waits for them: well under the writer's own queue limit. */
const AUDIT_WINDOW = 512;

export async function runScan(options: RunScanOptions): Promise<ScanOutcome> {
  const { engine, source } = options;
  const reporters = options.reporters ?? [];
  const started = performance.now();
  const ctx: ScanContext = { engine, source, startedAt: new Date() };
  const aggregator = new ScanAggregator(engine, options.topFindings);
  for (const r of reporters) await r.begin?.(ctx);

  try {
    await scanAll(options, reporters, aggregator);
  } catch (err) {
    for (const r of reporters) r.abort?.();
    throw err;
  }

  const summary = aggregator.summary({
    notes: [...engine.notices, ...source.notes],
    durationMs: performance.now() - started,
    bundle: { revision: engine.bundle.revision, digest: engine.bundle.digest },
  });
  for (const r of reporters) await r.end(summary, aggregator);
  return { summary, aggregator };
}

async function scanAll(options: RunScanOptions, reporters: Reporter[], aggregator: ScanAggregator): Promise<void> {
  const { engine, source, audit } = options;
  let audits: Array<Promise<unknown>> = [];
  let count = 0;
  let sliceStarted = performance.now();
  for await (const item of source.items()) {
    options.signal?.throwIfAborted();
    if (options.sliceMs !== undefined && performance.now() - sliceStarted >= options.sliceMs) {
      await new Promise((resolve) => setImmediate(resolve));
      sliceStarted = performance.now();
    }
    const review = scanReview(item.object, item.type);
    const decision = await engine.decide(review, { origin: 'scan', endpoint: 'validate' });
    const resource = resourceRef(item.object, item.type);
    const scanned: ScannedObject = { review, resource, type: item.type, decision, findings: findingsOf(decision, resource, item.location) };
    if (item.location) scanned.location = item.location;
    aggregator.add(scanned);
    for (const r of reporters) {
      const pending = r.object(scanned);
      if (pending) await pending;
    }
    if (audit && scanned.findings.length > 0) {
      const written = audit.write(decisionForAudit(decision, review));
      // Awaited below in batches; until then a failure must not count as unhandled.
      written.catch(() => undefined);
      audits.push(written);
      if (audits.length >= AUDIT_WINDOW) {
        await Promise.all(audits);
        audits = [];
      }
    }
    options.onObject?.(++count, item);
  }
  await Promise.all(audits);
}

/** Exit status of `verdict scan`: 3 when something would be denied (docs/scan.md). */
export const EXIT_WOULD_DENY = 3;

export function exitCodeFor(summary: ScanSummary): number {
  return summary.wouldDeny > 0 ? EXIT_WOULD_DENY : 0;
}
