// What the routes share: the engine state, the audit client, metrics, the logger and the server's lifecycle flags.
import type { Logger } from 'pino';
import type { VerdictMetrics } from '../metrics/index.js';
import type { AuditClient } from './audit-client.js';
import type { EngineState } from './engine-state.js';

export interface ServerContext {
  state: EngineState;
  audit: AuditClient;
  metrics: VerdictMetrics;
  /** The exposition served on /metrics: this process's registry, or the cluster's aggregate. */
  metricsText(): Promise<{ contentType: string; text: string }>;
  log: Logger;
  bodyLimit: number;
  /** Set once shutdown began: responses ask clients to reconnect elsewhere. */
  draining: boolean;
  /** Requests being answered right now (drain waits for zero). */
  inFlight: number;
}
