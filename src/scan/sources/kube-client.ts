// A small JSON client for the Kubernetes API: credentials, TLS and the server address come from
// @kubernetes/client-node's KubeConfig (kubeconfig file, context, exec plugins, in-cluster service account);
// requests are plain node:http(s) so that list pages arrive as the raw JSON the policies must see, untouched by
// the generated model classes (which turn timestamps into Dates and drop fields they do not know).
import http from 'node:http';
import https from 'node:https';
import { createGunzip } from 'node:zlib';
import { UserError } from '../../shared/user-error.js';
import { agentFor, resolveConnection } from './kubeconfig.js';

export interface KubeClientOptions {
  /** A kubeconfig file; default: $KUBECONFIG, ~/.kube/config, then the in-cluster service account. */
  kubeconfig?: string;
  context?: string;
  /** Per request, in ms (default 60 s). */
  timeoutMs?: number;
}

/** The `Status` body of a failed request, as the API server sends it. */
export interface KubeStatus {
  kind?: string;
  status?: string;
  message?: string;
  reason?: string;
  code?: number;
  metadata?: { continue?: string };
  details?: Record<string, unknown>;
}

/** A request the API server answered with an error status. */
export class KubeApiError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly statusCode: number,
    readonly status: KubeStatus | undefined,
  ) {
    super(`${method} ${path}: ${statusCode} ${status?.reason ?? ''}${status?.message ? `: ${status.message}` : ''}`.replace(/ +:/, ':'));
    this.name = 'KubeApiError';
  }

  get reason(): string | undefined {
    return this.status?.reason;
  }
}

/** Answers worth a second try: throttling and a server or proxy that is briefly unavailable. */
const RETRYABLE = new Set([429, 500, 502, 503, 504]);
const ATTEMPTS = 4;

export interface KubeRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  body?: unknown;
}

/** Where requests go and how they are authenticated; kept apart from KubeConfig so tests can pass their own. */
export interface KubeTransport {
  server: string;
  /** Headers and options for a request. */
  requestOptions(): Promise<https.RequestOptions>;
  /** Reads the credentials again (after a 401). */
  refresh?(): Promise<void>;
}

export class KubeClient {
  private constructor(
    private readonly transport: KubeTransport,
    private readonly timeoutMs: number,
  ) {}

  /**
   * Reads the configuration the way kubectl does (through @kubernetes/client-node, in a worker thread); a missing
   * or unknown context is the user's to fix. Credentials are read again once if the server answers 401 (an
   * expired token from an exec plugin or a rotated service account token).
   */
  static async fromConfig(options: KubeClientOptions = {}): Promise<KubeClient> {
    const request = { kubeconfig: options.kubeconfig, context: options.context };
    const reply = await resolveConnection(request);
    if (!reply.ok && reply.proxy) return new KubeClient(await clientNodeTransport(options), options.timeoutMs ?? 60_000);
    if (!reply.ok) throw new UserError(`verdict scan: ${reply.message}`);
    let connection = reply.connection;
    const agent = agentFor(connection);
    const transport: KubeTransport = {
      server: connection.server,
      requestOptions: async () => ({ agent, headers: connection.headers }),
      async refresh() {
        const again = await resolveConnection(request);
        if (again.ok) connection = again.connection;
      },
    };
    return new KubeClient(transport, options.timeoutMs ?? 60_000);
  }

  static fromTransport(transport: KubeTransport, timeoutMs = 60_000): KubeClient {
    return new KubeClient(transport, timeoutMs);
  }

  get server(): string {
    return this.transport.server;
  }

