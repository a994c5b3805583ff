import { beforeAll, describe, expect, it } from 'vitest';
import { loadInventory } from '../../src/app/load-stack.ts';
import type { Inventory } from '../../src/inventory/types.ts';
import type { KubeObject } from '../../src/k8s/object.ts';
import { allObjects, synthesizeKubernetes } from '../../src/k8s/synthesize.ts';
import { isCustomGroup, validateObject } from './validate.ts';

describe('the reference stack (stacks/main.ts) on Kubernetes', () => {
  let inventory: Inventory;
  // Synthesised inside each test, not in beforeAll: code run by a hook is "static" to the mutation tester, which then
  // runs every test of the target against each of its mutants (scripts/mutate.ts).
  const synthesized = (): KubeObject[] => allObjects(synthesizeKubernetes(inventory));

  beforeAll(async () => {
    inventory = await loadInventory();
  }, 60_000);

  it('carries one disaggregated inference service and one training job', () => {
    const kinds = inventory.workloads.map((w) => `${w.kind}/${w.name}`);
    expect(kinds).toEqual(['inference-service/deepseek-v3', 'training-job/qwen3-32b-sft']);
    const pools = Object.fromEntries(inventory.nodePools.map((p) => [p.name, p.deviceAllocation]));
    expect(pools).toEqual({ 'ascend-950dt-node-decode': 'device-plugin', 'atlas-350-server-prefill': 'dra' });
  });

  it('emits DRA objects for the prefill pool: 1 DeviceClass, 12 ResourceSlices, claims for its pods', () => {
    const objects = synthesized();
    const count = (kind: string) => objects.filter((o) => o.kind === kind).length;
    expect(count('DeviceClass')).toBe(1);
    expect(count('ResourceSlice')).toBe(12);
    expect(count('ResourceClaimTemplate')).toBe(1);
    expect(objects.filter((o) => o.kind === 'DaemonSet').map((o) => o.metadata.name)).toEqual([
      'ascend-device-plugin-ascend-950dt-node-decode',
    ]);
  });

  it('emits the object counts the README lists', () => {
    const byKind = new Map<string, number>();
    for (const o of synthesized()) byKind.set(o.kind, (byKind.get(o.kind) ?? 0) + 1);
    expect(Object.fromEntries([...byKind].sort(([a], [b]) => a.localeCompare(b)))).toEqual({
      ClusterRole: 1,
      ClusterRoleBinding: 1,
      ConfigMap: 1,
      DaemonSet: 1,
      DeviceClass: 1,
      Deployment: 1,
      HyperNode: 5,
      Job: 1,
      LeaderWorkerSet: 1,
      Namespace: 2,
      Node: 44,
      PodDisruptionBudget: 2,
      PodGroup: 1,
      PriorityClass: 2,
      Queue: 2,
      ResourceClaimTemplate: 1,
      ResourceSlice: 12,
      Service: 2,
      ServiceAccount: 1,
    });
  });

  it('validates every object: built-in and DRA kinds with kubernetes-models, custom resources with their CRDs', async () => {
    const objects = synthesized();
    const checked = { builtin: 0, custom: 0 };
    for (const object of objects) {
      await validateObject(object);
      if (isCustomGroup(object.apiVersion)) checked.custom++;
      else checked.builtin++;
    }
    expect(checked.custom).toBe(10);
    expect(checked.builtin).toBe(objects.length - 10);
    const customKinds = new Set(objects.filter((o) => isCustomGroup(o.apiVersion)).map((o) => o.kind));
    expect([...customKinds].sort()).toEqual(['HyperNode', 'Job', 'LeaderWorkerSet', 'PodGroup', 'Queue']);
  }, 60_000);

  it('is deterministic', () => {
    expect(JSON.stringify(synthesizeKubernetes(inventory))).toBe(JSON.stringify(synthesizeKubernetes(inventory)));
  });
});
