/**
 * Audit writing: records per second through the file sink with the SHA-256 hash chain, next to the same writes
 * with hashing replaced by a constant (same record, same bytes, same fsync per batch), measured side by side
 * in alternating rounds. Two patterns: one request at a time (each waits for its fsync) and 64 in flight, as a
 * busy webhook sees them (group commit shares one fsync per batch).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAuditWriter, type AuditWriterDeps } from '../src/audit/writer.js';
import { ZERO_HASH, type DecisionForAudit } from '../src/audit/record.js';
import { fmt } from './measure.js';

const PHASE_MS = 400;
const ROUNDS = 2;

const sample: DecisionForAudit = {
  requestUid: '5a3e9c1e-1f6b-4d8e-9a51-3c0f8e2b7d44',
  source: 'admission',
  operation: 'CREATE',
  kind: { group: 'apps', version: 'v1', kind: 'Deployment' },
  namespace: 'shop',
  name: 'checkout',
  userInfo: { username: 'alice@example.com', groups: ['dev', 'system:authenticated'] },
  dryRun: false,
  decision: 'denied',
  policies: [
    { id: 'pod-security/host-pid', mode: 'enforce', result: 'deny', message: 'container "web" must not set hostPID', severity: 'high', controls: ['CIS-5.2.2', 'NSA-K8S-1'] },
    { id: 'labels/team', mode: 'warn', result: 'warn', message: 'missing label "team"', severity: 'low', controls: [] },
  ],
  patch: [{ op: 'add', path: '/metadata/labels/verdict.io~1checked', value: 'true' }],
  bundle: { revision: '2026-02-28.3', digest: 'sha256:' + '9f'.repeat(32) },
  timings: { evaluationMs: 0.412, totalMs: 1.27 },
};

/** Writes for PHASE_MS with `inFlight` writes outstanding at any time; returns records per second. */
async function phase(deps: AuditWriterDeps, inFlight: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'verdict-audit-bench-'));
  const writer = createAuditWriter({ sink: 'file', file: join(dir, 'audit.log') }, deps);
  let done = 0;
  const start = performance.now();
  const deadline = start + PHASE_MS;
  const lane = async () => {
    while (performance.now() < deadline) {
      await writer.write(sample);
      done++;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  const elapsed = performance.now() - start;
  await writer.close();
  rmSync(dir, { recursive: true, force: true });
  return (done * 1000) / elapsed;
}

async function compare(label: string, inFlight: number): Promise<void> {
  const chained: number[] = [];
  const plain: number[] = [];
  // Alternate so that disk and CPU drift hit both variants alike.
  for (let r = 0; r < ROUNDS; r++) {
    chained.push(await phase({}, inFlight));
    plain.push(await phase({ hash: () => ZERO_HASH }, inFlight));
  }
  const best = (xs: number[]) => Math.max(...xs);
  const withHash = best(chained);
  const without = best(plain);
  console.log(
    `  ${label.padEnd(22)} hash chain ${fmt(withHash, 0).padStart(7)} records/s   no hashing ${fmt(without, 0).padStart(7)} records/s   ratio ${fmt(withHash / without, 2)}   (${fmt(1e6 / withHash, 0)} µs per record)`,
  );
}

export async function run(): Promise<void> {
  console.log(`file sink, write + fsync before each write() resolves, best of ${ROUNDS} rounds of ${PHASE_MS} ms`);
  await compare('1 request at a time', 1);
  await compare('64 requests in flight', 64);
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
