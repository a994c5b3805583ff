/**
 * ClusterState on its own: the counters a small hand-built cluster starts with, what one placement and its release
 * change (each figure worked out by hand), the pod classes, the filter at its boundaries, the default device choice,
 * the rack buckets and the change log. The placement policies and the simulator read these counters; a wrong one
 * there shows only as a slightly different score.
 */
import { describe, expect, it } from 'vitest';
import { ClusterState, MILLI, TAG_COUNT } from '../../src/scheduler/state.ts';
import { cluster, pod } from './helpers.ts';

// node 0: 4 devices, rack 0, SuperPoD 0 · node 1: 2 devices, rack 0 · node 2: CPU only, rack 1 · node 3: 8 devices,
// no rack, no SuperPoD, pool p · node 4: 3 devices, rack 2, SuperPoD 1, pool q, model M
const small = () =>
  new ClusterState(
    cluster([
      { devices: 4, rack: 0, superPod: 0 },
      { devices: 2, rack: 0, superPod: 0 },
      { devices: 0, rack: 1, superPod: 0 },
      { devices: 8, pool: 'p' },
      { devices: 3, rack: 2, superPod: 1, pool: 'q', model: 'M' },
    ]),
  );

describe('ClusterState at the start', () => {
  it('counts devices, milli and free masks per node, rack and SuperPoD', () => {
    const s = small();
    expect([...s.freeMask]).toEqual([0b1111, 0b11, 0, 0xff, 0b111]);
    expect([...s.freeCount]).toEqual([4, 2, 0, 8, 3]);
    expect([...s.idle]).toEqual([4000, 2000, 0, 8000, 3000]);
    expect([...s.devStart]).toEqual([0, 4, 6, 6, 14]);
    expect([...s.rackFree]).toEqual([6, 0, 3]);
    expect([...s.rackIdle]).toEqual([6000, 0, 3000]);
    expect([...s.rackCapacity]).toEqual([6000, 0, 3000]);
    expect([...s.superPodFree]).toEqual([6, 3]);
    expect([s.totalDevices, s.capacityMilli, s.allocatedMilli]).toEqual([17, 17 * MILLI, 0]);
    expect([...s.poolId]).toEqual([-1, -1, -1, 0, 1]);
    expect(s.poolNames).toEqual(['p', 'q']);
    expect(s.modelNames).toEqual(['G2', 'M']);
    expect([...s.modelId]).toEqual([0, 0, 0, 0, 1]);
    expect(s.changeCount).toBe(0);
  });

  it('has an affinity tag for every device count a node can hold', () => {
    const s = new ClusterState(cluster([{ devices: 30 }]));
    expect(TAG_COUNT).toBe(32);
    expect([0, 1, 2, 29, 30].map((d) => s.classOf(pod(d), false).tag)).toEqual([0, 2, 3, 30, 31]);
    expect(s.classOf(pod(1, 500), false).tag).toBe(1);
    expect(s.classOf(pod(40), false).tag).toBe(31); // more than any node holds: the last tag, inside the node's slots
  });
});

describe('pod classes', () => {
  it('shares a class between pods with the same request, models in any order', () => {
    const s = small();
    const a = s.classOf(pod(2, 1000, { models: ['M', 'G2'] }), false);
    expect(s.classOf(pod(2, 1000, { models: ['G2', 'M'], name: 'other' }), false)).toBe(a);
    expect(a.models).toEqual(['G2', 'M']);
    expect(s.classCount).toBe(1);
  });

  it('tells apart pods that accept any model, no model, or other models, and other pools or gang membership', () => {
    const s = small();
    const classes = [
      pod(1, 1000, { models: null }),
      pod(1, 1000, { models: [] }),
      pod(1, 1000, { models: ['M'] }),
      pod(1, 1000, { models: ['G2'] }),
      pod(1, 1000, { pool: 'p' }),
      pod(1, 1000, { pool: 'q' }),
    ].map((p) => s.classOf(p, false));
    classes.push(s.classOf(pod(1), true));
    expect(new Set(classes.map((c) => c.id)).size).toBe(7);
    expect(s.classCount).toBe(7);
    expect(classes.slice(0, 4).map((c) => [...c.modelOk])).toEqual([
      [1, 1],
      [0, 0],
      [0, 1],
      [1, 0],
    ]);
  });

  it('gives a CPU pod no model list, whatever it names', () => {
    const s = small();
    expect(s.classOf(pod(0, 0, { models: ['M'] }), false).models).toBeNull();
  });

  it('numbers pools as the nodes name them: any, each pool, and one no node has', () => {
    const s = new ClusterState(
      cluster([
        { devices: 1, pool: 'a' },
        { devices: 1, pool: 'b' },
        { devices: 1, pool: 'c' },
      ]),
    );
    expect([null, 'a', 'b', 'c', 'zzz'].map((pool) => s.classOf(pod(1, 1000, { pool }), false).poolId)).toEqual([
      -1, 0, 1, 2, -2,
    ]);
    const nowhere = s.classOf(pod(1, 1000, { pool: 'zzz' }), false);
    expect([0, 1, 2].map((n) => s.feasible(n, nowhere))).toEqual([false, false, false]);
    const inA = s.classOf(pod(1, 1000, { pool: 'a' }), false);
    expect([0, 1, 2].map((n) => s.feasible(n, inA))).toEqual([true, false, false]);
    const any = s.classOf(pod(1), false);
    expect([0, 1, 2].map((n) => s.feasible(n, any))).toEqual([true, true, true]);
  });
});

