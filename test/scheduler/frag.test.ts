import { describe, expect, it } from 'vitest';
import { FragModel, type TypicalPod, typicalPods } from '../../src/scheduler/frag.ts';
import type { SimPod } from '../../src/scheduler/types.ts';

/** [cpu milli, gpu milli, gpus, model ('' = any), percent]: the typical lists of the FGD simulator's frag_test.go. */
type Row = [number, number, number, string, number];

const SHARE_HEAVY: Row[] = [
  [6000, 465, 1, '', 9.33],
  [8000, 440, 1, '2080', 9.15],
  [8000, 475, 1, 'T4', 8.76],
  [8000, 440, 1, 'P100', 8.72],
  [2000, 465, 1, '', 8.68],
  [12000, 900, 1, '', 8.65],
  [4000, 900, 1, '', 8.43],
  [16000, 678, 1, 'T4', 8.36],
  [8000, 500, 1, '', 8.29],
  [6000, 511, 1, '', 8.11],
  [14000, 1000, 2, '2080', 0.54],
  [4000, 1000, 1, '2080', 0.43],
  [32000, 1000, 2, 'T4', 0.43],
  [16000, 1000, 1, 'V100M16', 0.4],
  [64000, 1000, 2, '', 0.4],
  [10000, 1000, 2, '', 0.4],
  [11400, 1000, 1, 'T4', 0.36],
  [16000, 1000, 1, 'T4', 0.36],
  [4000, 1000, 2, '', 0.36],
  [14000, 1000, 2, 'V100M16', 0.36],
  [8000, 1000, 4, '', 0.36],
  [16000, 1000, 2, '', 0.32],
  [2000, 1000, 1, 'T4', 0.32],
  [6000, 1000, 1, '', 0.32],
  [4000, 1000, 1, '', 0.32],
  [5000, 1000, 1, '', 0.32],
  [32000, 1000, 4, 'V100M16', 0.32],
  [32000, 1000, 2, '', 0.32],
  [24000, 1000, 8, '2080', 0.32],
  [40000, 1000, 4, '', 0.29],
  [32000, 1000, 8, '', 0.29],
  [32000, 1000, 1, 'T4', 0.29],
  [16000, 1000, 1, '', 0.25],
  [7000, 1000, 1, 'V100M16', 0.25],
  [24000, 1000, 1, 'T4', 0.25],
];

const WITH_CPU_ONLY: Row[] = [
  [15700, 1000, 1, '', 28.69],
  [11900, 1000, 1, '', 18.93],
  [11400, 1000, 1, '', 12.27],
  [1000, 0, 0, '', 7.36],
  [18710, 1000, 1, '', 4.85],
  [8200, 1000, 1, '', 3.79],
  [16400, 1000, 1, '', 3.31],
  [9810, 1000, 1, '', 1.97],
  [15200, 1000, 1, '', 1.87],
  [11200, 1000, 1, '', 1.81],
  [14200, 1000, 1, '', 1.76],
  [12000, 0, 0, '', 1.65],
  [14900, 1000, 1, '', 1.39],
  [60200, 1000, 4, '', 1.23],
  [64200, 1000, 8, '', 1.07],
  [32200, 1000, 4, '', 1.01],
  [17400, 1000, 2, '', 0.91],
  [30200, 1000, 2, '', 0.69],
  [16000, 1000, 1, '', 0.64],
  [15000, 1000, 1, '', 0.59],
  [64000, 1000, 8, '', 0.53],
  [15000, 0, 0, '', 0.53],
  [11910, 1000, 1, '', 0.53],
  [120200, 1000, 8, '', 0.48],
  [11300, 1000, 1, '', 0.37],
  [30000, 1000, 2, '', 0.32],
  [9800, 1000, 1, '', 0.32],
  [8000, 1000, 1, '', 0.32],
  [2000, 1000, 1, '', 0.27],
  [2000, 80, 1, '', 0.27],
  [1000, 1000, 1, '', 0.27],
];

const typical = (rows: Row[]): TypicalPod[] =>
  rows.map(([cpuMilli, milli, devices, model, percent]) => ({
    cpuMilli,
    milli,
    devices,
    models: model === '' ? null : [model],
    weight: percent / 100,
    count: 1,
  }));

