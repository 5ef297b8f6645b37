/**
 * `verdict serve [--port 8443] [--bundle B | --policies DIR] [--config verdict.yaml] [--cert-dir certs] ...`:
 * the admission webhook, and with `--audit-interval 10m` a periodic dry-run scan of the cluster it runs in. Flags
 * win over VERDICT_* environment variables, which win over the defaults. Without a bundle it builds the policy
 * folder (`policies/`) first, which is what `npm start` relies on.
 */
import cluster from 'node:cluster';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { LevelWithSilent } from 'pino';
import { createOpLogger } from '../audit/oplog.js';
import { createAuditWriter, type AuditConfig } from '../audit/writer.js';
import { isDnsLabel } from '../certs/index.js';
import { loadConfigFile } from '../config/index.js';
import { KubeClient, parseInterval } from '../scan/index.js';
import { runPrimary, runSingle, runWorker, SETTINGS_ENV, type ServeSettings } from '../server/cluster.js';
import { usableCores } from '../server/cpus.js';
import { buildPolicyFolder } from '../server/policy-source.js';
import { ensureServingCertificate } from '../server/tls.js';
import { UserError } from '../shared/user-error.js';
import { formatFlags, parseArgs } from './args.js';

const spec = {
  port: { kind: 'number', short: 'p', value: 'PORT', help: 'HTTPS port (env VERDICT_PORT; default 8443; 0 picks a free one)' },
  host: { kind: 'string', value: 'ADDR', help: 'address to listen on (env VERDICT_HOST; default 0.0.0.0)' },
  bundle: { kind: 'string', short: 'b', value: 'FILE', help: 'policy bundle from `verdict build` (env VERDICT_BUNDLE)' },
  policies: { kind: 'string', value: 'DIR', help: 'without --bundle: policy folder to build and watch (default policies)' },
  config: { kind: 'string', short: 'c', value: 'FILE', help: 'verdict.yaml (env VERDICT_CONFIG; default: enforce all, fail closed)' },
  'cert-dir': { kind: 'string', value: 'DIR', help: 'tls.crt and tls.key; generated when absent (env VERDICT_CERT_DIR; default certs)' },
  'audit-file': { kind: 'string', value: 'FILE', help: "audit records to this file instead of the configuration's sink" },
  workers: { kind: 'number', value: 'N', help: 'worker processes (env VERDICT_WORKERS; default one per usable core, within the CPU limit; 1 = no cluster)' },
  namespace: { kind: 'string', value: 'NS', help: 'namespace named in a generated certificate (env POD_NAMESPACE; default verdict-system)' },
  'watch-interval': { kind: 'number', value: 'MS', help: 'how often files are checked for changes (default 2000)' },
  'request-timeout': { kind: 'number', value: 'S', help: 'seconds a request may take to arrive (default 10)' },
  'log-level': { kind: 'string', value: 'LEVEL', help: 'trace, debug, info, warn, error (env VERDICT_LOG_LEVEL; default info)' },
  'audit-interval': { kind: 'string', value: 'DURATION', help: 'scan the live cluster this often (10m, 1h30m), metrics verdict_audit_*; default: no scan' },
  'write-policy-reports': { kind: 'boolean', help: 'with --audit-interval: keep PolicyReports of the scan in the cluster' },
  kubeconfig: { kind: 'string', value: 'FILE', help: 'with --audit-interval: the cluster to scan (default $KUBECONFIG, ~/.kube/config, then the service account)' },
  'lease-namespace': { kind: 'string', value: 'NS', help: "with --audit-interval: namespace of the Lease that elects one replica to scan (env VERDICT_AUDIT_LEASE_NAMESPACE; default the Pod's)" },
} as const;

const USAGE = `usage: verdict serve [options]\n\n${formatFlags(spec)}\n`;
const BUILT_BUNDLE = join('.verdict', 'policies.tar.gz');
/** Where the kubelet mounts the service account token (absent when automountServiceAccountToken is false). */
const POD_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

