import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AcceleratorNode,
  Ascend950DTNode,
  Atlas350Server,
  NodeType,
  Power,
  RackUnits,
  SuperPod,
} from '../../constructs/index.ts';
import { SuperpodInputError } from '../../src/errors.ts';
import { inputErrorOf } from '../helpers/errors.ts';
import { liquidRack, testStack } from '../helpers/fixtures.ts';

describe('nodes', () => {
  it('fails when an Atlas 350 server gets 9 cards, naming the path, the value and the fix', () => {
    const stack = testStack('s');
    const rack = liquidRack(new SuperPod(stack, 'pod-b'), 'rack-05');
    const error = inputErrorOf(() => new Atlas350Server(rack, 'pr-0', { cards: 9 }));
    expect(error.message).toMatch(
      /^s\/pod-b\/rack-05\/pr-0: acceleratorCount must be a whole number from 1 to 8 \(got 9\); .*at most 8/,
    );
  });

  it('fails when a node type is not in the catalogue, listing the known ones', () => {
    const stack = testStack('s');
    const rack = liquidRack(new SuperPod(stack, 'pod'), 'r');
    const error = inputErrorOf(() => new AcceleratorNode(rack, 'x', { nodeType: NodeType.of('dgx-h999') }));
    expect(error.where).toBe('s/pod/r/x');
    expect(error.message).toContain('dgx-h100');
  });

  it('fails when two nodes get the same Kubernetes name', () => {
    const stack = testStack('s');
    const rack = liquidRack(new SuperPod(stack, 'pod'), 'r');
    new Ascend950DTNode(rack, 'a', { nodeName: 'same', height: RackUnits.of(4) });
    new Ascend950DTNode(rack, 'b', { nodeName: 'same', height: RackUnits.of(4) });
    expect(() => stack.inventory()).toThrow(/s\/pod\/r\/b: Kubernetes node name is already used/);
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
});
