import { describe, expect, it } from 'vitest';
import { rackFigures, siteFigures, supplyBars } from '../../src/report/index.ts';
import { dtNode, rack, slice } from './fixtures.ts';

const decode = (count: number, overrides = {}) =>
  rackFigures(
    rack('decode-0', 0),
    Array.from({ length: count }, (_, n) => dtNode('decode-0', n, n === 0 ? overrides : {})),
    'rack-0',
  );

describe('rack figures', () => {
  it('adds the nameplate load of a full 950DT rack and holds it against both busbar sides and one alone', () => {
    const r = decode(8);
    expect(r.itLoadW).toBe(70_400);
    expect(r.npus).toBe(64);
    expect(r.normalLimitW).toBe(192_000);
    expect(r.normalUtilisation).toBeCloseTo(70.4 / 192, 6);
    expect(r.survivingLimitW).toBe(96_000);
    expect(r.survivingUtilisation).toBeCloseTo(70.4 / 96, 6);
    expect(r.redundancy).toBe('ok');
    expect(r.liquidHeatW).toBeCloseTo(56_320, 6);
    expect(r.airHeatW).toBeCloseTo(14_080, 6);
    expect(r.weightKg).toBe(640);
    expect([r.usedU, r.usableU]).toEqual([32, 40]);
    expect(r.supplies.map((s) => [s.label, s.loadW, s.limitW, s.failover])).toEqual([
      ['busbar A', 35_200, 96_000, false],
      ['busbar B', 35_200, 96_000, false],
      ['A alone, B failed', 70_400, 96_000, true],
    ]);
  });

  it('lists nodes lowest U first whatever their order in the inventory', () => {
    const nodes = [dtNode('decode-0', 2), dtNode('decode-0', 0), dtNode('decode-0', 1)];
    expect(rackFigures(rack('decode-0', 0), nodes, 'a').nodes.map((n) => n.uPosition)).toEqual([9, 13, 17]);
  });

  it('fails the redundancy when one busbar side cannot carry the rack alone', () => {
    // 11 x 8.8 kW = 96.8 kW: within the two sides' 192 kW, over one side's 96 kW.
    const r = decode(11);
    expect(r.normalUtilisation).toBeCloseTo(96.8 / 192, 6);
    expect(r.redundancy).toBe('fails');
    expect(r.supplies[2]!.utilisation).toBeCloseTo(96.8 / 96, 6);
  });

  it('fails when a node power input is unknown: the load leaves it out and the redundancy is not decided', () => {
    const r = decode(8, { acceleratorTdpW: null });
    expect(r.unknownPowerNodes).toBe(1);
    expect(r.itLoadW).toBe(7 * 8_800);
    expect(r.redundancy).toBe('unknown');
  });

  it('shares the load over N+1 power shelves, and over one fewer after a failure', () => {
    const shelves = rack('s', 0, {
      power: {
        kind: 'busbar',
        voltageV: 800,
        currentA: 150,
        ratedW: 120_000,
        maxUtilisation: 0.8,
        usableW: 96_000,
        redundancy: 'n+1',
        shelves: { count: 4, ratingW: 33_000, efficiency: 0.97 },
      },
    });
    const bars = supplyBars(shelves, 60_000);
    expect(bars).toHaveLength(5);
    expect(bars[0]).toMatchObject({ label: 'shelf 1', loadW: 15_000, limitW: 26_400 });
    expect(bars[4]).toMatchObject({ label: 'per shelf, one failed', loadW: 20_000, failover: true });
  });

  it('gives a rack without redundancy one bar against its usable rating', () => {
    const single = rack('s', 0, { power: { ...rack('s', 0).power, redundancy: 'none' } });
    expect(supplyBars(single, 48_000)).toEqual([
      { label: 'busbar', loadW: 48_000, limitW: 96_000, utilisation: 0.5, failover: false },
    ]);
  });
});

describe('pod and site totals', () => {
  it('adds the racks and applies the pod PUE', () => {
    const site = siteFigures(slice());
    const pod = site.pods[0]!;
    expect(pod.racks.map((r) => r.rack.id)).toEqual(['pod-a/decode-0', 'pod-a/prefill-0']);
    expect(pod.itLoadW).toBeCloseTo(70_400 + 4 * 8_640, 6);
    expect(pod.facilityW).toBeCloseTo((70_400 + 4 * 8_640) * 1.15, 6);
    expect(pod.pueAssumed).toBe(false);
    expect(pod.airHeatW).toBeCloseTo(14_080 + 34_560, 6);
    expect(site.npus).toBe(96);
    expect(pod.overloadedRacks).toBe(0);
  });

  it('assumes the default PUE, and says so, when the pod sets none', () => {
    const inv = slice();
    const { pue: _pue, ...pod } = inv.superPods[0]!;
    const site = siteFigures({ ...inv, superPods: [pod] }, 1.4);
    expect(site.pods[0]!.pue).toBe(1.4);
    expect(site.pods[0]!.pueAssumed).toBe(true);
  });

  it('gives every rack a distinct anchor, even when ids differ only in punctuation', () => {
    const racks = [rack('r-1', 0), rack('r/1', 1), rack('r.1', 2)];
    const site = siteFigures(slice({ racks, nodes: [] }));
    const anchors = site.pods[0]!.racks.map((r) => r.anchor);
    expect(new Set(anchors).size).toBe(3);
    for (const a of anchors) expect(a).toMatch(/^[a-z0-9-]+$/);
  });
});
