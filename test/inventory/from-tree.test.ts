import { describe, expect, it } from 'vitest';
import { smallSlice } from '../helpers/fixtures.ts';

describe('the construct tree as an Inventory', () => {
  it('builds a frozen inventory with ids, paths, source lines and U positions', () => {
    const { stack } = smallSlice();
    const inventory = stack.inventory();
    expect(inventory.superPods.map((p) => p.id)).toEqual(['pod-a']);
    expect(inventory.racks.map((r) => [r.id, r.index])).toEqual([
      ['pod-a/rack-01', 0],
      ['pod-a/rack-02', 1],
    ]);
    expect(inventory.nodes).toHaveLength(6);
    const dt0 = inventory.nodes[0]!;
    expect(dt0).toMatchObject({
      id: 'pod-a/rack-01/dt-0',
      path: 'slice/pod-a/rack-01/dt-0',
      name: 'pod-a-rack-01-dt-0',
      acceleratorId: 'ascend-950dt',
      acceleratorCount: 8,
      serverIndex: 0,
      uPosition: 9,
      acceleratorTdpW: 900,
      hostPowerW: 1600,
      pool: 'ascend-950dt-node-decode',
    });
    expect(dt0.source?.file).toBe('test/helpers/fixtures.ts');
    expect(inventory.nodes[1]!.uPosition).toBe(9 + dt0.heightU);
    expect(inventory.nodes[5]).toMatchObject({
      acceleratorId: 'atlas-350',
      serverIndex: 5,
      pool: 'atlas-350-server-prefill',
    });
    expect(inventory.nodePools.map((p) => [p.name, p.nodeIds.length])).toEqual([
      ['ascend-950dt-node-decode', 4],
      ['atlas-350-server-prefill', 2],
    ]);
    expect(Object.isFrozen(inventory.nodes[0])).toBe(true);
    expect(inventory.superPods[0]!.fabric.levels.map((l) => [l.name, l.maxNpus])).toEqual([
      ['X', 8],
      ['Y', 64],
      ['Z', 8192],
    ]);
  });
});
