import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * A Kubernetes API server stand-in on 127.0.0.1 that speaks the paths and content types superpod uses: discovery
 * (`/api/v1`, `/apis/<group>/<version>`), GET and LIST (label selectors, `limit`/`continue` pages), PATCH with
 * `application/apply-patch+yaml` (server-side apply: field manager required, dry run, conflicts unless `force`),
 * DELETE (dry run), bearer-token authentication and per-verb denials. Apply merges like SSA for the cases tested
 * (maps merge, lists and scalars replace); it does not track field ownership beyond the conflicts a test declares.
 *
 * The same paths run against a real kube-apiserver in `npm run test:cluster` (test/cluster/). This stand-in stays for
 * `npm test`, which must run without Go, and for what a real server cannot be made to do on demand: LIST pages of a
 * chosen size, a denial of any verb on any resource without RBAC set-up, a declared conflict on any field, a kind
 * left unserved. Faults between client and server (429, 5xx) come from test/deploy/fault-proxy.ts, in front of either.
 */
export interface FakeServerOptions {
  /** Group versions the server does not serve (as if a CRD is not installed), e.g. `leaderworkerset.x-k8s.io/v1`. */
  readonly unserved?: readonly string[];
  /** Requests to deny with 403: verb (get, list, patch, delete) and resource (plural). */
  readonly deny?: ReadonlyArray<{ verb: string; resource: string }>;
  /** Fields another manager owns: applying a different value without force is a 409. */
  readonly conflicts?: ReadonlyArray<{ kind: string; name: string; path: string; manager: string }>;
  /** Items per LIST page when the client asks for fewer. @default 500 */
  readonly pageSize?: number;
  /** Milliseconds before each answer, so a test can interrupt a run midway. @default 0 */
  readonly latencyMs?: number;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly contentType: string | undefined;
  readonly body: string;
}

// biome-ignore lint/suspicious/noExplicitAny: the fake server stores arbitrary Kubernetes objects
type Obj = Record<string, any>;

interface KindInfo {
  readonly groupVersion: string;
  readonly kind: string;
  readonly plural: string;
  readonly namespaced: boolean;
}

const KINDS: ReadonlyArray<[groupVersion: string, kind: string, namespaced: boolean]> = [
  ['v1', 'Namespace', false],
  ['v1', 'Node', false],
  ['v1', 'ServiceAccount', true],
  ['v1', 'ConfigMap', true],
  ['v1', 'Service', true],
  ['apps/v1', 'DaemonSet', true],
  ['apps/v1', 'Deployment', true],
  ['batch/v1', 'Job', true],
  ['policy/v1', 'PodDisruptionBudget', true],
  ['rbac.authorization.k8s.io/v1', 'ClusterRole', false],
  ['rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', false],
  ['scheduling.k8s.io/v1', 'PriorityClass', false],
  ['resource.k8s.io/v1', 'DeviceClass', false],
  ['resource.k8s.io/v1', 'ResourceSlice', false],
  ['resource.k8s.io/v1', 'ResourceClaimTemplate', true],
  ['scheduling.volcano.sh/v1beta1', 'Queue', false],
  ['scheduling.volcano.sh/v1beta1', 'PodGroup', true],
  ['topology.volcano.sh/v1alpha1', 'HyperNode', false],
  ['batch.volcano.sh/v1alpha1', 'Job', true],
  ['leaderworkerset.x-k8s.io/v1', 'LeaderWorkerSet', true],
];

const TOKEN = 'superpod-test-token';

export class FakeApiServer {
  readonly requests: RecordedRequest[] = [];
  /** Stored objects by `groupVersion|kind|namespace|name`. */
  readonly objects = new Map<string, Obj>();
  private readonly server: http.Server;
  private readonly kinds: KindInfo[];
  private resourceVersion = 1000;
  private uid = 0;
  url = '';
  /** Milliseconds before each answer from now on; starts at `options.latencyMs`. */
  latencyMs: number;

  constructor(private readonly options: FakeServerOptions = {}) {
    this.latencyMs = options.latencyMs ?? 0;
    this.kinds = KINDS.filter(([gv]) => !(options.unserved ?? []).includes(gv)).map(
      ([groupVersion, kind, namespaced]) => ({
        groupVersion,
        kind,
        namespaced,
        plural: `${kind.toLowerCase()}${kind.toLowerCase().endsWith('s') ? 'es' : 's'}`,
      }),
    );
    this.server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => setTimeout(() => this.handle(req, body, res), this.latencyMs));
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** A kubeconfig for this server in `dir`, with a bearer token (a wrong one when `token` says so). */
  kubeconfig(dir = fs.mkdtempSync(path.join(os.tmpdir(), 'superpod-kube-')), token = TOKEN): string {
    const file = path.join(dir, 'kubeconfig');
    fs.writeFileSync(
      file,
      [
        'apiVersion: v1',
        'kind: Config',
        'current-context: fake',
        'clusters:',
        // client-node refuses plain HTTP unless TLS verification is explicitly off.
        `- name: fake\n  cluster:\n    server: ${this.url}\n    insecure-skip-tls-verify: true`,
        'users:',
        `- name: tester\n  user:\n    token: ${token}`,
        'contexts:',
        '- name: fake\n  context:\n    cluster: fake\n    user: tester',
        '- name: other\n  context:\n    cluster: fake\n    user: tester',
        '',
      ].join('\n'),
    );
    return file;
  }

