import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApiException } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import { ClusterClient, ClusterError, DEFAULT_RETRY, retryDelay } from '../../src/deploy/client.ts';
import { FakeApiServer } from './fake-api-server.ts';
import { type Fault, FaultProxy } from './fault-proxy.ts';

const answer = (code: number, headers: Record<string, string> = {}) =>
  new ApiException(code, 'Unsuccessful HTTP Request', {}, headers);

describe('retryDelay', () => {
  const now = Date.now();
  it('waits what Retry-After asks, capped at the policy maximum', () => {
    expect(retryDelay(answer(429, { 'retry-after': '2' }), 1, now, DEFAULT_RETRY)).toBe(2000);
    expect(retryDelay(answer(429, { 'retry-after': '600' }), 1, now, DEFAULT_RETRY)).toBe(DEFAULT_RETRY.maxDelayMs);
  });
  it('backs off exponentially from the base delay without Retry-After', () => {
    expect([1, 2, 3, 4].map((a) => retryDelay(answer(503), a, now, DEFAULT_RETRY))).toEqual([500, 1000, 2000, 4000]);
  });
  it('fails when the attempts or the time budget are spent', () => {
    expect(retryDelay(answer(503), DEFAULT_RETRY.attempts, now, DEFAULT_RETRY)).toBeUndefined();
    expect(retryDelay(answer(503), 1, now - DEFAULT_RETRY.budgetMs, DEFAULT_RETRY)).toBeUndefined();
  });
  it('fails when the answer is not worth retrying (4xx other than 429, no answer)', () => {
    for (const code of [400, 401, 403, 404, 409, 422])
      expect(retryDelay(answer(code), 1, now, DEFAULT_RETRY)).toBe(undefined);
    expect(retryDelay(new Error('ECONNREFUSED'), 1, now, DEFAULT_RETRY)).toBeUndefined();
  });
});

describe('ClusterClient retries', () => {
  let server: FakeApiServer | undefined;
  let proxy: FaultProxy | undefined;
  afterEach(async () => {
    await proxy?.stop();
    await server?.stop();
  });
  const through = async (faults: Fault[]) => {
    server = await new FakeApiServer().start();
    proxy = await new FaultProxy({ upstream: server.url, faults }).start();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'superpod-retry-'));
    const kubeconfig = server.kubeconfig(dir);
    fs.writeFileSync(kubeconfig, fs.readFileSync(kubeconfig, 'utf8').replace(server.url, proxy.url));
    return new ClusterClient({ kubeconfig, retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 1000, budgetMs: 5000 } });
  };
  const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'inference' } };

  it('applies after 429 and 503 answers, honouring Retry-After', async () => {
    const client = await through([
      { method: 'PATCH', path: /namespaces\/inference$/, status: 429, retryAfterS: 1, times: 1 },
      { method: 'PATCH', path: /namespaces\/inference$/, status: 503, times: 1 },
    ]);
    await client.apply(namespace, { dryRun: false, force: false });
    const tries = proxy!.matching('PATCH', /namespaces\/inference/);
    expect(tries.map((t) => [t.status, t.injected])).toEqual([
      [429, true],
      [503, true],
      [201, false],
    ]);
    expect(tries[1]!.at - tries[0]!.at).toBeGreaterThanOrEqual(950);
    expect(server!.get('v1', 'Namespace', 'inference')).toBeDefined();
  });

  it('fails when the server keeps answering 503: one error after the last attempt', async () => {
    const client = await through([{ method: 'PATCH', path: /namespaces/, status: 503, times: Infinity }]);
    const error = await client.apply(namespace, { dryRun: false, force: false }).catch((e) => e);
    expect(error).toBeInstanceOf(ClusterError);
    expect(error.message).toBe('the server is unavailable (after 3 attempts)');
    expect(proxy!.matching('PATCH', /namespaces/)).toHaveLength(3);
  });
});
