// Turns a DecisionForAudit into a minimised record body: whitelisted fields only, patch values dropped, secrets
// scrubbed, user names pseudonymised when configured.
import type { DecisionForAudit, DecisionRecordBody } from './record.js';
import { isDataBearingKind, scrub } from './redact.js';
import { isMachineIdentity, pseudonym } from './pseudonym.js';

/** Replaces a Secret's or ConfigMap's messages when the engine gave no list of values to hide. */
export const WITHHELD_MESSAGE = '[message withheld: no redaction list for Secret/ConfigMap data]';

const SOURCES = new Set(['admission', 'dryrun', 'scan']);
const DECISIONS = new Set(['allowed', 'denied', 'warned', 'patched', 'error']);
const MODES = new Set(['enforce', 'warn', 'dryrun']);
const RESULTS = new Set(['deny', 'warn', 'patch', 'error']);

export interface BuildOptions {
  pseudonymKey?: Buffer;
}

export function buildDecisionBody(d: DecisionForAudit, opts: BuildOptions = {}): DecisionRecordBody {
  check(SOURCES.has(d.source), `source ${String(d.source)}`);
  check(DECISIONS.has(d.decision), `decision ${String(d.decision)}`);
  const hide = d.sensitiveValues ?? [];
  const withhold = isDataBearingKind(d.kind) && d.sensitiveValues === undefined;
  const text = (s: string): string => (withhold ? WITHHELD_MESSAGE : wellFormed(scrub(String(s), hide)));

  const username = wellFormed(String(d.userInfo.username ?? ''));
  const pseudonymise = opts.pseudonymKey !== undefined && !isMachineIdentity(username);
  // Keys in canonical (sorted) order at every level: the writer then serialises the record with JSON.stringify.
  return {
    bundle: { digest: wellFormed(String(d.bundle.digest)), revision: wellFormed(String(d.bundle.revision)) },
    decision: d.decision,
    dryRun: d.dryRun === true,
    error: d.error === undefined || d.error === null ? null : text(d.error),
    kind: { group: String(d.kind.group), kind: String(d.kind.kind), version: String(d.kind.version) },
    latencyMs: { evaluation: millis(d.timings.evaluationMs), total: millis(d.timings.totalMs) },
    name: optionalString(d.name),
    namespace: optionalString(d.namespace),
    operation: d.operation,
    // Only where the patch touched, never what it wrote: values can be object contents.
    patch: (d.patch ?? []).map((op) => ({ op: String(op.op), path: wellFormed(String(op.path)) })),
    policies: d.policies.map((p) => {
      check(MODES.has(p.mode), `policy mode ${String(p.mode)}`);
      check(RESULTS.has(p.result), `policy result ${String(p.result)}`);
      return {
        controls: (p.controls ?? []).map((c) => wellFormed(String(c))),
        id: wellFormed(String(p.id)),
        message: text(p.message ?? ''),
        mode: p.mode,
        result: p.result,
        severity: optionalString(p.severity),
      };
    }),
    requestUid: wellFormed(String(d.requestUid)),
    source: d.source,
    type: 'audit.decision',
    user: {
      groups: (d.userInfo.groups ?? []).map((g) => wellFormed(String(g))),
      pseudonymised: pseudonymise,
      username: pseudonymise ? pseudonym(username, opts.pseudonymKey!) : username,
    },
  };
}

function check(ok: boolean, what: string): void {
  if (!ok) throw new TypeError(`audit: invalid ${what}`);
}

function optionalString(v: string | null | undefined): string | null {
  return v === undefined || v === null || v === '' ? null : wellFormed(String(v));
}

/** Microsecond precision keeps numbers short and identical across JSON implementations (no exponent form). */
function millis(v: number): number | null {
  return Number.isFinite(v) ? Math.round(v * 1000) / 1000 : null;
}

/** Lone surrogates would serialise differently across languages; U+FFFD keeps the hash reproducible. */
function wellFormed(s: string): string {
  return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}
