import { describe, expect, it } from 'vitest';
import { runEventLoop } from '../../src/scheduler/event-loop.ts';
import { syntheticWorkload } from '../../src/scheduler/synthetic.ts';
import { cluster, npuCluster, pod, workload } from './helpers.ts';

const oneNode = cluster([{ devices: 8 }]);

describe('event loop', () => {
  it('makes a pod wait until a departure frees its devices', () => {
    const wl = workload([
      pod(8, 1000, { name: 'first', arrival: 0, duration: 100 }),
      pod(8, 1000, { name: 'second', arrival: 10, duration: 100 }),
    ]);
    const r = runEventLoop(oneNode, wl, { policy: 'best-fit', seed: 1 });
    expect(r.placedPods).toBe(2);
    expect(r.waits.pods).toMatchObject({ count: 2, maxS: 90, meanS: 45 });
    expect(r.allocation.peak).toBe(1);
    expect(r.allocation.final).toBe(0);
    expect(r.spanS).toBe(10);
    expect(r.allocation.timeAverage).toBe(1);
  });

  it('measures the gang wait of a gang that needs nodes still in use', () => {
    const spec = cluster([{ devices: 8 }, { devices: 8 }]);
    const wl = workload(
      [pod(1, 1000, { arrival: 0, duration: 50 })],
      [{ template: pod(8, 1000, { arrival: 5, duration: 10 }), pods: 2 }],
    );
    const r = runEventLoop(spec, wl, { policy: 'fgd', seed: 1 });
    expect(r.waits.gangs).toMatchObject({ count: 1, meanS: 45 });
    expect(r.topology.gangs).toBe(1);
  });

  it('serves higher priority first when devices free up', () => {
    const wl = workload([
      pod(8, 1000, { name: 'running', arrival: 0, duration: 100 }),
      pod(8, 1000, { name: 'batch', arrival: 1, duration: 100, priority: 0 }),
      pod(8, 1000, { name: 'serving', arrival: 2, duration: 100, priority: 1 }),
    ]);
    const r = runEventLoop(oneNode, wl, { policy: 'first-fit', seed: 1 });
    // serving waits 98 s, batch waits until serving leaves at 200 s: 199 s.
    expect(r.waits.pods).toMatchObject({ count: 3, maxS: 199 });
    expect(r.waits.pods?.meanS).toBeCloseTo((0 + 98 + 199) / 3, 6);
  });

  it('reports a pod that can never fit as failed instead of queueing it, and counts pods left waiting', () => {
    const wl = workload([pod(16, 1000, { arrival: 0 }), pod(8, 1000, { arrival: 1 }), pod(8, 1000, { arrival: 2 })]);
    const r = runEventLoop(oneNode, wl, { policy: 'superpod', seed: 1 });
    expect(r.failedPods).toBe(1);
    expect(r.failedByKind).toEqual({ '16-device': 1 });
    expect(r.placedPods).toBe(1);
    expect(r.pendingPods).toBe(1);
  });

  it('runs a synthetic NPU workload with gangs to the end, every rack block in one rack', () => {
    const spec = npuCluster(2, 4);
    const wl = syntheticWorkload({ seed: 3, pods: 1500, capacityDevices: 512, load: 0.8 });
    const r = runEventLoop(spec, wl, { policy: 'superpod', seed: 3 });
    expect(r.placedPods + r.failedPods).toBe(wl.pods.length);
    expect(r.pendingPods).toBe(0);
    expect(r.topology.gangsInOneRack).toBe(1);
    expect(r.allocation.timeAverage).toBeGreaterThan(0.4);
    expect(r.allocation.timeAverage).toBeLessThan(0.95);
    expect(r.rackUse).toHaveLength(8);
    expect(r.allocationOverTime.length).toBeGreaterThan(50);
  });
});
