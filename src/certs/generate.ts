// Makes the CA and the webhook's serving certificate that the apiserver verifies against the caBundle.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import forge from 'node-forge';
import { UserError } from '../shared/user-error.js';

export interface CertificateRequest {
  namespace: string;
  service: string;
  /** Lifetime of the serving certificate; default 365 days. */
  validityDays?: number;
  /** Lifetime of a new CA; default 3650 days (ignored when `ca` is given). */
  caValidityDays?: number;
  /** More names (DNS or IP literal) for the serving certificate. */
  extraSans?: string[];
  /** Sign with this CA instead of making a new one, so a serving-cert rotation leaves the caBundle alone. */
  ca?: { certPem: string; keyPem: string };
  /** Clock for tests; default now. */
  now?: Date;
}

export interface GeneratedCertificates {
  caCertPem: string;
  caKeyPem: string;
  certPem: string;
  keyPem: string;
  /** Expiry of the serving certificate. */
  notAfter: Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;
// Backdating covers clocks that run a little behind ours (the apiserver's, a node's).
const BACKDATE_MS = 5 * 60 * 1000;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** An RFC 1123 label, which is also what a Kubernetes namespace name must be. */
export function isDnsLabel(value: string): boolean {
  return DNS_LABEL.test(value);
}
const DNS_NAME = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** The names the serving certificate carries: every form the Service can be reached by, plus loopback for local runs. */
export function servingSans(namespace: string, service: string, extraSans: string[] = []): { dns: string[]; ips: string[] } {
  const dns = [
    service,
    `${service}.${namespace}`,
    `${service}.${namespace}.svc`,
    `${service}.${namespace}.svc.cluster.local`,
    'localhost',
  ];
  const ips = ['127.0.0.1'];
  for (const raw of extraSans) {
    const san = raw.trim();
    if (isIP(san)) {
      if (!ips.includes(san)) ips.push(san);
    } else if (DNS_NAME.test(san) && san.length <= 253) {
      if (!dns.includes(san)) dns.push(san);
    } else {
      throw new UserError(`verdict certs: "${raw}" is neither a DNS name nor an IP address`);
    }
  }
  return { dns, ips };
}

export function generateCertificates(request: CertificateRequest): GeneratedCertificates {
  const { namespace, service } = request;
  checkLabel('namespace', namespace);
  checkLabel('service', service);
  const validityDays = checkDays('validity', request.validityDays ?? 365);
  const caValidityDays = checkDays('CA validity', request.caValidityDays ?? 3650);
  const sans = servingSans(namespace, service, request.extraSans);
  const now = request.now ?? new Date();
  const notBefore = new Date(now.getTime() - BACKDATE_MS);

  let caCert: forge.pki.Certificate;
  let caKey: forge.pki.rsa.PrivateKey;
  let caKeyPem: string;
  if (request.ca) {
    ({ caCert, caKey } = loadCa(request.ca.certPem, request.ca.keyPem, now));
    caKeyPem = request.ca.keyPem;
  } else {
    const pair = newKeyPair();
    caKey = pair.privateKey;
    caKeyPem = pair.privateKeyPem;
    caCert = forge.pki.createCertificate();
    caCert.publicKey = pair.publicKey;
    caCert.serialNumber = serialNumber();
    caCert.validity.notBefore = notBefore;
    caCert.validity.notAfter = new Date(now.getTime() + caValidityDays * DAY_MS);
    const caName = [{ name: 'commonName', value: `verdict-ca.${namespace}` }, { name: 'organizationName', value: 'verdict' }];
    caCert.setSubject(caName);
    caCert.setIssuer(caName);
    caCert.setExtensions([
      { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
      { name: 'subjectKeyIdentifier' },
    ]);
    caCert.sign(caKey, forge.md.sha256.create());
  }

  const leaf = newKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = leaf.publicKey;
  cert.serialNumber = serialNumber();
  cert.validity.notBefore = notBefore;
  // A certificate that outlives its issuer fails verification anyway; cap it so `notAfter` tells the truth.
  const wanted = now.getTime() + validityDays * DAY_MS;
  cert.validity.notAfter = new Date(Math.min(wanted, caCert.validity.notAfter.getTime()));
  cert.setSubject([{ name: 'commonName', value: `${service}.${namespace}.svc` }]);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [...sans.dns.map((value) => ({ type: 2, value })), ...sans.ips.map((ip) => ({ type: 7, ip }))],
    },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(caKey, forge.md.sha256.create());

  return {
    caCertPem: toPem(caCert),
    caKeyPem,
    certPem: toPem(cert),
    keyPem: leaf.privateKeyPem,
    notAfter: cert.validity.notAfter,
  };
}

/** node-forge ends PEM lines with CRLF; plain LF is what every other tool writes and what a caBundle diff expects. */
function toPem(cert: forge.pki.Certificate): string {
  return forge.pki.certificateToPem(cert).replace(/\r\n/g, '\n');
}

/** RSA keys come from node:crypto (native, milliseconds) rather than node-forge's JavaScript generator (seconds). */
function newKeyPair(): { privateKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey; privateKeyPem: string } {
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicExponent: 0x10001,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const forgeKey = forge.pki.privateKeyFromPem(privateKey);
  return { privateKey: forgeKey, publicKey: forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e), privateKeyPem: privateKey };
}

function loadCa(certPem: string, keyPem: string, now: Date): { caCert: forge.pki.Certificate; caKey: forge.pki.rsa.PrivateKey } {
  let caCert: forge.pki.Certificate;
  let caKey: forge.pki.rsa.PrivateKey;
  try {
    caCert = forge.pki.certificateFromPem(certPem);
    caKey = forge.pki.privateKeyFromPem(keyPem);
  } catch (err) {
    throw new UserError(`verdict certs: cannot read the CA certificate or key: ${(err as Error).message}`);
  }
  const publicKey = caCert.publicKey as forge.pki.rsa.PublicKey;
  if (publicKey.n.compareTo(caKey.n) !== 0) throw new UserError('verdict certs: the CA key does not belong to the CA certificate');
  const constraints = caCert.getExtension('basicConstraints') as { cA?: boolean } | null;
  if (!constraints?.cA) throw new UserError('verdict certs: the given CA certificate is not a CA (basicConstraints cA is not set)');
  if (caCert.validity.notAfter.getTime() <= now.getTime()) {
    throw new UserError(`verdict certs: the CA certificate expired on ${caCert.validity.notAfter.toISOString()}`);
  }
  return { caCert, caKey };
}

/** 16 random bytes with the top bit clear: a positive DER integer, unique enough that no two certificates collide. */
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return bytes.toString('hex');
}

function checkLabel(what: string, value: string): void {
  if (!isDnsLabel(value)) {
    throw new UserError(`verdict certs: ${what} "${value}" is not a DNS label (lower-case letters, digits and "-", at most 63)`);
  }
}

function checkDays(what: string, days: number): number {
  if (!Number.isInteger(days) || days < 1 || days > 36500) {
    throw new UserError(`verdict certs: ${what} must be a whole number of days between 1 and 36500, not ${days}`);
  }
  return days;
}
