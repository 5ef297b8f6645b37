// GET /healthz (the process answers), GET /readyz (a bundle is loaded and the server is not draining), GET /metrics.
import type { Request, Response } from 'express';
import type { ServerContext } from '../context.js';
import { sendApiError } from '../api-error.js';

export function healthz(_req: Request, res: Response): void {
  res.status(200).type('text/plain').send('ok\n');
}

export function readyz(ctx: ServerContext) {
  return (_req: Request, res: Response): void => {
    if (ctx.draining) return sendApiError(res, 503, 'shutting down');
    const engine = ctx.state.engine;
    if (!engine) return sendApiError(res, 503, 'no policy bundle is loaded yet');
    res.status(200).type('text/plain').send(`ok: bundle ${engine.revision || '(no revision)'} ${engine.bundle.digest.slice(0, 12)}\n`);
  };
}

export function metrics(ctx: ServerContext) {
  return async (_req: Request, res: Response): Promise<void> => {
    try {
      const { contentType, text } = await ctx.metricsText();
      res.status(200).set('Content-Type', contentType).send(text);
    } catch (err) {
      sendApiError(res, 503, `metrics unavailable: ${(err as Error).message}`);
    }
  };
}
