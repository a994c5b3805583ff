import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadInventory } from '../../src/app/load-stack.ts';
import type { Inventory } from '../../src/inventory/types.ts';
import { allObjects, synthesizeKubernetes } from '../../src/k8s/synthesize.ts';
import { FakeApiServer, type FakeServerOptions } from './fake-api-server.ts';
import { cli, SMALL_STACK, seedNodes } from './helpers.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'superpod-deploy-'));
let inventory: Inventory;
let server: FakeApiServer | undefined;

beforeAll(async () => {
  inventory = await loadInventory(SMALL_STACK);
}, 60_000);
afterEach(async () => {
  await server?.stop();
  server = undefined;
  delete process.env.SMALL_PREFILL_REPLICAS;
  delete process.env.SMALL_WITH_JOB;
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** The labels the Ascend device plugin owns on a node (MindCluster `pkg/server/manager.go`). */
const HARDWARE_LABELS = [
  'accelerator',
  'servertype',
  'node.kubernetes.io/npu.chip.name',
  'mind-cluster/npu-chip-memory',
  'huawei.com/topotree.superpodid',
  'huawei.com/topotree.rackid',
  'huawei.com/topotree.serverid',
];

async function cluster(options: FakeServerOptions = {}) {
  server = await new FakeApiServer(options).start();
  seedNodes(server, inventory);
  const kubeconfig = server.kubeconfig(fs.mkdtempSync(path.join(work, 'kube-')));
  return { server, kubeconfig, args: ['--app', SMALL_STACK, '--kubeconfig', kubeconfig] };
}

const desiredCount = () => allObjects(synthesizeKubernetes(inventory)).filter((o) => o.kind !== 'Node').length;

describe('superpod apply', () => {
  it('creates every object with server-side apply under the superpod field manager, then finds nothing to change', async () => {
    const { server, args } = await cluster();
    const first = await cli(['apply', ...args]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const objects = desiredCount();
    expect(first.stdout).toContain(`Applied: ${objects} created, 10 configured, 0 unchanged, 0 pruned.`);
    expect(first.stdout).toMatch(/^created Namespace\/inference$/m);
    expect(first.stdout).toMatch(/^configured Node\/pod-a-dt-rack-dt-0$/m);
    const patches = server.requests.filter((r) => r.method === 'PATCH');
    expect(patches).toHaveLength(objects + 10);
    for (const p of patches) {
      expect(p.contentType).toBe('application/apply-patch+yaml');
      expect(p.query).toEqual({ fieldManager: 'superpod' });
    }
    // Platform before workloads, namespaces first: the fake server refuses objects in a missing namespace.
    expect(patches[0]!.path).toMatch(/^\/api\/v1\/namespaces\/inference$/);
    expect(server.get('leaderworkerset.x-k8s.io/v1', 'LeaderWorkerSet', 'svc-decode', 'inference')?.spec.replicas).toBe(
      1,
    );
    expect(server.get('v1', 'Node', 'pod-a-dt-rack-dt-3')?.metadata.labels).toMatchObject({
      'kubernetes.io/hostname': 'pod-a-dt-rack-dt-3',
      'superpod.dev/pool': 'dt',
      'accelerator-type': '950-SuperPod-Atlas-8',
      // Written by the device plugin (seeded), left alone by apply.
      'huawei.com/topotree.serverid': '5',
    });
    expect(server.count('ResourceSlice')).toBe(2);

    const second = await cli(['apply', ...args]);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(`Applied: 0 created, 0 configured, ${objects + 10} unchanged, 0 pruned.`);
  }, 60_000);

  it('fails when apply sends a label the device plugin writes from the hardware', async () => {
    const { server, args } = await cluster();
    const run = await cli(['apply', ...args, '--stage', 'platform']);
    expect(run.code).toBe(0);
    const nodePatches = server.requests.filter((r) => r.method === 'PATCH' && r.path.startsWith('/api/v1/nodes/'));
    expect(nodePatches).toHaveLength(10);
    for (const patch of nodePatches) {
      const labels = Object.keys(JSON.parse(patch.body).metadata.labels);
      expect(labels).toContain('accelerator-type');
      for (const key of HARDWARE_LABELS) expect(labels).not.toContain(key);
    }
  }, 60_000);

  it('writes nothing with --dry-run=server, yet reports what it would do', async () => {
    const { server, args } = await cluster();
    const before = server.objects.size;
    const run = await cli(['apply', ...args, '--dry-run=server', '--stage', 'platform']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^created DeviceClass\/atlas-350\.superpod\.dev \(server dry run\)$/m);
    expect(run.stdout).toMatch(/^Applied \(server dry run\): \d+ created/m);
    expect(server.objects.size).toBe(before);
    const writes = server.requests.filter((r) => r.method === 'PATCH');
    expect(writes.length).toBeGreaterThan(0);
    for (const w of writes) expect(w.query.dryRun).toBe('All');
  }, 60_000);

  it('prunes only objects labelled as owned by this stack that it no longer synthesises', async () => {
    const { server, args } = await cluster();
    expect((await cli(['apply', ...args])).code).toBe(0);
    const owned = { 'app.kubernetes.io/managed-by': 'superpod', 'superpod.dev/stack': 'small' };
    server.seed({
      apiVersion: 'scheduling.volcano.sh/v1beta1',
      kind: 'Queue',
      metadata: { name: 'old', labels: owned },
      spec: {},
    });
    server.seed({
      apiVersion: 'scheduling.volcano.sh/v1beta1',
      kind: 'Queue',
      metadata: {
        name: 'someone-elses',
        labels: { 'app.kubernetes.io/managed-by': 'superpod', 'superpod.dev/stack': 'other' },
      },
      spec: {},
    });
    server.seed({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'unlabelled', namespace: 'training' },
      data: {},
    });
    process.env.SMALL_WITH_JOB = '0';

    const diff = await cli(['diff', ...args]);
    expect(diff.code).toBe(1);
    expect(diff.stdout.split('\n').filter((l) => l.startsWith('- prune'))).toEqual(
      ['PriorityClass/superpod-training', 'Queue/old', 'Queue/training', 'Job/training/sft'].map(
        (key) => `- prune      ${key}   (owned by the stack, no longer synthesised; removed by apply --prune)`,
      ),
    );

    const withoutPrune = await cli(['apply', ...args]);
    expect(withoutPrune.stdout).toContain('0 pruned');
    expect(server.get('scheduling.volcano.sh/v1beta1', 'Queue', 'old')).toBeDefined();

    const dryPrune = await cli(['apply', ...args, '--prune', '--dry-run=server']);
    expect(dryPrune.stdout).toMatch(/^pruned Queue\/old \(server dry run\)$/m);
    expect(server.get('scheduling.volcano.sh/v1beta1', 'Queue', 'old')).toBeDefined();

    const pruned = await cli(['apply', ...args, '--prune']);
    expect(pruned.code).toBe(0);
    expect(pruned.stdout).toContain('4 pruned');
    expect(server.get('scheduling.volcano.sh/v1beta1', 'Queue', 'old')).toBeUndefined();
    expect(server.get('batch.volcano.sh/v1alpha1', 'Job', 'sft', 'training')).toBeUndefined();
    expect(server.get('scheduling.volcano.sh/v1beta1', 'Queue', 'someone-elses')).toBeDefined();
    expect(server.get('v1', 'ConfigMap', 'unlabelled', 'training')).toBeDefined();
    // The training namespace is owned but never pruned: deleting it would delete what superpod does not manage.
    expect(server.get('v1', 'Namespace', 'training')).toBeDefined();
    // Deleted workloads first, platform last; the dry run before sent the same deletes with dryRun=All.
    const deletes = server.requests.filter((r) => r.method === 'DELETE' && r.query.dryRun === undefined);
    expect(deletes.map((d) => d.path)).toEqual([
      '/apis/batch.volcano.sh/v1alpha1/namespaces/training/jobs/sft',
      '/apis/scheduling.volcano.sh/v1beta1/queues/training',
      '/apis/scheduling.volcano.sh/v1beta1/queues/old',
      '/apis/scheduling.k8s.io/v1/priorityclasses/superpod-training',
    ]);
  }, 60_000);

  it('fails when another field manager owns a field: exit 2 naming the conflict; --force-conflicts takes it over', async () => {
    const { server, args } = await cluster({
      conflicts: [{ kind: 'Deployment', name: 'svc-prefill', path: 'spec.replicas', manager: 'kubectl-scale' }],
    });
    expect((await cli(['apply', ...args])).code).toBe(0);
    process.env.SMALL_PREFILL_REPLICAS = '3';
    const conflicted = await cli(['apply', ...args, '--stage', 'workloads']);
    expect(conflicted.code).toBe(2);
    expect(conflicted.stderr.trimEnd().split('\n')).toEqual([
      'error: Deployment/inference/svc-prefill: server-side apply conflict (409): Apply failed with 1 conflict: conflict with "kubectl-scale" using apps/v1: .spec.replicas; another field manager owns these fields: re-run with --force-conflicts to take them over, or drop them from the stack',
    ]);
    expect(server.get('apps/v1', 'Deployment', 'svc-prefill', 'inference')?.spec.replicas).toBe(2);
    // diff shows what --force-conflicts would change and why a plain apply stops, instead of failing.
    const diff = await cli(['diff', ...args, '--stage', 'workloads']);
    expect(diff.stderr).toBe('');
    expect(diff.code).toBe(1);
    expect(diff.stdout).toContain(
      [
        '~ update     Deployment/inference/svc-prefill',
        '      spec.replicas: 2 -> 3',
        '      conflict: Apply failed with 1 conflict: conflict with "kubectl-scale" using apps/v1: .spec.replicas; apply needs --force-conflicts to take these fields',
      ].join('\n'),
    );
    const forced = await cli(['apply', ...args, '--stage', 'workloads', '--force-conflicts']);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(/^configured Deployment\/inference\/svc-prefill$/m);
    expect(server.requests.filter((r) => r.method === 'PATCH' && r.query.force === 'true').length).toBeGreaterThan(0);
    expect(server.get('apps/v1', 'Deployment', 'svc-prefill', 'inference')?.spec.replicas).toBe(3);
  }, 60_000);

  it('fails when the API server denies a verb: exit 2, one line naming the object and the RBAC fix', async () => {
    const { args } = await cluster({ deny: [{ verb: 'patch', resource: 'daemonsets' }] });
    const run = await cli(['apply', ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr.trimEnd().split('\n')).toEqual([
      'error: DaemonSet/kube-system/ascend-device-plugin-dt: the API server denied the request (403 Forbidden): daemonsets.apps "ascend-device-plugin-dt" is forbidden: User "tester" cannot patch resource "daemonsets" in API group "apps" in the namespace "kube-system"; grant the verb to the user of context "fake" with RBAC, or use a --context that has it',
    ]);
    // Objects of earlier groups were applied and listed before the failure.
    expect(run.stdout).toMatch(/^created ClusterRole\/pods-node-ascend-device-plugin-role$/m);
  }, 60_000);

  it('fails when the server cannot be reached: exit 2 with what to check', async () => {
    const { server, args } = await cluster();
    await server.stop();
    const run = await cli(['apply', ...args, '--request-timeout', '5']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^error: http:\/\/127\.0\.0\.1:\d+: cannot reach the Kubernetes API server: cannot reach http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\).*; check that the cluster is running and that --kubeconfig\/--context \(now "fake"\) point at it\n$/,
    );
    expect(run.stdout).toMatch(/^small -> http/);
  }, 60_000);

  it('fails when the credentials are refused (401)', async () => {
    const { server } = await cluster();
    const kubeconfig = server.kubeconfig(fs.mkdtempSync(path.join(work, 'bad-')), 'wrong-token');
    const run = await cli(['diff', '--app', SMALL_STACK, '--kubeconfig', kubeconfig]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/the API server did not accept the credentials of context "fake" \(401 Unauthorized\)/);
  }, 60_000);

  it('fails when the workloads need CRDs the cluster lacks, and applies the platform alone with --stage platform', async () => {
    const { server, args } = await cluster({ unserved: ['leaderworkerset.x-k8s.io/v1'] });
    const run = await cli(['apply', ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^error: LeaderWorkerSet\/inference\/svc-decode: the cluster does not serve LeaderWorkerSet \(leaderworkerset\.x-k8s\.io\/v1\); install the CRDs first/,
    );
    const platform = await cli(['apply', ...args, '--stage', 'platform']);
    expect(platform.code).toBe(0);
    expect(server.count('ResourceSlice')).toBe(2);
    const diff = await cli(['diff', ...args, '--stage', 'platform']);
    expect(diff.code).toBe(0);
  }, 60_000);

  it('fails when the kubeconfig or context is wrong, before any request', async () => {
    const { server, kubeconfig } = await cluster();
    const context = await cli(['diff', '--app', SMALL_STACK, '--kubeconfig', kubeconfig, '--context', 'nope']);
    expect(context.code).toBe(2);
    expect(context.stderr).toBe(
      'error: --context: no such context in the kubeconfig (got "nope"); use one of fake, other\n',
    );
    const dryRun = await cli(['apply', '--app', SMALL_STACK, '--kubeconfig', kubeconfig, '--dry-run=client']);
    expect(dryRun.code).toBe(2);
    expect(dryRun.stderr).toMatch(
      /^error: superpod apply --dry-run: only a server dry run is supported \(got "client"\)/,
    );
    expect(server.requests).toEqual([]);
  }, 60_000);

  it('skips labels of nodes that have not joined instead of creating bare Nodes', async () => {
    server = await new FakeApiServer().start();
    seedNodes(server, inventory, { missing: ['pod-a-dt-rack-dt-7'] });
    const kubeconfig = server.kubeconfig(fs.mkdtempSync(path.join(work, 'kube-')));
    const run = await cli(['apply', '--app', SMALL_STACK, '--kubeconfig', kubeconfig, '--stage', 'platform']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^skipped Node\/pod-a-dt-rack-dt-7 \(not in the cluster; labelled once it joins\)$/m);
    expect(server.get('v1', 'Node', 'pod-a-dt-rack-dt-7')).toBeUndefined();
  }, 60_000);
});

describe('superpod diff', () => {
  it('lists creates on an empty cluster, field changes after an edit, and exits 0 once in sync', async () => {
    const { args } = await cluster();
    const empty = await cli(['diff', ...args]);
    expect(empty.code).toBe(1);
    expect(empty.stdout).toMatch(/^\+ create {5}Deployment\/inference\/svc-prefill$/m);
    expect(empty.stdout).toMatch(/^~ update {5}Node\/pod-a-pr-rack-pr-0$/m);
    expect(empty.stdout).toMatch(/^ {6}metadata\.labels\.superpod\.dev\/pool: \(none\) -> "pr"$/m);
    expect(empty.stdout).toContain(`Plan: ${desiredCount()} to create, 10 to update, 0 to prune, 0 unchanged.`);

    expect((await cli(['apply', ...args])).code).toBe(0);
    const inSync = await cli(['diff', ...args]);
    expect(inSync.code).toBe(0);
    expect(inSync.stdout).toContain(`Plan: 0 to create, 0 to update, 0 to prune, ${desiredCount() + 10} unchanged.`);

    process.env.SMALL_PREFILL_REPLICAS = '3';
    const edited = await cli(['diff', ...args, '--json']);
    expect(edited.code).toBe(1);
    const plan = JSON.parse(edited.stdout);
    expect(plan.counts).toMatchObject({ create: 0, update: 1, prune: 0 });
    const deployment = plan.outcomes.find((o: { object: string }) => o.object === 'Deployment/inference/svc-prefill');
    expect(deployment.fields).toEqual([{ path: 'spec.replicas', from: 2, to: 3 }]);
    // Nothing was written by diff: the dry-run applies carried dryRun=All.
    for (const r of server!.requests.filter((x) => x.method === 'PATCH' && x.query.dryRun !== 'All'))
      expect(r.query).toEqual({ fieldManager: 'superpod' });
  }, 90_000);

  it('reads every page of a long list', async () => {
    const { server, args } = await cluster({ pageSize: 3 });
    expect((await cli(['apply', ...args])).code).toBe(0);
    const owned = { 'app.kubernetes.io/managed-by': 'superpod', 'superpod.dev/stack': 'small' };
    for (let i = 0; i < 7; i++)
      server.seed({
        apiVersion: 'scheduling.volcano.sh/v1beta1',
        kind: 'Queue',
        metadata: { name: `old-${i}`, labels: owned },
        spec: {},
      });
    const diff = await cli(['diff', ...args, '--json']);
    expect(JSON.parse(diff.stdout).counts.prune).toBe(7);
    expect(server.requests.some((r) => r.query.continue !== undefined)).toBe(true);
  }, 60_000);
});
