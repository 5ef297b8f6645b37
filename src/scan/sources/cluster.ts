// A live cluster as a scan source: discovery, then every matching resource type listed page by page (`limit` +
// `continue`), the next page fetched while the current one is evaluated, so at most two pages are ever in memory.
import type { KubeObject, ResourceType, ScanItem } from '../types.js';
import { discoverResourceTypes, type KindPattern } from './discovery.js';
import { KubeApiError, listPath, type KubeClient } from './kube-client.js';

export const DEFAULT_PAGE_SIZE = 500;
/** How many times one resource type's list is restarted after its continue token expired before giving up. */
const MAX_RESTARTS = 5;

export interface ListProgress {
  type: ResourceType;
  /** Objects of this type yielded before this page. */
  listed: number;
  /** The server's estimate of the total (from `remainingItemCount`), when it gives one. */
  expected?: number;
}

export interface ClusterSourceOptions {
  client: KubeClient;
  /** Kinds the policies match; `'all'` when a policy matches every kind. */
  patterns: readonly KindPattern[] | 'all';
  /** Only this namespace (cluster-scoped types are then skipped). */
  namespace?: string;
  pageSize?: number;
  signal?: AbortSignal;
  onProgress?: (p: ListProgress) => void;
}

export interface ClusterSource {
  readonly description: string;
  readonly notes: string[];
  /** Resource types listed (known once discovery has run). */
  readonly types: ResourceType[];
  items(): AsyncIterable<ScanItem>;
}

interface ListPage {
  metadata?: { continue?: string; resourceVersion?: string; remainingItemCount?: number };
  items?: KubeObject[];
}

export function clusterSource(options: ClusterSourceOptions): ClusterSource {
  const notes: string[] = [];
  const types: ResourceType[] = [];
  return {
    description: options.client.server,
    notes,
    types,
    async *items() {
      const found = await discoverResourceTypes(options.client, options.patterns, notes, options.signal);
      for (const type of found) {
        if (options.namespace && !type.namespaced) continue;
        types.push(type);
      }
      if (options.namespace && found.length > types.length) notes.push(`cluster-scoped resource types were not listed (--namespace ${options.namespace})`);
      for (const type of types) yield* listType(type, options, notes);
    },
  };
}

/**
 * Every object of one type. A 410 Gone (the continue token expired: the list took longer than the server keeps
 * its snapshot) restarts the list from a fresh snapshot and skips what was already yielded. The API server
 * lists in key order (namespace/name), so "already yielded" is every key up to the last one; should a server
 * not keep that order, the restart cannot tell, and a note says objects may be counted twice.
 */
async function* listType(type: ResourceType, options: ClusterSourceOptions, notes: string[]): AsyncGenerator<ScanItem> {
  const path = listPath(type, options.namespace);
  const limit = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const fetchPage = (token: string | undefined): Promise<ListPage> => {
    const query = `?limit=${limit}${token ? `&continue=${encodeURIComponent(token)}` : ''}`;
    const p = options.client.get<ListPage>(path + query, options.signal);
    // A page fetched ahead may be abandoned (the consumer stopped): its failure must not go unhandled.
    p.catch(() => undefined);
    return p;
  };
  let pending: Promise<ListPage> | undefined = fetchPage(undefined);
  let lastKey: string | undefined;
  let skipThrough: string | undefined;
  let ordered = true;
  let restarts = 0;
  let listed = 0;
  while (pending) {
    let page: ListPage;
    try {
      page = await pending;
    } catch (err) {
      if (!(err instanceof KubeApiError)) throw err;
      if (err.statusCode === 403) {
        notes.push(`skipped ${describe(type)}: forbidden (${err.status?.message ?? 'the service account may not list it'})`);
        return;
      }
      if (err.statusCode === 404) {
        notes.push(`skipped ${describe(type)}: not found (removed while the scan ran?)`);
        return;
      }
      if (err.statusCode === 410 && restarts < MAX_RESTARTS) {
        restarts++;
        if (!ordered) notes.push(`${describe(type)}: the list was restarted after its continue token expired; objects may be counted twice`);
        skipThrough = ordered ? lastKey : undefined;
        pending = fetchPage(undefined);
        continue;
      }
      throw err;
    }
    const next = page.metadata?.continue;
    pending = next ? fetchPage(next) : undefined;
    const items = page.items ?? [];
    const remaining = page.metadata?.remainingItemCount;
    const expected = typeof remaining === 'number' ? listed + items.length + remaining : next ? undefined : listed + items.length;
    options.onProgress?.({ type, listed, ...(expected !== undefined ? { expected } : {}) });
    for (const object of items) {
      const key = keyOf(object);
      if (skipThrough !== undefined) {
        if (key <= skipThrough) continue;
        skipThrough = undefined;
      }
      if (lastKey !== undefined && key <= lastKey) ordered = false;
      lastKey = key;
      listed++;
      yield { object, type };
    }
  }
}

/** The object's etcd key below the resource prefix, which is the order lists come in. */
function keyOf(o: KubeObject): string {
  const ns = o.metadata?.namespace;
  const name = o.metadata?.name ?? '';
  return ns ? `${ns}/${name}` : name;
}

export function describe(type: ResourceType): string {
  return type.group === '' ? type.resource : `${type.resource}.${type.group}`;
}
