// Pins the certificates `verdict certs` makes: a CA, a serving cert that chains to it with every Service name, and their files.
import { expect } from 'chai';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';
import { generateCertificates, readCertificateExpiry, secondsUntilExpiry, writeCertificates, type GeneratedCertificates } from '../../src/certs/index.js';
import { UserError } from '../../src/shared/user-error.js';

const DAY = 24 * 60 * 60 * 1000;
const NOW = new Date('2026-01-15T12:00:00Z');

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}

describe('certificate generation', () => {
  let certs: GeneratedCertificates;
  let ca: X509Certificate;
  let leaf: X509Certificate;
  before(() => {
    certs = generateCertificates({ namespace: 'verdict-system', service: 'verdict', now: NOW });
    ca = new X509Certificate(certs.caCertPem);
    leaf = new X509Certificate(certs.certPem);
  });

  it('makes a serving certificate signed by the CA', () => {
    expect(leaf.checkIssued(ca)).to.equal(true);
    expect(leaf.verify(ca.publicKey)).to.equal(true);
    expect(leaf.checkPrivateKey(createPrivateKey(certs.keyPem))).to.equal(true);
    expect(ca.checkPrivateKey(createPrivateKey(certs.caKeyPem))).to.equal(true);
  });

  it('makes a CA that may sign certificates and nothing below it', () => {
    expect(ca.ca).to.equal(true);
    expect(ca.verify(ca.publicKey)).to.equal(true);
    const parsed = forge.pki.certificateFromPem(certs.caCertPem);
    expect(parsed.getExtension('basicConstraints')).to.include({ cA: true, pathLenConstraint: 0, critical: true });
    expect(parsed.getExtension('keyUsage')).to.include({ keyCertSign: true, cRLSign: true, digitalSignature: false });
  });

  it('names the Service in every form it is reached by, plus localhost and 127.0.0.1', () => {
    expect(leaf.subjectAltName?.split(', ')).to.deep.equal([
      'DNS:verdict',
      'DNS:verdict.verdict-system',
      'DNS:verdict.verdict-system.svc',
      'DNS:verdict.verdict-system.svc.cluster.local',
      'DNS:localhost',
      'IP Address:127.0.0.1',
    ]);
    expect(leaf.checkHost('verdict.verdict-system.svc')).to.equal('verdict.verdict-system.svc');
    expect(leaf.checkIP('127.0.0.1')).to.equal('127.0.0.1');
  });

  it('is a server certificate only: serverAuth, digitalSignature and keyEncipherment, not a CA', () => {
    expect(leaf.ca).to.equal(false);
    expect(leaf.keyUsage).to.deep.equal(['1.3.6.1.5.5.7.3.1']);
    const parsed = forge.pki.certificateFromPem(certs.certPem);
    expect(parsed.getExtension('keyUsage')).to.include({ digitalSignature: true, keyEncipherment: true, keyCertSign: false, critical: true });
    expect(parsed.getExtension('authorityKeyIdentifier')).to.not.equal(null);
  });

  it('uses RSA 2048 keys and SHA-256 signatures', () => {
    expect(leaf.publicKey.asymmetricKeyDetails?.modulusLength).to.equal(2048);
    expect(forge.pki.certificateFromPem(certs.certPem).siginfo.algorithmOid).to.equal(forge.pki.oids.sha256WithRSAEncryption);
  });

  it('is valid for 365 days by default, the CA for 3650, both slightly backdated for clock skew', () => {
    expect(certs.notAfter.getTime()).to.equal(NOW.getTime() + 365 * DAY);
    expect(readCertificateExpiry(certs.caCertPem).getTime()).to.equal(NOW.getTime() + 3650 * DAY);
    expect(new Date(leaf.validFrom).getTime()).to.be.below(NOW.getTime());
  });

  it('takes the validity in days, and reports the expiry the certificate carries', () => {
    const short = generateCertificates({ namespace: 'ns', service: 'svc', validityDays: 30, now: NOW });
    expect(short.notAfter.getTime()).to.equal(NOW.getTime() + 30 * DAY);
    expect(readCertificateExpiry(short.certPem).getTime()).to.equal(short.notAfter.getTime());
    expect(new Date(new X509Certificate(short.certPem).validTo).getTime()).to.equal(short.notAfter.getTime());
    expect(secondsUntilExpiry(short.certPem, NOW)).to.equal(30 * 24 * 60 * 60);
  });

  it('adds extra names as DNS or IP SANs', () => {
    const extra = generateCertificates({ namespace: 'ns', service: 'svc', extraSans: ['verdict.example.com', '10.0.0.7', '::1'], now: NOW });
    const sans = new X509Certificate(extra.certPem).subjectAltName ?? '';
    expect(sans).to.include('DNS:verdict.example.com').and.include('IP Address:10.0.0.7').and.include('IP Address:0:0:0:0:0:0:0:1');
  });

  it('reissues a serving certificate under an existing CA, capped at the CA’s expiry', () => {
    const shortCa = generateCertificates({ namespace: 'ns', service: 'svc', caValidityDays: 10, validityDays: 5, now: NOW });
    const reissued = generateCertificates({
      namespace: 'ns',
      service: 'svc',
      validityDays: 365,
      ca: { certPem: shortCa.caCertPem, keyPem: shortCa.caKeyPem },
      now: NOW,
    });
    expect(reissued.caCertPem).to.equal(shortCa.caCertPem);
    expect(new X509Certificate(reissued.certPem).verify(new X509Certificate(shortCa.caCertPem).publicKey)).to.equal(true);
    expect(reissued.notAfter.getTime()).to.equal(NOW.getTime() + 10 * DAY);
  });

  it('refuses a CA key that does not belong to the CA, and a CA certificate that is not a CA', () => {
    const other = generateCertificates({ namespace: 'ns', service: 'svc', now: NOW });
    const wrongKey = errorOf(() => generateCertificates({ namespace: 'ns', service: 'svc', ca: { certPem: certs.caCertPem, keyPem: other.caKeyPem } }));
    expect(wrongKey).to.be.instanceOf(UserError);
    expect(wrongKey.message).to.match(/does not belong/);
    const notCa = errorOf(() => generateCertificates({ namespace: 'ns', service: 'svc', ca: { certPem: certs.certPem, keyPem: certs.keyPem } }));
    expect(notCa.message).to.match(/not a CA/);
  });

  it('rejects names that are not DNS labels, bad SANs and impossible validities with user errors', () => {
    for (const request of [
      { namespace: 'Verdict_System', service: 'verdict' },
      { namespace: 'ns', service: '-verdict' },
      { namespace: 'ns', service: 'verdict', validityDays: 0 },
      { namespace: 'ns', service: 'verdict', validityDays: 1.5 },
      { namespace: 'ns', service: 'verdict', extraSans: ['not a name'] },
    ]) {
      expect(errorOf(() => generateCertificates(request)), JSON.stringify(request)).to.be.instanceOf(UserError);
    }
  });
});

