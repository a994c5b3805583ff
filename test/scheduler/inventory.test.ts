import { describe, expect, it } from 'vitest';
import { SuperpodInputError } from '../../src/errors.ts';
import { clusterFromInventory, deviceRulesOf, workloadFromInventory } from '../../src/scheduler/inventory.ts';
import { Simulation } from '../../src/scheduler/simulation.ts';
import { inferenceService, testInventory, trainingJob } from './fixtures/inventory.ts';

describe('clusterFromInventory', () => {
  it('orders nodes by SuperPoD, rack and server, with racks and SuperPoDs as the Y and Z domains', () => {
    const inventory = testInventory({ superPods: 2, racksPerPod: 2, nodesPerRack: 2, prefillRacks: 1 });
    const spec = clusterFromInventory({ ...inventory, nodes: [...inventory.nodes].reverse() });
    expect(spec.nodes.map((n) => n.source)).toEqual(inventory.nodes.map((n) => n.id));
    expect(spec.racks).toHaveLength(6);
    expect(spec.racks[0]).toMatchObject({ name: 'pod-0/decode-rack-0', superPod: 0, nodes: [0, 1] });
    expect(spec.superPods[1]!.racks).toEqual([3, 4, 5]);
    expect(spec.levels).toEqual({ x: 8, y: 64, z: 8192 });
    expect(spec.tieBreak).toBe('ordered');
    expect(spec.nodes[0]!.cpuMilli).toBe(Number.POSITIVE_INFINITY);
  });

  it('derives the Ascend rules from the node type, the accelerator or a label', () => {
    const [dt] = testInventory({ nodesPerRack: 1, racksPerPod: 1 }).nodes;
    expect(deviceRulesOf(dt!)).toEqual({ kind: 'ascend', policy: 'chip8-node8-ra64-sp' });
    expect(deviceRulesOf({ ...dt!, nodeTypeId: 'custom', acceleratorId: 'ascend-910b' })).toEqual({
      kind: 'ascend',
      policy: 'chip8-node8',
    });
    expect(deviceRulesOf({ ...dt!, nodeTypeId: 'dgx-h100', acceleratorId: 'h100-sxm' })).toEqual({ kind: 'gpu' });
    expect(deviceRulesOf({ ...dt!, labels: { 'huawei.com/schedule_policy': 'chip4-node8' } })).toEqual({
      kind: 'ascend',
      policy: 'chip4-node8',
    });
  });
});

describe('deviceRulesOf for Atlas 350 servers and A3 nodes', () => {
  const [dt] = testInventory({ nodesPerRack: 1, racksPerPod: 1 }).nodes;

  it('fails when an Atlas 350 server type does not take its catalogue policy', () => {
    const policies = ['atlas-350-server', 'atlas-350-server-16', 'atlas-350-4p-server', 'atlas-350-4p-server-16'].map(
      (nodeTypeId) => deviceRulesOf({ ...dt!, nodeTypeId, acceleratorId: 'atlas-350', acceleratorCount: 8 }),
    );
    expect(policies.map((r) => (r.kind === 'ascend' ? r.policy : r.kind))).toEqual([
      'chip1-node8',
      'chip1-node16',
      'chip4-node8',
      'chip4-node16',
    ]);
  });

  it('fails when an 8-die A3 node takes the 910B policy', () => {
    const a3 = (acceleratorCount: number) =>
      deviceRulesOf({ ...dt!, nodeTypeId: 'custom', acceleratorId: 'ascend-910c', acceleratorCount });
    expect(a3(16)).toEqual({ kind: 'ascend', policy: 'chip2-node16' });
    expect(a3(8)).toEqual({ kind: 'ascend', policy: 'chip2-node8' });
  });
});

describe('workloadFromInventory', () => {
  it('turns a training job into one gang whose ra-block becomes pods per rack', () => {
    const wl = workloadFromInventory(testInventory({ workloads: [trainingJob('pretrain', 16, { raBlock: 64 })] }));
    expect(wl.pods).toHaveLength(16);
    expect(wl.gangs).toEqual([
      expect.objectContaining({ name: 'pretrain', rackBlock: 8, superPodBlock: 0, kind: 'training' }),
    ]);
    expect(wl.pods.every((p) => p.devices === 8 && p.pool === 'decode' && p.gang === 0)).toBe(true);
  });

  it('turns inference replicas into one pod per instance, or a rack-bound gang of whole nodes', () => {
    const wl = workloadFromInventory(
      testInventory({
        prefillRacks: 1,
        workloads: [inferenceService('chat', { replicas: 2, tp: 8, pp: 2 }, { replicas: 3, tp: 4 })],
      }),
    );
    const prefill = wl.pods.filter((p) => p.pool === 'prefill');
    expect(prefill).toHaveLength(3);
    expect(prefill.every((p) => p.devices === 4 && p.gang === -1 && p.priority === 1)).toBe(true);
    expect(wl.gangs).toHaveLength(2);
    expect(wl.gangs[0]).toMatchObject({ kind: 'inference', rackBlock: 2 });
  });

  it('places the workloads of an inventory with every rack block inside one rack', () => {
    const inventory = testInventory({
      racksPerPod: 4,
      prefillRacks: 1,
      workloads: [
        trainingJob('pretrain', 16, { raBlock: 64 }),
        inferenceService('chat', { replicas: 4, tp: 8 }, { replicas: 4, tp: 2 }),
      ],
    });
    const spec = clusterFromInventory(inventory);
    const sim = new Simulation(spec, workloadFromInventory(inventory), { policy: 'superpod', seed: 1 });
    const gang = sim.placeGang(0)!;
    const racks = gang.map((p) => sim.state.rackOf[p.node]);
    expect(new Set(racks.slice(0, 8)).size).toBe(1);
    expect(new Set(racks.slice(8)).size).toBe(1);
    for (let p = 16; p < sim.workload.pods.length; p++) expect(sim.placePod(p)).not.toBeNull();
  });

  it('fails when ra-block is not a multiple of the NPUs per pod', () => {
    const run = () => workloadFromInventory(testInventory({ workloads: [trainingJob('bad', 4, { raBlock: 12 })] }));
    expect(run).toThrow(SuperpodInputError);
    expect(run).toThrow(/test\/jobs\/bad: raBlock must be a positive multiple of npusPerPod/);
  });

  it('fails when sp-block does not divide the job, or is not a multiple of ra-block', () => {
    expect(() => workloadFromInventory(testInventory({ workloads: [trainingJob('bad', 6, { spBlock: 32 })] }))).toThrow(
      /not divisible by spBlock/,
    );
    expect(() =>
      workloadFromInventory(testInventory({ workloads: [trainingJob('bad', 12, { raBlock: 32, spBlock: 48 })] })),
    ).toThrow(/multiple of raBlock/);
  });

  it('fails when an inference instance spans nodes without taking whole nodes', () => {
    expect(() =>
      workloadFromInventory(testInventory({ workloads: [inferenceService('odd', { replicas: 1, tp: 12 })] })),
    ).toThrow(/tp x pp x dp = 12/);
  });
});
