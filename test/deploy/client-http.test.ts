/**
 * ClusterClient in the test's process against a scripted HTTP server: the requests it sends (paths, queries, headers,
 * bodies, paging, connections) and how it reads each answer (empty bodies, status boundaries, errors, retries,
 * timeouts), so each branch of the client is seen where a mutant can be. The fake API server (deploy.test.ts) and
 * the real one (test/cluster) drive the same client through whole commands.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ApiException } from '@kubernetes/client-node';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { ClusterClient, ClusterError, type RetryPolicy, retryDelay } from '../../src/deploy/client.ts';
import { SuperpodInputError } from '../../src/errors.ts';
import { inputErrorOf } from '../helpers/errors.ts';

interface Seen {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}
interface Answer {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  /** never answer */
  readonly hang?: boolean;
}
type Script = (seen: Seen) => Answer;

const DISCOVERY: Record<string, unknown> = {
  '/api/v1': {
    resources: [
      { name: 'nodes', kind: 'Node', namespaced: false },
      { name: 'nodes/status', kind: 'Node', namespaced: false },
      { name: 'configmaps', kind: 'ConfigMap', namespaced: true },
      { name: 'namespaces', kind: 'Namespace', namespaced: false },
    ],
  },
  '/apis/batch.volcano.sh/v1alpha1': { resources: [{ name: 'jobs', kind: 'Job', namespaced: true }] },
};

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'superpod-client-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

let server: http.Server | undefined;
let connections = 0;
const seen: Seen[] = [];
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
  seen.length = 0;
  connections = 0;
});

/** Serves discovery for the kinds above and answers every other request with `script`. */
async function serve(script: Script): Promise<string> {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const request: Seen = {
        method: req.method ?? '',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        body,
      };
      seen.push(request);
      const answer: Answer =
        req.method === 'GET' && url.pathname in DISCOVERY
          ? { status: 200, body: DISCOVERY[url.pathname] }
          : req.method === 'GET' && url.pathname.startsWith('/apis/')
            ? url.pathname.split('/').length === 4
              ? { status: 404, body: { message: 'the server could not find the requested resource' } }
              : script(request)
            : script(request);
      if (answer.hang) return;
      const text =
        answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(text);
    });
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function kubeconfig(url: string, extra = ''): string {
  const file = path.join(fs.mkdtempSync(path.join(work, 'kc-')), 'config');
  fs.writeFileSync(
    file,
    [
      'apiVersion: v1',
      'kind: Config',
      'current-context: lab',
      'clusters:',
      `- name: lab\n  cluster:\n    server: ${url}\n    insecure-skip-tls-verify: true`,
      'users:',
      '- name: me\n  user:\n    token: t',
      'contexts:',
      '- name: lab\n  context:\n    cluster: lab\n    user: me',
      '- name: edge\n  context:\n    cluster: lab\n    user: me',
      extra,
    ].join('\n'),
  );
  return file;
}

const QUICK: RetryPolicy = { attempts: 3, baseDelayMs: 1, maxDelayMs: 50, budgetMs: 5000 };
const client = async (script: Script, retry: RetryPolicy = QUICK, timeoutMs = 5000) =>
  new ClusterClient({ kubeconfig: kubeconfig(await serve(script)), retry, timeoutMs });
const requests = () => seen.filter((s) => !(s.path in DISCOVERY));
const configMap = (name: string, namespace?: string) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, ...(namespace ? { namespace } : {}) },
});
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the request to fail');
    },
    (e: unknown) => {
      expect(e).toBeInstanceOf(ClusterError);
      return e as ClusterError;
    },
  );

