/**
 * Suppressions on their own: which reasons are accepted, what each entry keeps, and which element ids a construct
 * target or a config pattern covers, against hand-listed cases (the engine tests see the same code through whole
 * checks, one suppression at a time).
 */
import { describe, expect, it } from 'vitest';
import type { Inventory } from '../../src/inventory/types.ts';
import type { Subject } from '../../src/policy/index.ts';
import { collectSuppressions, SuppressionMatcher } from '../../src/policy/suppressions.ts';

const inventoryWith = (suppressions: Inventory['suppressions']) => ({ suppressions }) as unknown as Inventory;
const subject = (id: string, within?: string[]): Subject => ({
  kind: 'rack',
  id,
  path: `lab/${id}`,
  label: `rack ${id}`,
  ...(within ? { within } : {}),
});

describe('collectSuppressions', () => {
  it('takes the construct tree first, then the config file, trimming reasons and keeping sources only when given', () => {
    const entries = collectSuppressions(
      inventoryWith([{ ruleId: 'POWER-002', target: 'pod-a', reason: '  feed upgrade in Q3  ' }]),
      [
        {
          rule: 'COOL-001',
          target: 'pod-*',
          reason: 'second CDU arrives',
          source: { file: 'superpod.policy.yaml', line: 4, column: 5 },
        },
      ],
    );
    expect(entries).toEqual([
      { ruleId: 'POWER-002', target: 'pod-a', reason: 'feed upgrade in Q3', origin: 'construct', pattern: false },
      {
        ruleId: 'COOL-001',
        target: 'pod-*',
        reason: 'second CDU arrives',
        origin: 'config',
        pattern: true,
        source: { file: 'superpod.policy.yaml', line: 4, column: 5 },
      },
    ]);
    expect('source' in entries[0]!).toBe(false);
  });

  it('accepts a reason of 10 characters after trimming, and refuses 9, saying where', () => {
    expect(
      collectSuppressions(inventoryWith([]), [{ rule: 'R-1', target: '**', reason: ' 0123456789 ' }])[0]!.reason,
    ).toBe('0123456789');
    expect(() =>
      collectSuppressions(inventoryWith([{ ruleId: 'R-1', target: 'pod-a', reason: '  012345678  ' }])),
    ).toThrow(
      'suppression of R-1 on "pod-a": suppressing R-1 needs a reason of at least 10 characters (got "012345678"); say why the finding is accepted, e.g. "second busbar lands in Q3"',
    );
    expect(() =>
      collectSuppressions(inventoryWith([]), [
        { rule: 'R-2', target: '*', reason: 'short', source: { file: 'p.yaml', line: 9, column: 3 } },
      ]),
    ).toThrow(/^p\.yaml:9:3: suppressing R-2 needs a reason/);
    expect(() =>
      collectSuppressions(inventoryWith([{ ruleId: 'R-3', target: '', reason: 42 as unknown as string }])),
    ).toThrow('(got "")');
  });
});

describe('SuppressionMatcher', () => {
  const covers = (target: string, pattern: boolean, ids: string[]) => {
    const matcher = new SuppressionMatcher([
      { ruleId: 'R-1', target, reason: 'x'.repeat(10), origin: 'config', pattern },
    ]);
    return ids.filter((id) => matcher.find('R-1', subject(id)) === 0);
  };
  const ids = ['', 'pod-a', 'pod-ab', 'pod-a/rack-01', 'pod-a/rack-01/dt-0', 'pod-b/rack-01', 'podXa/r', 'pod.a/r'];

  it('covers an exact construct target and everything below it, and the stack target covers all', () => {
    expect(covers('pod-a', false, ids)).toEqual(['pod-a', 'pod-a/rack-01', 'pod-a/rack-01/dt-0']);
    expect(covers('pod-a/rack-01', false, ids)).toEqual(['pod-a/rack-01', 'pod-a/rack-01/dt-0']);
    expect(covers('', false, ids)).toEqual(ids);
    expect(covers('pod-*', false, ids)).toEqual([]);
  });

  it('matches config patterns: * within a segment, ** across, literal dots, and every ancestor', () => {
    expect(covers('pod-a/*', true, ids)).toEqual(['pod-a/rack-01', 'pod-a/rack-01/dt-0']);
    expect(covers('pod-*', true, ids)).toEqual([
      'pod-a',
      'pod-ab',
      'pod-a/rack-01',
      'pod-a/rack-01/dt-0',
      'pod-b/rack-01',
    ]);
    expect(covers('*/rack-01', true, ids)).toEqual(['pod-a/rack-01', 'pod-a/rack-01/dt-0', 'pod-b/rack-01']);
    expect(covers('**/dt-0', true, ids)).toEqual(['pod-a/rack-01/dt-0']);
    expect(covers('pod.a/r', true, ids)).toEqual(['pod.a/r']);
    expect(covers('pod-a', true, ids)).toEqual(['pod-a', 'pod-a/rack-01', 'pod-a/rack-01/dt-0']);
    expect(covers('pod-a/rack-01', true, ['a/pod-a/rack-01', 'pod-a/rack-01x', 'pod-a/rack-01/x/y'])).toEqual([
      'pod-a/rack-01/x/y',
    ]);
    expect(covers('**', true, ids)).toEqual(ids);
    expect(covers('S*', true, ['x', 'Sx'])).toEqual(['Sx']); // covers the stack only when it matches the empty id
    expect(covers('*', true, ids)).toEqual(ids); // matches the stack's empty id, so it covers everything
    expect(covers('a+b(c)[d]{2}^$|\\', true, ['a+b(c)[d]{2}^$|\\', 'aab(c)[d]{2}^$|\\'])).toEqual([
      'a+b(c)[d]{2}^$|\\',
    ]);
  });

  it('covers a derived element only when it covers every element the derived one stands for', () => {
    const matcher = new SuppressionMatcher([
      { ruleId: 'COOL-005', target: 'pod-a/rack-01', reason: 'x'.repeat(10), origin: 'construct', pattern: false },
      { ruleId: 'COOL-005', target: 'pod-a', reason: 'x'.repeat(10), origin: 'construct', pattern: false },
    ]);
    expect(matcher.find('COOL-005', subject('cdu:1', ['pod-a/rack-01', 'pod-a/rack-02']))).toBe(1);
    expect(matcher.find('COOL-005', subject('cdu:1', ['pod-a/rack-01']))).toBe(0);
    expect(matcher.find('COOL-005', subject('cdu:1', ['pod-b/rack-01']))).toBe(-1);
    expect(matcher.find('COOL-005', subject('pod-a/rack-01', []))).toBe(0);
    expect(matcher.find('COOL-005', subject('pod-b/rack-01', []))).toBe(-1); // an empty list stands for nothing
    expect(matcher.find('COOL-004', subject('pod-a/rack-01'))).toBe(-1);
  });
});
