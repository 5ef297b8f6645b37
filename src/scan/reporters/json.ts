// `--format json`: one JSON record per finding, one per line (JSON Lines), written as the scan finds them.
import type { Reporter } from '../scan.js';
import type { Finding } from '../types.js';
import type { Output } from './output.js';

/** The record of one finding: every Finding field, and the messages joined for tools that want one string. */
export function findingRecord(f: Finding): Record<string, unknown> {
  return {
    policy: f.policy,
    title: f.title,
    severity: f.severity,
    controls: f.controls,
    mode: f.mode,
    result: f.result,
    wouldDeny: f.wouldDeny,
    message: f.messages.join('; '),
    messages: f.messages,
    resource: f.resource,
    ...(f.location ? { location: f.location } : {}),
  };
}

export function jsonReporter(out: Output): Reporter {
  return {
    object(o) {
      if (o.findings.length === 0) return;
      return out.write(o.findings.map((f) => JSON.stringify(findingRecord(f)) + '\n').join(''));
    },
    async end() {
      await out.close();
    },
  };
}
