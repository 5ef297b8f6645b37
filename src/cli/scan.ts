/**
 * `verdict scan <files|dirs|->... | --cluster`: dry-run the policies over manifests or a live cluster and report what
 * would be denied. Exit 0: nothing would be denied; 3: something would; 1: the scan could not be done.
 */
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { createAuditWriter, type AuditWriter } from '../audit/writer.js';
import { loadScanEngine, scanKindPatterns } from '../scan/engine.js';
import { progressBar, type Progress } from '../scan/progress.js';
import { jsonReporter } from '../scan/reporters/json.js';
import { junitReporter } from '../scan/reporters/junit.js';
import { streamOutput, type Output } from '../scan/reporters/output.js';
import { DEFAULT_MAX_RESULTS, policyReportsReporter } from '../scan/reporters/policy-reports.js';
import { sarifReporter } from '../scan/reporters/sarif.js';
import { textReporter } from '../scan/reporters/text.js';
import { exitCodeFor, runScan, type Reporter, type ScanSource } from '../scan/scan.js';
import { clusterSource, DEFAULT_PAGE_SIZE } from '../scan/sources/cluster.js';
import { filesSource } from '../scan/sources/files.js';
import { KubeClient } from '../scan/sources/kube-client.js';
import type { ScanSummary } from '../scan/types.js';
import { UserError } from '../shared/user-error.js';
import { formatFlags, parseArgs } from './args.js';

