// The simulator's coordination.k8s.io/v1 Leases: get, create (409 AlreadyExists), replace at a resourceVersion
// (409 Conflict otherwise; 404 for a Lease that does not exist, as leases are not created by an update) and
// delete, with the API server's checks on the fields an elector writes (MicroTime with six fractional digits, a
// positive duration). Tests can seed a Lease, hold writes until rivals' writes arrive, or refuse requests.
import type { StoreAnswer } from './reports.js';

export const LEASE_GROUP = 'coordination.k8s.io';
export const LEASE_VERSION = 'v1';

export interface StoredLease {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; namespace?: string; resourceVersion?: string; uid?: string; [k: string]: unknown };
  spec?: { holderIdentity?: string; leaseDurationSeconds?: number; acquireTime?: string; renewTime?: string; leaseTransitions?: number; [k: string]: unknown };
}

type Status = (code: number, reason: string, message: string, details?: Record<string, unknown>) => StoreAnswer;

const MICRO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}(Z|[+-]\d\d:\d\d)$/;

export class LeaseStore {
  /** `namespace/name`. */
  readonly objects = new Map<string, StoredLease>();
  /** Answer every lease request with this error until cleared, as an unreachable or forbidding API server would. */
  rejectAll: { code: number; reason: string; message: string } | undefined;
  /** Successful creates and replaces. */
  writes = 0;
  private rv = 9000;
  private gate: { count: number; waiting: Array<() => void> } | undefined;

  constructor(private readonly status: Status) {}

  /** Stores a Lease as it is (a new resourceVersion), as another client's write would. */
  put(namespace: string, lease: Omit<StoredLease, 'metadata'> & { metadata: { name: string } }): StoredLease {
    return this.save(`${namespace}/${lease.metadata.name}`, { apiVersion: `${LEASE_GROUP}/${LEASE_VERSION}`, kind: 'Lease', ...lease, metadata: { ...lease.metadata, namespace } });
  }

  get(namespace: string, name: string): StoredLease | undefined {
    return this.objects.get(`${namespace}/${name}`);
  }

  /**
   * The next `count` creates or replaces wait for one another, then are applied in the order they came: the writes of
   * candidates that all read the same version, so that all but the first meet a conflict.
   */
  holdWrites(count: number): void {
    this.gate = { count, waiting: [] };
  }

  handle(method: string, namespace: string, name: string | undefined, body: unknown): StoreAnswer | Promise<StoreAnswer> {
    const gate = this.gate;
    if (gate && (method === 'POST' || method === 'PUT') && !this.rejectAll) {
      return new Promise((resolve) => {
        gate.waiting.push(() => resolve(this.apply(method, namespace, name, body)));
        if (gate.waiting.length < gate.count) return;
        this.gate = undefined;
        for (const go of gate.waiting) go();
      });
    }
    return this.apply(method, namespace, name, body);
  }

  private apply(method: string, namespace: string, name: string | undefined, body: unknown): StoreAnswer {
    if (this.rejectAll) return this.status(this.rejectAll.code, this.rejectAll.reason, this.rejectAll.message);
    const key = (n: string) => `${namespace}/${n}`;
    const notFound = (n: string) => this.status(404, 'NotFound', `leases.${LEASE_GROUP} "${n}" not found`, { name: n, group: LEASE_GROUP, kind: 'leases' });
    if (method === 'GET' && name !== undefined) {
      const o = this.objects.get(key(name));
      return o ? { status: 200, body: o } : notFound(name);
    }
    if (method === 'DELETE' && name !== undefined) {
      if (!this.objects.delete(key(name))) return notFound(name);
      return this.status(200, '', '');
    }
    if (!(method === 'POST' && name === undefined) && !(method === 'PUT' && name !== undefined)) return this.status(405, 'MethodNotAllowed', `${method} is not supported on leases here`);
    const lease = body as StoredLease;
    const invalid = this.validate(lease, namespace);
    if (invalid) return invalid;
    const target = name ?? lease.metadata.name;
    if (name !== undefined && lease.metadata.name !== name) return this.status(400, 'BadRequest', 'the name of the object does not match the name on the URL');
    const current = this.objects.get(key(target));
    if (method === 'POST') {
      if (current) return this.status(409, 'AlreadyExists', `leases.${LEASE_GROUP} "${target}" already exists`, { name: target, group: LEASE_GROUP, kind: 'leases' });
      return this.saved(this.save(key(target), lease), 201);
    }
    if (!current) return notFound(target);
    // An update without a resourceVersion is unconditional, as leases allow; with one, it must be the current one.
    if (lease.metadata.resourceVersion !== undefined && lease.metadata.resourceVersion !== current.metadata.resourceVersion) {
      return this.status(409, 'Conflict', `Operation cannot be fulfilled on leases.${LEASE_GROUP} "${target}": the object has been modified; please apply your changes to the latest version and try again`, { name: target, group: LEASE_GROUP, kind: 'leases' });
    }
    return this.saved(this.save(key(target), { ...lease, metadata: { ...lease.metadata, uid: current.metadata.uid } }), 200);
  }

  private validate(lease: StoredLease, namespace: string): StoreAnswer | undefined {
    if (!lease || typeof lease !== 'object' || !lease.metadata?.name) return this.status(400, 'BadRequest', 'the object has no metadata.name');
    if (lease.kind !== 'Lease' || lease.apiVersion !== `${LEASE_GROUP}/${LEASE_VERSION}`) return this.status(400, 'BadRequest', `expected Lease ${LEASE_GROUP}/${LEASE_VERSION}`);
    if ((lease.metadata.namespace ?? namespace) !== namespace) return this.status(400, 'BadRequest', 'the namespace of the provided object does not match the namespace sent on the request');
    const spec = lease.spec ?? {};
    for (const field of ['acquireTime', 'renewTime'] as const) {
      const t = spec[field];
      // The API server decodes MicroTime with a six-digit layout: anything else fails to decode.
      if (t !== undefined && (typeof t !== 'string' || !MICRO_TIME.test(t))) return this.status(400, 'BadRequest', `Lease in version "v1" cannot be handled as a Lease: parsing time "${String(t)}" as "2006-01-02T15:04:05.000000Z07:00": cannot parse`);
    }
    const d = spec.leaseDurationSeconds;
    if (d !== undefined && (!Number.isInteger(d) || d <= 0)) return this.status(422, 'Invalid', `Lease.coordination.k8s.io "${lease.metadata.name}" is invalid: spec.leaseDurationSeconds: Invalid value: ${String(d)}: must be greater than 0`);
    return undefined;
  }

  private saved(lease: StoredLease, status: number): StoreAnswer {
    this.writes++;
    return { status, body: lease };
  }

  private save(key: string, lease: StoredLease): StoredLease {
    const stored: StoredLease = structuredClone(lease);
    stored.metadata.namespace = key.slice(0, key.indexOf('/'));
    stored.metadata.resourceVersion = String(++this.rv);
    stored.metadata.uid ??= `lease-${this.rv}`;
    this.objects.set(key, stored);
    return stored;
  }
}
