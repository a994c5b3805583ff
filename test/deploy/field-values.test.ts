import { describe, expect, it } from 'vitest';
import { fieldChanges, showValue } from '../../src/deploy/compare.ts';

describe('fieldChanges on leaf values', () => {
  it('takes a number and its decimal text as the same value in either direction, and nothing looser', () => {
    expect(fieldChanges({ n: 8 }, { n: '8' })).toEqual([]);
    expect(fieldChanges({ n: '8' }, { n: 8 })).toEqual([]);
    expect(fieldChanges({ n: '8.0' }, { n: 8 })).toEqual([{ path: 'n', from: '8.0', to: 8 }]);
    expect(fieldChanges({ n: 8 }, { n: '8Gi' })).toEqual([{ path: 'n', from: 8, to: '8Gi' }]);
    // a flag is not its text: "true" in a label and true in a spec are different values
    expect(fieldChanges({ b: true }, { b: 'true' })).toEqual([{ path: 'b', from: true, to: 'true' }]);
    expect(fieldChanges({ b: 'true' }, { b: true })).toEqual([{ path: 'b', from: 'true', to: true }]);
    expect(fieldChanges({ x: null }, { x: 'null' })).toEqual([{ path: 'x', from: null, to: 'null' }]);
  });

  it('lists changes in path order, whatever the key order of either side', () => {
    const changes = fieldChanges({ spec: { b: 1, a: 1 } }, { spec: { a: 2, c: 3, b: 2 } });
    expect(changes.map((c) => c.path)).toEqual(['spec.a', 'spec.b', 'spec.c']);
  });

  it('compares a field that became a list, or a list that became empty, as one change', () => {
    expect(fieldChanges({ x: 'a' }, { x: ['a'] })).toEqual([{ path: 'x', from: 'a', to: ['a'] }]);
    expect(fieldChanges({ x: [1] }, { x: [] })).toEqual([{ path: 'x', from: [1], to: [] }]);
  });
});

describe('showValue', () => {
  it('writes JSON up to 100 characters, longer values cut to 97 and an ellipsis', () => {
    expect(showValue(undefined)).toBe('(none)');
    const exactly100 = 'x'.repeat(98); // JSON adds the two quotes
    expect(showValue(exactly100)).toBe(`"${exactly100}"`);
    const longer = 'x'.repeat(99);
    expect(showValue(longer)).toBe(`"${'x'.repeat(96)}...`);
    expect(showValue(longer)).toHaveLength(100);
  });
});
