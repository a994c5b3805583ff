import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AcceleratorNode,
  Ascend950DTNode,
  DeviceAllocation,
  NodeType,
  RackUnits,
  SuperPod,
} from '../../constructs/index.ts';
import type { Inventory } from '../../src/inventory/types.ts';
import {
  DRA_LIMITS,
  deviceClasses,
  draPools,
  NPU_DRA_DRIVER,
  resourceSliceProblems,
  resourceSlices,
  UB_NODE_ATTRIBUTE,
  UB_RACK_ATTRIBUTE,
} from '../../src/k8s/dra.ts';
import { indexInventory } from '../../src/k8s/node-labels.ts';
import type { KubeObject } from '../../src/k8s/object.ts';
import { liquidRack, testStack } from '../helpers/fixtures.ts';
import { find, InferenceService, type Loose, objectsOf, pdSlice, serviceProps } from './fixtures.ts';
import { validateObject } from './validate.ts';

describe('DRA objects', () => {
  it('emits one DeviceClass per accelerator type of the DRA pools, selecting by driver and accelerator', async () => {
    const { stack } = pdSlice();
    const objects = objectsOf(stack);
    const classes = objects.filter((o) => o.kind === 'DeviceClass');
    expect(classes.map((o) => o.metadata.name)).toEqual(['atlas-350.superpod.dev']);
    expect(find(objects, 'DeviceClass', 'atlas-350.superpod.dev').spec.selectors[0].cel.expression).toBe(
      "device.driver == 'npu.huawei.com' && 'accelerator' in device.attributes['superpod.dev'] && device.attributes['superpod.dev'].accelerator == 'atlas-350'",
    );
    for (const o of classes) await validateObject(o);
  });

  it('publishes each DRA node as a pool with its devices: chip type, HBM and UB coordinates', async () => {
    const { stack } = pdSlice();
    const inventory = stack.inventory();
    const slices = objectsOf(stack).filter((o) => o.kind === 'ResourceSlice') as Array<Loose>;
    const prefillNodes = inventory.nodes.filter((n) => n.pool === 'pr');
    expect(slices.map((s) => s.spec.nodeName)).toEqual(prefillNodes.map((n) => n.name));
    const [first] = slices;
    expect(first!.spec.driver).toBe(NPU_DRA_DRIVER);
    expect(first!.spec.pool).toEqual({ name: prefillNodes[0]!.name, generation: 1, resourceSliceCount: 1 });
    expect(first!.spec.devices).toHaveLength(8);
    const device = first!.spec.devices[3];
    expect(device.name).toBe('npu-3');
    expect(device.capacity).toEqual({ memory: { value: '112Gi' } });
    expect(device.attributes).toEqual({
      deviceType: { string: 'Ascend910A5' },
      physicId: { int: 3 },
      'superpod.dev/accelerator': { string: 'atlas-350' },
      'superpod.dev/superpodId': { int: 0 },
      'superpod.dev/rackId': { int: 0 },
      'superpod.dev/serverId': { int: 0 },
      [UB_RACK_ATTRIBUTE]: { string: '0.0' },
      [UB_NODE_ATTRIBUTE]: { string: '0.0.0' },
    });
    expect(slices[1]!.spec.devices[0].attributes[UB_NODE_ATTRIBUTE]).toEqual({ string: '0.0.1' });
    for (const slice of slices) {
      expect(resourceSliceProblems(slice as KubeObject)).toEqual([]);
      await validateObject(slice as KubeObject);
    }
  });

  it('emits no device-plugin DaemonSet for a DRA pool, and a claim template per DRA workload pod', () => {
    const { stack } = pdSlice();
    new InferenceService(stack, 'svc', serviceProps());
    const objects = objectsOf(stack);
    expect(objects.filter((o) => o.kind === 'DaemonSet').map((o) => o.metadata.name)).toEqual([
      'ascend-device-plugin-dt',
    ]);
    const claim = find(objects, 'ResourceClaimTemplate', 'svc-prefill-npu');
    expect(claim.spec.spec.devices).toEqual({
      requests: [
        { name: 'npu', exactly: { deviceClassName: 'atlas-350.superpod.dev', allocationMode: 'ExactCount', count: 8 } },
      ],
    });
    // No matchAttribute: a claim is served from one node, and the 350-Atlas-8 cards have no UB group (audit D4).
    const pod = find(objects, 'Deployment', 'svc-prefill').spec.template.spec;
    expect(pod.resourceClaims).toEqual([{ name: 'npu', resourceClaimTemplateName: 'svc-prefill-npu' }]);
    expect(pod.containers[0].resources.claims).toEqual([{ name: 'npu' }]);
    expect(pod.containers[0].resources.limits['huawei.com/npu']).toBeUndefined();
  });

  it('splits a node with more than 128 devices into slices of one pool (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 600 }), (count) => {
        const inventory = syntheticInventory(count);
        const slices = resourceSlices(inventory, draPools(inventory), indexInventory(inventory));
        expect(slices).toHaveLength(Math.ceil(count / DRA_LIMITS.devicesPerSlice));
        const names = new Set<string>();
        for (const slice of slices) {
          expect(resourceSliceProblems(slice)).toEqual([]);
          const spec = slice.spec as { pool: { resourceSliceCount: number }; devices: Array<{ name: string }> };
          expect(spec.pool.resourceSliceCount).toBe(slices.length);
          for (const d of spec.devices) names.add(d.name);
        }
        expect(names.size).toBe(count);
      }),
      { numRuns: 40 },
    );
  });

  it('fails when a slice breaks the API rules the schema does not express', () => {
    const good = pdSliceSlice();
    expect(resourceSliceProblems(good)).toEqual([]);
    const spec = good.spec as Record<string, unknown>;
    const devices = spec.devices as Array<Record<string, unknown>>;
    expect(resourceSliceProblems({ ...good, spec: { ...spec, allNodes: true } })).toEqual([
      'exactly one of nodeName, nodeSelector, allNodes, perDeviceNodeSelection must be set (got 2)',
    ]);
    const many = Array.from({ length: 129 }, (_, i) => ({ name: `npu-${i}` }));
    expect(resourceSliceProblems({ ...good, spec: { ...spec, devices: many } })).toEqual([
      '129 devices exceed the 128 a slice may hold',
    ]);
    const tainted = Array.from({ length: 65 }, (_, i) => ({ name: `npu-${i}`, taints: [] }));
    expect(resourceSliceProblems({ ...good, spec: { ...spec, devices: tainted } })).toEqual([
      '65 devices exceed the 64 a slice may hold',
    ]);
    const long = [{ ...devices[0], attributes: { 'superpod.dev/ubNode': { string: 'x'.repeat(65) } } }];
    expect(resourceSliceProblems({ ...good, spec: { ...spec, devices: long } })).toEqual([
      'device "npu-0": attribute "superpod.dev/ubNode" is longer than 64 characters',
    ]);
    const badName = [{ name: 'NPU_0', attributes: { 'bad name': { int: 1 } } }];
    expect(resourceSliceProblems({ ...good, spec: { ...spec, devices: badName } })).toEqual([
      'device name "NPU_0" is not a DNS label',
      'device "NPU_0": attribute name "bad name" is not a qualified name',
    ]);
  });

  it('fails when a GPU pool asks for DRA (NVIDIA publishes its own slices)', () => {
    const stack = testStack('gpu');
    new AcceleratorNode(liquidRack(new SuperPod(stack, 'pod'), 'r', { reservedU: 0 }), 'h100', {
      nodeType: NodeType.DGX_H100,
      deviceAllocation: DeviceAllocation.DRA,
    });
    expect(() => objectsOf(stack)).toThrow(
      /node pool "dgx-h100" uses DRA, but superpod synthesises ResourceSlices for Ascend NPUs only/,
    );
  });

  it('fails when nodes of one pool disagree on the device allocation', () => {
    const stack = testStack('mixed');
    const rack = liquidRack(new SuperPod(stack, 'pod'), 'r');
    const common = { pool: 'dt', height: RackUnits.of(4) } as const;
    new Ascend950DTNode(rack, 'a', { ...common, deviceAllocation: DeviceAllocation.DRA });
    new Ascend950DTNode(rack, 'b', { ...common });
    expect(() => stack.inventory()).toThrow(
      /mixed\/pod\/r\/b: node pool "dt" hands out accelerators with dra, this node with device-plugin/,
    );
  });

  it('emits DeviceClasses only for the types the DRA pools hold', () => {
    const inventory = syntheticInventory(8);
    expect(deviceClasses(inventory, draPools(inventory)).map((o) => o.metadata.name)).toEqual([
      'ascend-950dt.superpod.dev',
    ]);
  });
});

function pdSliceSlice(): KubeObject {
  const { stack } = pdSlice();
  return objectsOf(stack).find((o) => o.kind === 'ResourceSlice')!;
}

/** An inventory with one DRA node of `count` 950DT NPUs (more than any real node, to exercise slice splitting). */
function syntheticInventory(count: number): Inventory {
  const stack = testStack('synthetic');
  const rack = liquidRack(new SuperPod(stack, 'pod'), 'r');
  new Ascend950DTNode(rack, 'dt', { deviceAllocation: DeviceAllocation.DRA, height: RackUnits.of(4) });
  const inventory = stack.inventory();
  return { ...inventory, nodes: inventory.nodes.map((n) => ({ ...n, acceleratorCount: count })) };
}
