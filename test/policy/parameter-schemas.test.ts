/**
 * Every parameter of the built-in packs, with a value just outside the range its description gives (refused, at the
 * parameter) and one at the edge inside it (accepted). The ranges are read off the descriptions in docs/rules.md, not
 * off the schemas under test.
 */
import { describe, expect, it } from 'vitest';
import { builtInPacks } from '../../policies/index.ts';
import { runChecks } from '../../src/policy/index.ts';
import { inputErrorOf } from '../helpers/errors.ts';
import { cleanInventory } from './fixtures/inventory.ts';

const run = (key: string, value: unknown) =>
  runChecks(cleanInventory(), { packs: builtInPacks, config: { parameters: { [key]: value } } });

/** [parameter, values it must refuse, values it must accept]. */
const RANGES: ReadonlyArray<readonly [string, readonly unknown[], readonly unknown[]]> = [
  ['power.defaultPue', [0.99, 3.01, '1.2'], [1, 3]],
  ['power.defaultDesignPue', [0.99, 3.01, null], [1, 3]],
  ['power.siteBudgetKw', [0, -1, '110'], [0.001, 110]],
  ['cooling.maxLiquidClass', ['W50', 'w45', 45], ['W17', 'W45', 'W+']],
  ['cooling.maxAirClass', ['A5', 'a2'], ['A1', 'A4']],
  [
    'cooling.nodeTypeLimits',
    [
      { 'atlas-350-server': { maxAirClass: 'A9' } },
      { 'atlas-350-server': { maxLiquidClass: 'W99' } },
      { 'atlas-350-server': { maxAirclass: 'A3' } },
      { 'atlas-350-server': 'A3' },
      'A3',
    ],
    [{}, { 'atlas-350-server': { maxAirClass: 'A3', maxLiquidClass: 'W32' } }],
  ],
  ['cooling.cduCapacityKw', [{ 'cdu-1': 0 }, { 'cdu-1': '800' }, 800], [{}, { 'cdu-1': 0.5 }]],
  ['cooling.siteWaterBudgetLitresPerHour', [0, '100'], [0.1]],
  ['cooling.siteWaterBudgetLitresPerYear', [0, -5], [1e9]],
  ['cooling.airRackCeilingKw', [0, 'thirty'], [41]],
  ['cooling.rearDoorCeilingKw', [0, '80'], [80]],
  ['fabric.maxTpLevel', ['W', 'x', 1], ['X', 'Y', 'Z']],
  ['fabric.maxEpLevel', ['Q', 'z'], ['X', 'Z']],
  ['fabric.kvTransferUtilisation', [0, 1.01, '0.7'], [0.01, 1]],
  ['memory.headroomFraction', [1, -0.1, '0.1'], [0, 0.99]],
];

describe('built-in pack parameters hold to their ranges', () => {
  it('covers every parameter the packs declare', () => {
    const declared = builtInPacks.flatMap((p) => Object.keys(p.parameters ?? {})).sort();
    expect(RANGES.map(([key]) => key).sort()).toEqual(declared);
  });

  it.each(RANGES)('%s', (key, refused, accepted) => {
    for (const value of refused) {
      const error = inputErrorOf(() => run(key, value));
      expect(error.problem, JSON.stringify(value)).toMatch(new RegExp(`^parameter ${key.replace('.', '\\.')} `));
    }
    for (const value of accepted) expect(() => run(key, value), JSON.stringify(value)).not.toThrow();
  });
});
