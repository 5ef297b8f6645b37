/** JSON Web Tokens on the host: io.jwt.decode, decode_verify, verify_* and encode_sign(_raw), as OPA implements them. */
import { builtinError, goJson, hostFamily, isNumber, isObject, isString, typeError } from './host-values.js';
import { type VerificationKey, algorithm, signWithJwk, verificationKeys, verifyHmac, verifyWithKey } from './jwt-keys.js';
import { currentNanos } from './time.js';
import type { BuiltinEntry } from './types.js';

type Obj = Record<string, unknown>;

const fail = builtinError;

/** Strict unpadded base64url, as Go's RawURLEncoding. */
function base64url(s: string, what: string): Buffer {
  if (!/^[A-Za-z0-9_-]*$/.test(s) || s.length % 4 === 1) fail(`JWT ${what} had invalid encoding`);
  return Buffer.from(s, 'base64url');
}

function jsonObject(bytes: Buffer, what: string): Obj {
  const v: unknown = JSON.parse(bytes.toString('utf8'));
  return isObject(v) ? v : fail(`JWT ${what} must be an object`);
}

interface Token {
  raw: [string, string, string];
  header: Obj;
}

/** Splits a compact JWS and reads its header; JWE (five parts, or an `enc` header) is not supported. */
function split(token: string): Token {
  const parts = token.split('.');
  if (parts.length !== 3) fail(parts.length === 1 ? 'encoded JWT had no period separators' : 'encoded JWT must have 3 sections');
  const header = jsonObject(base64url(parts[0], 'header'), 'header');
  if ('enc' in header) fail('JWT is a JWE object, which is not supported');
  return { raw: parts as [string, string, string], header };
}

/** The token a nested JWT's payload carries: the payload text itself, or a JSON string holding it. */
function nestedToken(payload: Buffer): string {
  const text = payload.toString('utf8');
  return text.startsWith('"') ? (JSON.parse(text) as string) : text;
}

const isNested = (header: Obj) => isString(header.cty) && header.cty.toUpperCase() === 'JWT';

function decode(token: unknown): [Obj, Obj, string] {
  if (!isString(token)) return typeError('operand 1 must be string');
  let t = split(token);
  while (isNested(t.header)) t = split(nestedToken(base64url(t.raw[1], 'payload')));
  return [t.header, jsonObject(base64url(t.raw[1], 'payload'), 'payload'), base64url(t.raw[2], 'signature').toString('hex')];
}

interface Constraints {
  keys?: VerificationKey[];
  secret?: string;
  alg?: string;
  iss?: string;
  aud?: string;
  /** Seconds since the epoch, as OPA compares claims. */
  now: number;
}

function constraints(c: unknown): Constraints {
  if (!isObject(c)) return typeError('operand 2 must be object');
  const out: Constraints = { now: Number(currentNanos()) / 1e9 };
  for (const [key, v] of Object.entries(c)) {
    if (key === 'time') out.now = isNumber(v) ? v / 1e9 : fail('time must be a number');
    else if (['cert', 'secret', 'alg', 'iss', 'aud'].includes(key)) {
      if (!isString(v)) fail(`${key} must be a string`);
      if (key === 'cert') out.keys = verificationKeys(v as string);
      else out[key as 'secret' | 'alg' | 'iss' | 'aud'] = v as string;
    } else fail(`unknown token validation constraint: ${key}`);
  }
  if ((out.keys === undefined) === (out.secret === undefined)) fail('exactly one of cert and secret is required');
  return out;
}

/** A header is usable if it names an algorithm and lists no critical extensions (OPA understands none). */
const validHeader = (h: Obj) => isString(h.alg) && h.alg !== '' && !('crit' in h);

function signatureVerifies(c: Constraints, t: Token): boolean {
  const alg = t.header.alg as string;
  const signature = base64url(t.raw[2], 'signature');
  if (c.secret !== undefined) return verifyHmac(alg, c.secret, t.raw[0], t.raw[1], signature);
  const keys = c.keys!;
  const byKid = isString(t.header.kid) ? keys.find((k) => k.kid === t.header.kid) : undefined;
  const candidates = byKid ? [byKid] : keys.filter((k) => k.alg === undefined || k.alg === alg);
  return candidates.some((k) => verifyWithKey(alg, k.key, t.raw[0], t.raw[1], signature));
}

