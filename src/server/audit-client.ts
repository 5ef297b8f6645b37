// How a server hands decisions to the audit writer: directly in a single process, over IPC from a cluster worker
// (one writer, in the primary, keeps one hash chain whatever the number of workers).
import type { DecisionForAudit } from '../audit/record.js';
import type { AuditWriter } from '../audit/writer.js';
import { askPrimary, pendingRequests } from './ipc.js';

export interface AuditClient {
  write(d: DecisionForAudit): Promise<{ id: string }>;
  /** Resolves once every write handed over has been answered. */
  flush(): Promise<void>;
}

export const AUDIT_TOPIC = 'audit';

export function localAudit(writer: AuditWriter): AuditClient {
  const inFlight = new Set<Promise<unknown>>();
  return {
    write(d) {
      const p = writer.write(d);
      inFlight.add(p);
      const done = () => inFlight.delete(p);
      p.then(done, done);
      return p;
    },
    async flush() {
      await Promise.allSettled([...inFlight]);
    },
  };
}

export function ipcAudit(timeoutMs = 5000): AuditClient {
  return {
    write: (d) => askPrimary<{ id: string }>(AUDIT_TOPIC, d, timeoutMs),
    async flush() {
      while (pendingRequests() > 0) await new Promise((r) => setTimeout(r, 10));
    },
  };
}

/** For `verdict review` without an audit destination, and tests that do not look at records. */
export function noAudit(): AuditClient {
  return { write: async () => ({ id: '' }), flush: async () => {} };
}
