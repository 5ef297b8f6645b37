/** Host builtins that have no family of their own yet: hashes and HMACs (http.send is known but unavailable). */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { BuiltinEntry } from './types.js';

const str = (x: unknown): x is string => typeof x === 'string';
const hash = (alg: string) => (s: unknown) => (str(s) ? createHash(alg).update(s, 'utf8').digest('hex') : undefined);
const hmac = (alg: string) => (s: unknown, key: unknown) =>
  str(s) && str(key) ? createHmac(alg, key).update(s, 'utf8').digest('hex') : undefined;

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
  {
    name: 'http.send',
    arity: 1,
    unavailable: true,
    doc: 'not available: an admission policy must not make network calls (it can be replaced with `with` in tests)',
  },
];
