/** Parsing a value against a Go reference-time layout, with the leniencies and checks of Go's time.Parse. */
import { type Civil, DAYS, MONTHS, splitLayout, utcSeconds } from './time-layout.js';

/** Go's skip(): literal layout text must match, with any run of spaces matching any run of spaces. */
function skipLiteral(value: string, literal: string): string | undefined {
  let v = value;
  let p = literal;
  while (p.length > 0) {
    if (p[0] === ' ') {
      if (v.length > 0 && v[0] !== ' ') return undefined;
      p = p.replace(/^ +/, '');
      v = v.replace(/^ +/, '');
      continue;
    }
    if (v[0] !== p[0]) return undefined;
    p = p.slice(1);
    v = v.slice(1);
  }
  return v;
}

/** One or two leading digits (exactly two when `fixed`), as Go's getnum. */
function num(value: string, fixed: boolean): [number, string] | undefined {
  const m = /^\d\d?/.exec(value);
  if (!m || (fixed && m[0].length !== 2)) return undefined;
  return [Number(m[0]), value.slice(m[0].length)];
}

/** A case-insensitive prefix match against month or day names, as Go's lookup. */
function lookup(names: string[], value: string): [number, string] | undefined {
  const i = names.findIndex((n) => value.slice(0, n.length).toLowerCase() === n.toLowerCase());
  return i < 0 ? undefined : [i, value.slice(names[i].length)];
}

function parseOffset(std: string, value: string): [number, string] | undefined {
  if (std.startsWith('Z') && value.startsWith('Z')) return [0, value.slice(1)];
  const shapes: Record<string, RegExp> = {
    '07': /^([+-])(\d\d)/,
    '0700': /^([+-])(\d\d)(\d\d)/,
    '07:00': /^([+-])(\d\d):(\d\d)/,
    '070000': /^([+-])(\d\d)(\d\d)(\d\d)/,
    '07:00:00': /^([+-])(\d\d):(\d\d):(\d\d)/,
  };
  const m = shapes[std.slice(1)].exec(value);
  if (!m) return undefined;
  const [h, mi, s] = [Number(m[2]), Number(m[3] ?? 0), Number(m[4] ?? 0)];
  if (h > 24 || mi > 59 || s > 59) return undefined;
  return [(m[1] === '-' ? -1 : 1) * (h * 3600 + mi * 60 + s), value.slice(m[0].length)];
}

/** Fractional-second digits (after the separator) as nanoseconds, truncated beyond nine digits. */
const fracNanos = (digits: string) => Number((digits + '000000000').slice(0, 9));

/** The civil time a value spells in a layout (offset 0 unless the value gives one), or undefined where Go errs. */
export function parseLayout(layout: string, input: string): Civil | undefined {
  const c: Civil = { year: 0, month: 1, day: 1, hour: 0, minute: 0, second: 0, nanos: 0, offset: 0, zone: '' };
  let value = input;
  let yday = -1;
  let ampm = '';
  const chunks = splitLayout(layout);
  for (let i = 0; i < chunks.length; i++) {
    const chunk = chunks[i];
    if ('text' in chunk) {
      const rest = skipLiteral(value, chunk.text);
      if (rest === undefined) return undefined;
      value = rest;
      continue;
    }
    if ('frac' in chunk) {
      const m = new RegExp(`^[.,](\\d${chunk.frac === '0' ? `{${chunk.digits}}` : '+'})`).exec(value);
      if (!m && chunk.frac === '0') return undefined;
      if (m) [c.nanos, value] = [fracNanos(m[1]), value.slice(m[0].length)];
      continue;
    }
    const std = chunk.std;
    let r: [number, string] | undefined;
    switch (std) {
      case '2006': {
        const m = /^\d{4}/.exec(value);
        r = m ? [Number(m[0]), value.slice(4)] : undefined;
        if (r) c.year = r[0];
        break;
      }
      case '06':
        r = num(value, true);
        if (r) c.year = r[0] + (r[0] >= 69 ? 1900 : 2000);
        break;
      case 'January':
      case 'Jan':
        r = lookup(std === 'Jan' ? MONTHS.map((m) => m.slice(0, 3)) : MONTHS, value);
        if (r) c.month = r[0] + 1;
        break;
      case 'Monday':
      case 'Mon':
        r = lookup(std === 'Mon' ? DAYS.map((d) => d.slice(0, 3)) : DAYS, value);
        break;
      case '01':
      case '1':
        r = num(value, std === '01');
        if (r && (r[0] < 1 || r[0] > 12)) return undefined;
        if (r) c.month = r[0];
        break;
      case '02':
      case '2':
      case '_2':
        r = num(std === '_2' && value[0] === ' ' ? value.slice(1) : value, std === '02');
        if (r) c.day = r[0];
        break;
      case '002':
      case '__2': {
        const m = (std === '002' ? /^\d{3}/ : /^ {0,2}\d{1,3}/).exec(value);
        r = m ? [Number(m[0].trim()), value.slice(m[0].length)] : undefined;
        if (r) yday = r[0];
        break;
      }
      case '15':
      case '03':
      case '3':
        r = num(value, std === '03');
        if (r && r[0] > (std === '15' ? 23 : 12)) return undefined;
        if (r) c.hour = r[0];
        break;
      case '04':
      case '4':
        r = num(value, std === '04');
        if (r && r[0] > 59) return undefined;
        if (r) c.minute = r[0];
        break;
      case '05':
      case '5': {
        r = num(value, std === '05');
        if (r && r[0] > 59) return undefined;
        if (!r) break;
        c.second = r[0];
        // Go reads a fraction after the seconds even when the layout has none there.
        const next = chunks[i + 1];
        const m = /^[.,](\d+)/.exec(r[1]);
        if (m && !(next && 'frac' in next)) {
          c.nanos = fracNanos(m[1]);
          r = [c.second, r[1].slice(m[0].length)];
        }
        break;
      }
      case 'PM':
      case 'pm': {
        const p = value.slice(0, 2);
        const want = std === 'PM' ? ['AM', 'PM'] : ['am', 'pm'];
        if (!want.includes(p)) return undefined;
        ampm = p.toUpperCase();
        r = [0, value.slice(2)];
        break;
      }
      case 'MST': {
        const m = /^(?:UTC|GMT(?:[+-]\d{1,2})?|[A-Z][A-Za-z]{2,4})/.exec(value);
        r = m ? [0, value.slice(m[0].length)] : undefined;
        if (m) c.zone = m[0];
        break;
      }
      default:
        r = parseOffset(std, value);
        if (r) c.offset = r[0];
    }
    if (!r) return undefined;
    value = r[1];
  }
  if (value !== '') return undefined;
  if (ampm === 'PM' && c.hour < 12) c.hour += 12;
  if (ampm === 'AM' && c.hour === 12) c.hour = 0;
  if (yday > 0) {
    const d = new Date((utcSeconds(c.year, 1, 1) + (yday - 1) * 86400) * 1000);
    [c.month, c.day] = [d.getUTCMonth() + 1, d.getUTCDate()];
  }
  // Go rejects a day past the end of its month (February 30th) instead of rolling over.
  const end = new Date(utcSeconds(c.year, c.month + 1, 0) * 1000).getUTCDate();
  if (c.day < 1 || c.day > end) return undefined;
  return c;
}