  /** GET with retries of transient failures; the parsed JSON body. */
  async get<T>(path: string, signal?: AbortSignal): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return (await this.request<T>({ path }, signal)) as T;
      } catch (err) {
        const status = err instanceof KubeApiError ? err.statusCode : undefined;
        const transient = status === undefined ? isNetworkError(err) : RETRYABLE.has(status);
        if (!transient || attempt >= ATTEMPTS || signal?.aborted) throw err;
        await sleep(200 * 2 ** (attempt - 1), signal);
      }
    }
  }

  /** One request; a non-2xx answer throws KubeApiError with the server's Status. */
  async request<T>(req: KubeRequest, signal?: AbortSignal): Promise<T> {
    try {
      return await this.requestOnce<T>(req, signal);
    } catch (err) {
      if (!(err instanceof KubeApiError && err.statusCode === 401 && this.transport.refresh)) throw err;
      await this.transport.refresh();
      return this.requestOnce<T>(req, signal);
    }
  }

  private async requestOnce<T>(req: KubeRequest, signal?: AbortSignal): Promise<T> {
    const method = req.method ?? 'GET';
    const url = new URL(this.transport.server.replace(/\/+$/, '') + req.path);
    const base = await this.transport.requestOptions();
    const payload = req.body === undefined ? undefined : Buffer.from(JSON.stringify(req.body));
    const headers: Record<string, string> = { ...(base.headers as Record<string, string>), accept: 'application/json', 'accept-encoding': 'gzip' };
    if (payload) (headers['content-type'] = 'application/json'), (headers['content-length'] = String(payload.length));
    const mod = url.protocol === 'http:' ? http : https;
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const r = mod.request(url, { ...base, method, headers, signal, timeout: this.timeoutMs }, (res) => {
        // Decoded as it arrives into one string: no Buffer copies of the page to wait for the collector.
        const stream = res.headers['content-encoding'] === 'gzip' ? res.pipe(createGunzip()) : res;
        stream.setEncoding('utf8');
        let text = '';
        stream.on('data', (c: string) => (text += c));
        stream.on('error', reject);
        res.on('error', reject);
        stream.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      r.on('timeout', () => r.destroy(new Error(`timed out after ${this.timeoutMs} ms`)));
      r.on('error', reject);
      r.end(payload);
    }).catch((err: Error) => {
      if (err.name === 'AbortError') throw err;
      throw Object.assign(new Error(`${method} ${url.pathname}: ${err.message}`), { code: (err as NodeJS.ErrnoException).code, network: true });
    });
    if (status < 200 || status >= 300) throw new KubeApiError(method, req.path, status, parseStatus(body));
    return (body.length === 0 ? undefined : JSON.parse(body)) as T;
  }
}

/** A kubeconfig whose cluster sits behind a proxy: client-node builds the proxy agent, in this thread. */
async function clientNodeTransport(options: KubeClientOptions): Promise<KubeTransport> {
  const { KubeConfig } = await import('@kubernetes/client-node');
  const kc = new KubeConfig();
  if (options.kubeconfig) kc.loadFromFile(options.kubeconfig);
  else kc.loadFromDefault();
  if (options.context) kc.setCurrentContext(options.context);
  let agent: http.Agent | undefined;
  return {
    server: kc.getCurrentCluster()!.server,
    async requestOptions() {
      const opts: https.RequestOptions = {};
      await kc.applyToHTTPSOptions(opts);
      // The agent holds the TLS and proxy settings, which never change: keep the first so connections are reused.
      agent ??= opts.agent as http.Agent;
      return { ...opts, agent };
    },
  };
}

function parseStatus(body: string): KubeStatus | undefined {
  try {
    const v = JSON.parse(body) as KubeStatus;
    return v && typeof v === 'object' ? v : undefined;
  } catch {
    return body.length > 0 ? { message: body.slice(0, 200) } : undefined;
  }
}

function isNetworkError(err: unknown): boolean {
  return !!err && typeof err === 'object' && (err as { network?: boolean }).network === true;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });
}

/** `/api/v1/namespaces/shop/pods`: the path of a resource type's list, in one namespace or across all. */
export function listPath(type: { group: string; version: string; resource: string; namespaced: boolean }, namespace?: string): string {
  const root = type.group === '' ? `/api/${type.version}` : `/apis/${type.group}/${type.version}`;
  return type.namespaced && namespace ? `${root}/namespaces/${encodeURIComponent(namespace)}/${type.resource}` : `${root}/${type.resource}`;
}
