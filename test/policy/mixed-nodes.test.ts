import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { groupLoad, nodesToRemove } from '../../src/facility/index.ts';
import type { NodeInfo } from '../../src/inventory/types.ts';
import { findingLine, toSarif } from '../../src/policy/index.ts';
import { check, dtNodes, findingOf, inventory, rack } from './fixtures/inventory.ts';

/** An 800 V, 100 A feed: 80 kW rated, 64 kW usable at 80 %. */
const feed80 = {
  kind: 'feed' as const,
  voltageV: 800,
  currentA: 100,
  ratedW: 80_000,
  maxUtilisation: 0.8,
  usableW: 64_000,
  redundancy: 'none' as const,
};

/** Eight 8.8 kW 950DT nodes, node `heavy` with a 10.1 kW host instead: 17.3 kW. Together 78.9 kW. */
function mixedRack(heavy: number) {
  return inventory({
    racks: [rack('rack-01', { power: feed80 })],
    nodes: dtNodes('pod-a/rack-01', 8, (n) => (n === heavy ? { hostPowerW: 10_100 } : {})),
  });
}

/** Fewest nodes whose removal brings the sum to `limit` or below, by trying every subset (the oracle). */
function bruteForceFewest(watts: number[], limit: number): number {
  const total = watts.reduce((s, w) => s + w, 0);
  let best = watts.length;
  for (let mask = 0; mask < 1 << watts.length; mask++) {
    let removed = 0;
    let size = 0;
    for (let i = 0; i < watts.length; i++)
      if (mask & (1 << i)) {
        removed += watts[i]!;
        size++;
      }
    if (total - removed <= limit) best = Math.min(best, size);
  }
  return best;
}

const loadOf = (watts: number[]) =>
  groupLoad(watts.map((w, i) => ({ id: `n${i}`, acceleratorCount: 1, acceleratorTdpW: w, hostPowerW: 0 }) as NodeInfo));

describe('nodes to remove on a rack of mixed nodes', () => {
  it('removes the 17.3 kW node first: one node takes 78.9 kW under a 64 kW feed', () => {
    const report = check(mixedRack(5));
    expect(findingLine(findingOf(report, 'POWER-002'))).toBe(
      "POWER-002 rack pod-a/rack-01: 78.9 kW exceeds the 800 VDC feed's derated 64.0 kW (80 kW x 80%) — remove 1 node or raise the feed",
    );
    expect(findingOf(report, 'POWER-002').data).toMatchObject({ itLoadW: 78_900, limitW: 64_000, nodesToRemove: 1 });
  });

  it('gives the fewest nodes a brute-force search finds (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 20_000 }), { maxLength: 9 }),
        fc.integer({ min: 0, max: 120_000 }),
        (watts, limit) => {
          expect(nodesToRemove(loadOf(watts), limit)).toBe(bruteForceFewest(watts, limit));
        },
      ),
      { seed: 19, numRuns: 300 },
    );
  });

  it('takes out every node when even that is not enough, and none when already within the limit', () => {
    expect(nodesToRemove(loadOf([5000, 3000]), 8000)).toBe(0);
    expect(nodesToRemove(loadOf([5000, 3000]), 7999)).toBe(1);
    expect(nodesToRemove(loadOf([5000, 3000]), -1)).toBe(2);
  });
});

describe('SARIF related locations on a rack of mixed nodes', () => {
  it("point at each node's own line, heaviest node first", () => {
    const sarif = toSarif(check(mixedRack(5))) as unknown as {
      runs: Array<{ results: Array<{ ruleId: string; relatedLocations?: unknown[] }> }>;
    };
    const power = sarif.runs[0]!.results.find((r) => r.ruleId === 'POWER-002')!;
    // Nodes are declared at stacks/fixture.ts line 30 + n (fixtures/inventory.ts); node 5 is the 17.3 kW one.
    const order = [5, 0, 1, 2, 3, 4, 6, 7];
    expect(power.relatedLocations).toEqual(
      order.map((n, i) => ({
        id: i + 1,
        physicalLocation: {
          artifactLocation: { uri: 'stacks/fixture.ts' },
          region: { startLine: 30 + n, startColumn: 3 },
        },
        message: { text: `node pod-a/rack-01/dt-${n}: ${n === 5 ? '17.3' : '8.8'} kW` },
      })),
    );
  });
});
