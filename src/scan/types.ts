// The vocabulary of a scan: objects as sources yield them, findings as reporters consume them, and the summary.
import type { AdmissionReviewLike, Decision, Severity } from '../engine/index.js';

/** A Kubernetes object as JSON; only the fields a scan reads are typed. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; generateName?: string; namespace?: string; uid?: string; labels?: Record<string, string>; [k: string]: unknown };
  [field: string]: unknown;
}

/** A resource type as discovery describes it. */
export interface ResourceType {
  group: string;
  version: string;
  kind: string;
  /** The plural resource name (`pods`, `deployments`). */
  resource: string;
  namespaced: boolean;
}

/** Where a manifest object was read from: the file (`-` for stdin), its document (from 1) and first line. */
export interface ManifestLocation {
  file: string;
  document: number;
  line: number;
  /** Position (from 0) in the `items` of a `List` document. */
  item?: number;
  /** The template Helm names in a `# Source: chart/templates/x.yaml` comment above the document. */
  template?: string;
}

/** One object a source yields, with what the source knows of its type and origin. */
export interface ScanItem {
  object: KubeObject;
  type: ResourceType;
  location?: ManifestLocation;
}

/** The identity of a scanned object, as findings and reports name it. */
export interface ResourceRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  uid?: string;
}

export type FindingResult = 'deny' | 'warn' | 'error';

/** One policy's verdict on one object when it is not a clean pass: its deny, warn or error messages. */
export interface Finding {
  resource: ResourceRef;
  location?: ManifestLocation;
  policy: string;
  title: string;
  severity: Severity;
  controls: string[];
  mode: 'enforce' | 'warn' | 'dryrun';
  result: FindingResult;
  messages: string[];
  /** True when this result alone would make admission of the object fail under the configuration scanned with. */
  wouldDeny: boolean;
}

/** Every object the scan evaluated, with its decision and findings: what reporters receive, one at a time. */
export interface ScannedObject {
  /** The CREATE review the object was evaluated as (its `request.object` is the object). */
  review: AdmissionReviewLike;
  resource: ResourceRef;
  type: ResourceType;
  location?: ManifestLocation;
  decision: Decision;
  findings: Finding[];
}

export interface PolicyTotals {
  id: string;
  title: string;
  severity: Severity;
  mode: 'enforce' | 'warn' | 'dryrun' | 'off';
  /** Objects the policy evaluated. */
  evaluated: number;
  /** Objects with at least one deny / warn message, or an error, from this policy. */
  deny: number;
  warn: number;
  error: number;
  /** Objects this policy alone would keep out under the configured mode. */
  wouldDeny: number;
}

export interface NamespaceTotals {
  /** `''` for cluster-scoped objects. */
  namespace: string;
  objects: number;
  wouldDeny: number;
  /** Findings per severity (deny and error findings; warnings are counted apart). */
  bySeverity: Record<Severity, number>;
  warn: number;
}

export interface ScanSummary {
  /** Objects read from the source. */
  objects: number;
  /** Objects at least one policy evaluated. */
  evaluated: number;
  /** Objects admitted by a global exemption, never evaluated. */
  exempt: number;
  /** Objects that would be refused admission. */
  wouldDeny: number;
  findings: number;
  policies: PolicyTotals[];
  namespaces: NamespaceTotals[];
  /** Things the user should know that did not stop the scan: resource types skipped, objects not understood. */
  notes: string[];
  durationMs: number;
  bundle: { revision: string; digest: string };
}
