// The simulator's store for PolicyReports and ClusterPolicyReports: get, list (with an equality label selector),
// create, replace at a resourceVersion (409 Conflict otherwise) and delete, as the API server does for any CRD;
// tests can make it refuse every write.

export interface StoredReport {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; namespace?: string; resourceVersion?: string; uid?: string; labels?: Record<string, string>; [k: string]: unknown };
  [field: string]: unknown;
}

export interface StoreAnswer {
  status: number;
  body: unknown;
}

export const REPORT_GROUP = 'wgpolicyk8s.io';
export const REPORT_VERSION = 'v1alpha2';

export class ReportStore {
  /** `namespace/name` for PolicyReports, `/name` for ClusterPolicyReports. */
  readonly objects = new Map<string, StoredReport>();
  /** Answer the next N replacements with 409 Conflict, as if someone else had written in between. */
  conflictNextPuts = 0;
  /** Answer every create, replace and delete with this error until cleared (reads still work), as a cluster that refuses the writes would. */
  rejectWrites: { code: number; reason: string; message: string } | undefined;
  writes = 0;
  private rv = 5000;

  constructor(private readonly status: (code: number, reason: string, message: string, details?: Record<string, unknown>) => StoreAnswer) {}

  handle(method: string, plural: string, namespace: string | undefined, name: string | undefined, query: URLSearchParams, body: unknown): StoreAnswer {
    const kind = plural === 'policyreports' ? 'PolicyReport' : 'ClusterPolicyReport';
    const key = (n: string) => `${namespace ?? ''}/${n}`;
    const notFound = (n: string) => this.status(404, 'NotFound', `${plural}.${REPORT_GROUP} "${n}" not found`, { name: n, group: REPORT_GROUP, kind: plural });
    if (method === 'GET' && name === undefined) {
      const selector = parseSelector(query.get('labelSelector'));
      const items = [...this.objects.entries()]
        .filter(([k, o]) => (namespace === undefined ? (plural === 'policyreports' ? !k.startsWith('/') : k.startsWith('/')) : k.startsWith(`${namespace}/`)))
        .map(([, o]) => o)
        .filter((o) => o.kind === kind && Object.entries(selector).every(([lk, lv]) => o.metadata.labels?.[lk] === lv));
      return { status: 200, body: { apiVersion: `${REPORT_GROUP}/${REPORT_VERSION}`, kind: `${kind}List`, metadata: { resourceVersion: String(this.rv) }, items } };
    }
    if (method === 'GET') {
      const o = this.objects.get(key(name!));
      return o ? { status: 200, body: o } : notFound(name!);
    }
    if (this.rejectWrites) return this.status(this.rejectWrites.code, this.rejectWrites.reason, this.rejectWrites.message);
    if (method === 'DELETE') {
      if (!this.objects.delete(key(name!))) return notFound(name!);
      this.writes++;
      return this.status(200, '', '');
    }
    const obj = body as StoredReport;
    if (!obj || typeof obj !== 'object' || !obj.metadata?.name) return this.status(400, 'BadRequest', 'the object has no metadata.name');
    if (obj.kind !== kind || obj.apiVersion !== `${REPORT_GROUP}/${REPORT_VERSION}`) return this.status(400, 'BadRequest', `expected ${kind} ${REPORT_GROUP}/${REPORT_VERSION}`);
    if ((obj.metadata.namespace ?? undefined) !== namespace) return this.status(400, 'BadRequest', 'the namespace of the object does not match the namespace of the request');
    if (method === 'POST' && name === undefined) {
      if (this.objects.has(key(obj.metadata.name))) return this.status(409, 'AlreadyExists', `${plural}.${REPORT_GROUP} "${obj.metadata.name}" already exists`);
      return this.save(key(obj.metadata.name), obj, 201);
    }
    if (method === 'PUT' && name !== undefined) {
      const current = this.objects.get(key(name));
      if (!current) return notFound(name);
      if (this.conflictNextPuts > 0 || obj.metadata.resourceVersion !== current.metadata.resourceVersion) {
        if (this.conflictNextPuts > 0) this.conflictNextPuts--;
        return this.status(409, 'Conflict', `Operation cannot be fulfilled on ${plural}.${REPORT_GROUP} "${name}": the object has been modified; please apply your changes to the latest version and try again`);
      }
      return this.save(key(name), { ...obj, metadata: { ...obj.metadata, uid: current.metadata.uid } }, 200);
    }
    return this.status(405, 'MethodNotAllowed', `${method} is not supported here`);
  }

  private save(key: string, obj: StoredReport, status: number): StoreAnswer {
    const stored: StoredReport = structuredClone(obj);
    stored.metadata.resourceVersion = String(++this.rv);
    stored.metadata.uid ??= `report-${this.rv}`;
    this.objects.set(key, stored);
    this.writes++;
    return { status, body: stored };
  }
}

function parseSelector(s: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (s ?? '').split(',').filter(Boolean)) {
    const [k, v] = part.split('=');
    out[k.trim()] = (v ?? '').trim();
  }
  return out;
}
