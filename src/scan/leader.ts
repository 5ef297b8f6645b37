// Leader election over a coordination.k8s.io/v1 Lease, the way Kubernetes controllers elect (client-go's
// leaderelection): one holder at a time, renewed well within its duration, taken over by another candidate only once
// it has gone unrenewed for a whole duration by that candidate's own clock, and every write made at the
// resourceVersion last read, so that two candidates racing for the same Lease can never both win.
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { OpLog } from '../audit/writer.js';
import { KubeApiError, type KubeClient } from './sources/kube-client.js';

/** The Lease the replicas of one Deployment compete for, in their own namespace. */
export const AUDIT_LEASE_NAME = 'verdict-audit-scan';
/** Overrides where the Lease lives; otherwise the Pod's namespace (downward API, then the service account). */
export const LEASE_NAMESPACE_ENV = 'VERDICT_AUDIT_LEASE_NAMESPACE';
const SERVICE_ACCOUNT_NAMESPACE_FILE = '/var/run/secrets/kubernetes.io/serviceaccount/namespace';

export interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}

export interface Lease {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; namespace?: string; resourceVersion?: string; [key: string]: unknown };
  spec?: LeaseSpec;
}

export interface LeaderElectionOptions {
  client: Pick<KubeClient, 'request'>;
  namespace: string;
  /** Default `verdict-audit-scan`. */
  name?: string;
  /** Who this candidate is: `<pod>_<pid>` by default (see defaultIdentity). */
  identity?: string;
  /** Written into the Lease: how long others wait for a renewal before taking over (default 15; whole seconds). */
  leaseDurationSeconds?: number;
  /** The holder gives up leading when it could not renew for this long (default 10 s, below the duration). */
  renewDeadlineMs?: number;
  /** How often the holder renews and the others try to acquire (default 5 s). */
  retryPeriodMs?: number;
  log?: OpLog;
}

export interface LeaderElection {
  readonly identity: string;
  readonly name: string;
  readonly namespace: string;
  /** True while this candidate holds the Lease and renewed it within the renew deadline. */
  readonly leading: boolean;
  /** Called on every change of `leading`, including the loss at `stop()`. */
  onChange(listener: (leading: boolean) => void): void;
  /** One acquire-or-renew round now (the loop runs them on its own); resolves with `leading`. */
  tryAcquireOrRenew(): Promise<boolean>;
  /** No more rounds; a held Lease is released so that another candidate takes over at its next round. */
  stop(): Promise<void>;
}

/** `<pod name>_<pid>`: unique across replicas (pod name) and across the worker processes of one Pod (pid). */
export function defaultIdentity(env: NodeJS.ProcessEnv = process.env): string {
  return `${env.POD_NAME || env.HOSTNAME || hostname()}_${process.pid}`;
}

/**
 * Where the Lease lives: $VERDICT_AUDIT_LEASE_NAMESPACE, else $POD_NAMESPACE (the downward API), else the
 * namespace of the mounted service account. Undefined outside a Pod: nothing says which namespace the replicas share.
 */
