import { describe, expect, it } from 'vitest';
import { SuperpodInputError } from '../../src/errors.ts';
import type { FragModel } from '../../src/scheduler/frag.ts';
import { FragTracker, type TypicalPod } from '../../src/scheduler/frag.ts';
import { randomShareDevice } from '../../src/scheduler/placement/common.ts';
import { Hypothetical, quantisedSigmoid } from '../../src/scheduler/placement/fgd.ts';
import {
  PLACEMENT_POLICY_NAMES,
  type PlacementPolicyName,
  placementPolicyByName,
} from '../../src/scheduler/placement/index.ts';
import { SeededRandom } from '../../src/scheduler/rng.ts';
import { Simulation } from '../../src/scheduler/simulation.ts';
import type { ClusterState } from '../../src/scheduler/state.ts';
import { inputErrorOf } from '../helpers/errors.ts';
import { classOf, cluster, type NodeShape, npuCluster, pod, stateWith, workload } from './helpers.ts';

function policy(name: PlacementPolicyName, state: ClusterState, typical: readonly TypicalPod[] = []) {
  const rank = Int32Array.from({ length: state.nodeCount }, (_, i) => i);
  return placementPolicyByName(name)({ state, frag: new FragTracker(state, typical), rng: new SeededRandom(1), rank });
}

const fourGpu = cluster([{ devices: 4, cpuMilli: 1000, model: '1080' }]);

describe('packing (gpu_packing_score_test.go vectors)', () => {
  it('scores 48 when free GPUs of a used node are needed', () => {
    const state = stateWith(fourGpu, [
      [0, 0, 800],
      [0, 3, 500],
    ]);
    const p = policy('packing', state);
    expect(p.score(0, classOf(state, pod(2, 1000, { cpuMilli: 100 })))).toBe(48);
    expect(p.score(0, classOf(state, pod(2, 200, { cpuMilli: 100 })))).toBe(93);
  });

  it('scores an untouched node max(33 - G, G): 29 for 4 GPUs, 25 for 8', () => {
    const state = stateWith(cluster([{ devices: 4 }, { devices: 8 }]));
    const p = policy('packing', state);
    const cls = classOf(state, pod(2));
    expect(p.score(0, cls)).toBe(29);
    expect(p.score(1, cls)).toBe(25);
  });

  it('counts the partly used devices with the least left first, and fails a node without enough room', () => {
    // Devices keep 1000, 500 and 200 milli. 300 milli: 200 is too little, 500 is next: 100 − ⌊50 / 10⌋ = 95.
    const state = stateWith(cluster([{ devices: 3 }]), [
      [0, 1, 500],
      [0, 2, 800],
    ]);
    const p = policy('packing', state);
    expect(p.score(0, classOf(state, pod(1, 300)))).toBe(95);
    // Two devices of 600 milli: only the free one has room.
    expect(p.score(0, classOf(state, pod(2, 600)))).toBe(Number.NEGATIVE_INFINITY);
  });

  it('scores CPU-only pods 0 everywhere', () => {
    const state = stateWith(fourGpu);
    expect(policy('packing', state).score(0, classOf(state, pod(0)))).toBe(0);
  });
});

describe('best-fit', () => {
  it('computes the FGD simulator score on GPU nodes', () => {
    const state = stateWith(cluster([{ devices: 8, cpuMilli: 64000 }]), [
      [0, 0, 1000],
      [0, 1, 1000],
    ]);
    // ⌊100·(1 − [½(64000 − 8000)/128000 + ½(6000 − 1000)/8000])⌋ = ⌊46.875⌋
    expect(policy('best-fit', state).score(0, classOf(state, pod(1, 1000, { cpuMilli: 8000 })))).toBe(46);
  });

  it('uses the Ascend affinity table on NPU nodes: the node whose free chips fit the request best', () => {
    const spec = npuCluster(1, 1, 2);
    const state = stateWith(spec, [
      [1, 0, 1000],
      [1, 1, 1000],
      [1, 2, 1000],
    ]);
    const p = policy('best-fit', state);
    const cls = classOf(state, pod(4));
    expect(p.score(0, cls)).toBe(60); // 8 free: unfitness 4
    expect(p.score(1, cls)).toBe(90); // 5 free: unfitness 1
    // 3 NPUs, then 4: the second joins the first node (5 free) and keeps the other node whole.
    const sim = new Simulation(spec, workload([pod(3), pod(4)]), { policy: 'best-fit', seed: 1 });
    expect(sim.placePod(0)?.node).toBe(0);
    expect(sim.placePod(1)?.node).toBe(0);
  });
});

