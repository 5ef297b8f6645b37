// Pins the answers to bad input: 400 with a message saying what is wrong, 413 past 3 MiB, 408 for a body that never
// arrives, JSON errors for wrong methods and paths, and a server that keeps answering afterwards.
import { expect } from 'chai';
import { connect } from 'node:tls';
import { call, podReview, send, startTestServer, type TestServer } from './harness.js';

const MiB = 1024 * 1024;

/** Writes raw bytes over TLS and returns whatever the server sends back before closing or `waitMs`. */
function rawExchange(server: TestServer, chunks: Array<string | Buffer>, waitMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port: server.port, ca: server.ca, ALPNProtocols: ['http/1.1'] }, () => {
      for (const c of chunks) socket.write(c);
    });
    let got = '';
    socket.on('data', (d: Buffer) => (got += d.toString('latin1')));
    const done = () => resolve(got);
    socket.on('end', done);
    socket.on('close', done);
    socket.on('error', (err) => (got ? done() : reject(err)));
    setTimeout(() => {
      socket.destroy();
      done();
    }, waitMs).unref();
  });
}

describe('bad input', function () {
  this.timeout(60_000);
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ requestTimeoutMs: 1000 });
  });
  after(async () => {
    await server?.close();
  });

  const badReviews: Array<[string, string, RegExp]> = [
    ['a body that is not JSON', '{"apiVersion": ', /^body is not valid JSON: /],
    ['a JSON array', '[]', /^body must be a JSON object/],
    ['a wrong kind', JSON.stringify({ ...podReview(), kind: 'Pod' }), /^kind must be "AdmissionReview", not "Pod"$/],
    ['a wrong apiVersion', JSON.stringify({ ...podReview(), apiVersion: 'admission.k8s.io/v2' }), /^apiVersion must be one of admission\.k8s\.io\/v1, admission\.k8s\.io\/v1beta1, not "admission\.k8s\.io\/v2"$/],
    ['a missing request', JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview' }), /^request is missing/],
    ['a missing uid', JSON.stringify((() => { const r = podReview(); delete r.request.uid; return r; })()), /^request\.uid is missing/],
    ['a non-string kind', JSON.stringify((() => { const r = podReview(); r.request.kind = 'Pod'; return r; })()), /^request\.kind must be an object/],
    ['an unknown operation', JSON.stringify((() => { const r = podReview(); r.request.operation = 'PATCH'; return r; })()), /^request\.operation must be one of CREATE, UPDATE, DELETE, CONNECT, not "PATCH"$/],
    ['groups that are not strings', JSON.stringify((() => { const r = podReview(); r.request.userInfo.groups = [1]; return r; })()), /^request\.userInfo\.groups must be a list of strings$/],
  ];
  for (const [what, body, message] of badReviews) {
    it(`answers ${what} with 400 and says what is wrong`, async () => {
      const reply = await call(server, { path: '/validate', body });
      expect(reply.status).to.equal(400);
      expect(reply.headers['content-type']).to.match(/^application\/json/);
      expect(reply.json.status).to.equal(400);
      expect(reply.json.message).to.match(message);
    });
  }

  it('answers a wrong content type with 400 naming it', async () => {
    const reply = await call(server, { path: '/validate', body: JSON.stringify(podReview()), headers: { 'Content-Type': 'text/plain' } });
    expect(reply.status).to.equal(400);
    expect(reply.json.message).to.equal('Content-Type must be application/json, not "text/plain"');
  });

  it('accepts application/json with a charset parameter', async () => {
    const reply = await call(server, { path: '/validate', body: JSON.stringify(podReview()), headers: { 'Content-Type': 'application/json; charset=utf-8' } });
    expect(reply.status).to.equal(200);
  });

  it('rejects a review over the body limit with 413 from its Content-Length', async () => {
    const review = podReview({ annotations: { pad: 'x'.repeat(3 * MiB) } });
    const reply = await send(server, 'validate', review);
    expect(reply.status).to.equal(413);
    expect(reply.json.message).to.equal(`request body is larger than ${3 * MiB} bytes`);
  });

  it('rejects a chunked body with 413 once it passes the limit', async () => {
    const head = 'POST /validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n';
    const chunk = Buffer.alloc(MiB, 0x20);
    const framed = (b: Buffer) => Buffer.concat([Buffer.from(b.length.toString(16) + '\r\n'), b, Buffer.from('\r\n')]);
    const got = await rawExchange(server, [head, framed(chunk), framed(chunk), framed(chunk), framed(chunk)], 5000);
    expect(got).to.match(/^HTTP\/1\.1 413 /);
    expect(got).to.include('"status":413');
  });

  it('answers 408 when the body does not arrive within the request timeout', async () => {
    const head = 'POST /validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"apiVersion"';
    const got = await rawExchange(server, [head], 8000);
    expect(got).to.match(/^HTTP\/1\.1 408 /);
  });

  it('answers a wrong method with 405 and an Allow header', async () => {
    const reply = await call(server, { method: 'GET', path: '/validate' });
    expect(reply.status).to.equal(405);
    expect(reply.headers.allow).to.equal('POST');
    expect(reply.json).to.deep.equal({ message: 'GET is not allowed on /validate; use POST', status: 405 });
  });

  it('answers an unknown path with a JSON 404', async () => {
    const reply = await call(server, { method: 'POST', path: '/admit', body: '{}' });
    expect(reply.status).to.equal(404);
    expect(reply.json).to.deep.equal({ message: 'no such endpoint: POST /admit', status: 404 });
  });

  it('closes a connection that does not speak HTTP and keeps serving others', async () => {
    await rawExchange(server, [Buffer.from([0, 1, 2, 3, 255, 254, 13, 10, 13, 10])], 2000);
    const reply = await send(server, 'validate', podReview());
    expect(reply.status).to.equal(200);
  });

  it('answers /healthz and /readyz once the bundle is loaded', async () => {
    expect((await call(server, { method: 'GET', path: '/healthz' })).status).to.equal(200);
    const ready = await call(server, { method: 'GET', path: '/readyz' });
    expect(ready.status).to.equal(200);
    expect(ready.text).to.match(/^ok: bundle /);
  });

  it('still answers reviews correctly after all of the above', async () => {
    const r = (await send(server, 'validate', podReview({ privileged: true }))).json.response;
    expect(r.allowed).to.equal(false);
  });
});
