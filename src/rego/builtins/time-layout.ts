/** Go's reference-time layouts ("2006-01-02T15:04:05Z07:00"): splitting, formatting and parsing, as time.Format/Parse. */

/** A civil time with its zone, what a layout formats and what parsing fills in. */
export interface Civil {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  nanos: number;
  /** Offset from UTC in seconds. */
  offset: number;
  /** Zone abbreviation, such as UTC or EST; empty when unknown. */
  zone: string;
}

/** A layout element: literal text, or one of Go's standard chunks (named by its spelling in the reference time). */
type Chunk = { text: string } | { std: string } | { frac: '0' | '9'; digits: number; sep: string };

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** The named layouts of Go's time package, which time.format accepts by name. */
export const NAMED_LAYOUTS: Record<string, string> = {
  ANSIC: 'Mon Jan _2 15:04:05 2006',
  UnixDate: 'Mon Jan _2 15:04:05 MST 2006',
  RubyDate: 'Mon Jan 02 15:04:05 -0700 2006',
  RFC822: '02 Jan 06 15:04 MST',
  RFC822Z: '02 Jan 06 15:04 -0700',
  RFC850: 'Monday, 02-Jan-06 15:04:05 MST',
  RFC1123: 'Mon, 02 Jan 2006 15:04:05 MST',
  RFC1123Z: 'Mon, 02 Jan 2006 15:04:05 -0700',
  RFC3339: '2006-01-02T15:04:05Z07:00',
  RFC3339Nano: '2006-01-02T15:04:05.999999999Z07:00',
  Kitchen: '3:04PM',
  Stamp: 'Jan _2 15:04:05',
  StampMilli: 'Jan _2 15:04:05.000',
  StampMicro: 'Jan _2 15:04:05.000000',
  StampNano: 'Jan _2 15:04:05.000000000',
  DateTime: '2006-01-02 15:04:05',
  DateOnly: '2006-01-02',
  TimeOnly: '15:04:05',
};

/** Standard chunks by first character, longest spelling first, as Go's nextStdChunk tries them. */
const STD: Record<string, string[]> = {
  J: ['January', 'Jan'],
  M: ['Monday', 'Mon', 'MST'],
  '0': ['002', '01', '02', '03', '04', '05', '06'],
  '1': ['15', '1'],
  '2': ['2006', '2'],
  _: ['__2', '_2'],
  '3': ['3'],
  '4': ['4'],
  '5': ['5'],
  P: ['PM'],
  p: ['pm'],
  '-': ['-07:00:00', '-070000', '-07:00', '-0700', '-07'],
  Z: ['Z07:00:00', 'Z070000', 'Z07:00', 'Z0700', 'Z07'],
};

export function splitLayout(layout: string): Chunk[] {
  const out: Chunk[] = [];
  let text = '';
  for (let i = 0; i < layout.length; ) {
    const c = layout[i];
    // `_2006` is a literal underscore followed by a year, not `_2` followed by `006`.
    const std = c === '_' && layout.startsWith('_2006', i) ? undefined : STD[c]?.find((s) => layout.startsWith(s, i));
    if (std) {
      if (text) out.push({ text });
      text = '';
      out.push({ std });
      i += std.length;
      continue;
    }
    if ((c === '.' || c === ',') && (layout[i + 1] === '0' || layout[i + 1] === '9')) {
      const digit = layout[i + 1] as '0' | '9';
      let j = i + 1;
      while (layout[j] === digit) j++;
      if (!/[0-9]/.test(layout[j] ?? '')) {
        if (text) out.push({ text });
        text = '';
        out.push({ frac: digit, digits: j - i - 1, sep: c });
        i = j;
        continue;
      }
    }
    text += c;
    i++;
  }
  if (text) out.push({ text });
  return out;
}

const pad = (n: number, width: number, fill = '0') => String(n).padStart(width, fill);

function zoneText(std: string, offset: number): string {
  if (std.startsWith('Z') && offset === 0) return 'Z';
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const [h, m, s] = [Math.floor(abs / 3600), Math.floor((abs % 3600) / 60), abs % 60];
  const body = std.slice(1);
  if (body === '07') return sign + pad(h, 2);
  if (body === '0700') return sign + pad(h, 2) + pad(m, 2);
  if (body === '07:00') return `${sign}${pad(h, 2)}:${pad(m, 2)}`;
  if (body === '070000') return sign + pad(h, 2) + pad(m, 2) + pad(s, 2);
  return `${sign}${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}`;
}

/** Seconds since the epoch of a UTC civil time; overflowing fields roll over as in Go's time.Date (any year). */
export function utcSeconds(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const t = new Date(0);
  t.setUTCFullYear(year, month - 1, day);
  t.setUTCHours(hour, minute, second, 0);
  return t.getTime() / 1000;
}

const yearDay = (c: Civil) => (utcSeconds(c.year, c.month, c.day) - utcSeconds(c.year, 1, 1)) / 86400 + 1;

export function formatLayout(layout: string, c: Civil): string {
  const weekday = new Date(utcSeconds(c.year, c.month, c.day) * 1000).getUTCDay();
  const h12 = c.hour % 12 === 0 ? 12 : c.hour % 12;
  let out = '';
  for (const chunk of splitLayout(layout)) {
    if ('text' in chunk) out += chunk.text;
    else if ('frac' in chunk) {
      const digits = pad(c.nanos, 9).slice(0, chunk.digits);
      if (chunk.frac === '0') out += chunk.sep + digits;
      else if (c.nanos !== 0) out += chunk.sep + pad(c.nanos, 9).replace(/0+$/, '').slice(0, chunk.digits);
    } else {
      const s = chunk.std;
      const v: Record<string, () => string> = {
        January: () => MONTHS[c.month - 1],
        Jan: () => MONTHS[c.month - 1].slice(0, 3),
        Monday: () => DAYS[weekday],
        Mon: () => DAYS[weekday].slice(0, 3),
        MST: () => c.zone || zoneText('-0700', c.offset),
        '01': () => pad(c.month, 2),
        '1': () => String(c.month),
        '02': () => pad(c.day, 2),
        '2': () => String(c.day),
        _2: () => pad(c.day, 2, ' '),
        '002': () => pad(yearDay(c), 3),
        __2: () => pad(yearDay(c), 3, ' '),
        '15': () => pad(c.hour, 2),
        '03': () => pad(h12, 2),
        '3': () => String(h12),
        '04': () => pad(c.minute, 2),
        '4': () => String(c.minute),
        '05': () => pad(c.second, 2),
        '5': () => String(c.second),
        '2006': () => (c.year < 0 ? '-' + pad(-c.year, 4) : pad(c.year, 4)),
        '06': () => pad(((c.year % 100) + 100) % 100, 2),
        PM: () => (c.hour >= 12 ? 'PM' : 'AM'),
        pm: () => (c.hour >= 12 ? 'pm' : 'am'),
      };
      out += v[s]?.() ?? zoneText(s, c.offset);
    }
  }
  return out;
}

export { DAYS, MONTHS };