describe('dot-product and clustering', () => {
  it('computes ⌊100·(1 − ½[cpu·cpu + gpu·gpu])⌋ with 128-core and 8-GPU normalisers', () => {
    const state = stateWith(cluster([{ devices: 8, cpuMilli: 64000 }]));
    // ½[(64000/128000)(32000/128000) + (8000/8000)(2000/8000)] = ½[0.125 + 0.25]
    expect(policy('dot-product', state).score(0, classOf(state, pod(2, 1000, { cpuMilli: 32000 })))).toBe(81);
  });

  it('adds 75 for a node with only the same kind, 50 with others too, 25 for an empty node, 0 otherwise', () => {
    const spec = cluster([{ devices: 8 }, { devices: 8 }, { devices: 8 }, { devices: 8 }]);
    const state = stateWith(spec);
    const share = pod(1, 500, { cpuMilli: 0, memoryMiB: 0 });
    const whole = pod(1, 1000, { cpuMilli: 0, memoryMiB: 0 });
    state.place(0, share, classOf(state, share), 1);
    state.place(1, share, classOf(state, share), 1);
    state.place(1, whole, classOf(state, whole), 2);
    state.place(2, whole, classOf(state, whole), 1);
    const p = policy('clustering', state);
    const cls = classOf(state, pod(1, 300));
    expect(p.score(0, cls)).toBe(Math.trunc((25 * 500) / 8000) + 75);
    expect(p.score(1, cls)).toBe(Math.trunc((25 * 1500) / 8000) + 50);
    expect(p.score(3, cls)).toBe(25);
    expect(p.score(2, cls)).toBe(Math.trunc((25 * 1000) / 8000));
    // A CPU-only pod scores 0 even on a node with used devices.
    expect(p.score(0, classOf(state, pod(0)))).toBe(0);
  });
});

describe('fgd', () => {
  const typical: TypicalPod[] = [
    { cpuMilli: 1000, devices: 1, milli: 500, models: null, weight: 0.5, count: 1 },
    { cpuMilli: 1000, devices: 1, milli: 1000, models: null, weight: 0.5, count: 1 },
  ];

  it('quantises the fragmentation gradient as ⌊100·σ(ΔF/1000)⌋', () => {
    expect(quantisedSigmoid(0)).toBe(50);
    expect(quantisedSigmoid(1000)).toBe(73);
    expect(quantisedSigmoid(-1000)).toBe(26);
  });

  it('puts a half share on the half-used GPU, where it leaves no fragment', () => {
    const spec = cluster([{ devices: 2 }, { devices: 2 }]);
    const state = stateWith(spec, [[1, 1, 500]]);
    const p = policy('fgd', state, typical);
    const cls = classOf(state, pod(1, 500));
    expect(p.score(1, cls)).toBeGreaterThan(p.score(0, cls));
    expect(p.devices(1, cls)).toBe(2);
  });
});

describe('policy registry', () => {
  it('names the eight policies of the CLI', () => {
    expect(PLACEMENT_POLICY_NAMES).toEqual([
      'random',
      'first-fit',
      'best-fit',
      'dot-product',
      'packing',
      'clustering',
      'fgd',
      'superpod',
    ]);
  });

  it('fails when the policy is unknown, listing the valid ones', () => {
    expect(() => placementPolicyByName('tetris')).toThrow(SuperpodInputError);
    expect(() => placementPolicyByName('tetris')).toThrow(
      /random, first-fit, best-fit, dot-product, packing, clustering, fgd, superpod/,
    );
  });
});

