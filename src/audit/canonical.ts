// Canonical JSON and the record hash: the exact bytes a third party re-creates to check the chain.
//
// Canonical form (docs/audit-records.md, "Hashing"): the record without `hash`, object keys sorted by UTF-16 code
// units, no whitespace, strings and numbers written as ECMAScript JSON.stringify writes them. That is what
// Python's json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii=False) produces for these records.
import { createHash } from 'node:crypto';

/** Serialises a JSON value canonically; throws on values JSON cannot carry (NaN, Infinity, functions, bigint). */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonical JSON cannot hold the number ${value}`);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return '[' + value.map((v) => canonicalJson(v)).join(',') + ']';
      const obj = value as Record<string, unknown>;
      const parts: string[] = [];
      for (const key of Object.keys(obj).sort()) {
        // Absent and undefined are the same thing in JSON; skipping keeps writer and verifier in agreement.
        if (obj[key] === undefined) continue;
        parts.push(JSON.stringify(key) + ':' + canonicalJson(obj[key]));
      }
      return '{' + parts.join(',') + '}';
    }
    default:
      throw new TypeError(`canonical JSON cannot hold a ${typeof value}`);
  }
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** How a record's hash is computed; the benchmark swaps it for a no-op to price the hashing. */
export type HashFunction = (canonical: string) => string;

/** Hash of a parsed or built record: SHA-256 of its canonical form without the `hash` member. */
export function recordHash(record: Record<string, unknown>, hash: HashFunction = sha256Hex): string {
  const { hash: _ignored, ...rest } = record;
  return hash(canonicalJson(rest));
}

/**
 * The line written for a record: its canonical form with `"hash"` appended as the last member, so that removing
 * `,"hash":"…"` from a line gives back exactly the hashed bytes.
 */
export function sealRecord(
  record: Record<string, unknown>,
  hash: HashFunction = sha256Hex,
): { line: string; hash: string } {
  const canonical = canonicalJson(record);
  const digest = hash(canonical);
  return { line: canonical.slice(0, -1) + ',"hash":' + JSON.stringify(digest) + '}\n', hash: digest };
}
