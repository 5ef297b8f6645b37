/**
 * X.509 on the host: certificates from PEM, base64 PEM or base64 DER, described with the field names of Go's
 * x509.Certificate as OPA returns it (a practical subset), chain verification, and RSA private keys as JWKs.
 */
import { type KeyObject, X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import { exactJson, hostFamily, isNumber, isObject, isString, typeError } from './host-values.js';
import { currentNanos } from './time.js';
import type { BuiltinEntry } from './types.js';
import { type Asn1, PUBLIC_KEY_ALGORITHMS, SIGNATURE_ALGORITHMS, asn1, b64, certificateExtensions, derValues, extensions, goTime, pkixName } from './x509-fields.js';

/** Go's JSON for a public key: RSA {N, E}, ECDSA {Curve, X, Y} (big integers exact); others null. */
function publicKeyJson(key: KeyObject): unknown {
  const jwk = key.export({ format: 'jwk' });
  const big = (s: unknown) => (isString(s) ? BigInt('0x' + (Buffer.from(s, 'base64url').toString('hex') || '0')) : null);
  if (jwk.kty === 'RSA') return { N: big(jwk.n), E: Number(big(jwk.e)) };
  if (jwk.kty === 'EC') return { Curve: {}, X: big(jwk.x), Y: big(jwk.y) };
  return null;
}

const algorithmOf = (algId: Asn1) => SIGNATURE_ALGORITHMS[asn1.derToOid((algId.value as Asn1[])[0].value as string)] ?? 0;
const signatureOf = (bits: Asn1) => b64((bits.value as string).slice(1));

function describe(der: Buffer): Record<string, unknown> {
  const cert = new X509Certificate(der);
  const [tbsNode, sigAlgNode, sigNode] = asn1.fromDer(der.toString('binary')).value as Asn1[];
  const tbs = tbsNode.value as Asn1[];
  const hasVersion = tbs[0].tagClass === asn1.Class.CONTEXT_SPECIFIC;
  const at = (i: number) => tbs[hasVersion ? i : i - 1];
  return {
    Raw: der.toString('base64'),
    Signature: signatureOf(sigNode),
    SignatureAlgorithm: algorithmOf(sigAlgNode),
    PublicKeyAlgorithm: PUBLIC_KEY_ALGORITHMS[cert.publicKey.asymmetricKeyType ?? ''] ?? 0,
    PublicKey: publicKeyJson(cert.publicKey),
    Version: hasVersion ? asn1.derToInteger(((tbs[0].value as Asn1[])[0]).value as string) + 1 : 1,
    SerialNumber: BigInt('0x' + cert.serialNumber),
    Issuer: pkixName(at(3)),
    Subject: pkixName(at(5)),
    NotBefore: goTime(cert.validFrom),
    NotAfter: goTime(cert.validTo),
    ...extensions(certificateExtensions(tbs)),
  };
}

/** A PKCS#10 certificate request with the fields of Go's x509.CertificateRequest. */
function describeRequest(der: Buffer): Record<string, unknown> {
  const [infoNode, sigAlgNode, sigNode] = asn1.fromDer(der.toString('binary')).value as Asn1[];
  const [version, subject, spki, attributes] = infoNode.value as Asn1[];
  const key = createPublicKey({ key: Buffer.from(asn1.toDer(spki).getBytes(), 'binary'), format: 'der', type: 'spki' });
  // Extensions travel in the extensionRequest attribute (PKCS#9).
  const request = ((attributes?.value as Asn1[] | undefined) ?? []).find(
    (a) => asn1.derToOid((a.value as Asn1[])[0].value as string) === '1.2.840.113549.1.9.14',
  );
  const list = ((((request?.value as Asn1[] | undefined)?.[1]?.value as Asn1[] | undefined)?.[0]?.value as Asn1[] | undefined) ?? []);
  const { DNSNames, EmailAddresses, IPAddresses, URIs, Extensions } = extensions(list);
  return {
    Raw: der.toString('base64'),
    Version: asn1.derToInteger(version.value as string),
    Signature: signatureOf(sigNode),
    SignatureAlgorithm: algorithmOf(sigAlgNode),
    PublicKeyAlgorithm: PUBLIC_KEY_ALGORITHMS[key.asymmetricKeyType ?? ''] ?? 0,
    PublicKey: publicKeyJson(key),
    Subject: pkixName(subject),
    Extensions,
    DNSNames,
    EmailAddresses,
    IPAddresses,
    URIs,
  };
}

const parseCertificates = (certs: unknown) => (isString(certs) ? exactJson(derValues(certs, 'CERTIFICATE').map(describe)) : typeError('operand 1 must be string'));

/** Go's names for extended key usages in verification options. */
const KEY_USAGE_NAMES: Record<string, number> = {
  KeyUsageAny: 0, KeyUsageServerAuth: 1, KeyUsageClientAuth: 2, KeyUsageCodeSigning: 3, KeyUsageEmailProtection: 4,
  KeyUsageIPSECEndSystem: 5, KeyUsageIPSECTunnel: 6, KeyUsageIPSECUser: 7, KeyUsageTimeStamping: 8, KeyUsageOCSPSigning: 9,
};

interface VerifyOptions {
  /** Milliseconds since the epoch. */
  now: number;
  dnsName?: string;
  keyUsages?: number[];
}

/** A host name matches a certificate name exactly or through a leftmost `*` label, as Go's VerifyHostname. */
function hostMatches(pattern: string, host: string): boolean {
  const [p, h] = [pattern.toLowerCase().replace(/\.$/, ''), host.toLowerCase().replace(/\.$/, '')];
  if (p === h) return true;
  if (!p.startsWith('*.')) return false;
  const dot = h.indexOf('.');
  return dot > 0 && h.slice(dot) === p.slice(1);
}

/** A chain given root first and leaf last: each certificate issued and signed by the one before, all valid then. */
function verifyChain(certs: unknown, options: VerifyOptions): unknown {
  if (!isString(certs)) return typeError('operand 1 must be string');
  const ders = derValues(certs, 'CERTIFICATE');
  const chain = ders.map((d) => new X509Certificate(d));
  const leafInfo = describe(ders[ders.length - 1]);
  const usages = (leafInfo.ExtKeyUsage as number[] | null) ?? [];
  const valid =
    chain.length >= 2 &&
    chain.every((c) => Date.parse(c.validFrom) <= options.now && options.now <= Date.parse(c.validTo)) &&
    chain.slice(1).every((c, i) => chain[i].ca && c.checkIssued(chain[i]) && c.verify(chain[i].publicKey)) &&
    (options.dnsName === undefined || ((leafInfo.DNSNames as string[] | null) ?? []).some((n) => hostMatches(n, options.dnsName!))) &&
    (options.keyUsages === undefined || options.keyUsages.includes(0) || usages.length === 0 || usages.includes(0) || options.keyUsages.some((u) => usages.includes(u)));
  return valid ? exactJson([true, ders.map(describe)]) : [false, []];
}

function verifyOptions(x: unknown): VerifyOptions {
  if (!isObject(x)) return typeError('operand 2 must be object');
  const options: VerifyOptions = { now: Number(currentNanos() / 1_000_000n) };
  for (const [k, v] of Object.entries(x)) {
    if (k === 'DNSName' && isString(v)) options.dnsName = v;
    else if (k === 'CurrentTime' && isNumber(v)) options.now = v / 1e6;
    else if (k === 'KeyUsages' && Array.isArray(v) && v.every((u) => isString(u) && u in KEY_USAGE_NAMES)) options.keyUsages = v.map((u) => KEY_USAGE_NAMES[u as string]);
    else if (k !== 'MaxConstraintComparisons') return typeError(`invalid option ${k}`);
  }
  return options;
}

export const x509: BuiltinEntry[] = hostFamily([
  {
    name: 'crypto.x509.parse_certificates',
    arity: 1,
    host: (parseCertificates),
    doc: 'certificates (PEM, base64 PEM or base64 DER) described with the fields of Go\'s x509.Certificate',
  },
  {
    name: 'crypto.x509.parse_and_verify_certificates',
    arity: 1,
    host: ((certs: unknown) => verifyChain(certs, { now: Number(currentNanos() / 1_000_000n) })),
    doc: '[valid, certificates] for a chain given root first and leaf last',
  },
  {
    name: 'crypto.x509.parse_and_verify_certificates_with_options',
    arity: 2,
    host: ((certs: unknown, options: unknown) => {
      const o = verifyOptions(options);
      return o ? verifyChain(certs, o) : undefined;
    }),
    doc: '[valid, certificates] for a chain, checked at CurrentTime (ns) and for DNSName and KeyUsages when given',
  },
  {
    name: 'crypto.x509.parse_certificate_request',
    arity: 1,
    host: ((csr: unknown) => (isString(csr) ? exactJson(describeRequest(derValues(csr, 'CERTIFICATE REQUEST')[0])) : undefined)),
    doc: 'a certificate signing request (PEM or base64) with the fields of Go\'s x509.CertificateRequest',
  },
  {
    name: 'crypto.x509.parse_rsa_private_key',
    arity: 1,
    host: ((pem: unknown) => {
      if (!isString(pem)) return undefined;
      const text = pem.startsWith('-----BEGIN') ? pem : Buffer.from(pem, 'base64').toString('latin1');
      const key = createPrivateKey(text);
      return key.asymmetricKeyType === 'rsa' ? key.export({ format: 'jwk' }) : undefined;
    }),
    doc: 'an RSA private key (PEM or base64 PEM) as a JWK',
  },
]);