describe('random and first-fit', () => {
  it('draws only feasible nodes, the same ones for the same seed', () => {
    const spec = cluster([{ devices: 1 }, { devices: 8 }, { devices: 1 }, { devices: 8 }, { devices: 8 }]);
    const draws = (seed: number) => {
      const sim = new Simulation(spec, workload(Array.from({ length: 6 }, () => pod(4))), { policy: 'random', seed });
      return Array.from({ length: 6 }, (_, i) => sim.placePod(i)?.node ?? -1);
    };
    const a = draws(3);
    expect(a).toEqual(draws(3));
    expect(a.filter((n) => n >= 0).every((n) => [1, 3, 4].includes(n))).toBe(true);
    expect(a.filter((n) => n >= 0)).toHaveLength(6);
  });

  it('takes the first feasible node in the listed order', () => {
    const spec = cluster([{ devices: 1 }, { devices: 8 }, { devices: 8 }]);
    const sim = new Simulation(spec, workload([pod(2), pod(2), pod(8)]), { policy: 'first-fit', seed: 1 });
    expect([sim.placePod(0)?.node, sim.placePod(1)?.node, sim.placePod(2)?.node]).toEqual([1, 1, 2]);
  });
});

describe('superpod', () => {
  it('fills the share remnant that is left with the least, cluster-wide', () => {
    const spec = cluster([{ devices: 2 }, { devices: 2 }]);
    const state = stateWith(spec, [
      [0, 0, 500],
      [1, 1, 650],
    ]);
    const p = policy('superpod', state);
    const cls = classOf(state, pod(1, 300));
    expect(p.score(1, cls)).toBeGreaterThan(p.score(0, cls));
    expect(p.devices(1, cls)).toBe(2);
  });

  it('keeps the last free 8-device nodes for pods that need a whole node', () => {
    // 100 big nodes: the reserve is 3 (3 %). Fill all but 3; then 1-device pods use the small node first.
    const spec = cluster([...Array.from({ length: 100 }, () => ({ devices: 8 })), { devices: 2 }]);
    const pods = [...Array.from({ length: 97 }, () => pod(8)), pod(1), pod(1), pod(1), pod(8), pod(8), pod(8)];
    const sim = new Simulation(spec, workload(pods), { policy: 'superpod', seed: 1 });
    for (let i = 0; i < 97; i++) expect(sim.placePod(i)).not.toBeNull();
    expect(sim.placePod(97)?.node).toBe(100);
    expect(sim.placePod(98)?.node).toBe(100);
    // The small node is full: a reserved node is used rather than failing the pod.
    expect(sim.placePod(99)?.node).toBeLessThan(100);
    expect(sim.placePod(100)).not.toBeNull();
    expect(sim.placePod(101)).not.toBeNull();
    expect(sim.placePod(102)).toBeNull();
  });

  it('keeps the rack blocks of a gang in one SuperPoD when one has room', () => {
    // Two SuperPoDs of 3 racks; SuperPoD 0 has one rack busy, so a 3-rack gang only fits SuperPoD 1 whole.
    const spec = npuCluster(2, 3, 2);
    const gang = { template: pod(8), pods: 6, rackBlock: 2 };
    for (const [name, expected] of [
      ['superpod', 1],
      ['first-fit', 2],
    ] as const) {
      const sim = new Simulation(spec, workload([pod(8), pod(8)], [gang]), { policy: name, seed: 1 });
      sim.placePod(0);
      sim.placePod(1);
      const placements = sim.placeGang(0)!;
      const superPods = new Set(placements.map((p) => sim.state.superPodOf[p.node]));
      expect(superPods.size, name).toBe(expected);
    }
  });
});

