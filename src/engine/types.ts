// The types of the decision engine's API: what `decide` takes and the Decision it returns.
import type { FailureMode } from '../config/index.js';
import type { Severity } from './catalog.js';
import type { EvaluationError } from './errors.js';
import type { ExemptionMatch } from './match.js';
import type { PatchOp } from './patch.js';

/** Who asked: the label carried into audit and metrics. It never changes how a decision is made. */
export type Origin = 'admission' | 'dryrun' | 'scan';
/** What the caller will do with the decision: validate (deny/warn) or mutate (patch). */
export type Endpoint = 'validate' | 'mutate';
/** Same vocabulary as the audit record. */
export type DecisionKind = 'allowed' | 'denied' | 'warned' | 'patched' | 'error';
/** Modes a decision can carry; `off` policies are never evaluated, so never appear. */
export type ActiveMode = 'enforce' | 'warn' | 'dryrun';

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

/** The part of an AdmissionReview request the engine reads (the policies read all of it). */
export interface AdmissionRequestLike {
  uid: string;
  kind: GroupVersionKind;
  operation: string;
  namespace?: string;
  name?: string;
  userInfo?: { username?: string; uid?: string; groups?: string[] };
  object?: unknown;
  oldObject?: unknown;
  dryRun?: boolean;
  [field: string]: unknown;
}

export interface AdmissionReviewLike {
  apiVersion?: string;
  kind?: string;
  request: AdmissionRequestLike;
}

export interface DecideOptions {
  origin: Origin;
  endpoint: Endpoint;
  /**
   * The review as JSON bytes, in an ArrayBuffer of its own: handed to the module as they are, which spares a
   * JSON.stringify per request. Must encode the same value as `review`.
   */
  input?: ArrayBuffer;
}

/**
 * One evaluated policy. It holds only what the endpoint acts on, so nothing is reported twice: on validate its
 * deny messages and (unless it patches) its warn messages; on mutate its patch and (if it patches) its warn
 * messages.
 */
export interface PolicyResult {
  id: string;
  title: string;
  severity: Severity;
  controls: string[];
  mode: ActiveMode;
  failure: FailureMode;
  deny: string[];
  warn: string[];
  patch: PatchOp[];
  error?: EvaluationError;
}

export interface Decision {
  uid: string;
  origin: Origin;
  endpoint: Endpoint;
  allowed: boolean;
  kind: DecisionKind;
  /** `request.dryRun`: nothing will be persisted. */
  dryRun: boolean;
  /** Set when a global exemption admitted the request without evaluation. */
  exemption?: ExemptionMatch;
  /** False when nothing was evaluated: exempt, or no enabled policy matches the kind and operation. */
  evaluated: boolean;
  /** Every policy evaluated for this request, fired or not, in id order. */
  policies: PolicyResult[];
  /** The denial message (`[policy] message; ...`) when not allowed. */
  message?: string;
  /** Ready to send: cleaned, deduplicated, each under 256 characters. */
  warnings: string[];
  /** The merged patch (mutate only), already checked to apply to the object. */
  patch: PatchOp[];
  bundle: { revision: string; digest: string };
  timings: { evaluationMs: number; totalMs: number };
}

/** The policies of a decision that did something: denied, warned, patched or failed. */
export function firedPolicies(d: Decision): PolicyResult[] {
  return d.policies.filter((p) => p.deny.length > 0 || p.warn.length > 0 || p.patch.length > 0 || p.error !== undefined);
}
