// A stand-in for conformance-worker in tests of the runner: it hangs, crashes or answers, as the case note says.
import { parentPort } from 'node:worker_threads';
import type { CaseReply, CaseRequest } from './conformance-worker.js';

parentPort!.on('message', (request: CaseRequest) => {
  const note = request.case.note;
  if (note === 'hang') for (;;);
  if (note === 'crash') process.exit(3);
  if (note === 'throw') throw new Error('boom');
  parentPort!.postMessage({ seq: request.seq, attempt: { stage: 'done', result: [{ x: note }] } } satisfies CaseReply);
});
