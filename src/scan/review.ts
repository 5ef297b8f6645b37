// From an existing object to the CREATE AdmissionReview the engine evaluates, and from the Decision back to findings.
import { randomUUID } from 'node:crypto';
import type { AdmissionReviewLike, Decision } from '../engine/index.js';
import type { Finding, KubeObject, ManifestLocation, ResourceRef, ResourceType } from './types.js';

/**
 * The user a scan review carries. A scan cannot know who created an object, so user and group exemptions
 * never apply to it (docs/scan.md says so).
 */
export const SCAN_USER = { username: 'verdict:scan', groups: ['verdict:scan'] };

export function apiVersionOf(type: Pick<ResourceType, 'group' | 'version'>): string {
  return type.group === '' ? type.version : `${type.group}/${type.version}`;
}

export function resourceRef(object: KubeObject, type: ResourceType): ResourceRef {
  const meta = object.metadata ?? {};
  const ref: ResourceRef = { apiVersion: apiVersionOf(type), kind: type.kind, name: String(meta.name ?? meta.generateName ?? '') };
  if (typeof meta.namespace === 'string' && meta.namespace !== '') ref.namespace = meta.namespace;
  if (typeof meta.uid === 'string' && meta.uid !== '') ref.uid = meta.uid;
  return ref;
}

/**
 * Kubewarden's audit scanner asks the same question: would this object be admitted if it were created now?
 * So the review is a CREATE of the object as it stands, marked dry-run (nothing is persisted or denied).
 * `managedFields` are dropped: they are server bookkeeping no admission policy reads, and often half the bytes.
 */
export function scanReview(object: KubeObject, type: ResourceType): AdmissionReviewLike {
  const meta = object.metadata;
  if (meta && 'managedFields' in meta) delete meta.managedFields;
  object.apiVersion ??= apiVersionOf(type);
  object.kind ??= type.kind;
  const gvk = { group: type.group, version: type.version, kind: type.kind };
  const gvr = { group: type.group, version: type.version, resource: type.resource };
  const request: AdmissionReviewLike['request'] = {
    uid: typeof meta?.uid === 'string' && meta.uid !== '' ? meta.uid : randomUUID(),
    kind: gvk,
    resource: gvr,
    requestKind: gvk,
    requestResource: gvr,
    name: String(meta?.name ?? ''),
    operation: 'CREATE',
    userInfo: { username: SCAN_USER.username, groups: [...SCAN_USER.groups] },
    object,
    oldObject: null,
    dryRun: true,
    options: { apiVersion: 'meta.k8s.io/v1', kind: 'CreateOptions', dryRun: ['All'] },
  };
  if (typeof meta?.namespace === 'string' && meta.namespace !== '') request.namespace = meta.namespace;
  return { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request };
}

/** One finding per policy and result kind that is not a clean pass; deny before error before warn. */
export function findingsOf(d: Decision, resource: ResourceRef, location?: ManifestLocation): Finding[] {
  const out: Finding[] = [];
  for (const p of d.policies) {
    const base = { resource, ...(location ? { location } : {}), policy: p.id, title: p.title, severity: p.severity, controls: p.controls, mode: p.mode };
    if (p.deny.length > 0) out.push({ ...base, result: 'deny', messages: p.deny, wouldDeny: p.mode === 'enforce' });
    if (p.error) {
      out.push({ ...base, result: 'error', messages: [`${p.error.code}: ${p.error.message}`], wouldDeny: p.mode === 'enforce' && p.failure === 'closed' });
    }
    if (p.warn.length > 0) out.push({ ...base, result: 'warn', messages: p.warn, wouldDeny: false });
  }
  return out;
}

/** Irregular plurals among the built-in kinds a manifest may hold (everything else follows English rules). */
const IRREGULAR: Readonly<Record<string, string>> = { endpoints: 'endpoints', podsecuritypolicy: 'podsecuritypolicies' };

/** The resource name of a kind when no discovery is at hand (manifests): `NetworkPolicy` → `networkpolicies`. */
export function guessPlural(kind: string): string {
  const k = kind.toLowerCase();
  if (IRREGULAR[k]) return IRREGULAR[k];
  if (/[^aeiou]y$/.test(k)) return k.slice(0, -1) + 'ies';
  if (/(s|x|z|ch|sh)$/.test(k)) return k + 'es';
  return k + 's';
}
