import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import {
  ApiException,
  HttpMethod,
  KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
  type RequestContext,
  type ResponseContext,
} from '@kubernetes/client-node';
import { SuperpodInputError } from '../errors.ts';
import type { KubeObject } from '../k8s/object.ts';

/** The field manager of every server-side apply superpod makes. */
export const FIELD_MANAGER = 'superpod';

/** A live object as the API server returns it. */
export type LiveObject = KubeObject & { readonly metadata: KubeObject['metadata'] & Record<string, unknown> };

export interface ConnectOptions {
  /** Kubeconfig file. @default - $KUBECONFIG, then ~/.kube/config, then in-cluster */
  readonly kubeconfig?: string;
  /** Context in the kubeconfig. @default - its current context */
  readonly context?: string;
  /** Per-request timeout, ms. @default 30000 */
  readonly timeoutMs?: number;
  /** How 429 and 5xx answers are retried. @default DEFAULT_RETRY */
  readonly retry?: RetryPolicy;
}

/**
 * Retries of a request the API server answered with 429 (too many requests, API priority and fairness) or a 5xx:
 * at most `attempts` tries in all, waiting `Retry-After` when the server sends it (capped at `maxDelayMs`), else
 * `baseDelayMs` doubling each time; no retry starts once `budgetMs` has passed since the first try.
 */
export interface RetryPolicy {
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly budgetMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 500, maxDelayMs: 10_000, budgetMs: 60_000 };

interface ResourceInfo {
  readonly plural: string;
  readonly namespaced: boolean;
}

/**
 * A thin client over @kubernetes/client-node: its KubeConfig (files, contexts, certificates, tokens, exec plugins) and
 * request pipeline, with raw JSON bodies. The generic KubernetesObjectApi serialises through typed models, which drop
 * fields they do not know (custom resources of the same version and kind name, newer API fields); diff and apply need
 * the objects exactly as written and as served.
 */
export class ClusterClient {
  /** API server URL of the chosen context, for messages. */
  readonly server: string;
  /** Name of the chosen context. */
  readonly contextName: string;
  private readonly api: RawObjectApi;
  private readonly discovery = new Map<string, Promise<Map<string, ResourceInfo> | undefined>>();
  private readonly timeoutMs: number;
  private readonly retry: RetryPolicy;

  constructor(options: ConnectOptions = {}) {
    const kc = new KubeConfig();
    if (options.kubeconfig !== undefined) {
      if (!fs.existsSync(options.kubeconfig)) {
        throw new SuperpodInputError({
          where: '--kubeconfig',
          problem: 'kubeconfig file not found',
          value: options.kubeconfig,
          fix: 'pass the path of a kubeconfig file, or leave --kubeconfig out to use $KUBECONFIG or ~/.kube/config',
        });
      }
      try {
        kc.loadFromFile(options.kubeconfig);
      } catch (error) {
        throw new SuperpodInputError({
          where: options.kubeconfig,
          problem: `not a readable kubeconfig: ${firstLine(error)}`,
          fix: 'check the file with `kubectl config view --kubeconfig <file>`',
        });
      }
    } else {
      kc.loadFromDefault();
    }
    if (options.context !== undefined) {
      if (!kc.getContextObject(options.context)) {
        const known = kc.getContexts().map((c) => c.name);
        throw new SuperpodInputError({
          where: '--context',
          problem: 'no such context in the kubeconfig',
          value: options.context,
          fix: known.length > 0 ? `use one of ${known.join(', ')}` : 'add the context to the kubeconfig first',
        });
      }
      kc.setCurrentContext(options.context);
    }
    const cluster = kc.getCurrentCluster();
    if (!cluster) {
      throw new SuperpodInputError({
        where: options.kubeconfig ?? 'kubeconfig',
        problem: 'the current context names no cluster',
        fix: 'pick a context with a cluster: --context <name>',
      });
    }
    this.server = cluster.server;
    this.contextName = kc.getCurrentContext();
    this.api = kc.makeApiClient(RawObjectApi);
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.retry = options.retry ?? DEFAULT_RETRY;
  }

  /** Path and scope of a kind, from API discovery; undefined when the cluster does not serve it (no CRD). */
  async resource(apiVersion: string, kind: string): Promise<ResourceInfo | undefined> {
    let resources = this.discovery.get(apiVersion);
    if (!resources) {
      const path = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
      resources = this.request<{ resources: Array<{ name: string; kind: string; namespaced: boolean }> }>('GET', path)
        .then(
          (list) =>
            new Map(
              list.resources
                .filter((r) => !r.name.includes('/'))
                .map((r) => [r.kind, { plural: r.name, namespaced: r.namespaced }]),
            ),
        )
        .catch((error) => {
          if (error instanceof ClusterError && error.status === 404) return undefined;
          throw error;
        });
      this.discovery.set(apiVersion, resources);
    }
    return (await resources)?.get(kind);
  }

