// Errors the HTTP API answers itself (bad input, wrong method, overload): JSON `{message, status}` with that status.
import type { Response } from 'express';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function sendApiError(res: Response, status: number, message: string): void {
  if (res.headersSent) return;
  const body = JSON.stringify({ message, status });
  res.status(status).set('Content-Type', 'application/json').set('Cache-Control', 'no-store').send(body);
}
