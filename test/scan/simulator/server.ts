// A Kubernetes API server simulator on 127.0.0.1, HTTPS with its own CA and a bearer token: legacy discovery
// (/api, /apis, group versions), lists of namespaced and cluster-scoped resources with `limit` and opaque `continue`
// tokens that can be made to expire (410 Expired), `resourceVersion` and `remainingItemCount` on lists, 403 for
// forbidden types, a PolicyReport store and coordination.k8s.io Leases. List bodies are streamed object by object.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { createGzip } from 'node:zlib';
import { generateCertificates } from '../../../src/certs/index.js';
import { LEASE_GROUP, LEASE_VERSION, LeaseStore } from './leases.js';
import { namespaceNames, namespaceRange, objectFor, type SimResource } from './objects.js';
import { REPORT_GROUP, REPORT_VERSION, ReportStore, type StoreAnswer } from './reports.js';

export interface SimulatorOptions {
  resources: SimResource[];
  /** Number of namespaces (the first is kube-system); default 10. */
  namespaces?: number;
  /** Plain HTTP instead of HTTPS (kubeconfigs then skip TLS verification). */
  plainHttp?: boolean;
  token?: string;
  /** The largest page the server returns, whatever `limit` asks (the real server has no cap; tests may). */
  maxLimit?: number;
  /** Compress lists for clients that send `Accept-Encoding: gzip`, as the API server does. */
  gzip?: boolean;
}

export interface ExpiryRule {
  /** Plural of the resource type whose continue tokens expire. */
  plural: string;
  /** Tokens for page `afterPages + 1` and later expire... */
  afterPages: number;
  /** ...this many times in all. */
  times: number;
}

export interface RequestLogEntry {
  method: string;
  path: string;
  status: number;
  /** Set when the answer was compressed. */
  gzip?: true;
}

export interface RunningSimulator {
  url: string;
  token: string;
  /** PEM of the CA that signed the serving certificate (undefined over plain HTTP). */
  ca?: string;
  namespaces: string[];
  resources: SimResource[];
  reports: ReportStore;
  leases: LeaseStore;
  requests: RequestLogEntry[];
  /** Continue tokens of the given type expire as the rule says (410 Gone, reason Expired). */
  expire(rule: ExpiryRule): void;
  /** Pages served so far (list requests that answered 200), per plural. */
  pages: Map<string, number>;
  close(): Promise<void>;
}

interface ContinueToken {
  /** Resource plural and namespace scope the token belongs to. */
  p: string;
  ns?: string;
  /** Next index to serve, the page number it is for, the list's resourceVersion. */
  i: number;
  n: number;
  rv: string;
}

const LIST_RV = '424242';

