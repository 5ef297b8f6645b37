// Worker thread of the conformance runner: runs the cases it is sent, one at a time, and posts each attempt back.
import { parentPort } from 'node:worker_threads';
import type { ConformanceCase } from './conformance-cases.js';
import { attemptCase, errorText } from './conformance-exec.js';
import type { Attempt } from './conformance-judge.js';

export interface CaseRequest {
  seq: number;
  case: ConformanceCase;
}

export interface CaseReply {
  seq: number;
  attempt: Attempt;
}

const port = parentPort;
if (!port) throw new Error('conformance-worker must run as a worker thread');
port.on('message', (request: CaseRequest) => {
  attemptCase(request.case).then(
    (attempt) => port.postMessage({ seq: request.seq, attempt } satisfies CaseReply),
    (err: unknown) => port.postMessage({ seq: request.seq, attempt: { stage: 'crash', message: errorText(err) } } satisfies CaseReply),
  );
});