function claimsHold(c: Constraints, payload: Obj): boolean {
  if (c.iss !== undefined && payload.iss !== c.iss) return false;
  if ('aud' in payload) {
    const aud = payload.aud;
    if (c.aud === undefined) return false;
    if (!(aud === c.aud || (Array.isArray(aud) && aud.includes(c.aud)))) return false;
  } else if (c.aud !== undefined) return false;
  if ('exp' in payload) {
    if (!isNumber(payload.exp)) fail('exp value must be a number');
    if (c.now >= (payload.exp as number)) return false;
  }
  if ('nbf' in payload) {
    if (!isNumber(payload.nbf)) fail('nbf value must be a number');
    if (c.now < (payload.nbf as number)) return false;
  }
  return true;
}

function decodeVerify(token: unknown, constraintsArg: unknown): [boolean, Obj, Obj] {
  if (!isString(token)) return typeError('operand 1 must be string');
  const c = constraints(constraintsArg);
  const unverified: [boolean, Obj, Obj] = [false, {}, {}];
  let t = split(token);
  for (;;) {
    if (!validHeader(t.header)) return unverified;
    if (c.alg !== undefined && c.alg !== t.header.alg) return unverified;
    if (!signatureVerifies(c, t)) return unverified;
    if (!isNested(t.header)) break;
    t = split(nestedToken(base64url(t.raw[1], 'payload')));
  }
  const payload = jsonObject(base64url(t.raw[1], 'payload'), 'payload');
  return claimsHold(c, payload) ? [true, t.header, payload] : unverified;
}

/** io.jwt.verify_<alg>: the signature alone, with the function's algorithm whatever the header says. */
function verifier(alg: string) {
  return (token: unknown, key: unknown): boolean => {
    if (!isString(token) || !isString(key)) return typeError('operands must be strings');
    const t = split(token);
    const signature = base64url(t.raw[2], 'signature');
    if (algorithm(alg)!.family === 'HS') return verifyHmac(alg, key, t.raw[0], t.raw[1], signature);
    return verificationKeys(key).some((k) => verifyWithKey(alg, k.key, t.raw[0], t.raw[1], signature));
  };
}

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

function encode(headerText: string, payloadText: string, jwk: unknown): string {
  const header: unknown = JSON.parse(headerText);
  if (!isObject(header) || !isString(header.alg) || !isObject(jwk)) return fail('a header with alg and a JWK are required');
  const signingInput = [b64(headerText), b64(payloadText)];
  const signature = signWithJwk(header.alg, jwk, signingInput[0], signingInput[1]);
  return `${signingInput.join('.')}.${signature.toString('base64url')}`;
}

const VERIFY_ALGS = ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

const entries: BuiltinEntry[] = [
  { name: 'io.jwt.decode', arity: 1, host: decode, doc: '[header, payload, signature hex] of a JWT, without verifying it' },
  {
    name: 'io.jwt.decode_verify',
    arity: 2,
    host: decodeVerify,
    doc: '[valid, header, payload]: signature (cert or secret) and claims (alg, iss, aud, exp, nbf at time) checked',
  },
  ...VERIFY_ALGS.map((alg) => ({
    name: `io.jwt.verify_${alg.toLowerCase()}`,
    arity: 2,
    host: verifier(alg),
    doc: `true if the JWT's signature verifies with ${alg} (${alg.startsWith('HS') ? 'a secret' : 'a PEM certificate or key, a JWK or a JWK set'})`,
  })),
  {
    name: 'io.jwt.encode_sign',
    arity: 3,
    host: (header: unknown, payload: unknown, key: unknown) =>
      isObject(header) && isObject(payload) ? encode(goJson(header), goJson(payload), key) : typeError('operands 1 and 2 must be objects'),
    doc: 'a signed JWT from header and payload objects and a JWK',
  },
  {
    name: 'io.jwt.encode_sign_raw',
    arity: 3,
    host: (header: unknown, payload: unknown, key: unknown) =>
      isString(header) && isString(payload) && isString(key) ? encode(header, payload, JSON.parse(key)) : typeError('operands must be strings'),
    doc: 'a signed JWT from header and payload JSON texts (used as written) and a JWK text',
  },
];

/** Malformed tokens, keys and constraints are builtin errors. */
export const jwt: BuiltinEntry[] = hostFamily(entries);