describe('superpod keys, hand-computed', () => {
  // Without typical pods the fragmentation never changes, so the FGD key is ⌊100·σ(0)⌋ = 50 everywhere and a
  // score is ((fit × 101 + 50) × 1000 − balance) × 2 − breaksBigNode.
  const npuNode = (policy: string, devices: number) => ({
    devices,
    cpuMilli: Number.POSITIVE_INFINITY,
    memoryMiB: Number.POSITIVE_INFINITY,
    rules: { kind: 'ascend', policy } as NodeShape['rules'],
  });

  it('puts the affinity table first on nodes of several interconnect domains: one NPU on a free node', () => {
    // Unfitness of 1 NPU on a free node: rings of 4 rank 4 free chips 3rd of [1, 3, 2, 4]; a ring of 8 keeps 7;
    // HiAM pairs score free − requested: 7 of 8, 15 of 16. A one-domain node (chip8-node8) has no fit key.
    const cases = [
      ['chip4-node8', 8, 3],
      ['chip4-node16', 16, 3],
      ['chip8-node16', 16, 7],
      ['chip2-node8', 8, 7],
      ['chip2-node16', 16, 15],
      ['chip2-node16-sp', 16, 15],
      ['chip8-node8', 8, 0],
    ] as const;
    const state = stateWith(cluster(cases.map(([policy, devices]) => npuNode(policy, devices))));
    const p = policy('superpod', state);
    const one = classOf(state, pod(1));
    // Every node is an entirely free big node that one NPU does not fill: breaksBigNode is 1.
    expect(cases.map((_, node) => p.score(node, one))).toEqual(
      cases.map(([, , unfitness]) => (-unfitness * 101 + 50) * 1000 * 2 - 1),
    );
    // 3 NPUs are no valid request on a 910 x8 module: the fit key takes its worst value, −30.
    expect(p.score(0, classOf(state, pod(3)))).toBe((-30 * 101 + 50) * 1000 * 2 - 1);
    // A CPU-only pod has no fit key, even on a node of rings.
    expect(p.score(0, classOf(state, pod(0)))).toBe(50 * 1000 * 2 - 1);
  });

  it('fits a share where the least milli stays behind, on devices that have room for it', () => {
    const spec = cluster([
      { devices: 2, cpuMilli: Number.POSITIVE_INFINITY, memoryMiB: Number.POSITIVE_INFINITY },
      { devices: 2, cpuMilli: Number.POSITIVE_INFINITY, memoryMiB: Number.POSITIVE_INFINITY },
    ]);
    // Node 0 keeps 300 and 1000 milli; node 1 keeps 450 and 1000.
    const state = stateWith(spec, [
      [0, 0, 700],
      [1, 0, 550],
    ]);
    const p = policy('superpod', state);
    // 300 milli fill device 0 of node 0 exactly: remnant 0.
    expect(p.score(0, classOf(state, pod(1, 300)))).toBe(50 * 1000 * 2);
    // 400 milli do not fit the 300 left on device 0: device 1 keeps 600. On node 1, device 0 keeps 50.
    expect(p.score(0, classOf(state, pod(1, 400)))).toBe((-600 * 101 + 50) * 1000 * 2);
    expect(p.score(1, classOf(state, pod(1, 400)))).toBe((-50 * 101 + 50) * 1000 * 2);
    expect(p.devices(0, classOf(state, pod(1, 400)))).toBe(2);
    expect(p.devices(1, classOf(state, pod(1, 400)))).toBe(1);
  });

  it('balances CPU and memory per idle device against the pod, as rounded Σ|ln(have/want)|', () => {
    // A free 8-GPU node of 96 cores and 393,216 MiB: 12 CPU milli and 49.152 MiB per idle milli of device.
    const state = stateWith(cluster([{ devices: 8 }, { devices: 8, cpuMilli: 0, memoryMiB: 0 }]));
    const p = policy('superpod', state);
    // pod(1) asks 1 CPU milli and 1.024 MiB per device milli: ln(12.001 / 1.001) + ln(49.153 / 1.025)
    // = 2.484 + 3.870, rounded 6.
    expect(p.score(0, classOf(state, pod(1)))).toBe((50 * 1000 - 6) * 2 - 1);
    // A CPU-only pod is taken to want 10^9 per device milli: ln(10^9 / 12.001) + ln(10^9 / 49.153) = 18.238 + 16.828.
    expect(p.score(0, classOf(state, pod(0)))).toBe((50 * 1000 - 35) * 2 - 1);
    // Nothing left against nothing asked is a perfect match.
    expect(p.score(1, classOf(state, pod(1, 1000, { cpuMilli: 0, memoryMiB: 0 })))).toBe(50 * 1000 * 2 - 1);
  });

  it('holds back whole big nodes once no more than 3 % of them are free', () => {
    // 34 nodes of 8 GPUs: the reserve is ⌈0.03 × 34⌉ = 2 nodes. A 2-GPU node never counts.
    const spec = cluster([...Array.from({ length: 34 }, () => ({ devices: 8 })), { devices: 2 }]);
    const state = stateWith(spec);
    const p = policy('superpod', state);
    const asIs = { cpuMilli: 0, memoryMiB: 0 };
    const whole = pod(8, 1000, asIs);
    const wholeCls = classOf(state, whole);
    const four = pod(4, 1000, asIs);
    const fourCls = classOf(state, four);
    const small = pod(2, 1000, asIs);
    const smallCls = classOf(state, small);
    const fill = (node: number) => state.place(node, whole, wholeCls, 0xff);
    for (let node = 0; node < 30; node++) fill(node);
    // Node 30 turns busy, then takes a second pod while busy; the small node is used and freed again.
    state.place(30, four, fourCls, 0x0f);
    state.place(30, four, fourCls, 0xf0);
    state.place(34, small, smallCls, 0b11);
    state.release(34, small, smallCls, 0b11);
    expect(p.reserveActive!()).toBe(false); // 3 free
    fill(31);
    expect(p.reserveActive!()).toBe(true); // 2 free
    state.release(31, whole, wholeCls, 0xff);
    expect(p.reserveActive!()).toBe(false);
    // A policy created now counts the free nodes it starts with.
    expect(policy('superpod', state).reserveActive!()).toBe(false);
    fill(31);
    expect(policy('superpod', state).reserveActive!()).toBe(true);

    // The reserve holds an entirely free big node from a pod that does not need all of it.
    const one = classOf(state, pod(1));
    expect(p.reserved!(33, one)).toBe(true);
    expect(p.reserved!(33, wholeCls)).toBe(false);
    expect(p.reserved!(0, one)).toBe(false);
    expect(p.reserved!(34, one)).toBe(false); // free, but not big
  });
});

