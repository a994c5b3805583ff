/**
 * Spec quantities one by one: which strings read as which SI amounts, and the unit each amount is written back in
 * (a whole number of the largest unit that gives one, else the largest unit that reads back exactly and is at
 * least 1, else a plain decimal of the smallest unit, else the base unit), each case worked out from the unit tables.
 */
import { describe, expect, it } from 'vitest';
import { EXAMPLES, formatQuantity, parseQuantityAmount, toValueObject, unitsOf } from '../../src/spec/quantities.ts';

describe('parseQuantityAmount', () => {
  it('reads a number and a unit of the kind, with or without spaces, in any notation JSON numbers use', () => {
    expect(
      [
        ['power', '900 W'],
        ['power', '1.6kW'],
        ['power', '  2 MW  '],
        ['power', '-3 W'],
        ['power', '1e3 W'],
        ['power', '2.5e-3 kW'],
        ['power', '1E3 W'],
        ['voltage', '0.8 kV'],
        ['current', '150 A'],
        ['mass', '1.5 t'],
        ['bandwidth', '400 Gb/s'],
        ['bandwidth', '1 TB/s'],
        ['memory', '2 GiB'],
        ['memory', '1 TB'],
        ['duration', '50 ms'],
        ['duration', '1.5 h'],
        ['duration', '250 us'],
      ].map(([kind, text]) => parseQuantityAmount(kind as never, text)),
    ).toEqual([
      900,
      1600,
      2e6,
      -3,
      1000,
      2.5,
      undefined,
      800,
      150,
      1500,
      50e9,
      1e12,
      2 ** 31,
      1e12,
      0.05,
      5400,
      0.00025,
    ]);
  });

  it('reads a decimal of a power-of-ten unit as the double nearest its value, not one bit off', () => {
    // 0.2 / 1e6 is 2.0000000000000002e-7; the spec means 2e-7
    expect(parseQuantityAmount('duration', '0.2 us')).toBe(2e-7);
    expect(parseQuantityAmount('duration', '200 ns')).toBe(2e-7);
    expect(parseQuantityAmount('duration', '0.3 ms')).toBe(3e-4);
    expect(parseQuantityAmount('power', '1.1 kW')).toBe(1100);
    expect(parseQuantityAmount('bandwidth', '0.7 TB/s')).toBe(7e11);
    expect(parseQuantityAmount('power', '1.1e-3 MW')).toBe(1100);
    // not a power of ten: converted by the unit's ratio
    expect(parseQuantityAmount('bandwidth', '100 Gb/s')).toBe(12.5e9);
    expect(parseQuantityAmount('memory', '1.5 GiB')).toBe(1.5 * 2 ** 30);
    expect(parseQuantityAmount('duration', '1.5 h')).toBe(5400);
  });

  it('reads nothing from a bare number, a unit of another kind, a malformed number, or an amount past the float range', () => {
    for (const [kind, text] of [
      ['power', '900'],
      ['power', 'W'],
      ['power', '900 V'],
      ['power', '1.6 kV'],
      ['power', '.5 W'],
      ['power', '5. W'],
      ['power', '+5 W'],
      ['power', '5 W W'],
      ['power', '5 w'],
      ['power', '1e400 W'],
      ['memory', '1 Gb/s'],
      ['duration', '1 day'],
    ] as const)
      expect(parseQuantityAmount(kind, text), `${kind} ${text}`).toBeUndefined();
    expect(parseQuantityAmount('power', 900)).toBeUndefined();
    expect(parseQuantityAmount('power', null)).toBeUndefined();
  });
});

