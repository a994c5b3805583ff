import { describe, expect, it } from 'vitest';
import { SuperpodInputError } from '../../src/errors.ts';
import {
  Bandwidth,
  Current,
  convert,
  Duration,
  Energy,
  formatNumber,
  formatPercent,
  Mass,
  Memory,
  Power,
  RackUnits,
  Temperature,
  UNITS,
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

  it('converts through one table per quantity, to the double nearest the decimal result between powers of ten', () => {
    expect(convert(50, UNITS.duration.ms, UNITS.duration.s)).toBe(50 / 1e3);
    expect(convert(400, UNITS.bandwidth['Gb/s'], UNITS.bandwidth['B/s'])).toBe(50e9);
    expect(convert(0, UNITS.temperature.K, UNITS.temperature['°C'])).toBe(-273.15);
    // 2.1 / 1e6 is 2.1000000000000002e-6; 2.1 us is 2.1e-6 s, and reads back as 2.1 us
    expect(Duration.microseconds(2.1).toSeconds()).toBe(2.1e-6);
    expect(Duration.microseconds(2.1).toMicroseconds()).toBe(2.1);
    expect(Duration.nanoseconds(200).toMicroseconds()).toBe(0.2);
    expect(convert(0.1, UNITS.power.kW, UNITS.power.W)).toBe(100);
    expect(convert(1e-320, UNITS.power.W, UNITS.power.kW)).toBe(1e-323);
    expect(convert(Number.POSITIVE_INFINITY, UNITS.power.W, UNITS.power.kW)).toBe(Number.POSITIVE_INFINITY);
    // not a power of ten: multiply and divide by the ratio
    expect(convert(1, UNITS.memory.GiB, UNITS.memory.MiB)).toBe(1024);
    expect(Duration.milliseconds(50).toMicroseconds()).toBe(50_000);
    expect(Power.kilowatts(120).to('MW')).toBe(0.12);
  });

  it('writes every figure through one formatter', () => {
    expect(formatNumber(187.5)).toBe('187.5');
    expect(formatNumber(150, { fixed: true })).toBe('150.0');
    expect(formatNumber(20480.4, { decimals: 0, grouping: true })).toBe('20,480');
    expect(formatNumber(-0.01)).toBe('0');
    expect(formatPercent(0.125)).toBe('12.5%');
    expect(Power.watts(138_400).format('kW', { fixed: true })).toBe('138.4 kW');
    expect(Power.watts(950).toString()).toBe('950 W');
    expect(Bandwidth.terabytesPerSecond(1.4).toString()).toBe('1.4 TB/s');
    expect(Duration.milliseconds(246.4).toHumanString()).toBe('246 ms');
    expect(Duration.seconds(1.25).toHumanString()).toBe('1.25 s');
    expect(Duration.milliseconds(2.5).toHumanString()).toBe('2.50 ms');
  });
});