describe('policy names and draws', () => {
  it('names each policy as the CLI does', () => {
    const state = stateWith(fourGpu);
    for (const name of PLACEMENT_POLICY_NAMES) expect(policy(name, state).name).toBe(name);
  });

  it('fails when the policy is unknown, naming where and what', () => {
    const error = inputErrorOf(() => placementPolicyByName('tetris'));
    expect(error.where).toBe('policy');
    expect(error.problem).toBe('unknown placement policy');
    expect(inputErrorOf(() => placementPolicyByName('tetris', 'simulate --policy')).where).toBe('simulate --policy');
  });

  it('random draws the node instead of taking the first feasible one', () => {
    const spec = cluster(Array.from({ length: 8 }, () => ({ devices: 8 })));
    const first = (seed: number) =>
      new Simulation(spec, workload([pod(1)]), { policy: 'random', seed }).placePod(0)?.node ?? -1;
    const nodes = new Set(Array.from({ length: 20 }, (_, seed) => first(seed + 1)));
    expect(nodes.size).toBeGreaterThan(1);
  });
});

describe('fgd hypothetical placements, against a stand-in fragmentation', () => {
  // F' = CPU milli left / 1000 + Σ weight(i) × milli left on device i, and F = 10,000 before the placement, so
  // each rating F − F' can be worked out by hand. Node: 4 GPUs with 1000, 1000, 400 and 400 milli left, 96 cores.
  const state = stateWith(cluster([{ devices: 4 }]), [
    [0, 2, 600],
    [0, 3, 600],
  ]);
  const hypothetical = (weight: (device: number) => number) => {
    const model = {
      nodeFrag: (cpuLeft: number, lefts: Int32Array, start: number, count: number) => {
        let f = cpuLeft / 1000;
        for (let i = 0; i < count; i++) f += weight(i) * lefts[start + i]!;
        return f;
      },
    } as unknown as FragModel;
    return new Hypothetical(state, { model, nodeFrag: () => 10_000 });
  };
  const rate = (deltaFrag: number) => deltaFrag;
  // After a pod of 1 CPU core: 95 + 1000 × 1 + 1000 × 2 + 400 × 3 + 400 × 4 = 5,895 with weights 1..4.
  const ascending = hypothetical((i) => i + 1);

  it('tries each distinct milli-left once, lowest index, and keeps the best rating', () => {
    // 300 milli: device 0 saves 300 × 1, device 2 saves 300 × 3; devices 1 and 3 repeat 1000 and 400.
    expect(ascending.best(0, classOf(state, pod(1, 300)), rate)).toEqual({ score: 10_000 - (5895 - 900), mask: 4 });
    // 500 milli do not fit the 400 left on devices 2 and 3: device 0 saves 500.
    expect(ascending.best(0, classOf(state, pod(1, 500)), rate)).toEqual({ score: 10_000 - (5895 - 500), mask: 1 });
  });

  it('keeps the first device when two ratings tie', () => {
    // Equal weights: every fitting device saves 300.
    const flat = hypothetical(() => 1);
    expect(flat.best(0, classOf(state, pod(1, 300)), rate)).toEqual({ score: 10_000 - (95 + 2800 - 300), mask: 1 });
  });

  it('takes the default devices for whole-device and CPU-only pods', () => {
    // Two whole GPUs take devices 0 and 1: 95 + 0 + 0 + 400 × 3 + 400 × 4 = 2,895.
    expect(ascending.best(0, classOf(state, pod(2)), rate)).toEqual({ score: 10_000 - 2895, mask: 3 });
    expect(ascending.best(0, classOf(state, pod(0)), rate)).toEqual({ score: 10_000 - 5895, mask: 0 });
  });
});