  /** Stores an object as if it had been created earlier (by anyone). */
  seed(object: Obj): void {
    const info = this.kindOf(object.apiVersion, object.kind)!;
    const ns = info.namespaced ? (object.metadata.namespace ?? 'default') : '';
    this.objects.set(this.key(info, ns, object.metadata.name), this.stamp(structuredClone(object), undefined));
  }

  get(apiVersion: string, kind: string, name: string, namespace = ''): Obj | undefined {
    const info = this.kindOf(apiVersion, kind);
    return info ? this.objects.get(this.key(info, info.namespaced ? namespace || 'default' : '', name)) : undefined;
  }

  count(kind: string): number {
    return [...this.objects.values()].filter((o) => o.kind === kind).length;
  }

  private kindOf(apiVersion: string, kind: string): KindInfo | undefined {
    return this.kinds.find((k) => k.groupVersion === apiVersion && k.kind === kind);
  }

  private key(info: KindInfo, ns: string, name: string): string {
    return `${info.groupVersion}|${info.kind}|${ns}|${name}`;
  }

  private stamp(object: Obj, previous: Obj | undefined): Obj {
    object.metadata.resourceVersion = String(++this.resourceVersion);
    object.metadata.uid = previous?.metadata.uid ?? `uid-${++this.uid}`;
    object.metadata.creationTimestamp = previous?.metadata.creationTimestamp ?? '2026-01-01T00:00:00Z';
    const specChanged = JSON.stringify(previous?.spec) !== JSON.stringify(object.spec);
    object.metadata.generation = (previous?.metadata.generation ?? 0) + (specChanged || !previous ? 1 : 0);
    object.metadata.managedFields = [{ manager: 'superpod', operation: 'Apply', time: '2026-01-01T00:00:00Z' }];
    return object;
  }

