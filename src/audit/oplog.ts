// The operational logger (startup, reloads, rotations, errors): pino on stderr with `type: "log"`, apart from the
// audit records on stdout, and with object contents and Secret/ConfigMap data redacted by path.
import pino from 'pino';
import { hostname } from 'node:os';

export const OPLOG_TYPE = 'log';
export const OPLOG_CENSOR = '[redacted]';

/**
 * Paths redacted wherever they sit within three levels (a review, its request, the object): whole objects, the
 * data maps of Secrets and ConfigMaps, and the values of patch operations. Messages are not scanned: callers log
 * identifiers, never contents.
 */
export const OPLOG_REDACT_PATHS: string[] = (() => {
  const keys = ['object', 'oldObject', 'data', 'stringData', 'binaryData', 'patch[*].value'];
  const prefixes = ['', '*.', '*.*.', '*.*.*.'];
  return prefixes.flatMap((p) => keys.map((k) => p + k));
})();

export interface OpLogOptions {
  level?: pino.LevelWithSilent;
  /** fd, file path or stream; default stderr (fd 2), so that stdout carries audit records only. */
  destination?: number | string | pino.DestinationStream;
}

export function createOpLogger(opts: OpLogOptions = {}): pino.Logger {
  const dest = opts.destination ?? 2;
  const stream = typeof dest === 'number' || typeof dest === 'string' ? pino.destination({ dest, sync: true }) : dest;
  return pino(
    {
      level: opts.level ?? 'info',
      base: { pid: process.pid, hostname: hostname() },
      // Set last, so a logged object's own `type` field can never make a line look like an audit record.
      formatters: { log: (obj) => ({ ...obj, type: OPLOG_TYPE }) },
      redact: { paths: OPLOG_REDACT_PATHS, censor: OPLOG_CENSOR },
    },
    stream,
  );
}