function frag(rows: Row[], model: string, cpuLeft: number, lefts: number[]): number {
  const m = new FragModel(typical(rows), [model]);
  return m.nodeFrag(cpuLeft, Int32Array.from(lefts), 0, lefts.length, 0);
}

describe('fragmentation F(n) (test vectors of the FGD simulator, pkg/utils/frag_test.go)', () => {
  it('matches NodeGpuShareFragAmountScore on a used, lacking-CPU 4-GPU node: 2566.62', () => {
    expect(frag(SHARE_HEAVY, '1080', 1000, [200, 1000, 1000, 500])).toBeCloseTo(2566.62, 2);
  });

  it('matches the full 4-GPU and 8-GPU nodes: 3802.40 and 7604.80', () => {
    expect(frag(SHARE_HEAVY, '1080', 1000, [1000, 1000, 1000, 1000])).toBeCloseTo(3802.4, 2);
    expect(frag(SHARE_HEAVY, '1080', 1000, Array(8).fill(1000))).toBeCloseTo(7604.8, 2);
  });

  it('counts only the Q4 (lack CPU) class of a one-class list: 251.91', () => {
    expect(frag([SHARE_HEAVY[0]!], '1080', 1000, [200, 1000, 1000, 500])).toBeCloseTo(251.91, 2);
  });

  it('counts all idle GPU of CPU-only classes as fragment: empty 8xP100 887.20, halved 554.4', () => {
    expect(frag(WITH_CPU_ONLY, 'P100', 64000, Array(8).fill(1000))).toBeCloseTo(887.2, 2);
    expect(frag(WITH_CPU_ONLY, 'P100', 32000, [1000, 1000, 1000, 1000, 0, 0, 0, 0])).toBeCloseTo(554.4, 2);
  });

  it('is all idle capacity on a node without CPU left', () => {
    const idle = 4000;
    const total = WITH_CPU_ONLY.reduce((s, r) => s + r[4], 0) / 100;
    expect(frag(WITH_CPU_ONLY, 'P100', 0, [1000, 1000, 1000, 1000, 0, 0, 0, 0])).toBeCloseTo(idle * total, 6);
  });

  it('is zero on a node with no idle device', () => {
    expect(frag(WITH_CPU_ONLY, 'P100', 64000, [0, 0, 0, 0])).toBe(0);
  });
});

const pod = (cpuMilli: number, devices: number, milli: number, memoryMiB = 1024): SimPod => ({
  name: 'p',
  cpuMilli,
  memoryMiB,
  devices,
  milli,
  models: null,
  pool: null,
  priority: 0,
  arrival: 0,
  duration: Number.POSITIVE_INFINITY,
  gang: -1,
});

describe('typical pod set (GetTypicalPods)', () => {
  it('keeps the most frequent classes until 95 % of pods and renormalises', () => {
    const pods = [
      ...Array(60).fill(pod(4000, 1, 500)),
      ...Array(30).fill(pod(8000, 1, 1000)),
      ...Array(6).fill(pod(16000, 0, 0)),
      ...Array(4).fill(pod(2000, 8, 1000)),
    ];
    const set = typicalPods(pods);
    expect(set.map((t) => [t.cpuMilli, t.devices, t.milli, t.count])).toEqual([
      [4000, 1, 500, 60],
      [8000, 1, 1000, 30],
      [16000, 0, 0, 6],
    ]);
    expect(set.reduce((s, t) => s + t.weight, 0)).toBeCloseTo(1, 12);
    expect(set[0]!.weight).toBeCloseTo(60 / 96, 12);
  });

  it('ignores memory in the class key and breaks count ties towards the larger key', () => {
    const pods = [pod(4000, 1, 500, 10), pod(4000, 1, 500, 20), pod(8000, 1, 500), pod(8000, 1, 500, 99)];
    const set = typicalPods(pods, 0.5);
    expect(set).toHaveLength(1);
    expect(set[0]!.cpuMilli).toBe(8000);
    expect(set[0]!.count).toBe(2);
  });
});
