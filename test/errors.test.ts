import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeValue, SuperpodInputError } from '../src/errors.ts';
import { Power } from '../src/units/index.ts';

describe('describeValue', () => {
  it('shows value objects by what they hold and plain data as JSON', () => {
    expect(describeValue(Power.kilowatts(90))).toBe(Power.kilowatts(90).toString());
    expect(describeValue({ cards: 8 })).toBe('{"cards":8}');
    expect(describeValue('x'.repeat(100))).toBe(JSON.stringify(`${'x'.repeat(77)}...`));
  });

  it('never throws, whatever an untyped stack hands over (found by the stack fuzzer)', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    const hostile = [
      { toString: -4.4e306 },
      { toString: () => 'two\nlines' },
      {
        toString() {
          throw new Error('no');
        },
      },
      Object.create(null),
      cycle,
      {
        get boom() {
          throw new Error('getter');
        },
      },
      () => 1,
      Symbol('s'),
      10n,
    ];
    for (const value of hostile) {
      const text = describeValue(value);
      expect(typeof text).toBe('string');
      expect(text).not.toContain('\n');
    }
    fc.assert(
      fc.property(fc.anything({ withObjectString: true, withNullPrototype: true, withBigInt: true }), (value) => {
        const error = new SuperpodInputError({ where: 'w', problem: 'p', value, fix: 'f' });
        expect(error.message.split('\n')).toHaveLength(1);
      }),
      { seed: 20261205, numRuns: 2000 },
    );
  });
});
