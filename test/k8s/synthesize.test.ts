import { describe, expect, it } from 'vitest';
import { getAccelerator, getNodeType } from '../../src/catalog/index.ts';
import { daemonSetName } from '../../src/k8s/device-plugin.ts';
import { nodeLabelObjects, synthesizeKubernetes } from '../../src/k8s/synthesize.ts';
import { smallSlice, testStack } from '../helpers/fixtures.ts';
import { validateObject } from './validate.ts';

describe('Kubernetes synthesis', () => {
  it('emits RBAC, one device-plugin DaemonSet per pool and the Volcano topology, all valid', async () => {
    const { stack } = smallSlice();
    const output = synthesizeKubernetes(stack.inventory());
    const objects = output.files.flatMap((f) => f.objects);
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'ServiceAccount/ascend-device-plugin-sa',
      'ClusterRole/pods-node-ascend-device-plugin-role',
      'ClusterRoleBinding/pods-node-ascend-device-plugin-role-binding',
      'DaemonSet/ascend-device-plugin-ascend-950dt-node-decode',
      'DaemonSet/ascend-device-plugin-atlas-350-server-prefill',
      'ConfigMap/volcano-scheduler-configmap',
      'HyperNode/ub-rack-0-0',
      'HyperNode/ub-superpod-0',
    ]);
    for (const object of [...objects, ...nodeLabelObjects(output.nodeLabels)]) await validateObject(object);
  }, 30_000);

  it('runs the device plugin with -volcanoType under Volcano and never with -useAscendDocker', () => {
    const args = (scheduler: 'volcano' | 'default') => {
      const { stack } = smallSlice();
      const inventory = { ...stack.inventory(), kubernetes: { ...stack.inventory().kubernetes, scheduler } };
      const ds = synthesizeKubernetes(inventory).files[1]!.objects[0] as unknown as {
        spec: { template: { spec: { containers: Array<{ args: string[] }>; nodeSelector: Record<string, string> } } };
      };
      return {
        args: ds.spec.template.spec.containers[0]!.args.join(' '),
        selector: ds.spec.template.spec.nodeSelector,
      };
    };
    expect(args('volcano').args).toContain('-volcanoType=true');
    expect(args('default').args).toContain('-volcanoType=false');
    expect(args('volcano').args).not.toContain('useAscendDocker');
    expect(args('volcano').selector).toEqual({
      workerselector: 'dls-worker-node',
      'superpod.dev/pool': 'ascend-950dt-node-decode',
    });
  });

  it('fails when a card server is labelled into the SuperPoD topology tree, or a node mislabelled', () => {
    const { stack } = smallSlice();
    const inventory = stack.inventory();
    const { nodeLabels } = synthesizeKubernetes(inventory);
    expect(nodeLabels).toHaveLength(inventory.nodes.length);
    for (const [i, node] of inventory.nodes.entries()) {
      const labels = nodeLabels[i]!.labels;
      const accelerator = getAccelerator(node.acceleratorId);
      expect(nodeLabels[i]!.node).toBe(node.name);
      expect(labels.accelerator).toBe('huawei-npu');
      expect(labels['accelerator-type']).toBe(getNodeType(node.nodeTypeId).kubernetes.acceleratorType);
      expect(labels['node.kubernetes.io/npu.chip.name']).toBe(accelerator.kubernetes.chipName);
      // The SuperPoD topology tree holds the 950DT nodes only, never the Atlas 350 card servers.
      const inTree = node.nodeTypeId === 'ascend-950dt-node';
      expect(labels['huawei.com/topotree.superpodid']).toBe(inTree ? '0' : undefined);
      expect(labels['huawei.com/topotree.rackid']).toBe(
        inTree ? String(inventory.racks.find((r) => r.id === node.rackId)!.index) : undefined,
      );
      expect(labels['huawei.com/topotree.serverid']).toBe(inTree ? String(node.serverIndex) : undefined);
      expect(labels.workerselector).toBe('dls-worker-node');
      expect(labels['superpod.dev/pool']).toBe(node.pool);
    }
    expect(nodeLabels[0]!.labels['accelerator-type']).toBe('950-SuperPod-Atlas-8');
    expect(nodeLabels[0]!.labels['node.kubernetes.io/npu.chip.name']).toBe('Ascend950DT');
    expect(nodeLabels[5]!.labels['node.kubernetes.io/npu.chip.name']).toBe('Ascend950PR');
  });

  it('emits an NVIDIA device plugin and GPU labels for comparator nodes', async () => {
    const { AcceleratorNode, NodeType, SuperPod } = await import('../../constructs/index.ts');
    const { liquidRack } = await import('../helpers/fixtures.ts');
    const stack = testStack('gpu');
    new AcceleratorNode(liquidRack(new SuperPod(stack, 'pod'), 'r', { reservedU: 0 }), 'h100', {
      nodeType: NodeType.DGX_H100,
    });
    const output = synthesizeKubernetes(stack.inventory());
    const objects = output.files.flatMap((f) => f.objects);
    expect(objects.map((o) => o.metadata.name)).toEqual([
      'nvidia-device-plugin-dgx-h100',
      'volcano-scheduler-configmap',
    ]);
    const conf = String((objects[1] as unknown as { data: Record<string, string> }).data['volcano-scheduler.conf']);
    expect(conf).not.toContain('volcano-npu');
    expect(output.nodeLabels[0]!.labels).toMatchObject({ accelerator: 'nvidia', 'nvidia.com/gpu.present': 'true' });
    for (const object of objects) await validateObject(object);
  });

  it('keeps DaemonSet names within 63 characters', () => {
    const long = 'p'.repeat(63);
    const name = daemonSetName('ascend-device-plugin', long);
    expect(name.length).toBeLessThanOrEqual(63);
    expect(daemonSetName('ascend-device-plugin', long)).toBe(name);
    expect(daemonSetName('ascend-device-plugin', `${'p'.repeat(62)}q`)).not.toBe(name);
  });
});