  /** Answers one request; returns true once a response is written. */
  private handle(req: http.IncomingMessage, body: string, res: http.ServerResponse): boolean {
    const url = new URL(req.url ?? '/', this.url);
    const query = Object.fromEntries(url.searchParams);
    this.requests.push({
      method: req.method ?? '',
      path: url.pathname,
      query,
      contentType: req.headers['content-type'],
      body,
    });
    const send = (code: number, payload: unknown): boolean => {
      res.writeHead(code, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
      return true;
    };
    const status = (code: number, reason: string, message: string) =>
      send(code, { kind: 'Status', apiVersion: 'v1', status: 'Failure', message, reason, code });
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return status(401, 'Unauthorized', 'Unauthorized');

    // Discovery.
    const discovery = /^\/(?:api\/(v1)|apis\/([^/]+\/[^/]+))$/.exec(url.pathname);
    if (discovery && req.method === 'GET') {
      const gv = discovery[1] ?? discovery[2]!;
      const kinds = this.kinds.filter((k) => k.groupVersion === gv);
      if (kinds.length === 0) return status(404, 'NotFound', 'the server could not find the requested resource');
      return send(200, {
        kind: 'APIResourceList',
        apiVersion: 'v1',
        groupVersion: gv,
        resources: kinds.map((k) => ({
          name: k.plural,
          kind: k.kind,
          namespaced: k.namespaced,
          verbs: ['get', 'list', 'patch', 'delete'],
        })),
      });
    }

    const match = /^\/(?:api\/(v1)|apis\/([^/]+\/[^/]+))(?:\/namespaces\/([^/]+))?\/([^/]+)(?:\/([^/]+))?$/.exec(
      url.pathname,
    );
    if (!match) return status(404, 'NotFound', `no route ${url.pathname}`);
    const gv = match[1] ?? match[2]!;
    const ns = match[3] ? decodeURIComponent(match[3]) : '';
    const plural = match[4]!;
    const name = match[5] ? decodeURIComponent(match[5]) : undefined;
    const info = this.kinds.find((k) => k.groupVersion === gv && k.plural === plural);
    if (!info) return status(404, 'NotFound', 'the server could not find the requested resource');
    const verb = req.method === 'GET' ? (name ? 'get' : 'list') : (req.method ?? '').toLowerCase();
    const group = gv.includes('/') ? gv.split('/')[0] : '';
    if ((this.options.deny ?? []).some((d) => d.verb === verb && d.resource === plural)) {
      return status(
        403,
        'Forbidden',
        `${plural}${group ? `.${group}` : ''} "${name ?? ''}" is forbidden: User "tester" cannot ${verb} resource "${plural}" in API group "${group}"${ns ? ` in the namespace "${ns}"` : ''}`,
      );
    }
    const key = name === undefined ? undefined : this.key(info, ns, name);
    const notFound = () => status(404, 'NotFound', `${plural}${group ? `.${group}` : ''} "${name}" not found`);

    if (req.method === 'GET' && key) {
      const found = this.objects.get(key);
      return found ? send(200, found) : notFound();
    }
    if (req.method === 'GET') {
      const selector = (query.labelSelector ?? '')
        .split(',')
        .filter(Boolean)
        .map((term) => term.split('='));
      const all = [...this.objects.values()]
        .filter((o) => o.apiVersion === gv && o.kind === info.kind)
        .filter((o) => !ns || o.metadata.namespace === ns)
        .filter((o) => selector.every(([k, v]) => o.metadata.labels?.[k!] === v))
        .sort((a, b) =>
          `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`),
        );
      const limit = Math.min(Number(query.limit ?? 500), this.options.pageSize ?? 500);
      const start = Number(query.continue ?? 0);
      const page = all.slice(start, start + limit).map(({ apiVersion: _a, kind: _k, ...rest }) => rest);
      const more = start + limit < all.length;
      return send(200, {
        kind: `${info.kind}List`,
        apiVersion: gv,
        metadata: more ? { continue: String(start + limit) } : {},
        items: page,
      });
    }
    if (req.method === 'PATCH' && key) {
      if (req.headers['content-type'] !== 'application/apply-patch+yaml')
        return status(415, 'UnsupportedMediaType', `unsupported patch type ${req.headers['content-type']}`);
      if (!query.fieldManager)
        return status(422, 'Invalid', 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value');
      if (query.dryRun !== undefined && query.dryRun !== 'All')
        return status(400, 'BadRequest', `invalid dry run ${query.dryRun}`);
      let patch: Obj;
      try {
        patch = JSON.parse(body);
      } catch {
        return status(400, 'BadRequest', 'body is not JSON (YAML 1.2 superset)');
      }
      if (patch.metadata?.name !== name || patch.kind !== info.kind || patch.apiVersion !== gv)
        return status(400, 'BadRequest', 'the object in the body does not match the URL');
      if (info.namespaced && ns !== 'default' && ns !== 'kube-system' && !this.objects.has(`v1|Namespace||${ns}`))
        return status(404, 'NotFound', `namespaces "${ns}" not found`);
      const live = this.objects.get(key);
      if (live && query.force !== 'true') {
        const clash = (this.options.conflicts ?? []).filter(
          (c) =>
            c.kind === info.kind &&
            c.name === name &&
            JSON.stringify(at(patch, c.path)) !== JSON.stringify(at(live, c.path)) &&
            at(patch, c.path) !== undefined,
        );
        if (clash.length > 0)
          return status(
            409,
            'Conflict',
            `Apply failed with ${clash.length} conflict: ${clash.map((c) => `conflict with "${c.manager}" using ${gv}: .${c.path}`).join(', ')}`,
          );
      }
      const merged = this.stamp(merge(structuredClone(live ?? {}), patch), live);
      if (info.namespaced) merged.metadata.namespace = ns;
      if (query.dryRun !== 'All') this.objects.set(key, merged);
      return send(live ? 200 : 201, merged);
    }
    if (req.method === 'DELETE' && key) {
      const found = this.objects.get(key);
      if (!found) return notFound();
      if (query.dryRun !== 'All') this.objects.delete(key);
      return send(200, { kind: 'Status', apiVersion: 'v1', status: 'Success' });
    }
    return status(405, 'MethodNotAllowed', `${req.method} ${url.pathname}`);
  }
}

/** Server-side apply's merge for these tests: maps merge key by key, lists and scalars are replaced. */
function merge(target: Obj, patch: Obj): Obj {
  for (const [k, v] of Object.entries(patch)) {
    if (
      v &&
      typeof v === 'object' &&
      !Array.isArray(v) &&
      target[k] &&
      typeof target[k] === 'object' &&
      !Array.isArray(target[k])
    )
      target[k] = merge(target[k], v);
    else target[k] = structuredClone(v);
  }
  return target;
}

function at(object: Obj, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Obj)[k] : undefined), object);
}