  /** The live object, or undefined when it does not exist. */
  async get(object: KubeObject): Promise<LiveObject | undefined> {
    try {
      return await this.request<LiveObject>('GET', await this.path(object, true), {}, object);
    } catch (error) {
      if (error instanceof ClusterError && error.status === 404) return undefined;
      throw error;
    }
  }

  /** Server-side apply (`application/apply-patch+yaml`) under the `superpod` field manager. */
  async apply(object: KubeObject, opts: { dryRun: boolean; force: boolean }): Promise<LiveObject> {
    const query: Record<string, string> = { fieldManager: FIELD_MANAGER };
    if (opts.force) query.force = 'true';
    if (opts.dryRun) query.dryRun = 'All';
    return this.request<LiveObject>(
      'PATCH',
      await this.path(object, true),
      { query, body: JSON.stringify(object), contentType: PatchStrategy.ServerSideApply },
      object,
    );
  }

  /** Objects of a kind in every namespace that match a label selector; undefined when the kind is not served. */
  async list(apiVersion: string, kind: string, labelSelector?: string): Promise<LiveObject[] | undefined> {
    const info = await this.resource(apiVersion, kind);
    if (!info) return undefined;
    const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    const items: LiveObject[] = [];
    let continueToken: string | undefined;
    do {
      const query: Record<string, string> = { limit: '500' };
      if (labelSelector) query.labelSelector = labelSelector;
      if (continueToken) query.continue = continueToken;
      const list = await this.request<{ items?: LiveObject[]; metadata?: { continue?: string } }>(
        'GET',
        `${base}/${info.plural}`,
        { query },
      );
      // Lists leave apiVersion and kind out of their items.
      for (const item of list.items ?? []) items.push({ ...item, apiVersion, kind });
      continueToken = list.metadata?.continue || undefined;
    } while (continueToken);
    return items;
  }

  async delete(object: KubeObject, opts: { dryRun: boolean }): Promise<void> {
    const query: Record<string, string> = { propagationPolicy: 'Background' };
    if (opts.dryRun) query.dryRun = 'All';
    try {
      await this.request('DELETE', await this.path(object, true), { query }, object);
    } catch (error) {
      if (error instanceof ClusterError && error.status === 404) return;
      throw error;
    }
  }

  private async path(object: KubeObject, withName: boolean): Promise<string> {
    const info = await this.resource(object.apiVersion, object.kind);
    if (!info) {
      throw new ClusterError(
        'not-served',
        404,
        `the cluster does not serve ${object.kind} (${object.apiVersion}); install its CRDs (Volcano, LeaderWorkerSet) first, or apply --stage platform`,
        object,
      );
    }
    const base = object.apiVersion.includes('/') ? `/apis/${object.apiVersion}` : `/api/${object.apiVersion}`;
    const ns = info.namespaced ? `/namespaces/${encodeURIComponent(object.metadata.namespace ?? 'default')}` : '';
    return `${base}${ns}/${info.plural}${withName ? `/${encodeURIComponent(object.metadata.name)}` : ''}`;
  }