describe('certificate files', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'verdict-certs-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  let certs: GeneratedCertificates;
  before(() => {
    certs = generateCertificates({ namespace: 'verdict-system', service: 'verdict' });
  });
  const mode = async (name: string) => (await stat(join(dir, name))).mode & 0o777;

  it('writes ca.crt, tls.crt and tls.key, the key readable by its owner only', async () => {
    await writeCertificates(dir, certs);
    expect(await readFile(join(dir, 'ca.crt'), 'utf8')).to.equal(certs.caCertPem);
    expect(await readFile(join(dir, 'tls.crt'), 'utf8')).to.equal(certs.certPem);
    expect(await readFile(join(dir, 'tls.key'), 'utf8')).to.equal(certs.keyPem);
    expect(await mode('tls.key')).to.equal(0o600);
    expect(await mode('tls.crt')).to.equal(0o644);
    const missing = await stat(join(dir, 'ca.key')).catch((err: NodeJS.ErrnoException) => err.code);
    expect(missing).to.equal('ENOENT');
  });

  it('writes ca.key (0600) only when asked, and tightens a key file that existed with a looser mode', async () => {
    await writeCertificates(dir, certs);
    await chmod(join(dir, 'tls.key'), 0o644);
    await writeCertificates(dir, certs, { writeCaKey: true });
    expect(await readFile(join(dir, 'ca.key'), 'utf8')).to.equal(certs.caKeyPem);
    expect(await mode('ca.key')).to.equal(0o600);
    expect(await mode('tls.key')).to.equal(0o600);
  });
});
