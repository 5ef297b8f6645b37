/** URL query encoding on the host, byte for byte as Go's net/url QueryEscape, QueryUnescape and ParseQuery. */
import { isObject, isString } from './host-values.js';
import type { BuiltinEntry } from './types.js';

function escape(s: string): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** Undoes escape(); undefined on a malformed `%` escape, where Go reports an error. */
function unescape(s: string): string | undefined {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '%') {
      const hex = s.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) return undefined;
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else if (c === '+') bytes.push(0x20);
    else bytes.push(...Buffer.from(c, 'utf8'));
  }
  // Go keeps invalid UTF-8 bytes in the string; they reach JSON as U+FFFD, as here.
  return Buffer.from(bytes).toString('utf8');
}

function encodeObject(obj: unknown): string | undefined {
  if (!isObject(obj)) return undefined;
  const parts: string[] = [];
  for (const key of Object.keys(obj).sort()) {
    const v = obj[key];
    const values = isString(v) ? [v] : Array.isArray(v) ? v : undefined;
    if (!values || !values.every(isString)) return undefined;
    for (const value of values) parts.push(`${escape(key)}=${escape(value)}`);
  }
  return parts.join('&');
}

function decodeObject(s: unknown): Record<string, string[]> | undefined {
  if (!isString(s)) return undefined;
  const out: Record<string, string[]> = {};
  for (const part of s.split('&')) {
    if (part === '') continue;
    // Go rejects `;` as a separator since 1.17.
    if (part.includes(';')) return undefined;
    const eq = part.indexOf('=');
    const key = unescape(eq < 0 ? part : part.slice(0, eq));
    const value = unescape(eq < 0 ? '' : part.slice(eq + 1));
    if (key === undefined || value === undefined) return undefined;
    (out[key] ??= []).push(value);
  }
  return out;
}

export const urlquery: BuiltinEntry[] = [
  { name: 'urlquery.encode', arity: 1, host: (s: unknown) => (isString(s) ? escape(s) : undefined), doc: 'escape a string for a URL query' },
  { name: 'urlquery.decode', arity: 1, host: (s: unknown) => (isString(s) ? unescape(s) : undefined), doc: 'unescape a URL query string' },
  {
    name: 'urlquery.encode_object',
    arity: 1,
    host: encodeObject,
    doc: 'a query string from an object of strings, arrays or sets of strings (keys sorted)',
  },
  { name: 'urlquery.decode_object', arity: 1, host: decodeObject, doc: 'an object of key → array of values from a query string' },
];
