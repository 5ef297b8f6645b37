// Signed checkpoints (node-forge): RSA (PKCS#1 v1.5, SHA-256) or Ed25519 keys from PEM, signing and verifying the
// canonical checkpoint record, so that a chain recomputed end to end by someone without the key is detected.
import forge from 'node-forge';
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical.js';
import type { CheckpointAlgorithm } from './record.js';

export interface CheckpointSigner {
  readonly alg: CheckpointAlgorithm;
  readonly keyId: string;
  /** Base64 signature of the UTF-8 bytes of `data`. */
  sign(data: string): string;
}

export interface CheckpointVerifier {
  readonly alg: CheckpointAlgorithm;
  readonly keyId: string;
  verify(data: string, signatureBase64: string): boolean;
}

/** What a checkpoint signs: its canonical form without `signature` and `hash` (so it covers `prev`, hence the chain). */
export function checkpointSigningInput(record: Record<string, unknown>): string {
  const { signature: _s, hash: _h, ...rest } = record;
  return canonicalJson(rest);
}

// SubjectPublicKeyInfo prefix for an Ed25519 key (RFC 8410): SEQUENCE { SEQUENCE { OID 1.3.101.112 }, BIT STRING }.
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

type Parsed =
  | { alg: 'RSASSA-PKCS1-v1_5-SHA256'; priv?: forge.pki.rsa.PrivateKey; pub: forge.pki.rsa.PublicKey }
  | { alg: 'Ed25519'; seed?: Buffer; pub: Buffer };

/** Loads a private key (PKCS#8 RSA or Ed25519, or PKCS#1 RSA) for signing. */
export function loadSigner(pem: string): CheckpointSigner {
  const key = parsePem(pem);
  const id = keyIdOf(key);
  if (key.alg === 'Ed25519') {
    const seed = key.seed;
    if (!seed) throw new Error('audit: checkpoint key file holds no private key');
    return {
      alg: key.alg,
      keyId: id,
      sign: (data) =>
        Buffer.from(forge.pki.ed25519.sign({ message: data, encoding: 'utf8', privateKey: seed })).toString('base64'),
    };
  }
  const priv = key.priv;
  if (!priv) throw new Error('audit: checkpoint key file holds no private key');
  return {
    alg: key.alg,
    keyId: id,
    sign: (data) => forge.util.encode64(priv.sign(sha256(data))),
  };
}

/** Loads a public key, a certificate (RSA) or a private key (its public half is used) for verifying. */
export function loadVerifier(pem: string): CheckpointVerifier {
  const key = parsePem(pem);
  const id = keyIdOf(key);
  if (key.alg === 'Ed25519') {
    const pub = key.pub;
    return {
      alg: key.alg,
      keyId: id,
      verify: (data, sig) => {
        const bytes = Buffer.from(sig, 'base64');
        if (bytes.length !== 64) return false;
        return forge.pki.ed25519.verify({ message: data, encoding: 'utf8', signature: bytes, publicKey: pub });
      },
    };
  }
  const pub = key.pub;
  return {
    alg: key.alg,
    keyId: id,
    verify: (data, sig) => {
      try {
        return pub.verify(sha256(data).digest().bytes(), forge.util.decode64(sig));
      } catch {
        return false; // forge throws on a signature of the wrong length or padding
      }
    },
  };
}

function sha256(data: string): forge.md.MessageDigest {
  const md = forge.md.sha256.create();
  md.update(data, 'utf8');
  return md;
}

function parsePem(pem: string): Parsed {
  const blocks = forge.pem.decode(pem);
  if (blocks.length === 0) throw new Error('audit: no PEM block in the checkpoint key');
  const block = blocks[0]!;
  const der = forge.asn1.fromDer(block.body);
  switch (block.type) {
    case 'RSA PRIVATE KEY': {
      const priv = forge.pki.privateKeyFromAsn1(der) as forge.pki.rsa.PrivateKey;
      return { alg: 'RSASSA-PKCS1-v1_5-SHA256', priv, pub: forge.pki.setRsaPublicKey(priv.n, priv.e) };
    }
    case 'PRIVATE KEY': {
      if (isEd25519(der)) {
        const seed = Buffer.from(forge.pki.ed25519.privateKeyFromAsn1(der).privateKeyBytes);
        const pub = Buffer.from(forge.pki.ed25519.generateKeyPair({ seed }).publicKey);
        return { alg: 'Ed25519', seed, pub };
      }
      const priv = forge.pki.privateKeyFromAsn1(der) as forge.pki.rsa.PrivateKey;
      return { alg: 'RSASSA-PKCS1-v1_5-SHA256', priv, pub: forge.pki.setRsaPublicKey(priv.n, priv.e) };
    }
    case 'PUBLIC KEY':
      if (isEd25519(der)) return { alg: 'Ed25519', pub: Buffer.from(forge.pki.ed25519.publicKeyFromAsn1(der)) };
      return { alg: 'RSASSA-PKCS1-v1_5-SHA256', pub: forge.pki.publicKeyFromAsn1(der) as forge.pki.rsa.PublicKey };
    case 'RSA PUBLIC KEY':
      return { alg: 'RSASSA-PKCS1-v1_5-SHA256', pub: forge.pki.publicKeyFromPem(pem) };
    case 'CERTIFICATE':
      return { alg: 'RSASSA-PKCS1-v1_5-SHA256', pub: forge.pki.certificateFromPem(pem).publicKey as forge.pki.rsa.PublicKey };
    default:
      throw new Error(`audit: unsupported PEM block "${block.type}" for checkpoints`);
  }
}

const ED25519_OID = '1.3.101.112';

/** Reads the AlgorithmIdentifier OID, the first SEQUENCE inside both PKCS#8 and SubjectPublicKeyInfo. */
function isEd25519(der: forge.asn1.Asn1): boolean {
  const children = Array.isArray(der.value) ? der.value : [];
  const algorithm = children.find((c) => c.type === forge.asn1.Type.SEQUENCE && Array.isArray(c.value));
  const oid = algorithm && Array.isArray(algorithm.value) ? algorithm.value[0] : undefined;
  return oid !== undefined && oid.type === forge.asn1.Type.OID && forge.asn1.derToOid(oid.value as string) === ED25519_OID;
}

function keyIdOf(key: Parsed): string {
  const spki =
    key.alg === 'Ed25519'
      ? Buffer.concat([ED25519_SPKI_PREFIX, key.pub])
      : Buffer.from(forge.asn1.toDer(forge.pki.publicKeyToAsn1(key.pub)).getBytes(), 'binary');
  return createHash('sha256').update(spki).digest('hex');
}
