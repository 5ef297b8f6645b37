/**
 * Time builtins on the host. Instants are nanoseconds since the epoch held as bigints, taken and returned exactly
 * (entries taking instants ask the loader for exact integer arguments: beyond 2^53 they arrive as bigints).
 */
import { EvaluationCache, builtinError, exactInteger, hostFamily, isNumber, isString, typeError } from './host-values.js';
import { type Civil, DAYS, NAMED_LAYOUTS, formatLayout, utcSeconds } from './time-layout.js';
import { parseLayout } from './time-parse.js';
import type { BuiltinEntry } from './types.js';

const NS_PER_S = 1_000_000_000n;
const MIN_NS = -(1n << 63n);
const MAX_NS = (1n << 63n) - 1n;

const nowCache = new EvaluationCache<bigint>();

/** The current time in nanoseconds, fixed for the evaluation under way (io.jwt.decode_verify checks claims against it). */
export const currentNanos = (): bigint => nowCache.get('now', () => BigInt(Date.now()) * 1_000_000n);

/** A computed time, which must fit int64 nanoseconds. */
const inRange = (ns: bigint): bigint => (ns >= MIN_NS && ns <= MAX_NS ? ns : builtinError('time outside of valid range'));

/** An integral number of nanoseconds as a bigint; a fraction, or a value beyond int64, is an error as in OPA. */
function nanos(x: unknown): bigint {
  if (!isNumber(x) && typeof x !== 'bigint') return typeError('operand 1 must be number');
  const ns = typeof x === 'bigint' ? x : Number.isInteger(x) ? BigInt(x) : undefined;
  return ns !== undefined && ns >= MIN_NS && ns <= MAX_NS ? ns : builtinError('timestamp too big');
}

/** A time operand: nanoseconds, or [nanoseconds, zone] (zone "" is UTC), or for time.format [ns, zone, layout]. */
function timeOperand(x: unknown, maxLength = 2): { ns: bigint; zone: string; layout?: string } {
  if (!Array.isArray(x)) return { ns: nanos(x), zone: 'UTC' };
  if (x.length < 1 || x.length > maxLength) return typeError(`operand 1 must be a number or an array of 1 to ${maxLength} elements`);
  const ns = nanos(x[0]);
  const zone = x.length > 1 ? x[1] : 'UTC';
  const layout = x.length > 2 ? x[2] : undefined;
  if (!isString(zone) || (layout !== undefined && !isString(layout))) return typeError('zone and layout must be strings');
  return { ns, zone: zone === '' ? 'UTC' : zone, layout };
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Intl's reading of a zone (IANA names, `UTC`, `Local` for the process's zone); throws on an unknown zone. */
function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone === 'Local' ? undefined : zone,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      timeZoneName: 'short',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The civil time of an instant in a zone. */
function civil(ns: bigint, zone: string): Civil {
  let sec = ns / NS_PER_S;
  if (ns < 0n && sec * NS_PER_S !== ns) sec -= 1n;
  const nanosPart = Number(ns - sec * NS_PER_S);
  const s = Number(sec);
  if (zone === 'UTC') return fromUtc(s, nanosPart, 0, 'UTC');
  const parts = Object.fromEntries(formatter(zone).formatToParts(new Date(s * 1000)).map((p) => [p.type, p.value]));
  const year = parts.era === 'BC' ? 1 - Number(parts.year) : Number(parts.year);
  const local = utcSeconds(year, Number(parts.month), Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return fromUtc(s, nanosPart, local - s, parts.timeZoneName ?? '');
}

function fromUtc(sec: number, nanosPart: number, offset: number, zone: string): Civil {
  const d = new Date((sec + offset) * 1000);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    nanos: nanosPart,
    offset,
    zone,
  };
}

/** Nanoseconds since the epoch of a civil time (its fields may overflow and roll over, as in Go's time.Date). */
function instant(c: Civil): bigint {
  const sec = utcSeconds(c.year, c.month, c.day, c.hour, c.minute, c.second) - c.offset;
  return Number.isFinite(sec) ? inRange(BigInt(sec) * NS_PER_S + BigInt(c.nanos)) : builtinError('time outside of valid range');
}

const weekday = (c: Civil) => DAYS[new Date(utcSeconds(c.year, c.month, c.day) * 1000).getUTCDay()];

/** Years, months, days, hours, minutes and seconds between two times, in the first one's zone (OPA's time.diff). */
function diff(a: unknown, b: unknown): number[] {
  const x = timeOperand(a);
  const y = timeOperand(b);
  const [early, late] = x.ns <= y.ns ? [x.ns, y.ns] : [y.ns, x.ns];
  const c1 = civil(early, x.zone);
  const c2 = civil(late, x.zone);
  const d = [c2.year - c1.year, c2.month - c1.month, c2.day - c1.day, c2.hour - c1.hour, c2.minute - c1.minute, c2.second - c1.second];
  // Borrow from the next larger unit; a borrowed month has as many days as the earlier time's month.
  const daysInMonth = new Date(utcSeconds(c1.year, c1.month + 1, 0) * 1000).getUTCDate();
  const spans = [0, 12, daysInMonth, 24, 60, 60];
  for (let i = 5; i > 0; i--) {
    if (d[i] < 0) {
      d[i] += spans[i];
      d[i - 1]--;
    }
  }
  return d;
}

