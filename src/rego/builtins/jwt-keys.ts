/** JWS keys and algorithms for the io.jwt builtins: PEM certificates and keys, JWKs and key sets, signing and verifying. */
import { type KeyObject, X509Certificate, constants, createHmac, createPrivateKey, createPublicKey, sign, timingSafeEqual, verify } from 'node:crypto';
import { isObject, isString } from './host-values.js';

export interface VerificationKey {
  key: KeyObject;
  /** The JWK's `kid` and `alg`, when the key came from a JWK. */
  kid?: string;
  alg?: string;
}

type Family = 'HS' | 'RS' | 'PS' | 'ES' | 'EdDSA';

/** The family and digest of a JWS `alg`; undefined for algorithms OPA does not support (such as `none`). */
export function algorithm(alg: string): { family: Family; digest: string | null } | undefined {
  if (alg === 'EdDSA') return { family: 'EdDSA', digest: null };
  const m = /^(HS|RS|PS|ES)(256|384|512)$/.exec(alg);
  return m ? { family: m[1] as Family, digest: `sha${m[2]}` } : undefined;
}

/**
 * Public keys from a `cert` constraint or a verify_* key argument: PEM blocks (certificates or public keys), a JWK,
 * or a JWK set. Keys Node cannot read (such as symmetric JWKs) are skipped; no usable key is an error.
 */
export function verificationKeys(text: string): VerificationKey[] {
  const keys: VerificationKey[] = [];
  if (text.trimStart().startsWith('-----BEGIN')) {
    for (const block of text.match(/-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g) ?? []) {
      keys.push({ key: block.startsWith('-----BEGIN CERTIFICATE') ? new X509Certificate(block).publicKey : createPublicKey(block) });
    }
  } else {
    const jwk: unknown = JSON.parse(text);
    const list = isObject(jwk) && Array.isArray(jwk.keys) ? jwk.keys : [jwk];
    for (const k of list) {
      if (!isObject(k)) continue;
      try {
        keys.push({ key: createPublicKey({ key: k as never, format: 'jwk' }), kid: isString(k.kid) ? k.kid : undefined, alg: isString(k.alg) ? k.alg : undefined });
      } catch {
        // Not a public key Node understands; other keys of the set may still verify.
      }
    }
  }
  if (keys.length === 0) throw new Error('no usable key');
  return keys;
}

const signingInput = (header: string, payload: string) => Buffer.from(`${header}.${payload}`, 'ascii');

/** Node's options for an RSA or ECDSA key of the family; JWS wants raw r||s signatures for ECDSA. */
function keyOptions(family: Family, key: KeyObject) {
  if (family === 'PS') return { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO };
  if (family === 'RS') return { key, padding: constants.RSA_PKCS1_PADDING };
  if (family === 'ES') return { key, dsaEncoding: 'ieee-p1363' as const };
  return key;
}

/** Checks an HMAC signature made with a shared secret. */
export function verifyHmac(alg: string, secret: Buffer | string, header: string, payload: string, signature: Buffer): boolean {
  const a = algorithm(alg);
  if (!a || a.family !== 'HS') return false;
  const mac = createHmac(a.digest!, secret).update(signingInput(header, payload)).digest();
  return mac.length === signature.length && timingSafeEqual(mac, signature);
}

/** Checks an asymmetric signature; false for a key of the wrong type or an HMAC algorithm. */
export function verifyWithKey(alg: string, key: KeyObject, header: string, payload: string, signature: Buffer): boolean {
  const a = algorithm(alg);
  if (!a || a.family === 'HS') return false;
  const expectedType = { RS: 'rsa', PS: 'rsa', ES: 'ec', EdDSA: 'ed25519' }[a.family];
  const type = key.asymmetricKeyType === 'rsa-pss' ? 'rsa' : key.asymmetricKeyType;
  if (type !== expectedType) return false;
  try {
    return verify(a.digest, signingInput(header, payload), keyOptions(a.family, key), signature);
  } catch {
    return false;
  }
}

/** Signs `header.payload` (both already base64url) with a JWK: `oct` for HMAC, a private RSA/EC/OKP key otherwise. */
export function signWithJwk(alg: string, jwk: Record<string, unknown>, header: string, payload: string): Buffer {
  const a = algorithm(alg);
  if (!a) throw new Error(`unsupported algorithm ${alg}`);
  if (a.family === 'HS') {
    if (jwk.kty !== 'oct' || !isString(jwk.k)) throw new Error('HMAC needs an oct key');
    return createHmac(a.digest!, Buffer.from(jwk.k, 'base64url')).update(signingInput(header, payload)).digest();
  }
  const key = createPrivateKey({ key: jwk as never, format: 'jwk' });
  const options = a.family === 'PS' ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST } : keyOptions(a.family, key);
  return sign(a.digest, signingInput(header, payload), options);
}
