import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadInventory } from '../../src/app/load-stack.ts';
import { identity } from '../../src/deploy/desired.ts';
import type { Inventory } from '../../src/inventory/types.ts';
import { deviceClasses, draPools } from '../../src/k8s/dra.ts';
import { allObjects, synthesizeKubernetes } from '../../src/k8s/synthesize.ts';
import {
  applyObject,
  type ControlPlaneState,
  startControlPlane,
  stopControlPlane,
} from '../control-plane/control-plane.ts';
import { kubeCall } from '../control-plane/kube-request.ts';
import { cli } from '../deploy/helpers.ts';
import { apiPath, getObject, installCrds, registerNodes } from './helpers.ts';

/**
 * Sections 2.1-2.3 and 2.5 of issue 11 on the kinds the reference stack does not emit (default kube-scheduler: an
 * Indexed batch/v1 Job and its headless Service, no Volcano objects), on a control plane of its own, so prune sees
 * only this stack's objects and the decoys below.
 */
const STACK = path.resolve('test/cluster/stacks/default-scheduler.ts');
const args = () => ['--app', STACK, '--kubeconfig', state.kubeconfig];
let state: ControlPlaneState;
let inventory: Inventory;

beforeAll(async () => {
  state = await startControlPlane({ controllers: true });
  inventory = await loadInventory(STACK);
  await registerNodes(state, inventory);
  await installCrds(state);
});
afterAll(async () => {
  if (state) await stopControlPlane(state);
});
afterEach(() => {
  delete process.env.PLAIN_WITH_JOB;
});

describe('a default-scheduler stack on a real kube-apiserver', () => {
  it('2.2 applies the platform, then the workloads: the real server accepts every object', async () => {
    for (const stage of ['platform', 'workloads']) {
      const run = await cli(['apply', ...args(), '--stage', stage]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
    }
    const objects = allObjects(synthesizeKubernetes(inventory));
    for (const object of objects)
      expect(
        await getObject(state, await apiPath(state, object)),
        `${object.kind}/${object.metadata.name}`,
      ).toBeDefined();
    expect([...new Set(objects.map((o) => `${o.apiVersion} ${o.kind}`))]).toContain('batch/v1 Job');
    const job = await getObject<{ spec: { completionMode: string; completions: number } }>(
      state,
      '/apis/batch/v1/namespaces/training/jobs/sft',
    );
    expect(job?.spec).toMatchObject({ completionMode: 'Indexed', completions: 8 });
    // The 4-card UB group (audit D4) as the real server stored it: the attribute on the devices, and the 2-card claim
    // kept inside one group.
    const slice = await getObject<{ spec: { devices: Array<{ attributes: Record<string, { string?: string }> }> } }>(
      state,
      `/apis/resource.k8s.io/v1/resourceslices/${inventory.nodes[0]!.name}-npu-0`,
    );
    expect(slice?.spec.devices.map((d) => d.attributes['superpod.dev/ubGroup']?.string)).toEqual([
      ...Array(4).fill('0.0.0.0'),
      ...Array(4).fill('0.0.0.1'),
    ]);
    const claim = await getObject<{ spec: { spec: { devices: { constraints?: unknown } } } }>(
      state,
      '/apis/resource.k8s.io/v1/namespaces/inference/resourceclaimtemplates/small-npu',
    );
    expect(claim?.spec.spec.devices.constraints).toEqual([
      { requests: ['npu'], matchAttribute: 'superpod.dev/ubGroup' },
    ]);
  });

  it("accepts the DeviceClass of resourceSlices 'driver': the guarded CEL on the driver's deviceType compiles", async () => {
    const driverClass = deviceClasses(
      { ...inventory, kubernetes: { ...inventory.kubernetes, resourceSlices: 'driver' } },
      draPools(inventory),
    )[0]!;
    // Another name, so the stack's own DeviceClass (and the diffs below) stay as they are.
    const object = { ...driverClass, metadata: { ...driverClass.metadata, name: 'atlas-350-driver.superpod.dev' } };
    await applyObject(state, object);
    const live = await getObject<{ spec: { selectors: Array<{ cel: { expression: string } }> } }>(
      state,
      '/apis/resource.k8s.io/v1/deviceclasses/atlas-350-driver.superpod.dev',
    );
    expect(live?.spec.selectors[0]?.cel.expression).toBe(
      "device.driver == 'npu.huawei.com' && 'deviceType' in device.attributes['npu.huawei.com'] && device.attributes['npu.huawei.com'].deviceType == 'Ascend910A5'",
    );
    await kubeCall(
      state,
      state.tokens.admin,
      'DELETE',
      '/apis/resource.k8s.io/v1/deviceclasses/atlas-350-driver.superpod.dev',
    );
  });

  it('2.3 a second apply changes nothing, and diff right after it exits 0', async () => {
    const total = allObjects(synthesizeKubernetes(inventory)).length;
    const again = await cli(['apply', ...args()]);
    expect(again.stderr).toBe('');
    expect(again.stdout).toContain(`Applied: 0 created, 0 configured, ${total} unchanged, 0 pruned.`);
    const diff = await cli(['diff', ...args()]);
    expect(diff.stdout).toContain(`Plan: 0 to create, 0 to update, 0 to prune, ${total} unchanged.`);
    expect(diff.code).toBe(0);
  });

  it("2.5 apply --prune deletes exactly the stale owned objects; half-labelled and other stacks' objects survive", async () => {
    const decoys = [
      { name: 'only-managed-by', labels: { 'app.kubernetes.io/managed-by': 'superpod' } },
      { name: 'only-stack', labels: { 'superpod.dev/stack': 'plain' } },
      { name: 'other-stack', labels: { 'app.kubernetes.io/managed-by': 'superpod', 'superpod.dev/stack': 'other' } },
    ].map(({ name, labels }) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name, namespace: 'training', labels },
      data: { note: "not this stack's to delete" },
    }));
    for (const decoy of decoys) await applyObject(state, decoy);

    process.env.PLAIN_WITH_JOB = '0';
    const without = await loadInventory(STACK);
    const keep = new Set(allObjects(synthesizeKubernetes(without)).map(identity));
    const stale = allObjects(synthesizeKubernetes(inventory)).filter(
      (o) => !keep.has(identity(o)) && o.kind !== 'Namespace' && o.kind !== 'Node',
    );
    expect(stale.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'Job/sft',
      'PriorityClass/superpod-training',
      'Service/sft',
    ]);

    const pruned = await cli(['apply', ...args(), '--prune']);
    expect(pruned.stderr).toBe('');
    expect(pruned.code).toBe(0);
    expect(
      pruned.stdout
        .split('\n')
        .filter((l) => l.startsWith('pruned '))
        .sort(),
    ).toEqual(
      stale
        .map((o) => `pruned ${o.kind}/${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`)
        .sort(),
    );
    for (const object of stale) expect(await getObject(state, await apiPath(state, object))).toBeUndefined();
    for (const object of allObjects(synthesizeKubernetes(without)))
      expect(await getObject(state, await apiPath(state, object)), object.metadata.name).toBeDefined();
    for (const decoy of decoys) expect(await getObject(state, await apiPath(state, decoy))).toBeDefined();
    // The namespace of the removed job stays: prune never deletes namespaces.
    expect(await getObject(state, '/api/v1/namespaces/training')).toBeDefined();

    const diff = await cli(['diff', ...args()]);
    expect(diff.code).toBe(0);
  });
});
