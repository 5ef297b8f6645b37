// Discovery: which listable resource types of this cluster the policies can match, from /api and /apis.
import type { ResourceType } from '../types.js';
import { KubeApiError, type KubeClient } from './kube-client.js';

/** A kind the policies match, as the catalog writes it: `*` for any group or any kind. */
export interface KindPattern {
  group: string;
  kind: string;
}

interface APIResource {
  name: string;
  kind: string;
  namespaced: boolean;
  verbs?: string[];
  group?: string;
  version?: string;
}

interface APIResourceList {
  groupVersion: string;
  resources: APIResource[];
}

interface APIGroupList {
  groups: Array<{ name: string; preferredVersion?: { groupVersion: string; version: string }; versions: Array<{ groupVersion: string; version: string }> }>;
}

/**
 * The resource types to list: not subresources, with the `list` verb, matching a pattern (none: every type).
 * Each group is read at its preferred version, as kubectl does, so no object is listed twice through two versions.
 * A group whose discovery fails (an aggregated API that is down, typically) is skipped with a note.
 */
export async function discoverResourceTypes(client: KubeClient, patterns: readonly KindPattern[] | 'all', notes: string[], signal?: AbortSignal): Promise<ResourceType[]> {
  const wants = (group: string, kind: string) =>
    patterns === 'all' || patterns.some((p) => (p.group === '*' || p.group === group) && (p.kind === '*' || p.kind === kind));
  const wantsGroup = (group: string) => patterns === 'all' || patterns.some((p) => p.group === '*' || p.group === group);

  const groupVersions: Array<{ group: string; version: string; path: string }> = [];
  if (wantsGroup('')) {
    const core = await client.get<{ versions?: string[] }>('/api', signal);
    const version = core.versions?.[0] ?? 'v1';
    groupVersions.push({ group: '', version, path: `/api/${version}` });
  }
  const groups = await client.get<APIGroupList>('/apis', signal);
  for (const g of groups.groups ?? []) {
    if (!wantsGroup(g.name)) continue;
    const preferred = g.preferredVersion ?? g.versions[0];
    if (preferred) groupVersions.push({ group: g.name, version: preferred.version, path: `/apis/${preferred.groupVersion}` });
  }

  const out: ResourceType[] = [];
  for (const gv of groupVersions) {
    let list: APIResourceList;
    try {
      list = await client.get<APIResourceList>(gv.path, signal);
    } catch (err) {
      if (!(err instanceof KubeApiError)) throw err;
      notes.push(`skipped API group ${gv.group || 'core'}/${gv.version}: discovery failed (${err.statusCode} ${err.reason ?? ''})`.replace(/ \)/, ')'));
      continue;
    }
    for (const r of list.resources ?? []) {
      if (r.name.includes('/') || !(r.verbs ?? []).includes('list')) continue;
      if (!wants(gv.group, r.kind)) continue;
      out.push({ group: gv.group, version: gv.version, kind: r.kind, resource: r.name, namespaced: r.namespaced });
    }
  }
  return withoutAliases(out);
}

/**
 * `events.k8s.io` Events are the core Events served a second time under another group: listing both would report
 * every event twice.
 */
function withoutAliases(types: ResourceType[]): ResourceType[] {
  const coreEvents = types.some((t) => t.group === '' && t.resource === 'events');
  return coreEvents ? types.filter((t) => !(t.group === 'events.k8s.io' && t.resource === 'events')) : types;
}