describe('shared helpers of the policies', () => {
  it('draws a share device uniformly among those with room, by reservoir sampling', () => {
    // Devices keep 1000, 200, 700 and 400 milli; 400 milli fit devices 0, 2 and 3 (exactly).
    const state = stateWith(cluster([{ devices: 4 }]), [
      [0, 1, 800],
      [0, 2, 300],
      [0, 3, 600],
    ]);
    const share = classOf(state, pod(1, 400));
    const seen: number[] = [];
    // A draw of 0 keeps the device just seen: always 0 keeps the last, 0 only on the 2nd keeps device 2.
    const alwaysKeep = (n: number) => {
      seen.push(n);
      return 0;
    };
    expect(randomShareDevice(state, 0, share, alwaysKeep)).toBe(0b1000);
    expect(seen).toEqual([1, 2, 3]);
    expect(randomShareDevice(state, 0, share, (n) => (n === 2 ? 0 : 1))).toBe(0b0100);
    expect(randomShareDevice(state, 0, share, (n) => (n === 1 ? 0 : 1))).toBe(0b0001);
    expect(randomShareDevice(state, 0, classOf(state, pod(1, 800)), () => 1)).toBe(0);
  });

  it('scores CPU-only and share pods on NPU nodes with the GPU best-fit formula, not the affinity table', () => {
    const state = stateWith(npuCluster(1, 1, 1));
    const p = policy('best-fit', state);
    // CPU not modelled: ⌊100·(1 − ½(8000 − 0)/8000)⌋ = 50 and ⌊100·(1 − ½(8000 − 500)/8000)⌋ = ⌊53.125⌋.
    expect(p.score(0, classOf(state, pod(0)))).toBe(50);
    expect(p.score(0, classOf(state, pod(1, 500)))).toBe(53);
  });
});
