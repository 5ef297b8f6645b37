/** Network builtins on the host: CIDR containment, intersection, expansion and merging, with Go's address syntax. */
import { builtinError, hostFamily, isObject, isString, typeError } from './host-values.js';
import type { BuiltinEntry } from './types.js';

/** An address block: `bits` is the network address (host bits cleared), `width` 32 or 128. */
interface Block {
  bits: bigint;
  prefix: number;
  width: 32 | 128;
}

/** Addresses cidr_expand will list; a wider block is left undefined rather than exhaust the admission process. */
const EXPAND_LIMIT = 1 << 20;

function parseIPv4(s: string): bigint | undefined {
  const parts = s.split('.');
  // Go (1.17+) rejects octets with leading zeros, which other parsers read as octal.
  if (parts.length !== 4 || !parts.every((p) => /^(?:0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((acc, p) => (acc << 8n) | BigInt(p), 0n);
}

function parseIPv6(s: string): bigint | undefined {
  let tail4: bigint | undefined;
  const lastColon = s.lastIndexOf(':');
  if (s.slice(lastColon + 1).includes('.')) {
    tail4 = parseIPv4(s.slice(lastColon + 1));
    if (tail4 === undefined) return undefined;
    s = s.slice(0, lastColon + 1) + '0:0';
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string) => (h === '' ? [] : h.split(':'));
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  const fill = halves.length === 2 ? 8 - head.length - tail.length : 0;
  if (fill < (halves.length === 2 ? 1 : 0)) return undefined;
  const all = [...head, ...Array<string>(fill).fill('0'), ...tail];
  if (all.length !== 8 || !all.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  const value = all.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
  return tail4 === undefined ? value : (value & ~0xffffffffn) | tail4;
}

/** An address as a block of one, IPv4 or IPv6 as Go's net.ParseIP reads it (IPv4-mapped IPv6 counts as IPv4). */
function parseIP(s: string): Block | undefined {
  const v4 = parseIPv4(s);
  if (v4 !== undefined) return { bits: v4, prefix: 32, width: 32 };
  const v6 = s.includes(':') ? parseIPv6(s) : undefined;
  if (v6 === undefined) return undefined;
  if (v6 >> 32n === 0xffffn) return { bits: v6 & 0xffffffffn, prefix: 32, width: 32 };
  return { bits: v6, prefix: 128, width: 128 };
}

function parseCIDR(s: string): Block | undefined {
  const slash = s.indexOf('/');
  if (slash < 0 || !/^(?:0|[1-9]\d*)$/.test(s.slice(slash + 1))) return undefined;
  const addr = s.slice(0, slash);
  const v4 = parseIPv4(addr);
  const bits = v4 ?? (addr.includes(':') ? parseIPv6(addr) : undefined);
  if (bits === undefined) return undefined;
  const width = v4 === undefined ? 128 : 32;
  const prefix = Number(s.slice(slash + 1));
  if (prefix > width) return undefined;
  return { bits: bits & mask(prefix, width), prefix, width };
}

function mask(prefix: number, width: number): bigint {
  return ((1n << BigInt(prefix)) - 1n) << BigInt(width - prefix);
}

const last = (b: Block): bigint => b.bits | ((1n << BigInt(b.width - b.prefix)) - 1n);

function contains(outer: Block, inner: Block): boolean {
  return outer.width === inner.width && inner.bits >= outer.bits && last(inner) <= last(outer);
}

export function formatIP(bits: bigint, width: 32 | 128): string {
  if (width === 32 || bits >> 32n === 0xffffn) {
    return [24n, 16n, 8n, 0n].map((s) => String((bits >> s) & 0xffn)).join('.');
  }
  const groups = Array.from({ length: 8 }, (_, i) => Number((bits >> BigInt(112 - 16 * i)) & 0xffffn));
  // RFC 5952, as Go prints: the longest run of two or more zero groups (the first on a tie) becomes `::`.
  let [bestAt, bestLen] = [-1, 1];
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) [bestAt, bestLen] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestAt < 0) return hex.join(':');
  return hex.slice(0, bestAt).join(':') + '::' + hex.slice(bestAt + bestLen).join(':');
}

const formatBlock = (b: Block): string => `${formatIP(b.bits, b.width)}/${b.prefix}`;

/** The second operand of cidr_contains: an address, else a CIDR. */
const addressOrCidr = (s: string): Block | undefined => parseIP(s) ?? parseCIDR(s);

/** A CIDR operand; a string that is not one is a builtin error. */
function cidrOperand(x: unknown, position: number): Block {
  if (!isString(x)) return typeError(`operand ${position} must be string`);
  return parseCIDR(x) ?? builtinError(`invalid CIDR address: ${x}`);
}

function cidrContains(cidr: unknown, x: unknown): boolean {
  const outer = cidrOperand(cidr, 1);
  if (!isString(x)) return typeError('operand 2 must be string');
  return contains(outer, addressOrCidr(x) ?? builtinError(`invalid IP address or CIDR: ${x}`));
}

function cidrExpand(cidr: unknown): string[] {
  const b = cidrOperand(cidr, 1);
  if (2 ** (b.width - b.prefix) > EXPAND_LIMIT) builtinError(`CIDR too large to expand: ${cidr as string}`);
  const size = 2 ** (b.width - b.prefix);
  return Array.from({ length: size }, (_, i) => formatIP(b.bits + BigInt(i), b.width));
}

/** Merges addresses and CIDRs into the fewest CIDRs covering the same addresses. */
function cidrMerge(addrs: unknown): string[] {
  if (!Array.isArray(addrs)) return typeError('operand 1 must be one of {array, set}');
  const ranges: Array<{ width: 32 | 128; first: bigint; last: bigint }> = [];
  for (const a of addrs) {
    if (!isString(a)) return typeError('operand 1 must contain strings');
    // A bare IPv4 address is a /32; a bare IPv6 address needs its prefix length.
    const b = (a.includes('/') ? parseCIDR(a) : parseIP(a)) ?? builtinError(`invalid IP address or CIDR: ${a}`);
    if (!a.includes('/') && b.width === 128) builtinError('IPv6 invalid: needs prefix length');
    ranges.push({ width: b.width, first: b.bits, last: last(b) });
  }
  ranges.sort((x, y) => x.width - y.width || (x.first < y.first ? -1 : x.first > y.first ? 1 : 0));
  const merged: typeof ranges = [];
  for (const r of ranges) {
    const top = merged[merged.length - 1];
    if (top && top.width === r.width && r.first <= top.last + 1n) {
      if (r.last > top.last) top.last = r.last;
    } else merged.push({ ...r });
  }
  return merged.flatMap((r) => rangeToBlocks(r.first, r.last, r.width).map(formatBlock));
}

/** The fewest aligned blocks covering [first, last]. */
function rangeToBlocks(first: bigint, lastAddr: bigint, width: 32 | 128): Block[] {
  const out: Block[] = [];
  let at = first;
  while (at <= lastAddr) {
    // Grow the block while it stays aligned at `at` and within the range.
    let size = 0;
    const fits = (k: number) => at % (1n << BigInt(k)) === 0n && at + (1n << BigInt(k)) - 1n <= lastAddr;
    while (size < width && fits(size + 1)) size++;
    out.push({ bits: at, prefix: width - size, width });
    at += 1n << BigInt(size);
  }
  return out;
}

/** The (cidr, key) pairs of a cidr_contains_matches operand: a string, or a collection of strings or [string, …]. */
function matchOperand(x: unknown, position: number): Array<[string, unknown]> {
  const cidrOf = (v: unknown): string | undefined => (isString(v) ? v : Array.isArray(v) && isString(v[0]) ? v[0] : undefined);
  let pairs: Array<[string | undefined, unknown]>;
  if (isString(x)) pairs = [[x, x]];
  else if (Array.isArray(x)) pairs = x.map((v, i) => [cidrOf(v), i]);
  else if (isObject(x)) pairs = Object.entries(x).map(([k, v]) => [cidrOf(v), k]);
  else return typeError(`operand ${position} must be one of {string, array, set, object}`);
  if (!pairs.every(([c]) => c !== undefined)) typeError(`operand ${position} must hold strings or non-empty arrays`);
  return pairs as Array<[string, unknown]>;
}

function cidrContainsMatches(cidrs: unknown, targets: unknown): unknown[] {
  const outer = matchOperand(cidrs, 1);
  const inner = matchOperand(targets, 2);
  const out: unknown[] = [];
  for (const [c, ck] of outer) for (const [t, tk] of inner) if (cidrContains(c, t)) out.push([ck, tk]);
  return out;
}

export const net: BuiltinEntry[] = hostFamily([
  { name: 'net.cidr_contains', arity: 2, host: cidrContains, doc: 'true if a CIDR contains an address or CIDR' },
  {
    name: 'net.cidr_intersects',
    arity: 2,
    host: (a: unknown, b: unknown) => {
      const [x, y] = [cidrOperand(a, 1), cidrOperand(b, 2)];
      return contains(x, { ...y, prefix: y.width }) || contains(y, { ...x, prefix: x.width });
    },
    doc: 'true if two CIDRs overlap',
  },
  {
    name: 'net.cidr_is_valid',
    arity: 1,
    host: (s: unknown) => isString(s) && parseCIDR(s) !== undefined,
    doc: 'true if the string is a CIDR',
  },
  { name: 'net.cidr_expand', arity: 1, host: cidrExpand, returnsSet: true, doc: 'every address of a CIDR (up to 2^20)' },
  { name: 'net.cidr_merge', arity: 1, host: cidrMerge, returnsSet: true, doc: 'the fewest CIDRs covering the given addresses and CIDRs' },
  {
    name: 'net.cidr_contains_matches',
    arity: 2,
    host: cidrContainsMatches,
    returnsSet: true,
    doc: 'pairs of keys [cidr key, address key] where the CIDR contains the address or CIDR',
  },
]);
