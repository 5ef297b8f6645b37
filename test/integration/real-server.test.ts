// The shipped pieces together, through the real HTTPS server: the built-in policy library answers every example
// in examples/ as documented, Verdict's own Deployment passes the restricted level, and a client that trusts only
// the CA made by `verdict certs` connects.
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { createOpLogger } from '../../src/audit/oplog.js';
import { createAuditWriter, type AuditWriter } from '../../src/audit/writer.js';
import { buildPolicyBundle } from '../../src/engine/index.js';
import { applyPatch, type PatchOp } from '../../src/engine/patch.js';
import { localAudit } from '../../src/server/audit-client.js';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { kustomize } from '../deploy/kustomize.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

interface Outcome {
  mutate: { patched_by: string[]; warned_by: string[]; patch?: PatchOp[] };
  validate: { allowed: boolean; denied_by: string[]; warned_by: string[] };
}

interface Reply {
  status: number;
  json: any;
}

/** One HTTPS request to the server, trusting only `ca`; a body makes it a JSON POST, none a GET. */
function request(port: number, ca: string, path: string, body?: unknown): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const text = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string | number> = text === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) };
    const req = httpsRequest(
      { host: '127.0.0.1', port, path, method: text === undefined ? 'GET' : 'POST', ca, agent: false, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(raw);
          } catch {
            json = raw;
          }
          resolve({ status: res.statusCode ?? 0, json });
        });
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}

/** Policy ids named as `[id] message` in a status message or warnings. */
function idsIn(lines: string[]): string[] {
  const ids = new Set<string>();
  for (const line of lines) for (const m of line.matchAll(/\[([a-z][a-z0-9_]*)\]/g)) ids.add(m[1]);
  return [...ids].sort();
}

describe('the real server with the built-in policy library', function () {
  this.timeout(180_000);
  let scratch: string;
  let server: RunningServer;
  let writer: AuditWriter;
  let ca: string;

  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'verdict-integration-'));
    // The CA and serving certificate come from the `verdict certs` command, as an operator makes them.
    execFileSync(process.execPath, [join(ROOT, 'bin/verdict.js'), 'certs', '--namespace', 'verdict-system', '--service', 'verdict', '--out', join(scratch, 'certs')], { cwd: ROOT, stdio: 'pipe' });
    ca = readFileSync(join(scratch, 'certs', 'ca.crt'), 'utf8');
    const built = await buildPolicyBundle({ paths: [join(ROOT, 'policies')] });
    writeFileSync(join(scratch, 'policies.tar.gz'), built.bundle);
    writer = createAuditWriter({ sink: 'file', file: join(scratch, 'audit.log') });
    server = await startServer({
      host: '127.0.0.1',
      port: 0,
      certDir: join(scratch, 'certs'),
      sources: { bundle: join(scratch, 'policies.tar.gz'), config: join(ROOT, 'examples', 'verdict.yaml') },
      audit: localAudit(writer),
      log: createOpLogger({ level: 'silent' }),
    });
  });

  after(async () => {
    await server?.close(2000);
    await writer?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('is reached by a client that trusts only the CA from `verdict certs`', async () => {
    const reply = await request(server.port, ca, '/healthz');
    expect(reply.status).to.equal(200);
  });

  describe('answers every example as examples/outcomes.yaml documents', () => {
    const outcomes = YAML.parse(readFileSync(join(ROOT, 'examples', 'outcomes.yaml'), 'utf8')) as Record<string, Outcome>;
    for (const [name, expected] of Object.entries(outcomes)) {
      it(`${name}: /mutate, the patch applied, then /validate`, async () => {
        const review = JSON.parse(readFileSync(join(ROOT, 'examples', 'reviews', `${name}.json`), 'utf8'));
        const mutated = (await request(server.port, ca, '/mutate', review)).json.response;
        expect(mutated.allowed).to.equal(true);
        const patch: PatchOp[] = mutated.patch ? JSON.parse(Buffer.from(mutated.patch, 'base64').toString('utf8')) : [];
        expect(patch.length > 0, 'patched').to.equal(expected.mutate.patched_by.length > 0);
        if (expected.mutate.patch) expect(patch).to.deep.equal(expected.mutate.patch);
        const fired = String(mutated.auditAnnotations?.policies ?? '').split(',').filter(Boolean).sort();
        expect(fired).to.include.members(expected.mutate.patched_by);

        const object = applyPatch(structuredClone(review.request.object), patch);
        const validated = (await request(server.port, ca, '/validate', { ...review, request: { ...review.request, object } })).json.response;
        expect(validated.allowed, validated.status?.message).to.equal(expected.validate.allowed);
        expect(idsIn(validated.status?.message ? [validated.status.message] : [])).to.deep.equal(expected.validate.denied_by);
        expect(idsIn(validated.warnings ?? [])).to.deep.equal(expected.validate.warned_by);
      });
    }
  });

  it("admits Verdict's own Deployment with no warning: it passes the restricted level", async () => {
    const deployment = kustomize('webhook-config').find((m) => m.kind === 'Deployment');
    expect(deployment, 'webhook-config renders a Deployment').to.not.equal(undefined);
    const review = {
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      request: {
        uid: '00000000-0000-4000-8000-00000000d3b1',
        kind: { group: 'apps', version: 'v1', kind: 'Deployment' },
        resource: { group: 'apps', version: 'v1', resource: 'deployments' },
        name: deployment!.metadata.name,
        namespace: deployment!.metadata.namespace,
        operation: 'CREATE',
        userInfo: { username: 'alice@example.com', groups: ['system:authenticated'] },
        object: deployment,
        dryRun: false,
      },
    };
    const reply = (await request(server.port, ca, '/validate', review)).json.response;
    expect(reply.allowed, reply.status?.message).to.equal(true);
    expect(reply.warnings ?? [], 'warnings').to.deep.equal([]);
  });
});