describe('connecting', () => {
  const thrown = inputErrorOf;

  it('says when the kubeconfig file is missing or unreadable', () => {
    const missing = path.join(work, 'nope');
    expect(thrown(() => new ClusterClient({ kubeconfig: missing })).message).toBe(
      `--kubeconfig: kubeconfig file not found (got "${missing}"); pass the path of a kubeconfig file, or leave --kubeconfig out to use $KUBECONFIG or ~/.kube/config`,
    );
    const broken = path.join(work, 'broken');
    fs.writeFileSync(broken, 'clusters: [\n  {');
    const error = thrown(() => new ClusterClient({ kubeconfig: broken }));
    expect(error).toBeInstanceOf(SuperpodInputError);
    expect(error.where).toBe(broken);
    expect(error.problem).toMatch(/^not a readable kubeconfig: \S/);
    expect(error.problem).not.toContain('\n');
    expect(error.fix).toBe('check the file with `kubectl config view --kubeconfig <file>`');
  });

  it('names the contexts there are when the one asked for is not in the kubeconfig', () => {
    const file = kubeconfig('http://127.0.0.1:1');
    expect(thrown(() => new ClusterClient({ kubeconfig: file, context: 'prod' })).message).toBe(
      '--context: no such context in the kubeconfig (got "prod"); use one of lab, edge',
    );
    const empty = path.join(work, 'empty');
    fs.writeFileSync(empty, 'apiVersion: v1\nkind: Config\n');
    expect(thrown(() => new ClusterClient({ kubeconfig: empty, context: 'prod' })).fix).toBe(
      'add the context to the kubeconfig first',
    );
    expect(new ClusterClient({ kubeconfig: file, context: 'edge' }).contextName).toBe('edge');
    expect(new ClusterClient({ kubeconfig: file }).server).toBe('http://127.0.0.1:1');
  });

  it('says when the current context names no cluster', () => {
    const file = kubeconfig('http://127.0.0.1:1', '- name: lost\n  context:\n    cluster: gone\n    user: me');
    expect(thrown(() => new ClusterClient({ kubeconfig: file, context: 'lost' })).message).toBe(
      `${file}: the current context names no cluster; pick a context with a cluster: --context <name>`,
    );
  });
});

