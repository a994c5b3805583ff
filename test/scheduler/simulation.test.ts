import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FeasibilityOracle, gangUnit, type Placement, Simulation } from '../../src/scheduler/simulation.ts';
import type { ClusterState } from '../../src/scheduler/state.ts';
import { cluster, npuCluster, pod, workload } from './helpers.ts';

/** Recomputes every derived counter of the state from the device array. */
function checkInvariants(state: ClusterState): void {
  let allocated = 0;
  const rackFree = new Int32Array(state.rackFree.length);
  for (let node = 0; node < state.nodeCount; node++) {
    let idle = 0;
    let free = 0;
    let mask = 0;
    for (let i = 0; i < state.devCount[node]!; i++) {
      const left = state.devLeft[state.devStart[node]! + i]!;
      expect(left).toBeGreaterThanOrEqual(0);
      expect(left).toBeLessThanOrEqual(1000);
      idle += left;
      if (left === 1000) {
        free++;
        mask |= 1 << i;
      }
    }
    expect(state.idle[node]).toBe(idle);
    expect(state.freeCount[node]).toBe(free);
    expect(state.freeMask[node]).toBe(mask);
    allocated += state.devCount[node]! * 1000 - idle;
    if (state.rackOf[node]! >= 0) rackFree[state.rackOf[node]!]! += free;
  }
  expect(state.allocatedMilli).toBe(allocated);
  expect([...state.rackFree]).toEqual([...rackFree]);
}

describe('cluster state', () => {
  it('keeps its counters consistent through any sequence of placements and releases', () => {
    const spec = npuCluster(1, 2, 2);
    const shapes = [pod(1), pod(2), pod(4), pod(8), pod(1, 250), pod(1, 500), pod(1, 810)];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: shapes.length - 1 }), fc.boolean()), { maxLength: 60 }),
        (steps) => {
          const sim = new Simulation(spec, workload(shapes), { policy: 'superpod', seed: 7 });
          const live: [number, Placement][] = [];
          for (const [shape, leave] of steps) {
            if (leave && live.length > 0) {
              const [p, placement] = live.shift()!;
              sim.releasePod(p, placement);
            } else {
              const placement = sim.placePod(shape);
              if (placement) live.push([shape, placement]);
            }
            checkInvariants(sim.state);
          }
          for (const [p, placement] of live) sim.releasePod(p, placement);
          checkInvariants(sim.state);
          expect(sim.state.allocatedMilli).toBe(0);
          expect([...sim.state.freeCount]).toEqual([...sim.state.devCount]);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('fails when a pod is too large for every node and reports it as impossible', () => {
    const spec = cluster([{ devices: 4 }, { devices: 8 }]);
    const wl = workload([pod(16), pod(1, 1000, { models: ['H100'] }), pod(1, 1000, { pool: 'nowhere' }), pod(8)]);
    const sim = new Simulation(spec, wl, { policy: 'best-fit', seed: 1 });
    const oracle = new FeasibilityOracle(spec, wl);
    for (const p of [0, 1, 2]) {
      expect(sim.placePod(p)).toBeNull();
      expect(oracle.possible(p)).toBe(false);
    }
    expect(oracle.possible(3)).toBe(true);
  });

  it('respects memory, CPU and the GPU model of the pod', () => {
    const spec = cluster([
      { devices: 8, cpuMilli: 4000, model: 'G2' },
      { devices: 8, memoryMiB: 1000, model: 'G2' },
      { devices: 8, model: 'T4' },
      { devices: 8, model: 'G2' },
    ]);
    const wl = workload([pod(1, 1000, { cpuMilli: 8000, memoryMiB: 2000, models: ['G2'] })]);
    expect(new Simulation(spec, wl, { policy: 'first-fit', seed: 1 }).placePod(0)?.node).toBe(3);
  });
});

describe('gangs', () => {
  it('places every pod of a gang or none', () => {
    const spec = cluster([{ devices: 8 }, { devices: 8 }]);
    const sim = new Simulation(spec, workload([], [{ template: pod(8), pods: 3 }]), { policy: 'fgd', seed: 1 });
    expect(sim.placeGang(0)).toBeNull();
    expect(sim.state.allocatedMilli).toBe(0);
    checkInvariants(sim.state);
  });

  it('puts each ra-block in one rack, skipping racks that no longer have room', () => {
    const spec = npuCluster(1, 4, 4);
    const wl = workload([pod(8)], [{ template: pod(8), pods: 8, rackBlock: 4 }]);
    const sim = new Simulation(spec, wl, { policy: 'best-fit', seed: 1 });
    expect(sim.placePod(0)?.node).toBe(0);
    const placements = sim.placeGang(0)!;
    const racks = placements.map((p) => sim.state.rackOf[p.node]);
    expect(racks.slice(0, 4).every((r) => r === racks[0])).toBe(true);
    expect(racks.slice(4).every((r) => r === racks[4])).toBe(true);
    expect(new Set(racks).size).toBe(2);
    expect(racks).not.toContain(0);
  });

  it('puts each sp-block in one SuperPoD with its rack blocks inside', () => {
    const spec = npuCluster(2, 2, 2);
    const wl = workload([], [{ template: pod(8), pods: 8, rackBlock: 2, superPodBlock: 4 }]);
    const sim = new Simulation(spec, wl, { policy: 'fgd', seed: 1 });
    const placements = sim.placeUnit(gangUnit(0))!;
    const superPods = placements.map((p) => sim.state.superPodOf[p.node]);
    expect(new Set(superPods.slice(0, 4)).size).toBe(1);
    expect(new Set(superPods.slice(4)).size).toBe(1);
    expect(superPods[0]).not.toBe(superPods[4]);
    expect(sim.placeGang(0)).toBeNull();
  });

  it('fails when a rack block is larger than any rack, and the oracle says so', () => {
    const spec = npuCluster(1, 2, 2);
    const wl = workload([], [{ template: pod(8), pods: 3, rackBlock: 3 }]);
    expect(new Simulation(spec, wl, { policy: 'superpod', seed: 1 }).placeGang(0)).toBeNull();
    expect(new FeasibilityOracle(spec, wl).possible(gangUnit(0))).toBe(false);
  });
});