export async function run(args: string[]): Promise<number> {
  const env = process.env;
  const settingsJson = env[SETTINGS_ENV];
  if (cluster.isWorker && settingsJson) {
    const settings = JSON.parse(settingsJson) as ServeSettings;
    const log = createOpLogger({ level: logLevel(env.VERDICT_LOG_LEVEL) }).child({ worker: cluster.worker?.id });
    const code = await runWorker(settings, log);
    // The IPC channel would keep a worker alive after its server closed.
    process.exit(code);
  }

  const { flags, positionals, help } = parseArgs(args, spec, 'verdict serve');
  if (help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (positionals.length > 0) throw new UserError(`verdict serve: unexpected argument ${positionals[0]}`);
  const log = createOpLogger({ level: logLevel(flags['log-level'] ?? env.VERDICT_LOG_LEVEL) });

  const bundleFlag = flags.bundle ?? env.VERDICT_BUNDLE;
  const policiesDir = bundleFlag ? undefined : (flags.policies ?? 'policies');
  const settings: ServeSettings = {
    host: flags.host ?? env.VERDICT_HOST ?? '0.0.0.0',
    port: whole('port', flags.port ?? numberEnv('VERDICT_PORT') ?? 8443, 0, 65535),
    certDir: flags['cert-dir'] ?? env.VERDICT_CERT_DIR ?? 'certs',
    bundle: bundleFlag ?? BUILT_BUNDLE,
    ...((flags.config ?? env.VERDICT_CONFIG) ? { config: flags.config ?? env.VERDICT_CONFIG } : {}),
    ...(policiesDir ? { policiesDir } : {}),
    workers: whole('workers', flags.workers ?? numberEnv('VERDICT_WORKERS') ?? usableCores(), 1, 256),
    watchIntervalMs: whole('watch-interval', flags['watch-interval'] ?? 2000, 10, 3_600_000),
    requestTimeoutMs: whole('request-timeout', flags['request-timeout'] ?? 10, 1, 300) * 1000,
    graceMs: 25_000,
    ...auditScanSettings(flags),
  };

  // Everything that can be wrong with the inputs is found here, once, before any worker starts.
  const config = settings.config ? await loadConfigFile(settings.config) : undefined;
  if (settings.auditScan) await checkClusterAccess(settings.auditScan.kubeconfig);
  if (policiesDir) settings.policiesBuilt = await buildPolicyFolder(policiesDir, settings.bundle, log);
  await ensureServingCertificate(settings.certDir, {
    namespace: flags.namespace ?? env.POD_NAMESPACE ?? 'verdict-system',
    service: 'verdict',
    log,
  });
  const auditConfig: AuditConfig = flags['audit-file'] ? { ...config?.audit, sink: 'file', file: flags['audit-file'] } : (config?.audit ?? { sink: 'stdout' });
  const writer = createAuditWriter(auditConfig, { oplog: log });

  const code = settings.workers > 1 ? await runPrimary(settings, writer, log) : await runSingle(settings, writer, log);
  exitSoon(code);
  return code;
}

/** `--audit-interval` and the flags that only make sense with it. */
function auditScanSettings(flags: { 'audit-interval'?: string; 'write-policy-reports': boolean; kubeconfig?: string; 'lease-namespace'?: string }): Pick<ServeSettings, 'auditScan'> {
  const interval = flags['audit-interval'];
  if (interval === undefined) {
    if (flags['write-policy-reports']) throw new UserError('verdict serve: --write-policy-reports needs --audit-interval (the reports come from the periodic scan)');
    if (flags.kubeconfig !== undefined) throw new UserError('verdict serve: --kubeconfig needs --audit-interval (only the periodic scan calls the cluster)');
    if (flags['lease-namespace'] !== undefined) throw new UserError('verdict serve: --lease-namespace needs --audit-interval (the Lease elects the replica that scans)');
    return {};
  }
  const leaseNamespace = flags['lease-namespace'];
  if (leaseNamespace !== undefined && !isDnsLabel(leaseNamespace)) {
    throw new UserError(`verdict serve: --lease-namespace: "${leaseNamespace}" is not a namespace name (lowercase letters, digits and '-', at most 63)`);
  }
  return {
    auditScan: {
      intervalMs: parseInterval(interval),
      policyReports: flags['write-policy-reports'],
      ...(flags.kubeconfig !== undefined ? { kubeconfig: flags.kubeconfig } : {}),
      ...(leaseNamespace !== undefined ? { leaseNamespace } : {}),
    },
  };
}

/**
 * Credentials for the cluster are read once here, so that a Pod without its service account token (the base
 * Deployment mounts none) fails at start with one line, not in a worker that has begun serving.
 */
async function checkClusterAccess(kubeconfig: string | undefined): Promise<void> {
  try {
    await KubeClient.fromConfig({ kubeconfig });
  } catch (err) {
    const reason = (err as Error).message.replace(/^verdict scan: /, '');
    // client-node then falls back to http://localhost:8080, whose error says nothing about the real cause.
    const tokenless = kubeconfig === undefined && !process.env.KUBECONFIG && process.env.KUBERNETES_SERVICE_HOST && !existsSync(POD_TOKEN);
    const hint = tokenless ? ' (this Pod has no service account token: set automountServiceAccountToken, as webhook-config/components/policy-reports does)' : '';
    throw new UserError(`verdict serve: --audit-interval: no access to a cluster to scan: ${reason}${hint}`);
  }
}

/** After a drain nothing should keep the process alive; if something does, it must not block a rollout. */
function exitSoon(code: number): void {
  setTimeout(() => process.exit(code), 2000).unref();
}

function numberEnv(name: string): number | undefined {
  const v = process.env[name];
  if (v === undefined || v.trim() === '') return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new UserError(`verdict serve: ${name} must be a number (got "${v}")`);
  return n;
}

function whole(name: string, n: number, min: number, max: number): number {
  if (!Number.isInteger(n) || n < min || n > max) throw new UserError(`verdict serve: ${name} must be a whole number from ${min} to ${max} (got ${n})`);
  return n;
}

function logLevel(v: string | undefined): LevelWithSilent {
  const level = v ?? 'info';
  if (!['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'].includes(level)) throw new UserError(`verdict serve: unknown log level "${level}"`);
  return level as LevelWithSilent;
}

