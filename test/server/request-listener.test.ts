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