export function leaseNamespace(env: NodeJS.ProcessEnv = process.env, serviceAccountFile = SERVICE_ACCOUNT_NAMESPACE_FILE): string | undefined {
  const named = env[LEASE_NAMESPACE_ENV] || env.POD_NAMESPACE;
  if (named) return named;
  try {
    return readFileSync(serviceAccountFile, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** MicroTime as the API server parses it: RFC 3339 with exactly six fractional digits. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

export function startLeaderElection(options: LeaderElectionOptions): LeaderElection {
  const name = options.name ?? AUDIT_LEASE_NAME;
  const identity = options.identity ?? defaultIdentity();
  const durationSeconds = Math.max(1, Math.round(options.leaseDurationSeconds ?? 15));
  const renewDeadlineMs = options.renewDeadlineMs ?? 10_000;
  const retryPeriodMs = options.retryPeriodMs ?? 5_000;
  const path = `/apis/coordination.k8s.io/v1/namespaces/${encodeURIComponent(options.namespace)}/leases/${encodeURIComponent(name)}`;
  /** How log lines name the Lease. */
  const leaseRef = `${options.namespace}/${name}`;
  const listeners: Array<(leading: boolean) => void> = [];
  const stopping = new AbortController();

  // Local monotonic times (performance.now): other nodes' clocks never decide whether a Lease has expired.
  let held = false;
  let renewedAt = -Infinity;
  let observed: Lease | undefined;
  let observedAt = -Infinity;
  let wasLeading = false;
  let lastError: string | undefined;
  let round: Promise<boolean> | undefined;
  let stopped = false;
  let deadline: NodeJS.Timeout | undefined;

  const leading = () => held && !stopped && performance.now() - renewedAt < renewDeadlineMs;

  const settle = () => {
    const now = leading();
    if (now === wasLeading) return;
    wasLeading = now;
    options.log?.info({ lease: leaseRef, identity }, now ? 'audit scan lease acquired: this replica scans' : 'audit scan lease lost: this replica stops scanning');
    for (const l of listeners) l(now);
  };

  /** A record that changed since the last look restarts the expiry clock: the holder is alive. */
  const observe = (lease: Lease) => {
    const key = (l: Lease | undefined) => `${l?.spec?.holderIdentity ?? ''}\u0000${l?.spec?.renewTime ?? ''}\u0000${l?.metadata.resourceVersion ?? ''}`;
    if (key(lease) !== key(observed)) observedAt = performance.now();
    observed = lease;
  };

  const failed = (err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    // Once per distinct failure: a missing permission would otherwise log every few seconds.
    if (message !== lastError) options.log?.warn({ lease: leaseRef, err: { message } }, 'audit scan lease: cannot read or write the Lease');
    lastError = message;
  };

  const request = (method: 'GET' | 'POST' | 'PUT', target: string, body?: Lease) =>
    options.client.request<Lease>({ method, path: target, ...(body ? { body } : {}) }, AbortSignal.any([stopping.signal, AbortSignal.timeout(renewDeadlineMs)]));

  const spec = (previous: LeaseSpec | undefined, nowMs: number): LeaseSpec => {
    const mine = previous?.holderIdentity === identity;
    return {
      holderIdentity: identity,
      leaseDurationSeconds: durationSeconds,
      acquireTime: mine && previous?.acquireTime ? previous.acquireTime : microTime(nowMs),
      renewTime: microTime(nowMs),
      leaseTransitions: (previous?.leaseTransitions ?? 0) + (mine || previous === undefined ? 0 : 1),
    };
  };

  /** A write at the version read; 'conflict' when another candidate wrote in between. */
  const write = async (method: 'POST' | 'PUT', target: string, body: Lease): Promise<true | 'conflict'> => {
    try {
      observe(await request(method, target, body));
      return true;
    } catch (err) {
      if (isConflict(err)) return 'conflict';
      throw err;
    }
  };

  /** One attempt; true when this candidate holds the Lease afterwards, 'conflict' when someone wrote in between. */
  const attempt = async (): Promise<boolean | 'conflict'> => {
    let lease: Lease | undefined;
    try {
      lease = await request('GET', path);
    } catch (err) {
      if (!(err instanceof KubeApiError && err.statusCode === 404)) throw err;
    }
    if (!lease) {
      const fresh: Lease = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name, namespace: options.namespace }, spec: spec(undefined, Date.now()) };
      return write('POST', path.slice(0, path.lastIndexOf('/')), fresh);
    }
    observe(lease);
    const holder = lease.spec?.holderIdentity;
    const validFor = (lease.spec?.leaseDurationSeconds ?? durationSeconds) * 1000;
    if (holder && holder !== identity && performance.now() - observedAt < validFor) return false;
    return write('PUT', path, { ...lease, metadata: { ...lease.metadata }, spec: spec(lease.spec, Date.now()) });
  };

  const runRound = async (): Promise<boolean> => {
    const started = performance.now();
    try {
      // A conflict means another candidate wrote since our read: read again once and decide on what it wrote.
      let result = await attempt();
      if (result === 'conflict' && !stopped) result = await attempt();
      if (result === true) {
        held = true;
        renewedAt = started;
        lastError = undefined;
        // Should the next renewals hang, the loss is announced when the deadline passes, not when they return.
        clearTimeout(deadline);
        deadline = setTimeout(settle, Math.max(0, renewedAt + renewDeadlineMs - performance.now()) + 1);
        deadline.unref();
      }
      else if (result === false) held = false;
      // A second conflict leaves `held` as it was: a holder keeps leading until its renew deadline passes.
    } catch (err) {
      if (!stopped) failed(err);
    }
    settle();
    return leading();
  };

  const election: LeaderElection = {
    identity,
    name,
    namespace: options.namespace,
    get leading() {
      return leading();
    },
    onChange: (listener) => void listeners.push(listener),
    tryAcquireOrRenew() {
      round ??= runRound().finally(() => (round = undefined));
      return round;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      clearTimeout(timer);
      clearTimeout(deadline);
      stopping.abort();
      await round?.catch(() => undefined);
      const release = held && observed?.spec?.holderIdentity === identity;
      held = false;
      settle();
      if (!release || !observed) return;
      // Released as client-go does: no holder and a one-second duration, at the version we last wrote.
      const now = Date.now();
      const { holderIdentity: _, ...rest } = observed.spec ?? {};
      const body: Lease = { ...observed, spec: { ...rest, leaseDurationSeconds: 1, acquireTime: microTime(now), renewTime: microTime(now) } };
      try {
        await options.client.request<Lease>({ method: 'PUT', path, body }, AbortSignal.timeout(Math.min(renewDeadlineMs, 5_000)));
        options.log?.info({ lease: leaseRef, identity }, 'audit scan lease released');
      } catch (err) {
        // A conflict means the Lease is no longer ours to release; anything else, it expires on its own.
        if (!isConflict(err)) options.log?.warn({ err: { message: (err as Error).message } }, 'audit scan lease: could not release the Lease; it expires on its own');
      }
    },
  };

  let timer: NodeJS.Timeout | undefined;
  const loop = () => {
    if (stopped) return;
    void election.tryAcquireOrRenew().then(() => {
      if (stopped) return;
      timer = setTimeout(loop, retryPeriodMs);
      // The election never keeps the process alive on its own.
      timer.unref();
    });
  };
  loop();
  return election;
}

function isConflict(err: unknown): boolean {
  return err instanceof KubeApiError && err.statusCode === 409;
}
