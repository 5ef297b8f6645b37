/** Cloud provider helpers on the host: providers.aws.sign_req signs a request with AWS Signature Version 4. */
import { createHash, createHmac } from 'node:crypto';
import { goJson, hostFamily, isNumber, isObject, isString } from './host-values.js';
import type { BuiltinEntry } from './types.js';

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

/** Headers left out of the signature because proxies may change them (as the AWS SDK leaves them out). */
const IGNORED_HEADERS = new Set(['authorization', 'user-agent', 'x-amzn-trace-id']);

/** The path as written in the URL, as Go's URL.EscapedPath gives it: empty for `http://host` (WHATWG adds a `/`). */
function rawPath(url: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*(\/[^?#]*)?/i.exec(url)?.[1] ?? '';
}

/** `20151228T140825Z` for a time in nanoseconds. */
function amzDate(ns: number): string {
  return new Date(Math.floor(ns / 1e6)).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function signRequest(req: unknown, config: unknown, timeNs: unknown): Record<string, unknown> | undefined {
  if (!isObject(req) || !isObject(config) || !isNumber(timeNs) || !isString(req.url) || !isString(req.method)) return undefined;
  const { aws_access_key: accessKey, aws_secret_access_key: secretKey, aws_service: service, aws_region: region } = config;
  if (![accessKey, secretKey, service, region].every(isString)) return undefined;
  const token = config.aws_session_token;
  const url = new URL(req.url);
  const date = amzDate(timeNs);
  const day = date.slice(0, 8);

  // raw_body is sent as written; otherwise body is sent as JSON (Go's encoding, keys sorted).
  const body = isString(req.raw_body) ? req.raw_body : req.body !== undefined ? goJson(req.body) : '';
  const payloadHash = config.disable_payload_signing === true ? 'UNSIGNED-PAYLOAD' : sha256(body);

  const requestHeaders: Record<string, string> = {};
  if (req.headers !== undefined) {
    if (!isObject(req.headers)) return undefined;
    for (const [k, v] of Object.entries(req.headers)) {
      if (!isString(v)) return undefined;
      requestHeaders[k] = v;
    }
  }
  const awsHeaders: Record<string, string> = { host: url.host, 'x-amz-date': date };
  // S3 and Glacier want the payload hash as a header; other services do not.
  if (service === 's3' || service === 'glacier') awsHeaders['x-amz-content-sha256'] = payloadHash;
  if (isString(token) && token !== '') awsHeaders['x-amz-security-token'] = token;

  // The request's own headers are signed as given (they win over the AWS ones here, as in OPA), except those a
  // proxy may change; the returned request carries the AWS headers.
  const signed = new Map(Object.entries(awsHeaders));
  for (const [k, v] of Object.entries(requestHeaders)) if (!IGNORED_HEADERS.has(k.toLowerCase())) signed.set(k.toLowerCase(), v);
  const names = [...signed.keys()].sort();
  const signedHeaders = names.join(';');
  // As OPA builds it: the method as given, the path and query as written (empty path for a bare host).
  const canonicalRequest = [
    req.method,
    rawPath(req.url),
    /\?([^#]*)/.exec(req.url)?.[1] ?? '',
    names.map((n) => `${n}:${signed.get(n)}\n`).join(''),
    signedHeaders,
    payloadHash,
  ].join('\n');
  const scope = `${day}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', date, scope, sha256(canonicalRequest)].join('\n');
  let key: Buffer = hmac(`AWS4${secretKey as string}`, day);
  for (const part of [region as string, service as string, 'aws4_request']) key = hmac(key, part);
  const signature = createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
  const authorization = `AWS4-HMAC-SHA256 Credential=${accessKey as string}/${scope},SignedHeaders=${signedHeaders},Signature=${signature}`;
  // Only the headers: the module merges them over the request (mergesOverOperand), which keeps its body as it
  // was, sets included, where JSON would have turned them into arrays.
  return { headers: { ...requestHeaders, ...awsHeaders, Authorization: authorization } };
}

export const providers: BuiltinEntry[] = hostFamily([
  {
    name: 'providers.aws.sign_req',
    arity: 3,
    host: signRequest,
    mergesOverOperand: 0,
    doc: 'the request with AWS SigV4 headers added (Authorization, host, x-amz-date, x-amz-content-sha256…), signed at a time in ns',
  },
]);
