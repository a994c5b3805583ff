import { describe, expect, it } from 'vitest';
import { Atlas350Server, DeviceAllocation, RackUnits, SuperPod } from '../../constructs/index.ts';
import { resourceSliceProblems, UB_GROUP_ATTRIBUTE } from '../../src/k8s/dra.ts';
import type { KubeObject } from '../../src/k8s/object.ts';
import { liquidRack, testStack } from '../helpers/fixtures.ts';
import { find, InferenceService, type Loose, objectsOf, serviceProps } from './fixtures.ts';
import { validateObject } from './validate.ts';

type Publisher = 'driver' | 'superpod' | undefined;

/** One rack of 16-card Atlas 350 servers with UB mezzanine boards (`350-Atlas-4p-16`: four 4-card UB groups each). */
function mezzanineStack(resourceSlices: Publisher, opts: { mezzanine?: boolean; tp?: number } = {}) {
  const stack = testStack('pd', resourceSlices ? { resourceSlices } : {});
  const pod = new SuperPod(stack, 'pod-a');
  const rack = liquidRack(pod, 'pr-rack');
  for (let i = 0; i < 2; i++)
    new Atlas350Server(rack, `pr-${i}`, {
      role: 'prefill',
      pool: 'pr',
      cards: 16,
      ubMezzanine: opts.mezzanine ?? true,
      height: RackUnits.of(4),
      deviceAllocation: DeviceAllocation.DRA,
    });
  new InferenceService(
    stack,
    'svc',
    serviceProps({
      prefill: { pool: 'pr', replicas: 1, parallelism: { tp: opts.tp ?? 4 } },
      decode: { pool: 'pr', replicas: 1, parallelism: { tp: opts.tp ?? 4 } },
    }),
  );
  return objectsOf(stack);
}

const slicesOf = (objects: KubeObject[]) => objects.filter((o) => o.kind === 'ResourceSlice') as Array<Loose>;

describe('DRA: the 4-card UB group of Atlas 350 mezzanine servers (audit D4)', () => {
  it('publishes superpod.dev/ubGroup: cards 0-3, 4-7, 8-11, 12-15 of a server share a value unique in the cluster', async () => {
    const slices = slicesOf(mezzanineStack(undefined));
    expect(slices).toHaveLength(2);
    const groups = slices.map((s) =>
      s.spec.devices.map((d: Loose) => (d.attributes[UB_GROUP_ATTRIBUTE] as { string: string }).string),
    );
    // <superpod>.<rack>.<server>.<group>: server 0 and server 1 of rack 0 of SuperPoD 0.
    expect(groups[0]).toEqual([
      ...Array(4).fill('0.0.0.0'),
      ...Array(4).fill('0.0.0.1'),
      ...Array(4).fill('0.0.0.2'),
      ...Array(4).fill('0.0.0.3'),
    ]);
    expect(new Set(groups[1])).toEqual(new Set(['0.0.1.0', '0.0.1.1', '0.0.1.2', '0.0.1.3']));
    // deviceType, physicId, accelerator, superpodId, rackId, serverId, ubRack, ubNode, ubGroup + memory = 10 of 32.
    const device = slices[0]!.spec.devices[0] as Loose;
    expect(Object.keys(device.attributes).length + Object.keys(device.capacity).length).toBe(10);
    for (const slice of slices) {
      expect(resourceSliceProblems(slice as KubeObject)).toEqual([]);
      await validateObject(slice as KubeObject);
    }
  });

  it('publishes no ubGroup where the cards have no UB link (350-Atlas-16) or the group is the whole node', () => {
    const slices = slicesOf(mezzanineStack(undefined, { mezzanine: false }));
    for (const s of slices) for (const d of s.spec.devices) expect(d.attributes[UB_GROUP_ATTRIBUTE]).toBeUndefined();
  });

  it('keeps a claim of 2 to 4 cards inside one UB group with matchAttribute', () => {
    for (const tp of [2, 4]) {
      const claim = find(mezzanineStack(undefined, { tp }), 'ResourceClaimTemplate', 'svc-prefill-npu');
      expect(claim.spec.spec.devices.requests[0].exactly.count).toBe(tp);
      expect(claim.spec.spec.devices.constraints).toEqual([{ requests: ['npu'], matchAttribute: UB_GROUP_ATTRIBUTE }]);
    }
  });

  it('puts no constraint on a claim of one card, or of more cards than a group holds (no single value could match)', () => {
    for (const tp of [1, 8, 16]) {
      const claim = find(mezzanineStack(undefined, { tp }), 'ResourceClaimTemplate', 'svc-prefill-npu');
      expect(claim.spec.spec.devices.requests[0].exactly.count).toBe(tp);
      expect(claim.spec.spec.devices.constraints, `tp ${tp}`).toBeUndefined();
    }
  });

  it('puts no constraint on a claim on servers without UB groups (a claim is always served from one node)', () => {
    const claim = find(mezzanineStack(undefined, { mezzanine: false }), 'ResourceClaimTemplate', 'svc-prefill-npu');
    expect(claim.spec.spec.devices.constraints).toBeUndefined();
  });
});

describe('DRA: who publishes the ResourceSlices (audit D3)', () => {
  it("publishes superpod's own slices and selects its accelerator attribute by default ('superpod')", () => {
    for (const publisher of [undefined, 'superpod'] as const) {
      const objects = mezzanineStack(publisher);
      expect(slicesOf(objects)).toHaveLength(2);
      expect(find(objects, 'DeviceClass', 'atlas-350.superpod.dev').spec.selectors[0].cel.expression).toBe(
        "device.driver == 'npu.huawei.com' && 'accelerator' in device.attributes['superpod.dev'] && device.attributes['superpod.dev'].accelerator == 'atlas-350'",
      );
    }
  });

  it("with 'driver' publishes no ResourceSlice, selects the driver's guarded deviceType, and asks no attribute the driver lacks", async () => {
    const objects = mezzanineStack('driver');
    expect(slicesOf(objects)).toEqual([]);
    const deviceClass = find(objects, 'DeviceClass', 'atlas-350.superpod.dev');
    expect(deviceClass.spec.selectors[0].cel.expression).toBe(
      "device.driver == 'npu.huawei.com' && 'deviceType' in device.attributes['npu.huawei.com'] && device.attributes['npu.huawei.com'].deviceType == 'Ascend910A5'",
    );
    await validateObject(deviceClass as KubeObject);
    const claim = find(objects, 'ResourceClaimTemplate', 'svc-prefill-npu');
    expect(claim.spec.spec.devices.constraints).toBeUndefined();
    // The pool's node affinity tells an Atlas 350 from a 950DT, which share the driver's deviceType.
    const pod = find(objects, 'Deployment', 'svc-prefill').spec.template.spec;
    expect(JSON.stringify(pod.affinity)).toContain('"superpod.dev/pool"');
    expect(JSON.stringify(pod.affinity)).toContain('"pr"');
  });

  it('fails when the publisher is neither driver nor superpod', () => {
    expect(() => testStack('pd', { resourceSlices: 'kubelet' as never })).toThrow(
      `pd: unknown ResourceSlice publisher (got "kubelet"); use 'driver' (the Ascend DRA driver publishes) or 'superpod'`,
    );
  });
});