describe('the filter', () => {
  it('takes a pod that fits CPU, memory and pod count exactly, and not one unit more', () => {
    const spec = cluster([{ devices: 2, cpuMilli: 4000, memoryMiB: 8192 }]);
    const s = new ClusterState({ ...spec, nodes: [{ ...spec.nodes[0]!, maxPods: 1 }] });
    const exact = s.classOf(pod(1, 1000, { cpuMilli: 4000, memoryMiB: 8192 }), false);
    expect(s.feasible(0, exact)).toBe(true);
    expect(s.feasible(0, s.classOf(pod(1, 1000, { cpuMilli: 4001, memoryMiB: 8192 }), false))).toBe(false);
    expect(s.feasible(0, s.classOf(pod(1, 1000, { cpuMilli: 4000, memoryMiB: 8193 }), false))).toBe(false);
    s.place(0, pod(0, 0, { cpuMilli: 0, memoryMiB: 0 }), s.classOf(pod(0, 0, { cpuMilli: 0, memoryMiB: 0 }), false), 0);
    expect(s.podsLeft[0]).toBe(0);
    expect(s.feasible(0, s.classOf(pod(1, 1000, { cpuMilli: 0, memoryMiB: 0 }), false))).toBe(false);
  });

  it('takes a CPU pod on a node whose devices are all busy or whose chips the Ascend rules would refuse', () => {
    const s = new ClusterState(
      cluster([
        { devices: 2, model: 'G2' },
        { devices: 8, model: 'ascend', rules: { kind: 'ascend', policy: 'chip8-node8-ra64-sp' } },
      ]),
    );
    const whole = s.classOf(pod(2, 1000, { cpuMilli: 0, memoryMiB: 0 }), false);
    s.place(0, pod(2), whole, 0b11);
    const cpu = s.classOf(pod(0, 0, { models: ['nothing'] }), false);
    expect([s.feasible(0, cpu), s.feasible(1, cpu)]).toEqual([true, true]);
    expect(s.feasible(0, whole)).toBe(false);
  });

  it('takes a share when one device has that much left, not when the milli are spread over several', () => {
    const s = new ClusterState(cluster([{ devices: 3 }]));
    const fill = (milli: number, device: number) => {
      const p = pod(1, milli, { cpuMilli: 0, memoryMiB: 0 });
      s.place(0, p, s.classOf(p, false), 1 << device);
    };
    fill(600, 0);
    fill(600, 1);
    fill(700, 2); // left: 400, 400, 300 = 1,100 milli on the node, at most 400 on one device
    const share = (milli: number) => s.feasible(0, s.classOf(pod(1, milli), false));
    expect([share(300), share(400), share(401), share(1000)]).toEqual([true, true, false, false]);
    expect(s.idle[0]).toBe(1100);
  });

  it('looks for a share on the devices of this node only', () => {
    const s = new ClusterState(cluster([{ devices: 2 }, { devices: 1 }]));
    const fill = (milli: number, device: number) => {
      const p = pod(1, milli, { cpuMilli: 0, memoryMiB: 0 });
      s.place(0, p, s.classOf(p, false), 1 << device);
    };
    fill(600, 0);
    fill(600, 1); // node 0: 800 milli left, 400 on each device; node 1's free device comes next in devLeft
    expect(s.feasible(0, s.classOf(pod(1, 500), false))).toBe(false);
    expect(s.feasible(0, s.classOf(pod(1, 400), false))).toBe(true);
    expect(s.feasible(1, s.classOf(pod(1, 500), false))).toBe(true);
  });

  it('asks the Ascend rules whether the free chips can hold the pod', () => {
    const s = new ClusterState(
      cluster([{ devices: 8, model: 'ascend', rules: { kind: 'ascend', policy: 'chip8-node8-ra64-sp' } }]),
    );
    expect(s.feasible(0, s.classOf(pod(8), true))).toBe(true);
    expect(s.feasible(0, s.classOf(pod(3), true))).toBe(false); // distributed jobs take the whole node here
  });
});

