import { expect } from 'chai';
import { admissionEndpoint } from '../../src/server/app.js';

describe('request listener: which requests go straight to the admission handler', () => {
  it('takes POST /validate and POST /mutate, with or without a query string', () => {
    expect(admissionEndpoint('POST', '/validate')).to.equal('validate');
    expect(admissionEndpoint('POST', '/mutate')).to.equal('mutate');
    expect(admissionEndpoint('POST', '/validate?timeout=10s')).to.equal('validate');
    expect(admissionEndpoint('POST', '/mutate?timeout=30s&x=1')).to.equal('mutate');
  });

  it('leaves other methods, paths and spellings to express', () => {
    expect(admissionEndpoint('GET', '/validate')).to.equal(undefined);
    expect(admissionEndpoint('PUT', '/mutate')).to.equal(undefined);
    expect(admissionEndpoint('POST', '/validate/')).to.equal(undefined);
    expect(admissionEndpoint('POST', '/Validate')).to.equal(undefined);
    expect(admissionEndpoint('POST', '/validatex')).to.equal(undefined);
    expect(admissionEndpoint('POST', '/metrics')).to.equal(undefined);
    expect(admissionEndpoint('POST', undefined)).to.equal(undefined);
    expect(admissionEndpoint(undefined, '/validate')).to.equal(undefined);
  });
});

describe('request listener: a failure while answering an error', () => {
  it('answers 500 and keeps the process up when the handler itself fails (here: the logger throws)', async () => {
    const { createServer } = await import('node:http');
    const { createRequestListener } = await import('../../src/server/app.js');
    const failingLog = { error: () => { throw new Error('logger down'); }, info() {}, warn() {} };
    const ctx = {
      state: { engine: { decide: async () => { throw new Error('engine failed'); } } },
      log: failingLog,
      audit: { write: async () => ({ id: '' }), flush: async () => {} },
      bodyLimit: 1024 * 1024,
      draining: false,
      inFlight: 0,
    } as any;
    const server = createServer(createRequestListener(ctx));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const port = (server.address() as { port: number }).port;
      const review = { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: { uid: 'u-1', kind: { group: '', version: 'v1', kind: 'Pod' }, operation: 'CREATE', object: {} } };
      const reply = await fetch(`http://127.0.0.1:${port}/validate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(review) });
      expect(reply.status).to.equal(500);
      expect(await reply.json()).to.deep.equal({ message: 'internal error', status: 500 });
      await new Promise((r) => setImmediate(r));
      expect(unhandled).to.deep.equal([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      server.close();
    }
  });
});
