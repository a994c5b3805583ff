import { describe, expect, it } from 'vitest';
import { FragModel, FragTracker, type TypicalPod, typicalPods } from '../../src/scheduler/frag.ts';
import { ClusterState } from '../../src/scheduler/state.ts';
import { cluster, pod, stateWith } from './helpers.ts';

const cls = (o: Partial<TypicalPod>): TypicalPod => ({
  cpuMilli: 0,
  milli: 0,
  devices: 0,
  models: null,
  weight: 1,
  count: 1,
  ...o,
});

/** F of one node of the given model (of `models`), with `cpuLeft` and the milli left per device. */
const nodeFrag = (typical: TypicalPod[], lefts: number[], model = 'T4', models = ['T4', 'P100'], cpuLeft = 64_000) =>
  new FragModel(typical, models).nodeFrag(cpuLeft, Int32Array.from(lefts), 0, lefts.length, models.indexOf(model));

describe('typical pod classes', () => {
  it('keys a pod without devices by CPU alone: no share and no model list', () => {
    const cpuOnly = { ...pod(0), cpuMilli: 2000, milli: 700, models: ['T4'] };
    expect(typicalPods([cpuOnly], 1)).toEqual([
      { cpuMilli: 2000, devices: 0, milli: 0, models: null, weight: 1, count: 1 },
    ]);
  });

  it('keeps the model list of a device pod, and no list when it takes any model', () => {
    const listed = { ...pod(1, 500), models: ['T4', 'V100'] };
    expect(typicalPods([listed], 1).map((t) => t.models)).toEqual([['T4', 'V100']]);
    expect(typicalPods([pod(1, 500)], 1).map((t) => t.models)).toEqual([null]);
  });

  it('breaks count ties by CPU, then share, then device count, then model list, each larger first', () => {
    const pods = [
      { ...pod(1, 300), cpuMilli: 1000 },
      { ...pod(1, 600), cpuMilli: 1000 },
      { ...pod(2, 600), cpuMilli: 1000 },
      { ...pod(2, 600), cpuMilli: 1000, models: ['2080'] },
      { ...pod(2, 600), cpuMilli: 1000, models: ['T4'] },
      { ...pod(1, 100), cpuMilli: 4000 },
    ];
    expect(typicalPods(pods, 1).map((t) => `${t.cpuMilli}/${t.milli}/${t.devices}/${t.models ?? '*'}`)).toEqual([
      '4000/100/1/*',
      '1000/600/2/T4',
      '1000/600/2/2080',
      '1000/600/2/*',
      '1000/600/1/*',
      '1000/300/1/*',
    ]);
  });
});

describe('F(n) by hand', () => {
  it('counts a class that asks for no device, or for devices but no share, as all idle capacity', () => {
    expect(nodeFrag([cls({ devices: 0, milli: 500 })], [1000, 400])).toBe(1400);
    expect(nodeFrag([cls({ devices: 1, milli: 0 })], [1000, 400])).toBe(1400);
    // Counted once, even when the node has fewer devices than the class asks for.
    expect(nodeFrag([cls({ devices: 4, milli: 0 })], [1000, 400])).toBe(1400);
  });

  it('counts all idle capacity for a class that may not use the node model', () => {
    const t4Only = cls({ devices: 1, milli: 500, models: ['T4'], weight: 0.5 });
    expect(nodeFrag([t4Only], [1000, 400], 'P100')).toBe(700);
    expect(nodeFrag([t4Only], [1000, 400], 'T4')).toBe(200);
  });

  it('counts the devices below the share when the class fits, and all idle capacity when it does not', () => {
    // 1 x 500: device 0 fits, device 1 (400 left) is below the share: F = 400.
    expect(nodeFrag([cls({ devices: 1, milli: 500 })], [1000, 400])).toBe(400);
    // 2 x 500: only one device has 500 left, so the class cannot run: F = all 1400 idle.
    expect(nodeFrag([cls({ devices: 2, milli: 500 })], [1000, 400])).toBe(1400);
    // Weighted sum of the two: 0.25 x 400 + 0.75 x 1400.
    expect(
      nodeFrag(
        [cls({ devices: 1, milli: 500, weight: 0.25 }), cls({ devices: 2, milli: 500, weight: 0.75 })],
        [1000, 400],
      ),
    ).toBe(1150);
  });

  it('counts all idle capacity for a class that needs more CPU than the node has left', () => {
    expect(nodeFrag([cls({ devices: 1, milli: 500, cpuMilli: 8000 })], [1000, 400], 'T4', ['T4'], 4000)).toBe(1400);
  });
});

describe('FragTracker', () => {
  // One class: 1 device x 600 milli. A device with 500 left cannot take it, so its node's F is its idle 500.
  const typical = [cls({ devices: 1, milli: 600 })];
  const twoNodes = cluster([{ devices: 1 }, { devices: 1 }]);

  it('sums F over nodes that were already in use when it started', () => {
    const tracker = new FragTracker(stateWith(twoNodes, [[0, 0, 500]]), typical);
    expect(tracker.total()).toBe(500);
    expect([tracker.nodeFrag(0), tracker.nodeFrag(1)]).toEqual([500, 0]);
  });

  it('follows placements and releases after it started', () => {
    const state = new ClusterState(twoNodes);
    const tracker = new FragTracker(state, typical);
    expect(tracker.total()).toBe(0);
    const half = pod(1, 500, { cpuMilli: 0, memoryMiB: 0 });
    const cls0 = state.classOf(half, false);
    state.place(0, half, cls0, 1);
    state.place(1, half, cls0, 1);
    expect(tracker.total()).toBe(1000);
    state.release(0, half, cls0, 1);
    expect(tracker.total()).toBe(500);
    expect(tracker.nodeFrag(0)).toBe(0);
    expect(tracker.nodeFrag(1)).toBe(500);
    expect(tracker.total()).toBe(500);
  });
});
