// Hashes, HMACs and X.509 on the host.
import { expect } from 'chai';
import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';
import { evaluateAll } from './evaluate.js';

/** A certificate signed by `issuer` (self-signed when absent), valid from an hour ago for a day. */
function certificate(cn: string, opts: { ca?: boolean; issuer?: { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey }; uri?: string }) {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = forge.pki.privateKeyFromPem(pair.privateKey.export({ format: 'pem', type: 'pkcs1' }).toString()) as forge.pki.rsa.PrivateKey;
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(pair.publicKey.export({ format: 'pem', type: 'spki' }).toString());
  cert.serialNumber = '0a' + Buffer.from(cn).toString('hex');
  cert.validity.notBefore = new Date(Date.now() - 3600_000);
  cert.validity.notAfter = new Date(Date.now() + 86400_000);
  cert.setSubject([{ name: 'commonName', value: cn }, { name: 'organizationName', value: 'Verdict' }]);
  cert.setIssuer((opts.issuer?.cert ?? cert).subject.attributes);
  const extensions: object[] = [{ name: 'basicConstraints', cA: opts.ca === true }, { name: 'keyUsage', digitalSignature: true, keyCertSign: opts.ca === true }];
  if (opts.uri) extensions.push({ name: 'subjectAltName', altNames: [{ type: 6, value: opts.uri }, { type: 2, value: 'svc.example.com' }] });
  cert.setExtensions(extensions);
  cert.sign(opts.issuer?.key ?? key, forge.md.sha256.create());
  return { cert, key, pem: forge.pki.certificateToPem(cert) };
}

describe('host builtins: crypto', () => {
  it('hashes and MACs in hex', async () => {
    const r = await evaluateAll({ sha: 'crypto.sha256("abc")', hmac: 'crypto.hmac.sha256("abc", "key")', equal: 'crypto.hmac.equal("aa", "aa")' });
    expect(r).to.deep.equal({
      sha: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
      hmac: '9c196e32dc0175f86f4b1cb89289d6619de6bee699e4c378e68309ed97a1a6ab',
      equal: true,
    });
  });

  it('describes certificates from PEM and base64 PEM with Go x509 field names', async () => {
    const ca = certificate('Verdict CA', { ca: true });
    const leaf = certificate('leaf', { issuer: ca, uri: 'spiffe://example.com/opa' });
    const chain = leaf.pem + ca.pem;
    const r = await evaluateAll(
      {
        names: '[c.Subject.CommonName | c := crypto.x509.parse_certificates(input.pem)[_]]',
        leaf: 'crypto.x509.parse_certificates(input.b64)[0]',
        bad: 'crypto.x509.parse_certificates("YmFkc3RyaW5n")',
      },
      { pem: chain, b64: Buffer.from(chain).toString('base64') },
    );
    expect(r.names).to.deep.equal(['leaf', 'Verdict CA']);
    const l = r.leaf as Record<string, any>;
    expect(l.Subject.Organization).to.deep.equal(['Verdict']);
    expect(l.Issuer.CommonName).to.equal('Verdict CA');
    expect(l.URIStrings).to.deep.equal(['spiffe://example.com/opa']);
    expect(l.DNSNames).to.deep.equal(['svc.example.com']);
    expect([l.IsCA, l.BasicConstraintsValid, l.KeyUsage, l.Version, l.SignatureAlgorithm]).to.deep.equal([false, true, 1, 3, 4]);
    expect(r.bad).to.equal(undefined);
  });

  it('verifies a chain given root first, and rejects one out of order', async () => {
    const ca = certificate('Verdict CA', { ca: true });
    const leaf = certificate('leaf', { issuer: ca });
    const r = await evaluateAll(
      {
        good: '[[ok, count(certs)] | [ok, certs] := crypto.x509.parse_and_verify_certificates(input.good)][0]',
        reversed: 'crypto.x509.parse_and_verify_certificates(input.reversed)',
      },
      { good: ca.pem + leaf.pem, reversed: leaf.pem + ca.pem },
    );
    expect(r).to.deep.equal({ good: [true, 2], reversed: [false, []] });
  });

  it('verifies with options: the time, the host name and the key usages', async () => {
    const ca = certificate('Verdict CA', { ca: true });
    const leaf = certificate('leaf', { issuer: ca, uri: 'spiffe://example.com/opa' });
    const later = (Date.now() + 2 * 86400_000) * 1e6;
    const r = await evaluateAll(
      {
        host: 'crypto.x509.parse_and_verify_certificates_with_options(input.chain, {"DNSName": "svc.example.com"})[0]',
        otherHost: 'crypto.x509.parse_and_verify_certificates_with_options(input.chain, {"DNSName": "other.example.com"})[0]',
        expired: 'crypto.x509.parse_and_verify_certificates_with_options(input.chain, {"CurrentTime": input.later})[0]',
        usage: 'crypto.x509.parse_and_verify_certificates_with_options(input.chain, {"KeyUsages": ["KeyUsageServerAuth"]})[0]',
        unknownOption: 'crypto.x509.parse_and_verify_certificates_with_options(input.chain, {"Colour": "red"})',
      },
      { chain: ca.pem + leaf.pem, later },
    );
    expect(r).to.deep.equal({ host: true, otherHost: false, expired: false, usage: true, unknownOption: undefined });
  });

  it('describes certificate signing requests', async () => {
    const { key } = certificate('unused', {});
    const csr = forge.pki.createCertificationRequest();
    csr.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
    csr.setSubject([{ name: 'commonName', value: 'requested' }]);
    csr.setAttributes([{ name: 'extensionRequest', extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'a.example.com' }, { type: 7, ip: '10.0.0.1' }] }] }]);
    csr.sign(key, forge.md.sha256.create());
    const r = await evaluateAll(
      { csr: 'crypto.x509.parse_certificate_request(input.pem)' },
      { pem: forge.pki.certificationRequestToPem(csr) },
    );
    const c = r.csr as Record<string, any>;
    expect([c.Subject.CommonName, c.DNSNames, c.IPAddresses, c.SignatureAlgorithm, c.PublicKeyAlgorithm]).to.deep.equal(['requested', ['a.example.com'], ['10.0.0.1'], 4, 1]);
  });
});