describe('default devices', () => {
  it('gives a share the device with the least left that fits, the lowest index on ties', () => {
    const s = new ClusterState(cluster([{ devices: 4 }]));
    const used = [300, 700, 700, 0];
    used.forEach((milli, d) => {
      if (milli === 0) return;
      const p = pod(1, milli, { cpuMilli: 0, memoryMiB: 0 });
      s.place(0, p, s.classOf(p, false), 1 << d);
    }); // left: 700, 300, 300, 1000
    const choose = (milli: number) => s.defaultDevices(0, s.classOf(pod(1, milli), false));
    expect([choose(300), choose(301), choose(700), choose(701), choose(1000)]).toEqual([
      0b0010, 0b0001, 0b0001, 0b1000, 0b1000,
    ]);
  });

  it('gives nothing when no device fits a share, and nothing to a CPU pod', () => {
    const s = new ClusterState(cluster([{ devices: 1 }]));
    const p = pod(1, 800, { cpuMilli: 0, memoryMiB: 0 });
    s.place(0, p, s.classOf(p, false), 1);
    expect(s.defaultDevices(0, s.classOf(pod(1, 300), false))).toBe(0);
    expect(s.defaultDevices(0, s.classOf(pod(0, 0), false))).toBe(0);
  });

  it('gives whole devices the lowest free indexes, or the chips the Ascend rules choose', () => {
    const s = new ClusterState(
      cluster([
        { devices: 4 },
        { devices: 8, model: 'ascend', rules: { kind: 'ascend', policy: 'chip8-node8-ra64-sp' } },
      ]),
    );
    const one = s.classOf(pod(1), false);
    s.place(0, pod(1), one, 0b0010);
    expect(s.defaultDevices(0, s.classOf(pod(2), false))).toBe(0b0101);
    expect(s.defaultDevices(1, s.classOf(pod(8), true))).toBe(0xff);
    expect(s.defaultDevices(1, s.classOf(pod(3), true))).toBe(0);
  });
});

describe('place and release', () => {
  it('books a whole-device pod on every counter, and its release gives each back', () => {
    const s = small();
    const p = pod(2, 1000, { cpuMilli: 1500, memoryMiB: 2048 });
    const cls = s.classOf(p, false);
    s.place(0, p, cls, 0b0101);
    expect([s.cpuLeft[0], s.memLeft[0], s.podsLeft[0]]).toEqual([96000 - 1500, 393216 - 2048, 1000]);
    expect([s.freeMask[0], s.freeCount[0], s.idle[0], s.allocatedMilli]).toEqual([0b1010, 2, 2000, 2000]);
    expect([...s.devLeft.slice(0, 4)]).toEqual([0, 1000, 0, 1000]);
    expect([...s.rackFree, ...s.rackIdle, ...s.superPodFree]).toEqual([4, 0, 3, 4000, 0, 3000, 4, 3]);
    expect([s.tagCounts[0 * TAG_COUNT + cls.tag], s.tagKinds[0]]).toEqual([1, 1]);
    expect([s.version[0], s.changeCount, s.changedNode(0)]).toEqual([1, 1, 0]);

    s.release(0, p, cls, 0b0101);
    const fresh = small();
    for (const key of ['cpuLeft', 'memLeft', 'podsLeft', 'freeMask', 'freeCount', 'idle', 'devLeft'] as const)
      expect([...s[key]], key).toEqual([...fresh[key]]);
    expect([...s.rackFree, ...s.rackIdle, ...s.superPodFree]).toEqual([6, 0, 3, 6000, 0, 3000, 6, 3]);
    expect([s.allocatedMilli, s.tagCounts[cls.tag], s.tagKinds[0], s.version[0], s.changeCount]).toEqual([
      0, 0, 0, 2, 2,
    ]);
  });

  it('frees a shared device only when its last share leaves, and keeps the tag while one pod holds it', () => {
    const s = new ClusterState(
      cluster([
        { devices: 2, rack: 0, superPod: 0 },
        { devices: 2, rack: 1, superPod: 0 },
      ]),
    );
    const p = pod(1, 400, { cpuMilli: 0, memoryMiB: 0 });
    const cls = s.classOf(p, false);
    s.place(1, p, cls, 0b01);
    s.place(1, p, cls, 0b01);
    expect([s.freeMask[1], s.freeCount[1], s.devLeft[2], s.rackFree[1], s.rackIdle[1], s.superPodFree[0]]).toEqual([
      0b10, 1, 200, 1, 1200, 3,
    ]);
    expect([s.tagCounts[1 * TAG_COUNT + 1], s.tagKinds[1], s.tagKinds[0]]).toEqual([2, 1, 0]);
    s.release(1, p, cls, 0b01);
    expect([s.freeMask[1], s.freeCount[1], s.rackFree[1], s.superPodFree[0], s.tagKinds[1]]).toEqual([
      0b10, 1, 1, 3, 1,
    ]);
    s.release(1, p, cls, 0b01);
    expect([s.freeMask[1], s.freeCount[1], s.rackFree[1], s.rackIdle[1], s.superPodFree[0], s.tagKinds[1]]).toEqual([
      0b11, 2, 2, 2000, 4, 0,
    ]);
  });

  it('counts a CPU pod on the node only: no devices, no tag, no rack change', () => {
    const s = small();
    const p = pod(0, 0, { cpuMilli: 500, memoryMiB: 100 });
    s.place(2, p, s.classOf(p, false), 0);
    expect([s.cpuLeft[2], s.memLeft[2], s.podsLeft[2], s.tagKinds[2], s.tagCounts[2 * TAG_COUNT]]).toEqual([
      95500, 393116, 1000, 0, 0,
    ]);
    expect([...s.rackFree]).toEqual([6, 0, 3]);
    s.release(2, p, s.classOf(p, false), 0);
    expect([s.cpuLeft[2], s.memLeft[2], s.podsLeft[2], s.version[2]]).toEqual([96000, 393216, 1001, 2]);
    expect([s.tagCounts[2 * TAG_COUNT], s.tagKinds[2]]).toEqual([0, 0]);
  });

  it('leaves a node without a rack or SuperPoD out of every rack and SuperPoD count', () => {
    const s = small();
    const p = pod(8);
    s.place(3, p, s.classOf(p, false), 0xff);
    expect([...s.rackFree, ...s.superPodFree]).toEqual([6, 0, 3, 6, 3]);
    s.release(3, p, s.classOf(p, false), 0xff);
    expect([...s.rackFree, ...s.superPodFree]).toEqual([6, 0, 3, 6, 3]);
  });
});

