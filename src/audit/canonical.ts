// Canonical JSON and the record hash: the exact bytes a third party re-creates to check the chain.
//
// Canonical form (docs/audit-records.md, "Hashing"): the record without `hash`, object keys sorted by UTF-16 code
// units, no whitespace, strings and numbers written as ECMAScript JSON.stringify writes them. That is what
// Python's json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii=False) produces for these records.
import * as crypto from 'node:crypto';

/** Serialises a JSON value canonically; throws on values JSON cannot carry (NaN, Infinity, functions, bigint). */
export function canonicalJson(value: unknown): string {
  // The writer builds its records with their keys already in order: then JSON.stringify (native, and far lighter
  // on the garbage collector) writes exactly the canonical bytes. Anything else takes the general path.
  return inCanonicalOrder(value) ? JSON.stringify(value) : generalCanonicalJson(value);
}

/**
 * True when JSON.stringify would write `value` canonically: plain objects whose own keys are in sorted order and
 * hold no undefined, arrays without holes or undefined, finite numbers, strings, booleans and null.
 */
function inCanonicalOrder(value: unknown): boolean {
  if (value === null) return true;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object': {
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) if (!(i in value) || !inCanonicalOrder(value[i])) return false;
        return true;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return false;
      const obj = value as Record<string, unknown>;
      let previous: string | undefined;
      for (const key of Object.keys(obj)) {
        if ((previous !== undefined && !(previous < key)) || obj[key] === undefined || !inCanonicalOrder(obj[key])) return false;
        previous = key;
      }
      return true;
    }
    default:
      return false;
  }
}

function generalCanonicalJson(value: unknown): string {
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
      if (Array.isArray(value)) return '[' + value.map((v) => generalCanonicalJson(v)).join(',') + ']';
      const obj = value as Record<string, unknown>;
      const parts: string[] = [];
      for (const key of Object.keys(obj).sort()) {
        // Absent and undefined are the same thing in JSON; skipping keeps writer and verifier in agreement.
        if (obj[key] === undefined) continue;
        parts.push(JSON.stringify(key) + ':' + generalCanonicalJson(obj[key]));
      }
      return '{' + parts.join(',') + '}';
    }
    default:
      throw new TypeError(`canonical JSON cannot hold a ${typeof value}`);
  }
}

// The one-shot crypto.hash (Node 20.12 and later) creates no Hash object (a JS wrapper of a native one) per record;
// measured in the writer, that shortens its young-generation collections by about a third.
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;

export function sha256Hex(text: string): string {
  return oneShot ? oneShot('sha256', text, 'hex') : crypto.createHash('sha256').update(text, 'utf8').digest('hex');
}

/** How a record's hash is computed; the benchmark swaps it for a no-op to price the hashing. */
export type HashFunction = (canonical: string) => string;

/** Hash of a parsed or built record: SHA-256 of its canonical form without the `hash` member. */
export function recordHash(record: Record<string, unknown>, hash: HashFunction = sha256Hex): string {
  const { hash: _ignored, ...rest } = record;
  return hash(canonicalJson(rest));
}

/**
 * The line written for a record whose canonical form is `canonical`: that form with `"hash"` appended as the last
 * member, so that removing `,"hash":"…"` from a line gives back exactly the hashed bytes.
 */
export function lineWithHash(canonical: string, digest: string): string {
  return canonical.slice(0, -1) + ',"hash":' + JSON.stringify(digest) + '}\n';
}

/** The line and hash of a record built whole (the writer seals bodies with seal.ts; tests forge records with this). */
export function sealRecord(
  record: Record<string, unknown>,
  hash: HashFunction = sha256Hex,
): { line: string; hash: string } {
  const canonical = canonicalJson(record);
  const digest = hash(canonical);
  return { line: lineWithHash(canonical, digest), hash: digest };
}
