// The AdmissionReview contract: checks an incoming review (what is wrong, exactly, when it is wrong) and encodes a
// Decision as the response the kube-apiserver expects, in the version it asked in.
import { firedPolicies, type AdmissionReviewLike, type Decision } from '../engine/index.js';
import { ApiError } from './api-error.js';

export const REVIEW_VERSIONS = ['admission.k8s.io/v1', 'admission.k8s.io/v1beta1'] as const;
export type ReviewVersion = (typeof REVIEW_VERSIONS)[number];
const OPERATIONS = new Set(['CREATE', 'UPDATE', 'DELETE', 'CONNECT']);

export interface ParsedReview {
  review: AdmissionReviewLike;
  version: ReviewVersion;
}

export function parseReview(bytes: Uint8Array): ParsedReview {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
  } catch (err) {
    throw new ApiError(400, `body is not valid JSON: ${(err as Error).message}`);
  }
  return checkReview(value);
}

export function checkReview(value: unknown): ParsedReview {
  const bad = (message: string): never => {
    throw new ApiError(400, message);
  };
  if (!isObject(value)) return bad('body must be a JSON object (an AdmissionReview)');
  if (value.kind !== 'AdmissionReview') bad(`kind must be "AdmissionReview", not ${show(value.kind)}`);
  if (!(REVIEW_VERSIONS as readonly unknown[]).includes(value.apiVersion)) {
    bad(`apiVersion must be one of ${REVIEW_VERSIONS.join(', ')}, not ${show(value.apiVersion)}`);
  }
  const req = value.request;
  if (!isObject(req)) return bad('request is missing: the review has no request object');
  if (typeof req.uid !== 'string' || req.uid === '') bad('request.uid is missing: it must be a non-empty string');
  if (!isObject(req.kind) || typeof req.kind.kind !== 'string') bad('request.kind must be an object with a string kind');
  const kind = req.kind as Record<string, unknown>;
  if (kind.group !== undefined && typeof kind.group !== 'string') bad('request.kind.group must be a string');
  if (typeof req.operation !== 'string' || !OPERATIONS.has(req.operation)) {
    bad(`request.operation must be one of ${[...OPERATIONS].join(', ')}, not ${show(req.operation)}`);
  }
  if (req.namespace !== undefined && typeof req.namespace !== 'string') bad('request.namespace must be a string');
  if (req.userInfo !== undefined && !isObject(req.userInfo)) bad('request.userInfo must be an object');
  const user = (req.userInfo ?? {}) as Record<string, unknown>;
  if (user.groups !== undefined && !(Array.isArray(user.groups) && user.groups.every((g) => typeof g === 'string'))) {
    bad('request.userInfo.groups must be a list of strings');
  }
  return { review: value as unknown as AdmissionReviewLike, version: value.apiVersion as ReviewVersion };
}

export interface ResponseExtras {
  /** The audit record's id, the join key with the apiserver's audit log. */
  auditId?: string;
  /** The audit write failed: say so instead of an id. */
  auditFailed?: boolean;
}

export interface AdmissionReviewResponse {
  apiVersion: ReviewVersion;
  kind: 'AdmissionReview';
  response: {
    uid: string;
    allowed: boolean;
    status?: { code: number; reason: string; message: string; status: 'Failure' };
    warnings?: string[];
    auditAnnotations: Record<string, string>;
    patch?: string;
    patchType?: 'JSONPatch';
  };
}

export function encodeResponse(d: Decision, version: ReviewVersion, extras: ResponseExtras = {}): AdmissionReviewResponse {
  const response: AdmissionReviewResponse['response'] = { uid: d.uid, allowed: d.allowed, auditAnnotations: auditAnnotations(d, extras) };
  if (!d.allowed) response.status = { code: 403, reason: 'Forbidden', message: d.message ?? 'denied by policy', status: 'Failure' };
  if (d.warnings.length > 0) response.warnings = d.warnings;
  // Only a mutating answer carries a patch; a validating one with a patch is a malformed response to the apiserver.
  if (d.endpoint === 'mutate' && d.allowed && d.patch.length > 0) {
    response.patch = Buffer.from(JSON.stringify(d.patch)).toString('base64');
    response.patchType = 'JSONPatch';
  }
  return { apiVersion: version, kind: 'AdmissionReview', response };
}

/**
 * Keys become `<webhook name>/<key>` in the apiserver's audit event: short, `[A-Za-z0-9._-]`, no `/`.
 * `audit-id` joins the event to Verdict's own audit record (the event never carries the review's uid).
 */
function auditAnnotations(d: Decision, extras: ResponseExtras): Record<string, string> {
  const out: Record<string, string> = { decision: d.exemption ? 'exempt' : d.kind };
  const fired = firedPolicies(d).map((p) => p.id);
  if (fired.length > 0) out.policies = fired.join(',');
  if (d.exemption) out.exemption = `${d.exemption.by}:${d.exemption.value}`;
  if (d.dryRun) out['dry-run'] = 'true';
  if (extras.auditId) out['audit-id'] = extras.auditId;
  else if (extras.auditFailed) out['audit-id'] = 'unavailable';
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function show(v: unknown): string {
  if (v === undefined) return 'missing';
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? s.slice(0, 60) + '…' : s;
}