export async function startApiSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const namespaces = namespaceNames(options.namespaces ?? 10);
  const resources: SimResource[] = [
    { group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false, count: namespaces.length, shortNames: ['ns'] },
    ...options.resources,
  ];
  const token = options.token ?? 'verdict-simulator-token';
  const requests: RequestLogEntry[] = [];
  const pages = new Map<string, number>();
  const expiries: ExpiryRule[] = [];
  const reports = new ReportStore(status);
  const leases = new LeaseStore(status);

  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const url = new URL(req.url ?? '/', 'http://simulator');
      const method = req.method ?? 'GET';
      const log = (code: number) => requests.push({ method, path: url.pathname + url.search, status: code });
      if (req.headers.authorization !== `Bearer ${token}`) return (log(401), send(res, status(401, 'Unauthorized', 'Unauthorized')));
      let body: unknown;
      try {
        body = chunks.length > 0 ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
      } catch {
        return (log(400), send(res, status(400, 'BadRequest', 'the body is not JSON')));
      }
      const answer = await route(method, url, body);
      log(answer.status);
      const gzip = options.gzip === true && 'list' in answer && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
      if (gzip) requests[requests.length - 1].gzip = true;
      if ('list' in answer) streamList(res, answer, gzip);
      else send(res, answer);
    });
  };

  type ListAnswer = { status: 200; list: true; resource: SimResource; from: number; to: number; next?: string; remaining: number };

  function route(method: string, url: URL, body: unknown): StoreAnswer | ListAnswer | Promise<StoreAnswer> {
    const segs = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (url.pathname === '/version') return { status: 200, body: { major: '1', minor: '31', gitVersion: 'v1.31.0-verdict-simulator', platform: 'linux/amd64' } };
    if (url.pathname === '/api') return { status: 200, body: { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' }] } };
    if (url.pathname === '/apis') return { status: 200, body: { kind: 'APIGroupList', apiVersion: 'v1', groups: groups().map(groupDoc) } };
    let group: string, version: string, rest: string[];
    if (segs[0] === 'api' && segs.length >= 2) [group, version, rest] = ['', segs[1], segs.slice(2)];
    else if (segs[0] === 'apis' && segs.length === 2) {
      const g = groups().find((x) => x === segs[1]);
      return g !== undefined ? { status: 200, body: groupDoc(g) } : status(404, 'NotFound', 'the server could not find the requested resource');
    } else if (segs[0] === 'apis' && segs.length >= 3) [group, version, rest] = [segs[1], segs[2], segs.slice(3)];
    else return status(404, 'NotFound', 'the server could not find the requested resource');

    // Leases are served but left out of discovery, so that a scan of every kind does not try to list them.
    if (group === LEASE_GROUP && version === LEASE_VERSION && rest[0] === 'namespaces' && rest[2] === 'leases' && rest.length <= 4) {
      return leases.handle(method, rest[1], rest[3], body);
    }
    const isReports = group === REPORT_GROUP && version === REPORT_VERSION;
    const served = resources.filter((r) => r.group === group && r.version === version);
    if (!isReports && served.length === 0) return status(404, 'NotFound', 'the server could not find the requested resource');
    if (rest.length === 0 && method === 'GET') return { status: 200, body: resourceList(group, version) };

    // [plural] | [plural, name] | [namespaces, ns, plural] | [namespaces, ns, plural, name]
    let namespace: string | undefined, plural: string, name: string | undefined;
    if (rest[0] === 'namespaces' && rest.length >= 3) [namespace, plural, name] = [rest[1], rest[2], rest[3]];
    else [plural, name] = [rest[0], rest[1]];
    if (isReports && (plural === 'policyreports' || plural === 'clusterpolicyreports')) {
      const listAcrossNamespaces = plural === 'policyreports' && namespace === undefined && name === undefined && method === 'GET';
      const scoped = plural === 'clusterpolicyreports' ? namespace === undefined : namespace !== undefined || listAcrossNamespaces;
      if (!scoped) return status(404, 'NotFound', 'the server could not find the requested resource');
      return reports.handle(method, plural, namespace, name, url.searchParams, body);
    }
    const r = served.find((x) => x.plural === plural);
    if (!r || (namespace !== undefined && !r.namespaced)) return status(404, 'NotFound', 'the server could not find the requested resource');
    if (method !== 'GET' || name !== undefined) return status(405, 'MethodNotAllowed', 'the simulator serves lists only');
    if (r.forbidden) {
      const who = 'User "system:serviceaccount:verdict-system:verdict"';
      const scope = namespace ? `in the namespace "${namespace}"` : 'at the cluster scope';
      return status(403, 'Forbidden', `${plural}${group ? `.${group}` : ''} is forbidden: ${who} cannot list resource "${plural}" in API group "${group}" ${scope}`, { group, kind: plural });
    }
    return list(r, namespace, url.searchParams);
  }

  function list(r: SimResource, namespace: string | undefined, q: URLSearchParams): StoreAnswer | ListAnswer {
    const [lo, hi] = namespace !== undefined ? namespaceRange(r, namespace, namespaces) : [0, r.count];
    let from = lo;
    let page = 1;
    const cont = q.get('continue');
    if (cont) {
      const t = decodeToken(cont);
      if (!t || t.p !== r.plural || t.ns !== namespace) return status(400, 'BadRequest', 'invalid continue token');
      const rule = expiries.find((e) => e.plural === r.plural && e.times > 0 && t.n > e.afterPages);
      if (rule) {
        rule.times--;
        return status(410, 'Expired', 'The provided continue parameter is too old to display a consistent list result. Start a new list without the continue parameter.');
      }
      from = t.i;
      page = t.n;
    }
    const asked = Number(q.get('limit') ?? 0);
    const limit = Math.min(asked > 0 ? asked : Infinity, options.maxLimit ?? Infinity);
    const to = Math.min(from + limit, hi);
    const next = to < hi ? encodeToken({ p: r.plural, ...(namespace !== undefined ? { ns: namespace } : {}), i: to, n: page + 1, rv: LIST_RV }) : undefined;
    pages.set(r.plural, (pages.get(r.plural) ?? 0) + 1);
    return { status: 200, list: true, resource: r, from, to, ...(next ? { next } : {}), remaining: hi - to };
  }

  /** The list is written object by object, so even a list without `limit` holds one object at a time. */
  function streamList(res: http.ServerResponse, a: ListAnswer, gzip: boolean): void {
    const r = a.resource;
    const metadata = { resourceVersion: LIST_RV, ...(a.next ? { continue: a.next, remainingItemCount: a.remaining } : {}) };
    res.writeHead(200, { 'content-type': 'application/json', ...(gzip ? { 'content-encoding': 'gzip' } : {}) });
    // The API server compresses large responses for clients that accept gzip (APIResponseCompression).
    const out: NodeJS.WritableStream = gzip ? createGzip() : res;
    if (gzip) (out as NodeJS.ReadWriteStream).pipe(res);
    out.write(`{"kind":"${r.kind}List","apiVersion":"${r.group ? `${r.group}/${r.version}` : r.version}","metadata":${JSON.stringify(metadata)},"items":[`);
    let i = a.from;
    const pump = () => {
      while (i < a.to) {
        const ok = out.write((i > a.from ? ',' : '') + JSON.stringify(objectFor(r, i, namespaces)));
        i++;
        if (!ok) return void out.once('drain', pump);
      }
      out.end(']}');
    };
    pump();
  }

  function groups(): string[] {
    const gs = [...new Set(resources.map((r) => r.group).filter((g) => g !== ''))];
    return [...gs, REPORT_GROUP];
  }

  function groupDoc(g: string): Record<string, unknown> {
    const version = g === REPORT_GROUP ? REPORT_VERSION : resources.find((r) => r.group === g)!.version;
    const gv = { groupVersion: `${g}/${version}`, version };
    return { kind: 'APIGroup', apiVersion: 'v1', name: g, versions: [gv], preferredVersion: gv };
  }

  function resourceList(group: string, version: string): Record<string, unknown> {
    const verbs = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];
    const rs: Array<Record<string, unknown>> = resources
      .filter((r) => r.group === group && r.version === version)
      .map((r) => ({ name: r.plural, singularName: r.kind.toLowerCase(), namespaced: r.namespaced, kind: r.kind, verbs: r.verbs ?? verbs, ...(r.shortNames ? { shortNames: r.shortNames } : {}) }));
    // A subresource, which discovery lists and a scanner must not: it has no objects of its own.
    if (group === '' && rs.some((r) => r.name === 'pods')) rs.push({ name: 'pods/status', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get', 'patch', 'update'] });
    if (group === REPORT_GROUP) {
      rs.push({ name: 'policyreports', singularName: 'policyreport', namespaced: true, kind: 'PolicyReport', verbs, shortNames: ['polr'] });
      rs.push({ name: 'clusterpolicyreports', singularName: 'clusterpolicyreport', namespaced: false, kind: 'ClusterPolicyReport', verbs, shortNames: ['cpolr'] });
    }
    return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources: rs };
  }

  let ca: string | undefined;
  let server: http.Server;
  if (options.plainHttp) server = http.createServer(handler);
  else {
    const certs = generateCertificates({ namespace: 'default', service: 'kubernetes' });
    ca = certs.caCertPem;
    server = https.createServer({ cert: certs.certPem, key: certs.keyPem }, handler);
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${options.plainHttp ? 'http' : 'https'}://127.0.0.1:${port}`,
    token,
    ...(ca ? { ca } : {}),
    namespaces,
    resources,
    reports,
    leases,
    requests,
    pages,
    expire: (rule) => void expiries.push({ ...rule }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function status(code: number, reason: string, message: string, details?: Record<string, unknown>): StoreAnswer {
  return {
    status: code,
    body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: code < 300 ? 'Success' : 'Failure', message, reason, ...(details ? { details } : {}), code },
  };
}

function send(res: http.ServerResponse, a: StoreAnswer): void {
  const text = JSON.stringify(a.body);
  res.writeHead(a.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function encodeToken(t: ContinueToken): string {
  return Buffer.from(JSON.stringify(t)).toString('base64url');
}

function decodeToken(s: string): ContinueToken | undefined {
  try {
    const t = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as ContinueToken;
    return typeof t.i === 'number' && typeof t.p === 'string' ? t : undefined;
  } catch {
    return undefined;
  }
}
