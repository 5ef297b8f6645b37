// The audit record schema (version 1) and DecisionForAudit, the only input the audit writer accepts.
//
// The input type has no slot for the admitted object, and `object` / `oldObject` are typed `never`, so a caller
// cannot hand over object contents even by spreading a review into it. Patch operations keep `value` in the
// input (the engine's patch type carries it) but the record type has nowhere to put it. See docs/audit-records.md.

export const AUDIT_SCHEMA_VERSION = 1 as const;

/** The hash a chain's very first genesis record links to: 64 zeros. */
export const ZERO_HASH = '0'.repeat(64);

export type AuditSource = 'admission' | 'dryrun' | 'scan';
export type AuditOperation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';
export type AuditDecisionKind = 'allowed' | 'denied' | 'warned' | 'patched' | 'error';
export type PolicyMode = 'enforce' | 'warn' | 'dryrun';
export type PolicyResultKind = 'deny' | 'warn' | 'patch' | 'error';

export interface FiredPolicyForAudit {
  readonly id: string;
  readonly mode: PolicyMode;
  readonly result: PolicyResultKind;
  readonly message: string;
  readonly severity?: string | null;
  readonly controls?: readonly string[];
}

/** A JSON Patch operation as the engine produced it; only `op` and `path` reach the record. */
export interface PatchOpForAudit {
  readonly op: string;
  readonly path: string;
  readonly value?: unknown;
  readonly from?: string;
}

/** What the decision engine hands the audit writer for one decision. */
export interface DecisionForAudit {
  /** AdmissionReview `request.uid`, or a scan-generated id. */
  readonly requestUid: string;
  readonly source: AuditSource;
  readonly operation: AuditOperation;
  readonly kind: { readonly group: string; readonly version: string; readonly kind: string };
  readonly namespace?: string | null;
  readonly name?: string | null;
  readonly userInfo: { readonly username: string; readonly groups?: readonly string[] };
  readonly dryRun: boolean;
  readonly decision: AuditDecisionKind;
  readonly policies: readonly FiredPolicyForAudit[];
  readonly patch?: readonly PatchOpForAudit[];
  readonly bundle: { readonly revision: string; readonly digest: string };
  readonly timings: { readonly evaluationMs: number; readonly totalMs: number };
  readonly error?: string | null;
  /**
   * Strings that must never be written (a Secret's or ConfigMap's data values, see `sensitiveValuesOf` in
   * redact.ts). They are scrubbed from messages. Required in practice for Secret and ConfigMap: without it their
   * policy messages are withheld entirely.
   */
  readonly sensitiveValues?: readonly string[];
  /** Never accepted: the object and old object are not audit material. */
  readonly object?: never;
  readonly oldObject?: never;
}

/** Fields every chained line carries, whatever its type. */
export interface ChainFields {
  schemaVersion: typeof AUDIT_SCHEMA_VERSION;
  /** Position in the chain, counted across rotated files; genesis of the first file is 0. */
  seq: number;
  /** RFC 3339 UTC time with milliseconds. */
  time: string;
  /** Random UUID of this record. */
  id: string;
  /** `hash` of the previous record in the chain (ZERO_HASH for the chain's first genesis). */
  prev: string;
}

export interface DecisionRecordBody {
  type: 'audit.decision';
  requestUid: string;
  source: AuditSource;
  operation: AuditOperation;
  kind: { group: string; version: string; kind: string };
  namespace: string | null;
  name: string | null;
  user: { username: string; groups: string[]; pseudonymised: boolean };
  dryRun: boolean;
  decision: AuditDecisionKind;
  policies: {
    id: string;
    mode: PolicyMode;
    result: PolicyResultKind;
    message: string;
    severity: string | null;
    controls: string[];
  }[];
  patch: { op: string; path: string }[];
  bundle: { revision: string; digest: string };
  latencyMs: { evaluation: number | null; total: number | null };
  error: string | null;
}

export interface GenesisRecordBody {
  type: 'audit.genesis';
}

export interface CheckpointRecordBody {
  type: 'audit.checkpoint';
  /** The writer's checkpoint interval, signed so a verifier knows the longest gap to expect. */
  every: number;
  alg: CheckpointAlgorithm;
  /** Lowercase hex SHA-256 of the signer's public key (SubjectPublicKeyInfo DER). */
  keyId: string;
  /** Base64 signature over the canonical record without `signature` and `hash`. */
  signature: string;
}

export interface RecoveryRecordBody {
  type: 'audit.recovery';
  /** Bytes of a partial last line removed when the writer restarted after a crash. */
  droppedBytes: number;
}

export type CheckpointAlgorithm = 'RSASSA-PKCS1-v1_5-SHA256' | 'Ed25519';

export type RecordBody = DecisionRecordBody | GenesisRecordBody | CheckpointRecordBody | RecoveryRecordBody;
export type AuditRecordType = RecordBody['type'];
export const AUDIT_RECORD_TYPES: readonly AuditRecordType[] = [
  'audit.decision',
  'audit.genesis',
  'audit.checkpoint',
  'audit.recovery',
];

/** A record as it is written: body, chain fields and its own hash. */
export type AuditRecord = RecordBody & ChainFields & { hash: string };
export type DecisionRecord = DecisionRecordBody & ChainFields & { hash: string };
