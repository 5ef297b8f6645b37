// POST /validate and POST /mutate: body → review → decision → audit record → AdmissionReview response.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { decisionForAudit, type Endpoint } from '../../engine/index.js';
import { recordDecision } from '../../metrics/index.js';
import { ApiError, sendApiError } from '../api-error.js';
import { checkJsonContentType, readBody } from '../body.js';
import type { ServerContext } from '../context.js';
import { encodeResponse, parseReview } from '../review-codec.js';

export function admissionHandler(ctx: ServerContext, endpoint: Endpoint) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = performance.now();
    ctx.inFlight++;
    try {
      if (ctx.draining) res.setHeader('Connection', 'close');
      checkJsonContentType(req);
      const body = await readBody(req, ctx.bodyLimit);
      const { review, version } = parseReview(body);
      const engine = ctx.state.engine;
      if (!engine) throw new ApiError(503, 'no policy bundle is loaded yet');
      const decision = await engine.decide(review, {
        origin: review.request.dryRun === true ? 'dryrun' : 'admission',
        endpoint,
        input: body.buffer as ArrayBuffer,
      });
      let auditId: string | undefined;
      let auditFailed = false;
      try {
        auditId = (await ctx.audit.write(decisionForAudit(decision, review))).id;
      } catch (err) {
        auditFailed = true;
        ctx.log.error({ uid: decision.uid, err: { message: (err as Error).message } }, 'audit record not written');
      }
      const payload = JSON.stringify(encodeResponse(decision, version, { auditId, auditFailed }));
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) });
      res.end(payload);
      recordDecision(ctx.metrics, decision, {
        operation: review.request.operation,
        kind: review.request.kind,
        durationSeconds: (performance.now() - started) / 1000,
      });
    } catch (err) {
      if (err instanceof ApiError) {
        // Past the limit the rest of the body is not read: close the connection rather than drain it.
        if (err.status === 413) res.setHeader('Connection', 'close');
        sendApiError(res, err.status, err.message);
      } else {
        ctx.log.error({ endpoint, err: { message: (err as Error)?.message, stack: (err as Error)?.stack } }, 'admission request failed');
        sendApiError(res, 500, 'internal error while deciding the review');
      }
    } finally {
      ctx.inFlight--;
    }
  };
}
