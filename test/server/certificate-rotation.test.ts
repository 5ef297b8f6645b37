// Pins certificate rotation: new files in the cert folder are served to new connections without a restart, an open
// keep-alive connection carries on undisturbed, and the expiry metric follows the new certificate.
import { expect } from 'chai';
import { request, Agent } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { generateCertificates, writeCertificates } from '../../src/certs/index.js';
import { eventually, newCertDir, podReview, startTestServer, type TestServer } from './harness.js';

/** POSTs a review and returns the certificate the server presented and the local port of the connection used. */
function probe(server: TestServer, agent: Agent | false): Promise<{ status: number; fingerprint: string; localPort: number }> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify(podReview());
    const req = request(
      { host: '127.0.0.1', port: server.port, method: 'POST', path: '/validate', ca: server.ca, agent, headers: { 'Content-Type': 'application/json' } },
      (res) => {
        const socket = res.socket as TLSSocket;
        const fingerprint = socket.getPeerCertificate().fingerprint256;
        const localPort = socket.localPort!;
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode!, fingerprint, localPort }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('certificate rotation', function () {
  this.timeout(60_000);
  let server: TestServer;
  let certs: Awaited<ReturnType<typeof newCertDir>>;
  before(async () => {
    certs = await newCertDir();
    server = await startTestServer({ certDir: certs });
  });
  after(async () => {
    await server?.close();
  });

  it('serves replaced certificate files to new connections while an open connection keeps working', async () => {
    const keepAlive = new Agent({ keepAlive: true, maxSockets: 1, ca: certs.ca });
    try {
      const before = await probe(server, keepAlive);
      expect(before.status).to.equal(200);

      const rotated = generateCertificates({ namespace: 'verdict-system', service: 'verdict', validityDays: 30, ca: { certPem: certs.ca, keyPem: certs.caKey } });
      await writeCertificates(certs.dir, rotated);

      await eventually('new certificate served', async () => (await probe(server, false)).fingerprint !== before.fingerprint);
      const fresh = await probe(server, false);
      expect(fresh.status).to.equal(200);

      const again = await probe(server, keepAlive);
      expect(again.status).to.equal(200);
      expect(again.localPort, 'same keep-alive connection').to.equal(before.localPort);
      expect(again.fingerprint, 'the open connection keeps its handshake').to.equal(before.fingerprint);

      const metrics = (await server.running.context.metricsText()).text;
      const line = metrics.split('\n').find((l) => l.startsWith('verdict_certificate_expiry_timestamp_seconds '))!;
      expect(Number(line.split(' ')[1])).to.be.closeTo(rotated.notAfter.getTime() / 1000, 1);
    } finally {
      keepAlive.destroy();
    }
  });
});
