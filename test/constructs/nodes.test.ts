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
  it('fails when an Atlas 350 server gets 17 cards, naming the path, the value and the fix', () => {
    const stack = testStack('s');
    const rack = liquidRack(new SuperPod(stack, 'pod-b'), 'rack-05');
    const error = inputErrorOf(() => new Atlas350Server(rack, 'pr-0', { cards: 17 }));
    expect(error.message).toMatch(
      /^s\/pod-b\/rack-05\/pr-0: acceleratorCount must be a whole number from 1 to 16 \(got 17\); .*at most 16/,
    );
  });

  it('picks the MindCluster server variant from the cards and the UB mezzanine boards', () => {
    const stack = testStack('s');
    const rack = liquidRack(new SuperPod(stack, 'pod'), 'r');
    const variant = (id: string, props: { cards?: number; ubMezzanine?: boolean }) => {
      const node = new Atlas350Server(rack, id, { ...props, height: RackUnits.of(1) });
      return [node.resolved.nodeType.kubernetes.acceleratorType, node.resolved.acceleratorCount];
    };
    expect(variant('a', {})).toEqual(['350-Atlas-8', 8]);
    expect(variant('b', { cards: 12 })).toEqual(['350-Atlas-16', 12]);
    expect(variant('c', { ubMezzanine: true })).toEqual(['350-Atlas-4p-8', 8]);
    expect(variant('d', { cards: 16, ubMezzanine: true })).toEqual(['350-Atlas-4p-16', 16]);
  });

  it('fails when an Atlas 350 server with UB mezzanine boards has cards outside whole 4-card groups', () => {
    const stack = testStack('s');
    const rack = liquidRack(new SuperPod(stack, 'pod'), 'r');
    const error = inputErrorOf(() => new Atlas350Server(rack, 'pr-0', { cards: 6, ubMezzanine: true }));
    expect(error.where).toBe('s/pod/r/pr-0');
    expect(error.problem).toBe('with ubMezzanine the cards come in 4-card UB groups');
    expect(error.value).toBe(6);
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