  private async request<T>(
    method: 'GET' | 'PATCH' | 'DELETE',
    path: string,
    opts: { query?: Record<string, string>; body?: string; contentType?: string } = {},
    object?: KubeObject,
  ): Promise<T> {
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      try {
        return (await this.api.send(method, path, { ...opts, timeoutMs: this.timeoutMs })) as T;
      } catch (error) {
        const wait = retryDelay(error, attempt, started, this.retry);
        if (wait === undefined) {
          const failure = toClusterError(error, this.server, object);
          if (attempt === 1 || failure.kind !== 'server') throw failure;
          throw new ClusterError(
            failure.kind,
            failure.status,
            `${failure.message} (after ${attempt} attempts)`,
            object,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }
}

/** KubernetesObjectApi with raw JSON responses and a generic request method (auth, TLS and proxies unchanged). */
class RawObjectApi extends KubernetesObjectApi {
  /** Keep-alive agents by TLS options: client-node makes a new agent (a new TLS handshake) for every request. */
  private readonly agents = new Map<string, http.Agent>();

  async send(
    method: 'GET' | 'PATCH' | 'DELETE',
    path: string,
    opts: { query?: Record<string, string>; body?: string; contentType?: string; timeoutMs: number },
  ): Promise<unknown> {
    const context: RequestContext = this.configuration.baseServer.makeRequestContext(path, HttpMethod[method]);
    context.setHeaderParam('Accept', 'application/json');
    for (const [name, value] of Object.entries(opts.query ?? {})) context.setQueryParam(name, value);
    if (opts.body !== undefined) {
      context.setHeaderParam('Content-Type', opts.contentType ?? 'application/json');
      context.setBody(opts.body);
    }
    context.setSignal(AbortSignal.timeout(opts.timeoutMs) as never);
    const setAgent = context.setAgent.bind(context);
    context.setAgent = (agent) => setAgent(this.keepAlive(agent as unknown as http.Agent) as never);
    return this.requestPromise(context);
  }

  private keepAlive(agent: http.Agent): http.Agent {
    // Proxy agents (HTTPS_PROXY, SOCKS) stay as they are.
    if (agent.constructor !== https.Agent && agent.constructor !== http.Agent) return agent;
    const options = (agent as unknown as { options: https.AgentOptions }).options;
    const { ca, cert, key, pfx, passphrase, rejectUnauthorized, servername } = options;
    const tls = agent instanceof https.Agent;
    const id = JSON.stringify([tls, ca, cert, key, pfx, passphrase, rejectUnauthorized, servername]);
    let shared = this.agents.get(id);
    if (!shared) {
      const keep = { keepAlive: true, maxSockets: 16 };
      shared = tls ? new https.Agent({ ...options, ...keep }) : new http.Agent({ ...options, ...keep });
      this.agents.set(id, shared);
    }
    return shared;
  }

  protected override async processResponse<T>(response: ResponseContext): Promise<T> {
    const text = await response.body.text();
    const data = text === '' ? {} : safeJson(text);
    if (response.httpStatusCode >= 200 && response.httpStatusCode <= 299) return data as T;
    throw new ApiException(response.httpStatusCode, 'Unsuccessful HTTP Request', data, response.headers);
  }
}

export type ClusterErrorKind =
  | 'unreachable'
  | 'unauthorized'
  | 'forbidden'
  | 'conflict'
  | 'not-found'
  | 'not-served'
  | 'invalid'
  | 'server';

/** A failed request, classified so commands can say what to do. */
export class ClusterError extends Error {
  constructor(
    readonly kind: ClusterErrorKind,
    readonly status: number | undefined,
    message: string,
    readonly object?: KubeObject,
  ) {
    super(message);
    this.name = 'ClusterError';
  }
}

function toClusterError(error: unknown, server: string, object?: KubeObject): ClusterError {
  if (error instanceof ClusterError) return error;
  if (error instanceof ApiException) {
    const body = error.body as { message?: string; reason?: string } | undefined;
    const message = (typeof body?.message === 'string' && body.message) || `HTTP ${error.code}`;
    const kind: ClusterErrorKind =
      error.code === 401
        ? 'unauthorized'
        : error.code === 403
          ? 'forbidden'
          : error.code === 404
            ? 'not-found'
            : error.code === 409
              ? 'conflict'
              : error.code === 422 || error.code === 400
                ? 'invalid'
                : 'server';
    return new ClusterError(kind, error.code, message.split('\n')[0]!, object);
  }
  const e = error as { name?: string; code?: string; message?: string; type?: string };
  if (e?.name === 'AbortError' || e?.name === 'TimeoutError' || e?.type === 'aborted')
    return new ClusterError('unreachable', undefined, `no answer from ${server} in time`, object);
  const code = e?.code ? ` (${e.code})` : '';
  return new ClusterError('unreachable', undefined, `cannot reach ${server}${code}: ${firstLine(error)}`, object);
}

/** Milliseconds to wait before trying a failed request again, or undefined when it must not be retried. */
export function retryDelay(error: unknown, attempt: number, started: number, policy: RetryPolicy): number | undefined {
  if (!(error instanceof ApiException) || !(error.code === 429 || (error.code >= 500 && error.code <= 599))) return;
  if (attempt >= policy.attempts) return;
  // Seconds, as the API server sends it (an HTTP date falls back to the backoff).
  const retryAfter = Number(error.headers?.['retry-after']);
  const wait = Math.min(
    Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter * 1000 : policy.baseDelayMs * 2 ** (attempt - 1),
    policy.maxDelayMs,
  );
  if (Date.now() + wait - started > policy.budgetMs) return;
  return wait;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { message: text.slice(0, 200) };
  }
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split('\n')[0]!;
}
