import { describe, expect, it } from 'vitest';
import { SuperpodInputError } from '../../src/errors.ts';
import {
  Bandwidth,
  Current,
  Energy,
  Mass,
  Memory,
  Power,
  RackUnits,
  Temperature,
  Voltage,
} from '../../src/units/index.ts';

describe('units', () => {
  it('converts power, energy and memory', () => {
    expect(Power.kilowatts(1.5).toWatts()).toBe(1500);
    expect(Power.megawatts(2).toKilowatts()).toBe(2000);
    expect(Power.kilowatts(2).over(3).toKilowattHours()).toBeCloseTo(6);
    expect(Energy.kilowattHours(1).toJoules()).toBe(3.6e6);
    expect(Memory.gibibytes(112).toBytes()).toBe(112 * 2 ** 30);
    expect(Memory.gigabytes(144).toGibibytes()).toBeCloseTo(134.11, 2);
    expect(Power.watts(600).plus(Power.watts(400)).toString()).toBe('1 kW');
  });

  it('converts bandwidth, mass, temperature, electrical values', () => {
    expect(Bandwidth.terabytesPerSecond(1.4).toBytesPerSecond()).toBe(1.4e12);
    expect(Bandwidth.gigabitsPerSecond(400).toGigabytesPerSecond()).toBe(50);
    expect(Mass.tonnes(1.36).toKilograms()).toBeCloseTo(1360);
    expect(Temperature.celsius(45).toKelvin()).toBeCloseTo(318.15);
    expect(Temperature.kelvin(300).toCelsius()).toBeCloseTo(26.85);
    expect(RackUnits.of(42).toMillimetres()).toBeCloseTo(1866.9);
    expect(Voltage.volts(-400).toVolts()).toBe(-400);
    expect(Current.amperes(150).toAmperes()).toBe(150);
  });

  it('fails when an amount is negative, not finite or not whole where it must be', () => {
    for (const make of [
      () => Power.kilowatts(-5),
      () => Power.watts(Number.NaN),
      () => Memory.gigabytes(Number.POSITIVE_INFINITY),
      () => RackUnits.of(2.5),
      () => Temperature.celsius(-300),
      () => Mass.kilograms(-1),
      () => Bandwidth.gigabytesPerSecond(-1),
    ]) {
      expect(make).toThrow(SuperpodInputError);
    }
  });

  it('names the caller file and line, the value and the fix in the error', () => {
    try {
      Power.kilowatts(-5);
      expect.unreachable();
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toMatch(
        /^test\/units\/units\.test\.ts:\d+:\d+: Power\.kilowatts\(\) needs a finite non-negative number/,
      );
      expect(message).toContain('(got -5)');
      expect(message).toContain('pass an amount such as Power.kilowatts(120)');
      expect(message.split('\n')).toHaveLength(1);
    }
  });
});