describe('formatQuantity', () => {
  it('writes a whole number of the largest unit that gives one', () => {
    expect(
      [
        ['power', 1600],
        ['power', 96_000],
        ['power', 2e6],
        ['memory', 768 * 2 ** 30],
        ['memory', 144e9],
        ['memory', 2 ** 40],
        ['memory', 1536],
        ['duration', 2400],
        ['duration', 7200],
        ['duration', 90],
        ['duration', 0.05],
        ['bandwidth', 50e9],
        ['bandwidth', 2e12],
        ['voltage', -400],
        ['mass', 3000],
        ['current', 2000],
      ].map(([kind, amount]) => formatQuantity(kind as never, amount as number)),
    ).toEqual([
      '1600 W',
      '96 kW',
      '2 MW',
      '768 GiB',
      '144 GB',
      '1 TiB',
      '1536 B',
      '40 min',
      '2 h',
      '90 s',
      '50 ms',
      '50 GB/s',
      '2 TB/s',
      '-400 V',
      '3 t',
      '2 kA',
    ]);
  });

  it('writes a fraction in the largest unit where it is at least 1 and reads back exactly, else in the smallest unit', () => {
    expect(formatQuantity('power', 1234.5)).toBe('1.2345 kW');
    expect(formatQuantity('mass', 80.25)).toBe('80.25 kg');
    expect(formatQuantity('power', 0.5)).toBe('0.5 W');
    expect(formatQuantity('power', 0)).toBe('0 W');
    // a UB hop of 200-500 ns in whole nanoseconds; below one, a fraction of the smallest unit, never "5e-10 s"
    expect(formatQuantity('duration', 5e-7)).toBe('500 ns');
    expect(formatQuantity('duration', 0.2 * 1e-6)).toBe('200 ns');
    expect(formatQuantity('duration', 5e-10)).toBe('0.5 ns');
    expect(formatQuantity('duration', 1e-13)).toBe('0.0001 ns');
    // too small for a plain decimal of a nanosecond: the base unit, still exact
    expect(formatQuantity('duration', 1e-17)).toBe('1e-17 s');
    expect(formatQuantity('duration', 0.0015)).toBe('1500 us'); // whole microseconds before 1.5 ms
    expect(formatQuantity('duration', 5400)).toBe('90 min');
  });

  it('never writes Gb/s, and every amount it writes reads back to itself', () => {
    for (const [kind, amount] of [
      ['bandwidth', 50e9],
      ['bandwidth', 12.5e9],
      ['power', 1234.5],
      ['duration', 5e-7],
      ['duration', 0.2 * 1e-6],
      ['duration', 1e-13],
      ['duration', 1e-17],
      ['duration', 0.0015],
      ['memory', 1.5],
    ] as const) {
      const text = formatQuantity(kind, amount);
      expect(text).not.toContain('Gb/s');
      expect(parseQuantityAmount(kind, text), text).toBe(amount);
    }
  });
});

describe('the unit tables a spec offers', () => {
  it('lists the units of each kind, and an example of each that reads back', () => {
    expect(unitsOf('power')).toEqual(['W', 'kW', 'MW']);
    expect(unitsOf('memory')).toEqual(['B', 'MiB', 'GB', 'GiB', 'TB', 'TiB']);
    expect(unitsOf('duration')).toEqual(['ns', 'us', 'ms', 's', 'min', 'h']);
    expect(unitsOf('bandwidth')).toEqual(['B/s', 'GB/s', 'TB/s', 'Gb/s']);
    expect(unitsOf('voltage')).toEqual(['V', 'kV']);
    expect(unitsOf('current')).toEqual(['A', 'kA']);
    expect(unitsOf('mass')).toEqual(['kg', 't']);
    expect(Object.entries(EXAMPLES).map(([kind, text]) => parseQuantityAmount(kind as never, text))).toEqual([
      900, 800, 150, 80, 50e9, 144e9, 0.05,
    ]);
  });

  it('builds the value object of each kind from its SI amount', () => {
    expect(String(toValueObject('power', 1600))).toMatch(/1\.6 kW|1600 W/);
    expect(toValueObject('memory', 2 ** 30).constructor.name).toBe('Memory');
    expect(toValueObject('duration', 2).constructor.name).toBe('Duration');
    expect(toValueObject('voltage', 800).constructor.name).toBe('Voltage');
    expect(toValueObject('current', 150).constructor.name).toBe('Current');
    expect(toValueObject('mass', 80).constructor.name).toBe('Mass');
    expect(toValueObject('bandwidth', 1e9).constructor.name).toBe('Bandwidth');
    expect(toValueObject('power', 1).constructor.name).toBe('Power');
  });
});