/** Go's time.ParseDuration, exactly: `1h30m`, `1.5s`, `-2µs`… */
function parseDuration(s: unknown): bigint {
  if (!isString(s)) return typeError('operand 1 must be string');
  const invalid = () => builtinError(`time: invalid duration ${JSON.stringify(s)}`);
  const m = /^([-+]?)(.*)$/.exec(s)!;
  if (m[2] === '0') return 0n;
  const units: Record<string, bigint> = { ns: 1n, us: 1000n, 'µs': 1000n, 'μs': 1000n, ms: 1000000n, s: NS_PER_S, m: 60n * NS_PER_S, h: 3600n * NS_PER_S };
  const part = /(\d*)(?:\.(\d*))?(ns|us|µs|μs|ms|s|m|h)/y;
  let total = 0n;
  let at = 0;
  if (m[2] === '') invalid();
  while (at < m[2].length) {
    part.lastIndex = at;
    const p = part.exec(m[2]);
    if (!p || (p[1] === '' && !p[2])) return invalid();
    const unit = units[p[3]];
    const frac = p[2] ?? '';
    total += BigInt(p[1] || '0') * unit + (BigInt(frac || '0') * unit) / 10n ** BigInt(frac.length);
    at = part.lastIndex;
  }
  return inRange(m[1] === '-' ? -total : total);
}

/** The civil time of a time operand (nanoseconds, or [nanoseconds, zone]) in its zone. */
function civilOperand(x: unknown): Civil {
  const t = timeOperand(x);
  return civil(t.ns, t.zone);
}

type CivilField = 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second';

/** Some fields of a time operand's civil time, in the order asked (time.date and time.clock). */
function civilFields(x: unknown, fields: readonly CivilField[]): number[] {
  const c = civilOperand(x);
  return fields.map((f) => c[f]);
}

/** The civil time a string spells in a layout; an error when it does not, as Go's time.Parse. */
function parsed(layout: unknown, value: unknown): Civil {
  if (!isString(layout) || !isString(value)) return typeError('operands must be strings');
  return parseLayout(layout, value) ?? builtinError(`cannot parse ${JSON.stringify(value)} as ${JSON.stringify(layout)}`);
}

const entries: BuiltinEntry[] = [
  {
    name: 'time.now_ns',
    arity: 0,
    host: () => exactInteger(currentNanos()),
    doc: 'the current time in nanoseconds since the epoch, the same throughout one evaluation',
  },
  {
    name: 'time.parse_ns',
    arity: 2,
    host: (layout: unknown, value: unknown) => exactInteger(instant(parsed(layout, value))),
    doc: 'nanoseconds since the epoch of a time written in a Go layout',
  },
  {
    name: 'time.parse_rfc3339_ns',
    arity: 1,
    host: (value: unknown) => exactInteger(instant(parsed(NAMED_LAYOUTS.RFC3339, value))),
    doc: 'nanoseconds since the epoch of an RFC 3339 time',
  },
  { name: 'time.parse_duration_ns', arity: 1, host: (s: unknown) => exactInteger(parseDuration(s)), doc: 'nanoseconds of a Go duration such as "1h30m"' },
  { name: 'time.date', arity: 1, exactIntegers: true, host: (x: unknown) => civilFields(x, ['year', 'month', 'day']), doc: '[year, month, day] of a time (nanoseconds, or [nanoseconds, zone])' },
  { name: 'time.clock', arity: 1, exactIntegers: true, host: (x: unknown) => civilFields(x, ['hour', 'minute', 'second']), doc: '[hour, minute, second] of a time (nanoseconds, or [nanoseconds, zone])' },
  {
    name: 'time.weekday',
    arity: 1,
    exactIntegers: true,
    host: (x: unknown) => weekday(civilOperand(x)),
    doc: 'the day of the week of a time, such as "Monday"',
  },
  {
    name: 'time.add_date',
    arity: 4,
    exactIntegers: true,
    host: (ns: unknown, years: unknown, months: unknown, days: unknown) => {
      const t = nanos(ns);
      if (![years, months, days].every((n) => isNumber(n) && Number.isInteger(n))) return typeError('years, months and days must be integers');
      const c = civil(t, 'UTC');
      return exactInteger(instant({ ...c, year: c.year + (years as number), month: c.month + (months as number), day: c.day + (days as number) }));
    },
    doc: 'a time moved by years, months and days (overflowing days roll over, as in Go)',
  },
  { name: 'time.diff', arity: 2, exactIntegers: true, host: diff, doc: '[years, months, days, hours, minutes, seconds] between two times' },
  {
    name: 'time.format',
    arity: 1,
    exactIntegers: true,
    host: (x: unknown) => {
      const t = timeOperand(x, 3);
      const layout = t.layout === undefined ? NAMED_LAYOUTS.RFC3339Nano : (Object.hasOwn(NAMED_LAYOUTS, t.layout) ? NAMED_LAYOUTS[t.layout] : t.layout);
      return formatLayout(layout, civil(t.ns, t.zone));
    },
    doc: 'a time as text: RFC 3339 by default, or [ns, zone, layout] with a Go layout or its name (RFC1123Z…)',
  },
];

/** An unknown zone makes Intl throw: a builtin error, like OPA's for a zone it cannot load. */
export const time: BuiltinEntry[] = hostFamily(entries);