describe('racks by free devices', () => {
  const racks = (free: readonly number[]) =>
    new ClusterState(cluster(free.map((devices, rack) => ({ devices, rack, superPod: 0 }))));

  it('finds the rack with the fewest free devices that still has enough, the lowest index on ties', () => {
    const s = racks([4, 2, 8, 2, 0, 3]);
    const none = () => false;
    expect([0, 1, 2, 3, 4, 5, 8, 9].map((need) => s.fullestRackWith(need, none))).toEqual([4, 1, 1, 5, 0, 2, 2, -1]);
    expect(s.fullestRackWith(-3, none)).toBe(4);
    expect(s.fullestRackWith(2, (r) => r === 1)).toBe(3);
    expect(s.fullestRackWith(2, (r) => r !== 2)).toBe(2);
    expect(s.fullestRackWith(1, () => true)).toBe(-1);
  });

  it('moves a rack between buckets as its devices are taken and given back', () => {
    const s = racks([4, 2]);
    const p = pod(3);
    const cls = s.classOf(p, false);
    s.place(0, p, cls, 0b0111); // rack 0: 1 free
    expect([
      s.fullestRackWith(1, () => false),
      s.fullestRackWith(2, () => false),
      s.fullestRackWith(3, () => false),
    ]).toEqual([0, 1, -1]);
    s.release(0, p, cls, 0b0111);
    expect([s.fullestRackWith(1, () => false), s.fullestRackWith(3, () => false)]).toEqual([1, 0]);
  });

  it('keeps racks past the 32nd in their own words', () => {
    const free = Array.from({ length: 40 }, (_, r) => (r === 35 ? 1 : r === 37 ? 1 : 4));
    const s = racks(free);
    expect(s.fullestRackWith(1, () => false)).toBe(35);
    expect(s.fullestRackWith(1, (r) => r === 35)).toBe(37);
    expect(s.fullestRackWith(2, (r) => r < 33)).toBe(33);
    expect(s.fullestRackWith(5, () => false)).toBe(-1);
  });
});

describe('the change log', () => {
  it('records every change in order, past its first 1,024 entries', () => {
    const s = small();
    const p = pod(0, 0, { cpuMilli: 0, memoryMiB: 0 });
    const cls = s.classOf(p, false);
    for (let i = 0; i < 1500; i++) s.place(i % 5, p, cls, 0);
    expect(s.changeCount).toBe(1500);
    expect([0, 1023, 1024, 1499].map((e) => s.changedNode(e))).toEqual([0, 3, 4, 4]);
    expect([...s.version]).toEqual([300, 300, 300, 300, 300]);
  });
});
