// Pins that the generated pair works for real TLS: a node:https server with the serving cert, a client that trusts only the CA.
import { expect } from 'chai';
import { createServer, request, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { generateCertificates, type GeneratedCertificates } from '../../src/certs/index.js';

interface Outcome {
  status?: number;
  body?: string;
  error?: string;
}

/** One GET to 127.0.0.1:port, verifying the server against `ca` only, for the name `servername`. */
function get(port: number, ca: string, servername?: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/healthz', ca, servername, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
    req.end();
  });
}

describe('generated certificates over HTTPS', () => {
  let certs: GeneratedCertificates;
  let server: Server;
  let port: number;

  before(async () => {
    certs = generateCertificates({ namespace: 'verdict-system', service: 'verdict' });
    server = createServer({ key: certs.keyPem, cert: certs.certPem }, (_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('lets a client that trusts only the CA connect by IP', async () => {
    expect(await get(port, certs.caCertPem)).to.deep.equal({ status: 200, body: 'ok' });
  });

  it('lets that client connect under the name the apiserver uses, <service>.<namespace>.svc', async () => {
    expect(await get(port, certs.caCertPem, 'verdict.verdict-system.svc')).to.deep.equal({ status: 200, body: 'ok' });
  });

  it('fails for a name the certificate does not carry', async () => {
    expect(await get(port, certs.caCertPem, 'verdict.other-namespace.svc')).to.deep.equal({ error: 'ERR_TLS_CERT_ALTNAME_INVALID' });
  });

  it('fails for a client that trusts a different CA', async () => {
    const other = generateCertificates({ namespace: 'verdict-system', service: 'verdict' });
    const outcome = await get(port, other.caCertPem);
    expect(outcome.status).to.equal(undefined);
    expect(outcome.error).to.be.oneOf(['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'CERT_SIGNATURE_FAILURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY']);
  });
});
