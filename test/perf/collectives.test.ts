import { describe, expect, it } from 'vitest';
import { allGatherS, allReduceS, allToAllS, CALIBRATIONS, type Fabric, sendS, spanOf } from '../../src/perf/index.ts';

const cal = CALIBRATIONS.hopper;
const fabric: Fabric = [
  { name: 'nvlink', kind: 'nvlink', maxNpus: 8, bandwidthBps: 450e9, latencyS: 1e-6, source: 't', confidence: 't' },
  {
    name: 'scale-out',
    kind: 'roce',
    maxNpus: Number.POSITIVE_INFINITY,
    bandwidthBps: 50e9,
    latencyS: 4e-6,
    source: 't',
    confidence: 't',
  },
];
const step = 1e-6 + cal.collectives.softwareLatencyPerStepS;
const bw = (b: number) => b * cal.collectives.busEfficiency;

describe('collectives: latency + size / bandwidth over the level the group spans', () => {
  it('ring all-reduce inside a node', () => {
    const bytes = 64e6;
    const expected = cal.collectives.launchS + 2 * 3 * step + (2 * 7 * bytes) / (8 * bw(450e9));
    expect(allReduceS(bytes, spanOf(fabric, 8), cal)).toBeCloseTo(expected, 12);
  });

  it('small all-reduces are latency-bound, so TP decode is not purely bandwidth-bound', () => {
    const t = allReduceS(32 * 8192 * 2, spanOf(fabric, 8), cal);
    const bandwidthPart = (2 * 7 * 32 * 8192 * 2) / (8 * bw(450e9));
    expect(t).toBeGreaterThan(5 * bandwidthPart);
  });

  it('hierarchical all-reduce across nodes moves 1/8 of the data over the slower links', () => {
    const bytes = 64e6;
    const inside = (2 * 7 * bytes) / (8 * bw(450e9));
    const across = (2 * 3 * (bytes / 8)) / (4 * bw(50e9));
    const expected =
      cal.collectives.launchS + 2 * 5 * (4e-6 + cal.collectives.softwareLatencyPerStepS) + inside + across;
    expect(allReduceS(bytes, spanOf(fabric, 32), cal)).toBeCloseTo(expected, 12);
  });

  it('all-gather costs half an all-reduce plus half a launch', () => {
    const span = spanOf(fabric, 8);
    expect(allGatherS(1e6, span, cal)).toBeCloseTo(allReduceS(1e6, span, cal) / 2 + cal.collectives.launchS / 2, 15);
  });

  it('all-to-all across nodes is bound by what crosses them', () => {
    const bytes = 10e6;
    const span = spanOf(fabric, 32);
    const latency = cal.collectives.launchS + 4e-6 + cal.collectives.softwareLatencyPerStepS + 31 * 0.15e-6;
    expect(allToAllS(bytes, span, cal)).toBeCloseTo(latency + ((24 / 32) * bytes) / bw(50e9), 12);
    // Sending each token once per remote node (DeepEP normal kernels) moves less across.
    expect(allToAllS(bytes, span, cal, bytes * 0.3)).toBeLessThan(allToAllS(bytes, span, cal));
  });

  it('groups of one cost nothing; a send is latency plus bytes over bandwidth', () => {
    expect(allReduceS(1e9, spanOf(fabric, 1), cal)).toBe(0);
    expect(allToAllS(1e9, spanOf(fabric, 1), cal)).toBe(0);
    expect(sendS(1e9, spanOf(fabric, 16), cal)).toBeCloseTo(cal.collectives.launchS + 4e-6 + 1e9 / bw(50e9), 12);
  });
});

describe('fabric from the Inventory', () => {
  it('takes the UB levels of a SuperPoD, innermost first, and its uplink as the outermost level', async () => {
    const { fabricFromInventory } = await import('../../src/perf/index.ts');
    const level = (name: 'X' | 'Y' | 'Z', scope: 'node' | 'rack' | 'superpod', maxNpus: number, bw: number) => ({
      name,
      scope,
      maxNpus,
      kind: 'unified-bus' as const,
      bandwidthPerNpuBps: bw,
      latencyS: 1e-6,
      source: 's',
      confidence: 'reported',
    });
    const f = fabricFromInventory({
      name: 'ub',
      kind: 'unified-bus',
      levels: [level('Z', 'superpod', 8192, 0.5e12), level('X', 'node', 8, 1e12), level('Y', 'rack', 64, 1e12)],
      uplink: { kind: 'uboe', bandwidthPerNpuBps: 50e9, latencyS: 2.1e-6, source: 's', confidence: 'reported' },
    });
    expect(f.map((l) => l.name)).toEqual(['X', 'Y', 'Z', 'uboe']);
    expect(spanOf(f, 64).level.name).toBe('Y');
    expect(spanOf(f, 65).level.name).toBe('Z');
    expect(spanOf(f, 65).inner?.name).toBe('Y');
    expect(spanOf(f, 10000).level.bandwidthBps).toBe(50e9);
  });
});
