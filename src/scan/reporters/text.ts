// The human summary: what would be denied, per policy and per namespace (worst first), the most important
// findings with where they are, and the notes. Written once, at the end.
import { SEVERITIES } from '../../engine/catalog.js';
import type { ScanAggregator } from '../aggregate.js';
import type { Reporter, ScanContext } from '../scan.js';
import type { Finding, ScanSummary } from '../types.js';
import { resourceLabel, type Output } from './output.js';

export interface TextReporterOptions {
  /** Namespace rows shown (default 20); the rest are counted. */
  namespaces?: number;
  /** Findings listed (default 20, at most what the aggregator kept). */
  findings?: number;
}

export function textReporter(out: Output, options: TextReporterOptions = {}): Reporter {
  let source = '';
  return {
    begin(ctx: ScanContext) {
      source = ctx.source.description;
    },
    object() {},
    async end(summary, aggregator) {
      await out.write(renderText(summary, aggregator, source, options));
      await out.close();
    },
  };
}

export function renderText(s: ScanSummary, aggregator: ScanAggregator, source: string, options: TextReporterOptions = {}): string {
  const lines: string[] = [];
  const secs = s.durationMs / 1000;
  const rate = secs > 0 ? ` ${n(Math.round(s.objects / secs))} objects/s,` : '';
  lines.push(`verdict scan of ${source || 'nothing'}: ${n(s.objects)} objects, ${n(s.evaluated)} evaluated, ${n(s.exempt)} exempt (${secs.toFixed(1)} s,${rate} bundle ${s.bundle.revision || s.bundle.digest.slice(0, 12)})`);
  lines.push('');

  const policies = s.policies.filter((p) => p.mode !== 'off' || p.deny + p.warn + p.error > 0);
  if (policies.length > 0) {
    lines.push('Policies (worst first)');
    lines.push(...table(
      ['POLICY', 'SEVERITY', 'MODE', 'OBJECTS', 'DENY', 'ERROR', 'WARN', 'WOULD DENY'],
      policies.map((p) => [p.id, p.severity, p.mode, n(p.evaluated), n(p.deny), n(p.error), n(p.warn), n(p.wouldDeny)]),
      3,
    ));
    lines.push('');
  }

  const limit = options.namespaces ?? 20;
  const withFindings = s.namespaces.filter((ns) => ns.wouldDeny + ns.warn + SEVERITIES.reduce((t, sv) => t + ns.bySeverity[sv], 0) > 0);
  if (withFindings.length > 0) {
    lines.push('Namespaces (worst first)');
    lines.push(...table(
      ['NAMESPACE', 'OBJECTS', 'WOULD DENY', ...SEVERITIES.map((x) => x.toUpperCase()), 'WARN'],
      withFindings.slice(0, limit).map((ns) => [ns.namespace || '(cluster-scoped)', n(ns.objects), n(ns.wouldDeny), ...SEVERITIES.map((x) => n(ns.bySeverity[x])), n(ns.warn)]),
      1,
    ));
    if (withFindings.length > limit) lines.push(`  … and ${n(withFindings.length - limit)} more namespaces with findings`);
    lines.push('');
  }

  const { findings } = aggregator.topFindings();
  const shown = findings.slice(0, options.findings ?? 20);
  if (shown.length > 0) {
    lines.push(`Findings (${shown.length === s.findings ? 'all' : `the ${shown.length} most important of ${n(s.findings)}`})`);
    for (const f of shown) lines.push(`  ${findingLine(f)}`);
    lines.push('');
  }

  if (s.notes.length > 0) {
    lines.push('Notes');
    for (const note of s.notes) lines.push(`  ${note}`);
    lines.push('');
  }

  lines.push(
    s.wouldDeny > 0
      ? `Result: ${n(s.wouldDeny)} of ${n(s.objects)} objects would be denied admission.`
      : `Result: no object would be denied admission${s.findings > 0 ? ` (${n(s.findings)} findings from warn or dryrun policies and warnings)` : ''}.`,
  );
  return lines.join('\n') + '\n';
}

function findingLine(f: Finding): string {
  const tag = f.wouldDeny ? 'WOULD DENY' : f.result === 'deny' ? `deny (${f.mode})` : f.result;
  const where = f.location ? `  (${f.location.file}:${f.location.line}${f.location.template ? `, ${f.location.template}` : ''})` : '';
  return `${tag.padEnd(15)} ${f.severity.padEnd(8)} ${f.policy}  ${resourceLabel(f.resource)}: ${f.messages.join('; ')}${where}`;
}

/** Left-aligned text columns, right-aligned numbers from column `firstNumeric` on. */
function table(head: string[], rows: string[][], firstNumeric: number): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (r: string[]) => '  ' + r.map((c, i) => (i >= firstNumeric ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [fmt(head), ...rows.map(fmt)];
}

function n(x: number): string {
  return x.toLocaleString('en-US');
}
