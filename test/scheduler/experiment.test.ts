import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runFgdExperiment, tunedArrivals } from '../../src/scheduler/experiment.ts';
import { PercentBins, pyRound } from '../../src/scheduler/metrics.ts';
import { loadOpenbNodes, loadOpenbPods } from '../../src/scheduler/openb.ts';
import { PLACEMENT_POLICY_NAMES } from '../../src/scheduler/placement/index.ts';
import { RandomStream, SeededRandom } from '../../src/scheduler/rng.ts';
import { Simulation } from '../../src/scheduler/simulation.ts';

const fixtures = path.join(import.meta.dirname, 'fixtures');
const cluster = loadOpenbNodes(path.join(fixtures, 'nodes.csv'));
const workload = loadOpenbPods(path.join(fixtures, 'pods.csv'));

describe('FGD experiment', () => {
  it('draws clones until the arrived demand would pass the target', () => {
    const sim = new Simulation(cluster, workload, { policy: 'fgd', seed: 1 });
    const arrivals = tunedArrivals(sim, new SeededRandom(1, RandomStream.workload), 2);
    const demand = arrivals.reduce((s, u) => s + sim.demandOf(u), 0);
    const target = 2 * sim.state.capacityMilli;
    expect(arrivals.length).toBeGreaterThan(workload.pods.length);
    expect(demand).toBeLessThanOrEqual(target + 7000);
    expect(demand).toBeGreaterThan(target - 8000);
    expect([...arrivals.slice(0, workload.pods.length)].sort((a, b) => a - b)).toEqual(workload.pods.map((_, i) => i));
  });

  it('drops random units while the demand is above the target', () => {
    const sim = new Simulation(cluster, workload, { policy: 'fgd', seed: 1 });
    const arrivals = tunedArrivals(sim, new SeededRandom(1, RandomStream.workload), 0.5);
    const demand = arrivals.reduce((s, u) => s + sim.demandOf(u), 0);
    expect(demand).toBeLessThanOrEqual(0.5 * sim.state.capacityMilli);
    expect(arrivals.length).toBeLessThan(workload.pods.length);
  });

  it('is a pure function of the seed, and every policy sees the same arrivals', () => {
    const a = runFgdExperiment(cluster, workload, { policy: 'superpod', seed: 5 });
    expect(runFgdExperiment(cluster, workload, { policy: 'superpod', seed: 5 })).toEqual(a);
    for (const policy of PLACEMENT_POLICY_NAMES) {
      const r = runFgdExperiment(cluster, workload, { policy, seed: 5 });
      expect(r.arrivedPods, policy).toBe(a.arrivedPods);
      expect(r.placedPods + r.failedPods).toBe(r.arrivedPods);
    }
  });

  it('reports allocation, fragmentation and failures at every percent of arrived demand', () => {
    const r = runFgdExperiment(cluster, workload, { policy: 'fgd', seed: 3, untilDemandPercent: 130 });
    expect(Object.keys(r.allocationRatio)).toEqual(Array.from({ length: 131 }, (_, i) => String(i)));
    for (const [k, v] of Object.entries(r.allocationRatio)) {
      expect(v).toBeGreaterThanOrEqual(0);
      // Bin k holds events below k + 0.5 % arrived; an empty bin borrows from k + 1.
      expect(v).toBeLessThanOrEqual(Math.min(1, (Number(k) + 1.5) / 100));
    }
    expect(r.allocationRatio['50']).toBeGreaterThan(0.45);
    expect(r.allocationRatio['130']).toBeLessThan(1);
    expect(r.failedPods).toBeGreaterThan(0);
    expect(r.fragmentationRatio['130']).toBeGreaterThan(r.fragmentationRatio['10']!);
    expect(r.totalDevices).toBe(60);
    expect(r.topology.podsInOneX).toBe(1);
  });

  it('allocates more with best-fit than with random on a crowded cluster', () => {
    const mean = (policy: 'random' | 'best-fit') =>
      [1, 2, 3, 4].reduce(
        (s, seed) => s + runFgdExperiment(cluster, workload, { policy, seed }).allocationRatio['130']!,
        0,
      );
    expect(mean('best-fit')).toBeGreaterThan(mean('random'));
  });
});

describe('metric helpers', () => {
  it('rounds like Python: half to even for whole numbers', () => {
    expect([pyRound(0.5), pyRound(1.5), pyRound(2.5), pyRound(2.4999), pyRound(64.5)]).toEqual([0, 2, 2, 2, 64]);
    expect(pyRound(93.076, 2)).toBe(93.08);
  });

  it('averages the neighbour bins when a bin is empty, and carries the last bin over wider gaps', () => {
    const bins = new PercentBins(10, 1);
    bins.add(2, [20]);
    bins.add(4, [40]);
    bins.add(4, [44]);
    expect(bins.column(0, 4)).toBe(42);
    expect(bins.column(0, 3)).toBe((20 + 40 + 44) / 3);
    expect(bins.column(0, 9)).toBe(42);
    expect(bins.column(0, 0)).toBeNull();
  });
});