describe('requests', () => {
  it('lists every page of a kind with a label selector, and finds the kind once by discovery', async () => {
    const pages: Record<string, Answer> = {
      '': { status: 200, body: { items: [{ metadata: { name: 'a' } }], metadata: { continue: 'p2' } } },
      p2: { status: 200, body: { items: [{ metadata: { name: 'b' } }], metadata: { continue: '' } } },
    };
    const c = await client((s) => pages[s.query.continue ?? ''] ?? { status: 500 });
    const items = await c.list('v1', 'Node', 'app=x');
    expect(items).toEqual([
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'a' } },
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'b' } },
    ]);
    expect(requests().map((r) => [r.method, r.path, r.query])).toEqual([
      ['GET', '/api/v1/nodes', { limit: '500', labelSelector: 'app=x' }],
      ['GET', '/api/v1/nodes', { limit: '500', labelSelector: 'app=x', continue: 'p2' }],
    ]);
    expect(requests()[0]!.headers.accept).toBe('application/json');
    await c.list('v1', 'ConfigMap');
    expect(seen.filter((s) => s.path === '/api/v1')).toHaveLength(1);
    expect(requests()[2]!.query).toEqual({ limit: '500' });
  });

  it('says a kind is not served when its group version or its kind is unknown', async () => {
    const c = await client(() => ({ status: 200, body: { items: [] } }));
    expect(await c.list('resource.k8s.io/v1', 'ResourceSlice')).toBeUndefined();
    expect(await c.list('v1', 'Secret')).toBeUndefined();
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' } };
    expect(await c.get(secret)).toBeUndefined();
    const error = await failure(c.apply(secret, { dryRun: false, force: false }));
    expect([error.kind, error.status, error.message]).toEqual([
      'not-served',
      404,
      'the cluster does not serve Secret (v1); install its CRDs (Volcano, LeaderWorkerSet) first, or apply --stage platform',
    ]);
    expect(requests().map((r) => r.path)).toEqual(['/apis/resource.k8s.io/v1']); // discovery only: nothing listed
  });

  it('fails discovery that answers with something other than 404', async () => {
    const c = await client(() => ({ status: 200 }));
    server!.removeAllListeners('request');
    server!.on('request', (_req: http.IncomingMessage, res: http.ServerResponse) => {
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: 'nodes is forbidden: User "me" cannot list' }));
    });
    const error = await failure(c.list('v1', 'Node'));
    expect([error.kind, error.status, error.message]).toEqual([
      'forbidden',
      403,
      'nodes is forbidden: User "me" cannot list',
    ]);
  });

  it('reads an object by its path, namespaced in "default" when the object names none, and a 404 as absent', async () => {
    const c = await client((s) =>
      s.path.endsWith('/present')
        ? { status: 200, body: { metadata: { name: 'present' } } }
        : { status: 404, body: {} },
    );
    expect(await c.get(configMap('present', 'a b'))).toEqual({ metadata: { name: 'present' } });
    expect(await c.get(configMap('gone'))).toBeUndefined();
    expect(await c.get({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n/1' } })).toBeUndefined();
    expect(
      await c.get({ apiVersion: 'batch.volcano.sh/v1alpha1', kind: 'Job', metadata: { name: 'j', namespace: 't' } }),
    ).toBeUndefined();
    expect(requests().map((r) => r.path)).toEqual([
      '/api/v1/namespaces/a%20b/configmaps/present',
      '/api/v1/namespaces/default/configmaps/gone',
      '/api/v1/nodes/n%2F1',
      '/apis/batch.volcano.sh/v1alpha1/namespaces/t/jobs/j',
    ]);
  });

  it('fails a read the server refuses', async () => {
    const c = await client(() => ({ status: 403, body: { message: 'configmaps "x" is forbidden\nmore' } }));
    const error = await failure(c.get(configMap('x', 'n')));
    expect([error.name, error.kind, error.status, error.message, error.object]).toEqual([
      'ClusterError',
      'forbidden',
      403,
      'configmaps "x" is forbidden',
      configMap('x', 'n'),
    ]);
  });

  it('applies server-side as the superpod field manager, forced and dry-run on request', async () => {
    const c = await client((s) => ({ status: 200, body: JSON.parse(s.body) }));
    const object = configMap('x', 'n');
    expect(await c.apply(object, { dryRun: false, force: false })).toEqual(object);
    await c.apply(object, { dryRun: true, force: true });
    expect(requests().map((r) => [r.method, r.path, r.query, r.headers['content-type'], JSON.parse(r.body)])).toEqual([
      [
        'PATCH',
        '/api/v1/namespaces/n/configmaps/x',
        { fieldManager: 'superpod' },
        'application/apply-patch+yaml',
        object,
      ],
      [
        'PATCH',
        '/api/v1/namespaces/n/configmaps/x',
        { fieldManager: 'superpod', force: 'true', dryRun: 'All' },
        'application/apply-patch+yaml',
        object,
      ],
    ]);
  });

  it('deletes in the background, dry-run on request, and takes an object already gone as deleted', async () => {
    const c = await client((s) => (s.path.endsWith('/gone') ? { status: 404, body: {} } : { status: 200 }));
    await c.delete(configMap('x', 'n'), { dryRun: false });
    await c.delete(configMap('gone', 'n'), { dryRun: true });
    expect(requests().map((r) => [r.method, r.path, r.query, r.headers['content-type'], r.body])).toEqual([
      ['DELETE', '/api/v1/namespaces/n/configmaps/x', { propagationPolicy: 'Background' }, undefined, ''],
      [
        'DELETE',
        '/api/v1/namespaces/n/configmaps/gone',
        { propagationPolicy: 'Background', dryRun: 'All' },
        undefined,
        '',
      ],
    ]);
  });

  it('fails a delete the server refuses', async () => {
    const c = await client(() => ({ status: 409, body: { message: 'Operation cannot be fulfilled' } }));
    const error = await failure(c.delete(configMap('x', 'n'), { dryRun: false }));
    expect([error.kind, error.status, error.message]).toEqual(['conflict', 409, 'Operation cannot be fulfilled']);
  });

  it('keeps one connection open for a run of requests', async () => {
    const c = await client(() => ({ status: 200, body: { metadata: { name: 'x' } } }));
    for (let i = 0; i < 4; i++) await c.get(configMap(`x${i}`, 'n'));
    expect(seen).toHaveLength(5);
    expect(connections).toBe(1);
  });
});

describe('answers', () => {
  const answered = async (answer: Answer) => {
    const c = await client(() => answer, { ...QUICK, attempts: 1 });
    return c.get(configMap('x', 'n')).then(
      (value) => ({ value }),
      (error: ClusterError) => ({ kind: error.kind, status: error.status, message: error.message }),
    );
  };

  it('reads an empty 2xx body as an empty object and a 3xx as a failure', async () => {
    expect(await answered({ status: 200 })).toEqual({ value: {} });
    expect(await answered({ status: 299, body: { a: 1 } })).toEqual({ value: { a: 1 } });
    expect(await answered({ status: 300, body: { message: 'moved' } })).toEqual({
      kind: 'server',
      status: 300,
      message: 'moved',
    });
  });

  it('classifies each failure, with the first line of the message or the status when there is none', async () => {
    const cases: Array<[number, unknown, string, string]> = [
      [401, { message: 'Unauthorized' }, 'unauthorized', 'Unauthorized'],
      [400, { message: 'bad\nrequest' }, 'invalid', 'bad'],
      [422, { message: 'ConfigMap "x" is invalid' }, 'invalid', 'ConfigMap "x" is invalid'],
      [500, { reason: 'InternalError' }, 'server', 'HTTP 500'],
      [502, 'Bad Gateway from the proxy', 'server', 'Bad Gateway from the proxy'],
    ];
    for (const [status, body, kind, message] of cases)
      expect(await answered({ status, body })).toEqual({ kind, status, message });
    // get() takes a 404 as absent; apply reports it
    const c = await client(() => ({ status: 404, body: { message: 'namespaces "n" not found' } }));
    const error = await failure(c.apply(configMap('x', 'n'), { dryRun: false, force: false }));
    expect([error.kind, error.message]).toEqual(['not-found', 'namespaces "n" not found']);
  });

  it('reads at most 200 characters of an answer that is not JSON', async () => {
    const text = `<html>${'x'.repeat(300)}</html>`;
    expect(await answered({ status: 503, body: text })).toEqual({
      kind: 'server',
      status: 503,
      message: text.slice(0, 200),
    });
  });

  it('says when the server does not answer in time, and when nothing listens', async () => {
    const silent = await client(() => ({ status: 200, hang: true }), QUICK, 300);
    await silent.list('v1', 'Node').catch(() => undefined); // discovery answers; the list hangs
    const slow = await failure(silent.get(configMap('x', 'n')));
    expect([slow.kind, slow.status, slow.message]).toEqual([
      'unreachable',
      undefined,
      `no answer from ${silent.server} in time`,
    ]);
    const url = await serve(() => ({ status: 200 }));
    await new Promise((resolve) => {
      server!.close(resolve);
      server!.closeAllConnections();
    });
    server = undefined;
    const gone = new ClusterClient({ kubeconfig: kubeconfig(url), retry: QUICK });
    const refused = await failure(gone.list('v1', 'Node'));
    expect(refused.kind).toBe('unreachable');
    expect(refused.message).toMatch(new RegExp(`^cannot reach ${url} \\(ECONNREFUSED\\): \\S`));
  });
});

describe('retries', () => {
  it('tries again after 429 and 5xx answers until one succeeds', async () => {
    const statuses = [429, 500, 200];
    const c = await client(() => ({ status: statuses.shift()!, body: { metadata: { name: 'x' } } }), {
      ...QUICK,
      attempts: 5,
    });
    expect(await c.get(configMap('x', 'n'))).toEqual({ metadata: { name: 'x' } });
    expect(requests()).toHaveLength(3);
  });

  it('says how many attempts a server failure took, and nothing when there was one', async () => {
    const always = await client(() => ({ status: 503, body: { message: 'etcd leader changed' } }));
    const error = await failure(always.get(configMap('x', 'n')));
    expect([error.kind, error.message]).toEqual(['server', 'etcd leader changed (after 3 attempts)']);
    expect(requests()).toHaveLength(3);
  });

  it('does not retry a client error, and names no attempts on one', async () => {
    const statuses = [503, 422];
    const c = await client(() => ({ status: statuses.shift() ?? 200, body: { message: 'invalid' } }));
    const error = await failure(c.get(configMap('x', 'n')));
    expect([error.kind, error.message]).toEqual(['invalid', 'invalid']);
    expect(requests()).toHaveLength(2);
  });
});

describe('retryDelay at its edges', () => {
  const answer = (code: number, headers?: Record<string, string>) =>
    new ApiException(code, 'Unsuccessful HTTP Request', {}, headers as never);
  const policy: RetryPolicy = { attempts: 4, baseDelayMs: 100, maxDelayMs: 1000, budgetMs: 10_000 };
  afterEach(() => {
    vi.useRealTimers();
  });

  it('retries 429 and every 5xx, nothing else', () => {
    const now = Date.now();
    expect([429, 500, 599, 499, 600, 300].map((code) => retryDelay(answer(code), 1, now, policy))).toEqual([
      100,
      100,
      100,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('takes Retry-After of zero seconds as zero, and backs off when it is negative, a date or absent', () => {
    const now = Date.now();
    expect(retryDelay(answer(503, { 'retry-after': '0' }), 2, now, policy)).toBe(0);
    expect(retryDelay(answer(503, { 'retry-after': '-1' }), 2, now, policy)).toBe(200);
    expect(retryDelay(answer(503, { 'retry-after': 'Wed, 21 Oct 2026 07:28:00 GMT' }), 3, now, policy)).toBe(400);
    expect(retryDelay(new ApiException(503, 'x', {}, undefined as never), 1, now, policy)).toBe(100);
  });

  it('still retries when the wait ends exactly at the budget', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const started = 1_000_000 - policy.budgetMs + 100;
    expect(retryDelay(answer(503), 1, started, policy)).toBe(100);
    expect(retryDelay(answer(503), 1, started - 1, policy)).toBeUndefined();
  });
});
