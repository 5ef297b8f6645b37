// providers.aws.sign_req: AWS Signature Version 4 as OPA computes it.
import { expect } from 'chai';
import { evaluateAll } from './evaluate.js';

const CONFIG = '{"aws_access_key": "MYAWSACCESSKEYGOESHERE", "aws_secret_access_key": "MYAWSSECRETACCESSKEYGOESHERE", "aws_service": "s3", "aws_region": "us-east-1"}';
const T = 1451311705000000000;

describe('host builtins: providers.aws.sign_req', () => {
  it('adds the SigV4 headers OPA adds, with the signature OPA computes', async () => {
    const r = await evaluateAll({ signed: `providers.aws.sign_req({"method": "get", "url": "http://example.com", "headers": {"foo": "bar"}}, ${CONFIG}, ${T})` });
    expect(r.signed).to.deep.equal({
      method: 'get',
      url: 'http://example.com',
      headers: {
        Authorization:
          'AWS4-HMAC-SHA256 Credential=MYAWSACCESSKEYGOESHERE/20151228/us-east-1/s3/aws4_request,SignedHeaders=foo;host;x-amz-content-sha256;x-amz-date,Signature=8f1dc7c9b9978356a0d0989fd26a95307f4f8a4aa264d8220647b7097d839952',
        foo: 'bar',
        host: 'example.com',
        'x-amz-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
        'x-amz-date': '20151228T140825Z',
      },
    });
  });

  it('hashes raw_body as written, signs unsigned payloads, and carries a session token', async () => {
    const r = await evaluateAll({
      raw: `providers.aws.sign_req({"method": "get", "url": "http://example.com", "raw_body": "{\\"example\\": {1, 2, 3, 4}}"}, ${CONFIG}, ${T}).headers["x-amz-content-sha256"]`,
      unsigned: `providers.aws.sign_req({"method": "get", "url": "https://example.com"}, object.union(${CONFIG}, {"disable_payload_signing": true}), ${T}).headers["x-amz-content-sha256"]`,
      token: `providers.aws.sign_req({"method": "get", "url": "http://example.com"}, object.union(${CONFIG}, {"aws_session_token": "TOKEN"}), ${T}).headers["x-amz-security-token"]`,
      noUrl: `providers.aws.sign_req({"method": "get"}, ${CONFIG}, ${T})`,
    });
    expect(r).to.deep.equal({
      raw: '22906461e2a98a3e780d0fd260e341bed5e544661e97c5936fc7f3af11aaad8b',
      unsigned: 'UNSIGNED-PAYLOAD',
      token: 'TOKEN',
      noUrl: undefined,
    });
  });

  it('gives the request back with its body as it was, a set still a set', async () => {
    const req = '{"method": "get", "url": "http://example.com", "body": {"example": {1, 2, 3, 4}}}';
    const r = await evaluateAll({
      bodyKept: `providers.aws.sign_req(${req}, ${CONFIG}, ${T}).body == {"example": {1, 2, 3, 4}}`,
      hash: `providers.aws.sign_req(${req}, ${CONFIG}, ${T}).headers["x-amz-content-sha256"]`,
    });
    expect(r).to.deep.equal({ bodyKept: true, hash: 'bacff6243c850423883052ac3c336fd645994442933408dfd3f9e858e69bda07' });
  });
});
