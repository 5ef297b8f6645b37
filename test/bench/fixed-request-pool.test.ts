// The benchmark's open-loop client against a real HTTPS server: what it sends, how it reads answers by their length,
// how requests wait for a free connection, and that a broken connection fails requests instead of hanging the run.
import { expect } from 'chai';
import { once } from 'node:events';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { generateCertificates } from '../../src/certs/index.js';
import { FixedRequestPool } from '../../bench/fixed-request-pool.js';

const certs = generateCertificates({ namespace: 'test', service: 'bench' });
const REQUEST = { path: '/validate', headers: { 'content-type': 'application/json' }, body: '{"hello":"wörld"}' };

type Handler = Parameters<typeof createServer>[1];

async function serve(handler: Handler): Promise<{ server: Server; port: number }> {
  const server = createServer({ cert: certs.certPem, key: certs.keyPem }, handler);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, port: (server.address() as AddressInfo).port };
}

function sendAll(pool: FixedRequestPool, count: number): Promise<Array<number | null>> {
  return Promise.all(Array.from({ length: count }, () => new Promise<number | null>((resolve) => pool.send(resolve))));
}

describe('bench: FixedRequestPool', function () {
  this.timeout(20_000);
  let server: Server | undefined;
  let pool: FixedRequestPool | undefined;

  afterEach(async () => {
    pool?.close();
    server?.closeAllConnections();
    if (server?.listening) await new Promise((resolve) => server!.close(resolve));
    pool = server = undefined;
  });

  it('sends the fixed request, body and headers intact, and reports each status', async () => {
    const seen: Array<{ method?: string; url?: string; type?: string; body: string }> = [];
    ({ server } = await serve((req, res) => {
      let body = '';
      req.setEncoding('utf8').on('data', (c: string) => (body += c));
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, type: req.headers['content-type'], body });
        res.writeHead(seen.length % 2 ? 200 : 403, { 'content-length': '2' }).end('ok');
      });
    }));
    pool = await FixedRequestPool.connect((server.address() as AddressInfo).port, 2, REQUEST);
    const statuses = await sendAll(pool, 6);
    expect(statuses.filter((s) => s === 200)).to.have.length(3);
    expect(statuses.filter((s) => s === 403)).to.have.length(3);
    expect(seen).to.have.length(6);
    for (const s of seen) expect(s).to.deep.equal({ method: 'POST', url: '/validate', type: 'application/json', body: REQUEST.body });
  });

  it('reads an answer that arrives in pieces, and keeps one request in flight per connection', async () => {
    let inFlight = 0;
    let most = 0;
    ({ server } = await serve((req, res) => {
      inFlight++;
      most = Math.max(most, inFlight);
      req.resume().on('end', () => {
        const body = 'x'.repeat(100_000); // several TLS records, so several 'data' events at the client
        setTimeout(() => {
          inFlight--;
          res.writeHead(200, { 'content-length': String(body.length) }).end(body);
        }, 5);
      });
    }));
    pool = await FixedRequestPool.connect((server.address() as AddressInfo).port, 3, REQUEST);
    const statuses = await sendAll(pool, 12);
    expect(statuses).to.deep.equal(new Array(12).fill(200));
    expect(most).to.equal(3);
  });

  it('fails the request, and closes the connection, when an answer has no Content-Length', async () => {
    // Written in two pieces, so that node frames the answer with chunked encoding instead of a length.
    ({ server } = await serve((req, res) =>
      req.resume().on('end', () => {
        res.write('chunked, ');
        res.end('no length');
      }),
    ));
    pool = await FixedRequestPool.connect((server.address() as AddressInfo).port, 1, REQUEST);
    expect(await sendAll(pool, 1)).to.deep.equal([null]);
    // The only connection is gone: later requests fail at once rather than wait forever.
    expect(await sendAll(pool, 2)).to.deep.equal([null, null]);
  });

  it('fails waiting requests when the last connection breaks', async () => {
    ({ server } = await serve((req) => req.resume().on('end', () => req.socket.destroy())));
    pool = await FixedRequestPool.connect((server.address() as AddressInfo).port, 2, REQUEST);
    expect(await sendAll(pool, 5)).to.deep.equal([null, null, null, null, null]);
  });

  it('rejects connect() when nothing listens on the port', async () => {
    ({ server } = await serve(() => {}));
    const port = (server.address() as AddressInfo).port;
    await new Promise((resolve) => server!.close(resolve));
    const err = await FixedRequestPool.connect(port, 1, REQUEST).then(() => null, (e: Error) => e);
    expect(err?.message).to.match(/ECONNREFUSED/);
  });
});
