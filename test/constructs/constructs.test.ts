import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AcceleratorNode,
  Ascend950DTNode,
  Atlas350Server,
  Cooling,
  Current,
  Duration,
  NodeType,
  Power,
  Rack800VDC,
  RackPower,
  RackUnits,
  SuperPod,
  UnifiedBusFabric,
  Voltage,
} from '../../constructs/index.ts';
import { SuperpodInputError } from '../../src/errors.ts';
import { inputErrorOf } from '../helpers/errors.ts';
import { liquidRack, smallSlice, testStack } from '../helpers/fixtures.ts';

describe('constructs to Inventory', () => {
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

  it('derates the rack feed and keeps N+1 shelves on the surviving ones', () => {
    const busbar = RackPower.busbar({ voltage: Voltage.volts(800), current: Current.amperes(150) }).toInfo();
    expect(busbar).toMatchObject({ ratedW: 120_000, usableW: 96_000, maxUtilisation: 0.8 });
    const shelves = RackPower.shelvesNPlusOne({ count: 6, rating: Power.kilowatts(33) }).toInfo();
    expect(shelves).toMatchObject({ ratedW: 165_000, usableW: 132_000, redundancy: 'n+1' });
  });

  it('fails when an Atlas 350 server gets 9 cards, naming the path, the value and the fix', () => {
    const stack = testStack('s');
    const rack = liquidRack(new SuperPod(stack, 'pod-b'), 'rack-05');
    const error = inputErrorOf(() => new Atlas350Server(rack, 'pr-0', { cards: 9 }));
    expect(error.message).toMatch(
      /^s\/pod-b\/rack-05\/pr-0: acceleratorCount must be a whole number from 1 to 8 \(got 9\); .*at most 8/,
    );
  });

  it('fails when a node does not fit in a full rack: at synth, after recording it for the checks', () => {
    const stack = testStack('s');
    const rack = liquidRack(new SuperPod(stack, 'pod'), 'rack-07', { heightU: 24, reservedU: 4 });
    for (let i = 0; i < 6; i++) {
      new Ascend950DTNode(rack, `dt-${i}`, { acceleratorPower: Power.watts(900), height: RackUnits.of(4) });
    }
    const overflowing = stack.inventory().nodes[5]!;
    expect([overflowing.uPosition, overflowing.heightU]).toEqual([25, 4]);
    const error = inputErrorOf(() => stack.synthesis());
    expect(error.message).toBe(
      's/pod/rack-07/dt-5: rack "s/pod/rack-07" is full: 5 nodes use 20U of 24U minus 4U reserved, and this 4U node does not fit (got "4U"); put the node in another rack, use fewer nodes, or a taller rack',
    );
  });

  it('fails when an explicit position lies outside the usable units or overlaps', () => {
    const stack = testStack('s');
    const rack = liquidRack(new SuperPod(stack, 'pod'), 'r', { heightU: 24, reservedU: 4 });
    expect(() => new Ascend950DTNode(rack, 'low', { height: RackUnits.of(4), position: 2 })).toThrow(
      /outside the usable units U5-U24/,
    );
    new Ascend950DTNode(rack, 'a', { height: RackUnits.of(4), position: 10 });
    expect(() => new Ascend950DTNode(rack, 'b', { height: RackUnits.of(4), position: 12 })).toThrow(
      /U12-U15 overlaps s\/pod\/r\/a at U10-U13/,
    );
  });

  it('fails when a node type is not in the catalogue, listing the known ones', () => {
    const stack = testStack('s');
    const rack = liquidRack(new SuperPod(stack, 'pod'), 'r');
    const error = inputErrorOf(() => new AcceleratorNode(rack, 'x', { nodeType: NodeType.of('dgx-h999') }));
    expect(error.where).toBe('s/pod/r/x');
    expect(error.message).toContain('dgx-h100');
  });

  it('fails when a rack is created outside a SuperPod or a node outside a rack', () => {
    const stack = testStack('s');
    expect(
      () =>
        new Rack800VDC(stack, 'r', {
          power: RackPower.busbar({ voltage: Voltage.volts(800), current: Current.amperes(100) }),
          cooling: Cooling.air({ capacity: Power.kilowatts(30) }),
        }),
    ).toThrow(/must be created inside a SuperPod/);
    const pod = new SuperPod(stack, 'pod');
    expect(() => new Ascend950DTNode(pod, 'n')).toThrow(/must be created inside a Rack800VDC/);
  });

  it('fails when two nodes get the same Kubernetes name', () => {
    const stack = testStack('s');
    const rack = liquidRack(new SuperPod(stack, 'pod'), 'r');
    new Ascend950DTNode(rack, 'a', { nodeName: 'same', height: RackUnits.of(4) });
    new Ascend950DTNode(rack, 'b', { nodeName: 'same', height: RackUnits.of(4) });
    expect(() => stack.inventory()).toThrow(/s\/pod\/r\/b: Kubernetes node name is already used/);
  });

  it('fails when a fabric level does not nest in the next', () => {
    expect(() =>
      UnifiedBusFabric.custom({
        name: 'odd',
        x: { maxNpus: 8, bandwidthPerNpu: { toBytesPerSecond: () => 1 } as never, latency: Duration.microseconds(1) },
        y: { maxNpus: 60, bandwidthPerNpu: { toBytesPerSecond: () => 1 } as never, latency: Duration.microseconds(1) },
        z: { maxNpus: 600, bandwidthPerNpu: { toBytesPerSecond: () => 1 } as never, latency: Duration.microseconds(1) },
      }),
    ).toThrow(/whole number of X domains/);
  });

  it('throws only our validation errors for random props (property)', () => {
    const anything = fc.oneof(
      fc.anything(),
      fc.integer({ min: -20, max: 40 }),
      fc.double(),
      fc.string(),
      fc.constant(undefined),
      fc.constant(Power.watts(700)),
      fc.constant(RackUnits.of(4)),
    );
    const propsArb = fc.record(
      {
        cards: anything,
        role: anything,
        pool: anything,
        nodeName: anything,
        acceleratorPower: anything,
        hostPower: anything,
        weight: anything,
        height: anything,
        position: anything,
        liquidFraction: anything,
        labels: anything,
      },
      { requiredKeys: [] },
    );
    let n = 0;
    fc.assert(
      fc.property(propsArb, fc.boolean(), (props, dt) => {
        const stack = testStack(`p${n++}`);
        const rack = liquidRack(new SuperPod(stack, 'pod'), 'r');
        try {
          if (dt) new Ascend950DTNode(rack, 'n', props as never);
          else new Atlas350Server(rack, 'n', props as never);
          stack.inventory();
        } catch (error) {
          if (!SuperpodInputError.is(error)) throw error;
          expect(error.message.split('\n')).toHaveLength(1);
        }
      }),
      { numRuns: 400, seed: 42 },
    );
  });

  it('throws only our validation errors for random rack props (property)', () => {
    const anything = fc.oneof(
      fc.anything(),
      fc.integer({ min: -5, max: 100 }),
      fc.constant(RackUnits.of(42)),
      fc.constant(undefined),
      fc.string(),
    );
    let n = 0;
    fc.assert(
      fc.property(
        fc.record(
          {
            height: anything,
            reserved: anything,
            weightLimit: anything,
            index: anything,
            name: anything,
            power: fc.oneof(
              anything,
              fc.constant(RackPower.busbar({ voltage: Voltage.volts(800), current: Current.amperes(100) })),
            ),
            cooling: fc.oneof(anything, fc.constant(Cooling.air({ capacity: Power.kilowatts(30) }))),
          },
          { requiredKeys: [] },
        ),
        (props) => {
          const pod = new SuperPod(testStack(`r${n++}`), 'pod');
          try {
            new Rack800VDC(pod, 'r', props as never);
          } catch (error) {
            if (!SuperpodInputError.is(error)) throw error;
          }
        },
      ),
      { numRuns: 300, seed: 7 },
    );
  });
});
