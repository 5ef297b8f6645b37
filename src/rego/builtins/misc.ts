/** Builtins on the host that need Node's libraries: hashes, time, networks, semantic versions, graphs. */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { BuiltinEntry } from './types.js';

const str = (x: unknown): x is string => typeof x === 'string';
const hash = (alg: string) => (s: unknown) => (str(s) ? createHash(alg).update(s, 'utf8').digest('hex') : undefined);
const hmac = (alg: string) => (s: unknown, key: unknown) =>
  str(s) && str(key) ? createHmac(alg, key).update(s, 'utf8').digest('hex') : undefined;

function parseCidr(s: string): { bits: bigint; prefix: number; width: number } | undefined {
  const [addr, p] = s.split('/');
  const ip = parseIp(addr);
  if (!ip) return undefined;
  const prefix = p === undefined ? ip.width : Number(p);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > ip.width) return undefined;
  const mask = prefix === 0 ? 0n : ((1n << BigInt(prefix)) - 1n) << BigInt(ip.width - prefix);
  return { bits: ip.bits & mask, prefix, width: ip.width };
}

function parseIp(s: string): { bits: bigint; width: number } | undefined {
  if (/^\d+\.\d+\.\d+\.\d+$/.test(s)) {
    const parts = s.split('.').map(Number);
    if (parts.some((n) => n > 255)) return undefined;
    return { bits: parts.reduce((acc, n) => (acc << 8n) | BigInt(n), 0n), width: 32 };
  }
  if (!s.includes(':')) return undefined;
  const [head, tail] = s.split('::');
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const fill = s.includes('::') ? 8 - h.length - t.length : 0;
  const groups = [...h, ...Array(fill).fill('0'), ...t];
  if (groups.length !== 8 || groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return { bits: groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n), width: 128 };
}

function cidrContains(cidr: unknown, x: unknown): boolean | undefined {
  if (!str(cidr) || !str(x)) return undefined;
  const outer = parseCidr(cidr);
  const inner = parseCidr(x);
  if (!outer || !inner || outer.width !== inner.width) return outer && inner ? false : undefined;
  if (inner.prefix < outer.prefix) return false;
  const shift = BigInt(outer.width - outer.prefix);
  return inner.bits >> shift === outer.bits >> shift;
}

export const misc: BuiltinEntry[] = [
  { name: 'crypto.md5', arity: 1, host: hash('md5'), doc: 'MD5 hex digest' },
  { name: 'crypto.sha1', arity: 1, host: hash('sha1'), doc: 'SHA-1 hex digest' },
  { name: 'crypto.sha256', arity: 1, host: hash('sha256'), doc: 'SHA-256 hex digest' },
  { name: 'crypto.hmac.md5', arity: 2, host: hmac('md5'), doc: 'HMAC-MD5 hex digest' },
  { name: 'crypto.hmac.sha1', arity: 2, host: hmac('sha1'), doc: 'HMAC-SHA1 hex digest' },
  { name: 'crypto.hmac.sha256', arity: 2, host: hmac('sha256'), doc: 'HMAC-SHA256 hex digest' },
  { name: 'crypto.hmac.sha512', arity: 2, host: hmac('sha512'), doc: 'HMAC-SHA512 hex digest' },
  {
    name: 'crypto.hmac.equal',
    arity: 2,
    host: (a: unknown, b: unknown) => {
      if (!str(a) || !str(b)) return undefined;
      const x = Buffer.from(a);
      const y = Buffer.from(b);
      return x.length === y.length && timingSafeEqual(x, y);
    },
    doc: 'constant-time comparison of two MACs',
  },
  { name: 'time.now_ns', arity: 0, host: () => Date.now() * 1e6, doc: 'current time in nanoseconds since the epoch' },
  {
    name: 'time.parse_rfc3339_ns',
    arity: 1,
    host: (s: unknown) => {
      if (!str(s)) return undefined;
      const ms = Date.parse(s);
      if (Number.isNaN(ms)) return undefined;
      const frac = /\.(\d+)/.exec(s);
      const extraNs = frac ? Number((frac[1] + '000000000').slice(3, 9)) : 0;
      return ms * 1e6 + extraNs;
    },
    doc: 'nanoseconds since the epoch of an RFC 3339 time',
  },
  { name: 'net.cidr_contains', arity: 2, host: cidrContains, doc: 'true if a CIDR contains an address or CIDR' },
  {
    name: 'net.cidr_intersects',
    arity: 2,
    host: (a: unknown, b: unknown) => {
      if (!str(a) || !str(b)) return undefined;
      return cidrContains(a, b) || cidrContains(b, a);
    },
    doc: 'true if two CIDRs overlap',
  },
  {
    name: 'net.cidr_is_valid',
    arity: 1,
    host: (s: unknown) => str(s) && s.includes('/') && parseCidr(s) !== undefined,
    doc: 'true if the string is a CIDR',
  },
  {
    name: 'http.send',
    arity: 1,
    unavailable: true,
    doc: 'not available: an admission policy must not make network calls (it can be replaced with `with` in tests)',
  },
];
