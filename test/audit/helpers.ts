// Shared test helpers for the audit tests: sample decisions, temp dirs, reading records, re-sealing lines.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateKeyPairSync } from 'node:crypto';
import { sealRecord } from '../../src/audit/canonical.js';
import type { DecisionForAudit } from '../../src/audit/record.js';

/** Project root, from this file's compiled place (dist/test/audit/helpers.js). */
export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

const tempDirs: string[] = [];

/** A fresh temporary folder, removed when the test run ends. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'verdict-audit-'));
  tempDirs.push(dir);
  return dir;
}

// Child-process fixtures import this file too; only a mocha run has the `after` hook.
if (typeof globalThis.after === 'function') {
  after(() => {
    for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
}

export function decision(overrides: Partial<DecisionForAudit> = {}): DecisionForAudit {
  return {
    requestUid: 'c0ffee00-0000-4000-8000-000000000001',
    source: 'admission',
    operation: 'CREATE',
    kind: { group: '', version: 'v1', kind: 'Pod' },
    namespace: 'shop',
    name: 'web',
    userInfo: { username: 'alice@example.com', groups: ['dev', 'system:authenticated'] },
    dryRun: false,
    decision: 'denied',
    policies: [
      { id: 'pod-security/host-pid', mode: 'enforce', result: 'deny', message: 'hostPID is not allowed', severity: 'high', controls: ['CIS-5.2.2'] },
    ],
    patch: [],
    bundle: { revision: 'rev-7', digest: 'sha256:' + 'ab'.repeat(32) },
    timings: { evaluationMs: 0.8123, totalMs: 1.5 },
    ...overrides,
  };
}

export function lines(file: string): string[] {
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0);
}

export function records(file: string): Record<string, any>[] {
  return lines(file).map((l) => JSON.parse(l));
}

export function writeLines(file: string, ls: string[]): void {
  writeFileSync(file, ls.map((l) => l + '\n').join(''));
}

/**
 * Re-seals records from index `from` on, each linked to the previous one's new hash, as an attacker rewriting a
 * chain's tail with the public algorithm would. `edit` changes a record before it is sealed.
 */
export function rewriteFrom(ls: string[], from: number, edit: (r: Record<string, any>, i: number) => void): string[] {
  const out = ls.slice(0, from);
  let prevHash = JSON.parse(ls[from - 1]!).hash as string;
  for (let i = from; i < ls.length; i++) {
    const { hash: _h, ...r } = JSON.parse(ls[i]!);
    r.prev = prevHash;
    edit(r, i);
    const sealed = sealRecord(r);
    out.push(sealed.line.trimEnd());
    prevHash = sealed.hash;
  }
  return out;
}

export function rsaKeyFiles(dir: string): { priv: string; pub: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return writeKeys(dir, 'rsa', privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, publicKey.export({ type: 'spki', format: 'pem' }) as string);
}

export function ed25519KeyFiles(dir: string): { priv: string; pub: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return writeKeys(dir, 'ed25519', privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, publicKey.export({ type: 'spki', format: 'pem' }) as string);
}

function writeKeys(dir: string, name: string, priv: string, pub: string): { priv: string; pub: string } {
  const paths = { priv: join(dir, `${name}.key`), pub: join(dir, `${name}.pub`) };
  writeFileSync(paths.priv, priv);
  writeFileSync(paths.pub, pub);
  return paths;
}
