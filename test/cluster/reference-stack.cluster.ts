import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadInventory } from '../../src/app/load-stack.ts';
import type { Inventory } from '../../src/inventory/types.ts';
import { allObjects, synthesizeKubernetes } from '../../src/k8s/synthesize.ts';
import { kubeCall, kubeRequest } from '../control-plane/kube-request.ts';
import { cli } from '../deploy/helpers.ts';
import { apiPath, faultProxy, getObject, installCrds, kubeconfigVia, registerNodes } from './helpers.ts';

/**
 * Sections 2.1-2.4, 2.6, 2.7 and 2.9 of issue 11 on the reference stack (device-plugin and DRA pools, Volcano queues,
 * HyperNodes, PodGroups, a Volcano Job, a LeaderWorkerSet, Deployments, Services, PDBs, PriorityClasses), against
 * the shared control plane of the global setup. The tests build on each other, in order.
 */
const state = inject('controlPlane');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'superpod-cluster-ref-'));
const as = (context: string) => ['--kubeconfig', state.kubeconfig, '--context', context];
let inventory: Inventory;

beforeAll(async () => {
  inventory = await loadInventory();
  await registerNodes(state, inventory);
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const pathOf = (o: Parameters<typeof apiPath>[1]) => apiPath(state, o);

describe('the reference stack on a real kube-apiserver', () => {
  it('2.1 installs the vendored Volcano and LeaderWorkerSet CRDs', async () => {
    const names = await installCrds(state);
    expect(names.sort()).toEqual([
      'hypernodes.topology.volcano.sh',
      'jobs.batch.volcano.sh',
      'leaderworkersets.leaderworkerset.x-k8s.io',
      'podgroups.scheduling.volcano.sh',
      'queues.scheduling.volcano.sh',
    ]);
  });

  it('2.6 fails when the token may only read: exit 2 naming the verb, the object and the RBAC fix; nothing written', async () => {
    const denied = await cli(['apply', ...as('viewer')]);
    expect(denied.code).toBe(2);
    expect(denied.stderr.trim().split('\n')).toHaveLength(1);
    expect(denied.stderr).toMatch(
      /^error: Namespace\/inference: the API server denied the request \(403 Forbidden\): .*User "viewer" cannot patch resource "namespaces"/,
    );
    expect(denied.stderr).toContain('grant the verb to the user of context "viewer" with RBAC');
    expect(await getObject(state, '/api/v1/namespaces/inference')).toBeUndefined();
  });

  it('2.6 fails when the token may write only the platform: the platform groups are applied, nothing after them', async () => {
    const partial = await cli(['apply', ...as('platform-deployer')]);
    expect(partial.code).toBe(2);
    expect(partial.stderr).toMatch(
      /^error: Queue\/(serving|training|[a-z0-9-]+): the API server denied the request \(403 Forbidden\): .*User "platform-deployer" cannot patch resource "queues" in API group "scheduling.volcano.sh"/,
    );
    expect(partial.stdout).toMatch(/^created ResourceSlice\//m);
    expect(partial.stdout).toMatch(/^configured Node\//m);
    expect(partial.stdout).not.toMatch(/^created (Queue|HyperNode|Deployment|LeaderWorkerSet)/m);
    const output = synthesizeKubernetes(inventory);
    for (const file of output.files) {
      for (const object of file.objects) {
        const live = await getObject(state, await pathOf(object));
        if (file.stage === 'platform')
          expect(live, `${file.name} ${object.kind}/${object.metadata.name}`).toBeDefined();
        else if (object.kind !== 'Queue') expect(live, `${object.kind}/${object.metadata.name}`).toBeUndefined();
      }
    }
  });

  it('2.2 applies the platform, then the workloads: the real server accepts every object', async () => {
    const platform = await cli(['apply', ...as('admin'), '--stage', 'platform']);
    expect(platform.stderr).toBe('');
    expect(platform.code).toBe(0);
    const workloads = await cli(['apply', ...as('admin'), '--stage', 'workloads']);
    expect(workloads.stderr).toBe('');
    expect(workloads.code).toBe(0);
    const objects = allObjects(synthesizeKubernetes(inventory));
    const kinds = new Set<string>();
    for (const object of objects) {
      const live = await getObject<{ metadata: { labels?: Record<string, string> } }>(state, await pathOf(object));
      expect(live, `${object.kind}/${object.metadata.name}`).toBeDefined();
      for (const [k, v] of Object.entries(object.metadata.labels ?? {})) expect(live!.metadata.labels?.[k]).toBe(v);
      kinds.add(`${object.apiVersion} ${object.kind}`);
    }
    expect([...kinds].sort()).toEqual([
      'apps/v1 DaemonSet',
      'apps/v1 Deployment',
      'batch.volcano.sh/v1alpha1 Job',
      'leaderworkerset.x-k8s.io/v1 LeaderWorkerSet',
      'policy/v1 PodDisruptionBudget',
      'rbac.authorization.k8s.io/v1 ClusterRole',
      'rbac.authorization.k8s.io/v1 ClusterRoleBinding',
      'resource.k8s.io/v1 DeviceClass',
      'resource.k8s.io/v1 ResourceClaimTemplate',
      'resource.k8s.io/v1 ResourceSlice',
      'scheduling.k8s.io/v1 PriorityClass',
      'scheduling.volcano.sh/v1beta1 PodGroup',
      'scheduling.volcano.sh/v1beta1 Queue',
      'topology.volcano.sh/v1alpha1 HyperNode',
      'v1 ConfigMap',
      'v1 Namespace',
      'v1 Node',
      'v1 Service',
      'v1 ServiceAccount',
    ]);
  });

  it('2.3 a second apply changes nothing, and diff right after it exits 0 despite the fields the server defaulted', async () => {
    const again = await cli(['apply', ...as('admin')]);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    const total = allObjects(synthesizeKubernetes(inventory)).length;
    expect(again.stdout).toContain(`Applied: 0 created, 0 configured, ${total} unchanged, 0 pruned.`);
    const diff = await cli(['diff', ...as('admin')]);
    expect(diff.stderr).toBe('');
    expect(diff.stdout).toContain(`Plan: 0 to create, 0 to update, 0 to prune, ${total} unchanged.`);
    expect(diff.code).toBe(0);
    // The server did default fields superpod leaves out; diff does not count them as drift.
    const deployment = await getObject<{ spec: { progressDeadlineSeconds?: number; revisionHistoryLimit?: number } }>(
      state,
      '/apis/apps/v1/namespaces/inference/deployments/deepseek-v3-prefill',
    );
    expect(deployment?.spec.progressDeadlineSeconds).toBe(600);
  });

  it('2.4 fails when another field manager owns a field: exit 2 naming it and --force-conflicts; with it, apply wins', async () => {
    const deploymentPath = '/apis/apps/v1/namespaces/inference/deployments/deepseek-v3-prefill';
    const before = await getObject<{ spec: { replicas: number } }>(state, deploymentPath);
    const desired = before!.spec.replicas;
    await kubeCall(
      state,
      state.tokens.admin,
      'PATCH',
      `${deploymentPath}?fieldManager=hpa-autoscaler&force=true`,
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'deepseek-v3-prefill', namespace: 'inference' },
        spec: { replicas: desired + 3 },
      },
      'application/apply-patch+yaml',
    );
    const conflict = await cli(['apply', ...as('admin')]);
    expect(conflict.code).toBe(2);
    expect(conflict.stderr.trim().split('\n')).toHaveLength(1);
    expect(conflict.stderr).toMatch(
      /^error: Deployment\/inference\/deepseek-v3-prefill: server-side apply conflict \(409\): .*conflict with "hpa-autoscaler".*\.spec\.replicas/,
    );
    expect(conflict.stderr).toContain('--force-conflicts');
    expect((await getObject<{ spec: { replicas: number } }>(state, deploymentPath))!.spec.replicas).toBe(desired + 3);

    const diff = await cli(['diff', ...as('admin')]);
    expect(diff.code).toBe(1);
    expect(diff.stdout).toContain(
      [
        '~ update     Deployment/inference/deepseek-v3-prefill',
        `      spec.replicas: ${desired + 3} -> ${desired}`,
        '      conflict: Apply failed with 1 conflict: conflict with "hpa-autoscaler": .spec.replicas; apply needs --force-conflicts to take these fields',
      ].join('\n'),
    );

    const forced = await cli(['apply', ...as('admin'), '--force-conflicts']);
    expect(forced.stderr).toBe('');
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(/^configured Deployment\/inference\/deepseek-v3-prefill$/m);
    const after = await getObject<{
      spec: { replicas: number };
      metadata: { managedFields: Array<{ manager: string; fieldsV1: { 'f:spec'?: Record<string, unknown> } }> };
    }>(state, deploymentPath);
    expect(after!.spec.replicas).toBe(desired);
    const owners = after!.metadata.managedFields.filter((f) => f.fieldsV1['f:spec']?.['f:replicas'] !== undefined);
    expect(owners.map((f) => f.manager)).toEqual(['superpod']);
  });

  it('2.9 retries 429 and 503 answers injected between client and server, honouring Retry-After', async () => {
    const proxy = await faultProxy(state, [
      { method: 'PATCH', path: /\/deployments\/deepseek-v3-prefill$/, status: 429, retryAfterS: 1, times: 2 },
      { method: 'GET', path: /\/leaderworkersets\//, status: 503, times: 1 },
      { method: 'PATCH', path: /\/services\//, status: 502, times: 1 },
    ]);
    try {
      const started = Date.now();
      const applied = await cli(['apply', '--kubeconfig', kubeconfigVia(state, proxy.url, work)]);
      expect(applied.stderr).toBe('');
      expect(applied.code).toBe(0);
      const tries = proxy.matching('PATCH', /\/deployments\/deepseek-v3-prefill/);
      expect(tries.map((t) => t.status)).toEqual([429, 429, 200]);
      expect(tries[1]!.at - tries[0]!.at).toBeGreaterThanOrEqual(950);
      expect(tries[2]!.at - tries[1]!.at).toBeGreaterThanOrEqual(950);
      expect(proxy.requests.filter((r) => r.injected)).toHaveLength(4);
      expect(proxy.requests.filter((r) => !r.injected && r.status >= 400)).toEqual([]);
      expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    } finally {
      await proxy.stop();
    }
  });

  it('2.9 fails when the server keeps answering 503: exit 2 after a bounded number of attempts', async () => {
    const proxy = await faultProxy(state, [
      { method: 'PATCH', path: /\/namespaces\/inference$/, status: 503, times: Infinity },
    ]);
    try {
      const failed = await cli(['apply', '--kubeconfig', kubeconfigVia(state, proxy.url, work)]);
      expect(failed.code).toBe(2);
      expect(failed.stderr).toBe(
        'error: Namespace/inference: the API server failed (503): the server is unavailable (after 5 attempts); retry; if it persists, check the API server and its logs\n',
      );
      const tries = proxy.matching('PATCH', /\/namespaces\/inference$/);
      expect(tries).toHaveLength(5);
      // 0.5 + 1 + 2 + 4 s of backoff.
      expect(tries[4]!.at - tries[0]!.at).toBeGreaterThanOrEqual(7000);
    } finally {
      await proxy.stop();
    }
  });

  it("2.7 imports the real Nodes and ResourceSlices back into the stack's Inventory, and reports drift", async () => {
    const out = path.join(work, 'live.json');
    const imported = await cli(['inventory', 'import', '--app', 'stacks/main.ts', ...as('admin'), '--out', out]);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    const live = JSON.parse(fs.readFileSync(out, 'utf8')) as Inventory;
    const fields = (inv: Inventory) =>
      inv.nodes.map((n) => ({
        name: n.name,
        superPodId: n.superPodId,
        rackId: n.rackId,
        pool: n.pool,
        role: n.role,
        nodeTypeId: n.nodeTypeId,
        acceleratorId: n.acceleratorId,
        acceleratorCount: n.acceleratorCount,
        serverIndex: n.serverIndex,
        labels: n.labels,
      }));
    expect(fields(live)).toEqual(fields(inventory));
    expect(live.nodePools).toEqual(inventory.nodePools);

    const [gone, fewer, relabelled] = [
      inventory.nodes[0]!,
      inventory.nodes.find((n) => n.pool === 'ascend-950dt-node-decode' && n !== inventory.nodes[0])!,
      inventory.nodes.at(-1)!,
    ];
    await kubeCall(state, state.tokens.admin, 'DELETE', `/api/v1/nodes/${gone.name}`);
    await kubeCall(
      state,
      state.tokens.admin,
      'PATCH',
      `/api/v1/nodes/${fewer.name}/status`,
      { status: { allocatable: { 'huawei.com/npu': '4' } } },
      'application/merge-patch+json',
    );
    await kubeCall(
      state,
      state.tokens.admin,
      'PATCH',
      `/api/v1/nodes/${relabelled.name}`,
      { metadata: { labels: { 'superpod.dev/role': 'training' } } },
      'application/merge-patch+json',
    );
    const drift = await cli(['inventory', 'import', '--app', 'stacks/main.ts', ...as('admin'), '--out', out]);
    expect(drift.code).toBe(0);
    expect(drift.stderr).toContain(`warning: 1 nodes of the stack are not in the cluster: ${gone.name}`);
    expect(drift.stderr).toContain(
      `warning: node ${fewer.name}: the cluster offers 4 accelerators, the stack installs 8`,
    );
    expect(drift.stderr).toContain(
      `warning: node ${relabelled.name}: label superpod.dev/role is "training" in the cluster, "${relabelled.role}" in the stack`,
    );
    const res = await kubeRequest(state, state.tokens.admin, 'GET', `/api/v1/nodes/${gone.name}`);
    expect(res.status).toBe(404);
  });
});
