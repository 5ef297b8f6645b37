/** Hashes and HMACs on the host (node:crypto), hex encoded as OPA returns them. */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { isString } from './host-values.js';
import type { BuiltinEntry } from './types.js';

const hash = (alg: string) => (s: unknown) => (isString(s) ? createHash(alg).update(s, 'utf8').digest('hex') : undefined);
const hmac = (alg: string) => (s: unknown, key: unknown) =>
  isString(s) && isString(key) ? createHmac(alg, key).update(s, 'utf8').digest('hex') : undefined;

export const crypto: BuiltinEntry[] = [
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
      if (!isString(a) || !isString(b)) return undefined;
      const x = Buffer.from(a);
      const y = Buffer.from(b);
      return x.length === y.length && timingSafeEqual(x, y);
    },
    doc: 'constant-time comparison of two MACs',
  },
];
