// The HTTP request listener: admission reviews go straight to their handler; health, readiness, metrics and JSON
// errors for everything else are an express application.
//
// Why admission reviews skip express: express 5 gives every request and response a new prototype
// (Object.setPrototypeOf) and runs its router, and the prototype change alone takes V8 off its fast paths for those
// objects throughout Node's HTTP code. That costs a bare HTTPS server three quarters of its throughput, and cost
// Verdict about 70 µs of CPU per review (40% of it) and half its p99 latency (bench/README.md). The endpoints the
// kube-apiserver calls on every change are the ones that must be fast; the others are called a few times a minute.
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Endpoint } from '../engine/index.js';
import { sendApiError } from './api-error.js';
import type { ServerContext } from './context.js';
import { admissionHandler } from './routes/admission.js';
import { healthz, metrics, readyz } from './routes/health.js';

export function createRequestListener(ctx: ServerContext): RequestListener {
  const handlers: AdmissionHandlers = { validate: admissionHandler(ctx, 'validate'), mutate: admissionHandler(ctx, 'mutate') };
  const app = createApp(ctx, handlers);
  // The handler answers its own errors; this catches only a failure in doing that, as express's error handler did.
  const unexpected = (res: ServerResponse) => (err: unknown) => {
    sendApiError(res, 500, 'internal error');
    try {
      ctx.log.error({ err: { message: (err as Error)?.message } }, 'unhandled error in the admission handler');
    } catch {
      // The logger is what failed: nothing is left to report it with, and the process must not go down for it.
    }
  };
  return (req: IncomingMessage, res: ServerResponse) => {
    const endpoint = admissionEndpoint(req.method, req.url);
    if (endpoint === undefined) return void app(req, res);
    handlers[endpoint](req, res).catch(unexpected(res));
  };
}

type AdmissionHandlers = Record<Endpoint, ReturnType<typeof admissionHandler>>;

/**
 * The admission endpoint a request is for, by exact method and path (the kube-apiserver adds `?timeout=`); any
 * other spelling (`/validate/`, `/Validate`) goes through express, whose routes answer it the same way.
 */
export function admissionEndpoint(method: string | undefined, url: string | undefined): Endpoint | undefined {
  if (method !== 'POST' || url === undefined) return undefined;
  const query = url.indexOf('?');
  const path = query < 0 ? url : url.slice(0, query);
  return path === '/validate' ? 'validate' : path === '/mutate' ? 'mutate' : undefined;
}

function createApp(ctx: ServerContext, handlers: AdmissionHandlers): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  // Bodies are read by the admission handler itself (raw bytes for the policy module), so no body parser here.
  // The admission routes are here too, for the spellings createRequestListener does not take directly.
  app.post('/validate', handlers.validate);
  app.post('/mutate', handlers.mutate);
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
