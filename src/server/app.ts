// The express application: the admission endpoints, health, readiness and metrics, and JSON errors for the rest.
import express, { type NextFunction, type Request, type Response } from 'express';
import { sendApiError } from './api-error.js';
import type { ServerContext } from './context.js';
import { admissionHandler } from './routes/admission.js';
import { healthz, metrics, readyz } from './routes/health.js';

export function createApp(ctx: ServerContext): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  // Bodies are read by the admission handler itself (raw bytes for the policy module), so no body parser here.
  app.post('/validate', admissionHandler(ctx, 'validate'));
  app.post('/mutate', admissionHandler(ctx, 'mutate'));
  app.get('/healthz', healthz);
  app.get('/readyz', readyz(ctx));
  app.get('/metrics', metrics(ctx));
  for (const [path, allow] of [['/validate', 'POST'], ['/mutate', 'POST'], ['/healthz', 'GET'], ['/readyz', 'GET'], ['/metrics', 'GET']]) {
    app.all(path, (req: Request, res: Response) => {
      res.set('Allow', allow);
      sendApiError(res, 405, `${req.method} is not allowed on ${path}; use ${allow}`);
    });
  }
  app.use((req: Request, res: Response) => sendApiError(res, 404, `no such endpoint: ${req.method} ${req.path}`));
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    ctx.log.error({ err: { message: (err as Error)?.message } }, 'unhandled error in a route');
    sendApiError(res, 500, 'internal error');
  });
  return app;
}
