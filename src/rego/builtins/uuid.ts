/** UUIDs and random numbers on the host; random results are stable within one evaluation, as in OPA. */
import { randomInt, randomUUID } from 'node:crypto';
import { EvaluationCache, exactJson, hostFamily, isNumber, isString } from './host-values.js';
import type { BuiltinEntry } from './types.js';

const uuids = new EvaluationCache<string>();
const ints = new EvaluationCache<number>();

/** 100-nanosecond intervals between the Gregorian reform (1582-10-15) and the Unix epoch. */
const GREGORIAN_TO_UNIX_100NS = 122192928000000000n;

/** The 16 bytes of a UUID in any form Go's google/uuid accepts: plain, braced, `urn:uuid:` or 32 hex digits. */
function uuidBytes(s: string): Uint8Array | undefined {
  let hex: string;
  if (s.length === 36) hex = dashed(s);
  else if (s.length === 38 && s[0] === '{' && s[37] === '}') hex = dashed(s.slice(1, 37));
  else if (s.length === 45 && s.slice(0, 9).toLowerCase() === 'urn:uuid:') hex = dashed(s.slice(9));
  else if (s.length === 32) hex = s;
  else return undefined;
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) return undefined;
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

/** The hex digits of the 8-4-4-4-12 form, or '' (which fails the caller's check) when a dash is misplaced. */
function dashed(s: string): string {
  return [8, 13, 18, 23].every((i) => s[i] === '-') ? s.replace(/-/g, '') : '';
}

function variant(b: number): string {
  if ((b & 0xc0) === 0x80) return 'RFC4122';
  if ((b & 0xe0) === 0xc0) return 'Microsoft';
  if ((b & 0xe0) === 0xe0) return 'Future';
  return 'Reserved';
}

const DOMAINS = ['Person', 'Group', 'Org'];

/** OPA's description of a UUID: version and variant, plus time, clock and node for versions 1 and 2. */
function parseUuid(s: unknown): Record<string, unknown> | undefined {
  if (!isString(s)) return undefined;
  const u = uuidBytes(s);
  if (!u) return undefined;
  const view = new DataView(u.buffer);
  const version = u[6] >> 4;
  const out: Record<string, unknown> = { version, variant: variant(u[8]) };
  if (version === 1 || version === 2) {
    const ticks =
      BigInt(view.getUint32(0)) | (BigInt(view.getUint16(4)) << 32n) | (BigInt(view.getUint16(6) & 0x0fff) << 48n);
    out.time = (ticks - GREGORIAN_TO_UNIX_100NS) * 100n;
    out.clocksequence = view.getUint16(8) & 0x3fff;
    out.nodeid = [...u.slice(10)].map((b) => b.toString(16).padStart(2, '0')).join('-');
    out.macvariables = `${u[10] & 0x02 ? 'local' : 'global'}:${u[10] & 0x01 ? 'multicast' : 'unicast'}`;
  }
  if (version === 2) {
    out.id = view.getUint32(0);
    out.domain = DOMAINS[u[9]] ?? `Domain${u[9]}`;
  }
  return out;
}

export const uuid: BuiltinEntry[] = hostFamily([
  {
    name: 'uuid.rfc4122',
    arity: 1,
    host: (key: unknown) => (isString(key) ? uuids.get(key, () => randomUUID()) : undefined),
    doc: 'a random version 4 UUID, the same for the same key within one evaluation',
  },
  {
    name: 'uuid.parse',
    arity: 1,
    host: (s: unknown) => exactJson(parseUuid(s)),
    doc: 'version, variant and (versions 1 and 2) time, clock sequence and node of a UUID',
  },
  {
    name: 'rand.intn',
    arity: 2,
    host: (key: unknown, n: unknown) => {
      if (!isString(key) || !isNumber(n) || !Number.isInteger(n)) return undefined;
      const bound = Math.abs(n);
      if (bound === 0) return 0;
      return ints.get(JSON.stringify([key, n]), () => randomInt(Math.min(bound, 2 ** 48 - 1)));
    },
    doc: 'a random integer in [0, n), the same for the same key and n within one evaluation',
  },
]);