const FORMATS = ['text', 'json', 'junit', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

const spec = {
  cluster: { kind: 'boolean', help: 'scan the live cluster of the kubeconfig (or the in-cluster service account)' },
  kubeconfig: { kind: 'string', value: 'FILE', help: 'kubeconfig to use (implies --cluster; default $KUBECONFIG, ~/.kube/config)' },
  context: { kind: 'string', value: 'NAME', help: 'kubeconfig context (implies --cluster)' },
  namespace: { kind: 'string', short: 'n', value: 'NS', help: 'cluster: list this namespace only; manifests: namespace of objects that name none' },
  bundle: { kind: 'string', short: 'b', value: 'PATH', help: 'bundle from `verdict build`, or a policy folder (default bundle.tar.gz)' },
  config: { kind: 'string', short: 'c', value: 'FILE', help: 'verdict.yaml: modes, failure modes, exemptions, parameters, audit' },
  format: { kind: 'string', short: 'f', value: 'FORMAT', help: 'text (default), json (one finding per line), junit or sarif' },
  output: { kind: 'string', short: 'o', value: 'FILE', help: 'write the format to FILE; the text summary then goes to stdout' },
  'as-enforce': { kind: 'boolean', help: 'evaluate every policy that is not off as enforce: what turning them all on would deny' },
  'write-policy-reports': { kind: 'boolean', help: 'create or update PolicyReport / ClusterPolicyReport resources (cluster only)' },
  'report-max-results': { kind: 'number', value: 'N', help: `results kept per report, most important first (default ${DEFAULT_MAX_RESULTS})` },
  'page-size': { kind: 'number', value: 'N', help: `objects per list request (default ${DEFAULT_PAGE_SIZE})` },
  'audit-file': { kind: 'string', value: 'FILE', help: "write an audit record (source scan) per object with findings; default: the config's file sink" },
  'no-progress': { kind: 'boolean', help: 'no progress bar, even on a terminal' },
} as const;

const USAGE = `usage: verdict scan <files|dirs|->... [options]
       verdict scan --cluster [--context NAME] [-n NS] [--write-policy-reports] [options]

Exit status: 0 nothing would be denied, 3 something would be denied, 1 the scan failed.

${formatFlags(spec)}
`;

export async function run(args: string[]): Promise<number> {
  const { flags, positionals, help } = parseArgs(args, spec, 'verdict scan');
  if (help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const format = (flags.format ?? 'text') as Format;
  if (!FORMATS.includes(format)) throw new UserError(`verdict scan: unknown format "${format}" (${FORMATS.join(', ')})`);
  const cluster = flags.cluster || flags.kubeconfig !== undefined || flags.context !== undefined;
  if (cluster && positionals.length > 0) throw new UserError('verdict scan: give manifest paths or --cluster, not both');
  if (!cluster && positionals.length === 0) throw new UserError('verdict scan: give manifest files or folders (- for stdin), or --cluster');
  if (flags['write-policy-reports'] && !cluster) throw new UserError('verdict scan: --write-policy-reports needs --cluster');
  const pageSize = positiveInteger(flags['page-size'], '--page-size');
  const maxResults = positiveInteger(flags['report-max-results'], '--report-max-results');

  const engine = await loadScanEngine({ bundle: flags.bundle ?? 'bundle.tar.gz', config: flags.config, asEnforce: flags['as-enforce'] });
  const progress: Progress | undefined = process.stderr.isTTY && !flags['no-progress'] ? progressBar(process.stderr) : undefined;

  let client: KubeClient | undefined;
  let source: ScanSource;
  if (cluster) {
    client = await KubeClient.fromConfig({ kubeconfig: flags.kubeconfig, context: flags.context });
    source = clusterSource({
      client,
      patterns: scanKindPatterns(engine),
      namespace: flags.namespace,
      pageSize,
      onProgress: progress?.onList,
    });
  } else {
    source = filesSource(positionals, { namespace: flags.namespace });
  }

  const reporters: Reporter[] = [];
  const machine: Output | undefined = format === 'text' ? undefined : flags.output ? fileOutput(flags.output) : streamOutput(process.stdout);
  if (format === 'text' || flags.output) reporters.push(textReporter(format === 'text' && flags.output ? fileOutput(flags.output) : streamOutput(process.stdout)));
  if (machine) reporters.push(format === 'json' ? jsonReporter(machine) : format === 'junit' ? junitReporter(machine) : sarifReporter(machine, toolVersion()));
  const reports = flags['write-policy-reports'] && client ? policyReportsReporter({ client, maxResults, namespace: flags.namespace }) : undefined;
  if (reports) reporters.push(reports);

  const audit = auditWriter(flags['audit-file'], engine.config.audit);
  let summary: ScanSummary;
  try {
    ({ summary } = await runScan({ engine, source, reporters, audit, onObject: progress?.onObject }));
  } finally {
    progress?.done();
    await audit?.close();
  }
  if (machine && !flags.output) process.stderr.write(oneLine(summary));
  if (reports) {
    const r = reports.written;
    const count = (a: string) => r.filter((w) => w.action === a).length;
    process.stderr.write(`verdict scan: policy reports: ${count('created')} created, ${count('updated')} updated, ${count('deleted')} deleted\n`);
  }
  return exitCodeFor(summary);
}

function positiveInteger(v: number | undefined, flag: string): number | undefined {
  if (v !== undefined && (!Number.isInteger(v) || v < 1)) throw new UserError(`verdict scan: ${flag} needs a positive integer`);
  return v;
}

function fileOutput(file: string): Output {
  return streamOutput(createWriteStream(file), file);
}

/** Records go to --audit-file, or to the configuration's file sink; never to stdout, which the report owns. */
function auditWriter(file: string | undefined, configured: Parameters<typeof createAuditWriter>[0] | undefined): AuditWriter | undefined {
  if (file) return createAuditWriter({ ...(configured?.sink === 'file' ? configured : {}), sink: 'file', file });
  if (configured?.sink === 'file') return createAuditWriter(configured);
  return undefined;
}

function oneLine(s: ScanSummary): string {
  const notes = s.notes.length > 0 ? `; ${s.notes.length} note(s):\n  ${s.notes.join('\n  ')}` : '';
  return `verdict scan: ${s.objects} objects, ${s.findings} findings, ${s.wouldDeny} would be denied${notes}\n`;
}

function toolVersion(): string {
  const pkg = new URL('../../../package.json', import.meta.url);
  try {
    return existsSync(pkg) ? String((JSON.parse(readFileSync(pkg, 'utf8')) as { version?: string }).version ?? '0.0.0') : '0.0.0';
  } catch {
    return '0.0.0';
  }
}
