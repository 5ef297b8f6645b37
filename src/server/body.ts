// Reads a request body into an ArrayBuffer of its own (what the policy module takes as input without a copy or a
// stringify), refusing wrong content types and bodies over the limit before reading them whole.
import type { IncomingMessage } from 'node:http';
import { ApiError } from './api-error.js';

/** The kube-apiserver's own limit on a request is 3 MiB; a review of it cannot be bigger than that plus framing. */
export const BODY_LIMIT_BYTES = 3 * 1024 * 1024;

export function checkJsonContentType(req: IncomingMessage): void {
  const header = req.headers['content-type'];
  const type = (header ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json') {
    throw new ApiError(400, `Content-Type must be application/json, not ${header ? JSON.stringify(header) : 'missing'}`);
  }
}

export function readBody(req: IncomingMessage, limit = BODY_LIMIT_BYTES): Promise<Uint8Array> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) return Promise.reject(tooLarge(limit));
  // Events rather than `for await`: leaving that loop early destroys the socket, and the 413 must still be sent.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        req.pause();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      // A fresh buffer (not Node's shared pool) so that `.buffer` is exactly the body.
      const out = new Uint8Array(size);
      let at = 0;
      for (const c of chunks) {
        out.set(c, at);
        at += c.length;
      }
      resolve(out);
    };
    const onError = (err: Error) => {
      cleanup();
      reject(new ApiError(400, `could not read the request body: ${err.message}`));
    };
    const onAborted = () => onError(new Error('the client went away'));
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onAborted);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onAborted);
  });
}

function tooLarge(limit: number): ApiError {
  return new ApiError(413, `request body is larger than ${limit} bytes`);
}
