/** URL query encoding on the host, byte for byte as Go's net/url QueryEscape, QueryUnescape and ParseQuery. */
import { builtinError, hostFamily, isObject, isString, typeError } from './host-values.js';
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

/** Undoes escape(); a malformed `%` escape is an error, as in Go. */
function unescape(s: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '%') {
      const hex = s.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) builtinError(`invalid URL escape "%${hex}"`);
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else if (c === '+') bytes.push(0x20);
    else bytes.push(...Buffer.from(c, 'utf8'));
  }
  // Go keeps invalid UTF-8 bytes in the string; they reach JSON as U+FFFD, as here.
  return Buffer.from(bytes).toString('utf8');
}

function encodeObject(obj: unknown): string {
  if (!isObject(obj)) return typeError('operand 1 must be object');
  const parts: string[] = [];
  for (const key of Object.keys(obj).sort()) {
    const v = obj[key];
    const values = isString(v) ? [v] : Array.isArray(v) && v.every(isString) ? v : typeError('values must be strings, or arrays or sets of strings');
    for (const value of values) parts.push(`${escape(key)}=${escape(value)}`);
  }
  return parts.join('&');
}

function decodeObject(s: unknown): Record<string, string[]> {
  if (!isString(s)) return typeError('operand 1 must be string');
  const out: Record<string, string[]> = {};
  for (const part of s.split('&')) {
    if (part === '') continue;
    // Go rejects `;` as a separator since 1.17.
    if (part.includes(';')) builtinError('invalid semicolon separator in query');
    const eq = part.indexOf('=');
    const key = unescape(eq < 0 ? part : part.slice(0, eq));
    const value = unescape(eq < 0 ? '' : part.slice(eq + 1));
    (out[key] ??= []).push(value);
  }
  return out;
}

export const urlquery: BuiltinEntry[] = hostFamily([
  { name: 'urlquery.encode', arity: 1, host: (s: unknown) => (isString(s) ? escape(s) : typeError('operand 1 must be string')), doc: 'escape a string for a URL query' },
  { name: 'urlquery.decode', arity: 1, host: (s: unknown) => (isString(s) ? unescape(s) : typeError('operand 1 must be string')), doc: 'unescape a URL query string' },
  {
    name: 'urlquery.encode_object',
    arity: 1,
    host: encodeObject,
    doc: 'a query string from an object of strings, arrays or sets of strings (keys sorted)',
  },
  { name: 'urlquery.decode_object', arity: 1, host: decodeObject, doc: 'an object of key → array of values from a query string' },
]);
