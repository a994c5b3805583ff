import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Ascend950DTNode,
  Cooling,
  Current,
  Power,
  Rack800VDC,
  RackPower,
  RackUnits,
  SuperPod,
  Voltage,
} from '../../constructs/index.ts';
import { SuperpodInputError } from '../../src/errors.ts';
import { inputErrorOf } from '../helpers/errors.ts';
import { liquidRack, testStack } from '../helpers/fixtures.ts';

describe('Rack800VDC', () => {
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
