// Shared by the server tests: fixture bundles built once per run, a real HTTPS server on 127.0.0.1:0 with its own
// CA, an HTTPS client that trusts only that CA (as the kube-apiserver trusts only the caBundle), review builders.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpsRequest, Agent } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createOpLogger } from '../../src/audit/oplog.js';
import { createAuditWriter, type AuditWriter } from '../../src/audit/writer.js';
import { generateCertificates, writeCertificates } from '../../src/certs/index.js';
import { buildPolicyBundle, type EvaluatorLimits } from '../../src/engine/index.js';
import { localAudit } from '../../src/server/audit-client.js';
import { startServer, type RunningServer } from '../../src/server/server.js';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const FIXTURES = join(ROOT, 'test/fixtures/server');

const scratch = mkdtempSync(join(tmpdir(), 'verdict-server-test-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

export function tempDir(name: string): string {
  return mkdtempSync(join(scratch, `${name}-`));
}

const bundles = new Map<string, Promise<Buffer>>();

/** The bundle of `test/fixtures/server/policies/<name>`, compiled once per test run. */
export function fixtureBundle(name: string): Promise<Buffer> {
  let b = bundles.get(name);
  if (!b) {
    b = buildPolicyBundle({ paths: [join(FIXTURES, 'policies', name)] }).then((r) => r.bundle);
    bundles.set(name, b);
  }
  return b;
}

/** Writes the fixture bundle to a fresh file (tests that swap it need their own copy). */
export async function fixtureBundleFile(name: string): Promise<string> {
  const file = join(tempDir('bundle'), `${name}.tar.gz`);
  writeFileSync(file, await fixtureBundle(name));
  return file;
}

let certDirCache: { dir: string; ca: string } | undefined;

/** One CA and serving certificate (SANs include 127.0.0.1 and localhost) shared by the servers that do not rotate. */
export async function sharedCertDir(): Promise<{ dir: string; ca: string }> {
  if (!certDirCache) certDirCache = await newCertDir();
  return certDirCache;
}

export async function newCertDir(): Promise<{ dir: string; ca: string; caKey: string }> {
  const dir = tempDir('certs');
  const certs = generateCertificates({ namespace: 'verdict-system', service: 'verdict' });
  await writeCertificates(dir, certs);
  return { dir, ca: certs.caCertPem, caKey: certs.caKeyPem };
}

export interface TestServer {
  port: number;
  ca: string;
  running: RunningServer;
  auditFile: string;
  bundleFile: string;
  configFile?: string;
  /** Drains the server and closes the audit writer. */
  close(): Promise<void>;
}

export interface TestServerOptions {
  bundle?: string;
  /** verdict.yaml text, written to a file the server watches. */
  config?: string;
  certDir?: { dir: string; ca: string };
  watchIntervalMs?: number;
  requestTimeoutMs?: number;
  limits?: EvaluatorLimits;
  /** Receives the server's log lines (parsed); default: silent. */
  logLines?: Array<Record<string, unknown>>;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const bundleFile = await fixtureBundleFile(options.bundle ?? 'basic');
  let configFile: string | undefined;
  if (options.config !== undefined) {
    configFile = join(tempDir('config'), 'verdict.yaml');
    writeFileSync(configFile, options.config);
  }
  const certs = options.certDir ?? (await sharedCertDir());
  const auditFile = join(tempDir('audit'), 'audit.log');
  const writer: AuditWriter = createAuditWriter({ sink: 'file', file: auditFile });
  const running = await startServer({
    host: '127.0.0.1',
    port: 0,
    certDir: certs.dir,
    sources: { bundle: bundleFile, ...(configFile ? { config: configFile } : {}) },
    audit: localAudit(writer),
    log: options.logLines ? createOpLogger({ level: 'info', destination: collector(options.logLines) }) : createOpLogger({ level: 'silent' }),
    watchIntervalMs: options.watchIntervalMs ?? 50,
    requestTimeoutMs: options.requestTimeoutMs,
    limits: options.limits,
  });
  return {
    port: running.port,
    ca: certs.ca,
    running,
    auditFile,
    bundleFile,
    configFile,
    async close() {
      await running.close(2000);
      await writer.close();
    },
  };
}

function collector(lines: Array<Record<string, unknown>>): { write(s: string): void } {
  return { write: (s: string) => void lines.push(JSON.parse(s)) };
}

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: any;
}

export interface RequestOptions {
  method?: string;
  path: string;
  body?: string | Buffer;
  headers?: Record<string, string>;
  agent?: Agent;
  timeoutMs?: number;
}

/** One HTTPS request that trusts only the test CA and checks the name 127.0.0.1 against the certificate. */
export function call(server: { port: number; ca: string }, options: RequestOptions): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const body = options.body;
    const req = httpsRequest(
      {
        host: '127.0.0.1',
        port: server.port,
        method: options.method ?? 'POST',
        path: options.path,
        ca: server.ca,
        agent: options.agent ?? false,
        headers: {
          ...(body !== undefined ? { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) } : {}),
          ...options.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on('error', reject);
      },
    );
    req.setTimeout(options.timeoutMs ?? 10_000, () => req.destroy(new Error('client timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

/** POST a review to /validate or /mutate. */
export function send(server: { port: number; ca: string }, endpoint: 'validate' | 'mutate', review: unknown, agent?: Agent): Promise<Reply> {
  return call(server, { path: `/${endpoint}`, body: JSON.stringify(review), agent });
}

export interface PodOptions {
  uid?: string;
  name?: string;
  namespace?: string;
  labels?: Record<string, string> | null;
  annotations?: Record<string, string>;
  privileged?: boolean;
  username?: string;
  groups?: string[];
  dryRun?: boolean;
  operation?: 'CREATE' | 'UPDATE' | 'DELETE';
  apiVersion?: string;
}

let uidCounter = 0;

/** A Pod AdmissionReview as the kube-apiserver sends it (v1 unless told otherwise). */
export function podReview(o: PodOptions = {}): any {
  const base = JSON.parse(readFileSync(join(FIXTURES, 'pod-review.json'), 'utf8'));
  const req = base.request;
  req.uid = o.uid ?? `00000000-0000-4000-8000-${String(++uidCounter).padStart(12, '0')}`;
  if (o.apiVersion) base.apiVersion = o.apiVersion;
  const obj = req.object;
  if (o.name) req.name = obj.metadata.name = o.name;
  if (o.namespace) req.namespace = obj.metadata.namespace = o.namespace;
  if (o.labels === null) delete obj.metadata.labels;
  else if (o.labels) obj.metadata.labels = o.labels;
  if (o.annotations) obj.metadata.annotations = o.annotations;
  if (o.privileged) obj.spec.containers[0].securityContext.privileged = true;
  if (o.username) req.userInfo.username = o.username;
  if (o.groups) req.userInfo.groups = o.groups;
  if (o.dryRun) req.dryRun = true;
  if (o.operation) req.operation = o.operation;
  if (o.operation === 'DELETE') {
    req.oldObject = obj;
    req.object = null;
  }
  return base;
}

/** The audit records in a file, by id. */
export function auditRecords(file: string): Map<string, any> {
  const out = new Map<string, any>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const r = JSON.parse(line);
    if (r.type === 'audit.decision') out.set(r.id, r);
  }
  return out;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls `check` until it returns true or `timeoutMs` passes (then fails with `what`). */
export async function eventually(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await sleep(20);
  }
  throw new Error(`timed out waiting for: ${what}`);
}
