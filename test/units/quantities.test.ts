import { describe, expect, it } from 'vitest';
import { SuperpodInputError } from '../../src/errors.ts';
import {
  Bandwidth,
  Current,
  convert,
  Duration,
  Energy,
  Mass,
  Memory,
  Power,
  RackUnits,
  Temperature,
  UNITS,
  Voltage,
} from '../../src/units/index.ts';
import { inputErrorOf } from '../helpers/errors.ts';

// Expected sizes are the SI definitions (1 kWh = 3.6 MJ, 1 GiB = 2^30 B, 1 Gb/s = 10^9/8 B/s, 0 K = -273.15 °C).
describe('unit tables', () => {
  it('size every unit in its base unit', () => {
    const one = (table: Record<string, { numerator: number; denominator: number }>, symbol: string) => {
      const unit = table[symbol]!;
      return unit.numerator / unit.denominator;
    };
    const expected: Array<[Record<string, { numerator: number; denominator: number }>, string, number]> = [
      [UNITS.power, 'W', 1],
      [UNITS.power, 'kW', 1e3],
      [UNITS.power, 'MW', 1e6],
      [UNITS.energy, 'J', 1],
      [UNITS.energy, 'kWh', 3.6e6],
      [UNITS.voltage, 'V', 1],
      [UNITS.voltage, 'kV', 1e3],
      [UNITS.current, 'A', 1],
      [UNITS.current, 'kA', 1e3],
      [UNITS.mass, 'kg', 1],
      [UNITS.mass, 't', 1e3],
      [UNITS.bandwidth, 'B/s', 1],
      [UNITS.bandwidth, 'GB/s', 1e9],
      [UNITS.bandwidth, 'TB/s', 1e12],
      [UNITS.bandwidth, 'Gb/s', 1.25e8],
      [UNITS.memory, 'B', 1],
      [UNITS.memory, 'MiB', 1_048_576],
      [UNITS.memory, 'GB', 1e9],
      [UNITS.memory, 'GiB', 1_073_741_824],
      [UNITS.memory, 'TB', 1e12],
      [UNITS.memory, 'TiB', 1_099_511_627_776],
      [UNITS.duration, 'us', 1e-6],
      [UNITS.duration, 'ms', 1e-3],
      [UNITS.duration, 's', 1],
      [UNITS.duration, 'min', 60],
      [UNITS.duration, 'h', 3600],
      [UNITS.temperature, '°C', 1],
      [UNITS.temperature, 'K', 1],
      [UNITS.rackHeight, 'U', 1],
    ];
    for (const [table, symbol, size] of expected) expect([symbol, one(table, symbol)]).toEqual([symbol, size]);
    expect(UNITS.temperature.K.offset).toBe(-273.15);
    expect(UNITS.temperature['°C'].offset).toBe(0);
    expect(UNITS.power.kW.symbol).toBe('kW');
  });

  it('converts exactly: the same unit gives the amount back, whole ratios multiply or divide once', () => {
    const x = 47 / 7.3; // (x * 1e9) / 1e9 is not x in floating point
    expect(convert(x, UNITS.memory.GB, UNITS.memory.GB)).toBe(x);
    expect(convert(x, UNITS.temperature.K, UNITS.temperature.K)).toBeCloseTo(x, 12);
    expect(convert(2.5, UNITS.duration.h, UNITS.duration.min)).toBe(150);
    expect(convert(90, UNITS.duration.min, UNITS.duration.h)).toBe(1.5);
    expect(convert(25, UNITS.temperature['°C'], UNITS.temperature.K)).toBeCloseTo(298.15, 10);
    expect(convert(300, UNITS.temperature.K, UNITS.temperature['°C'])).toBeCloseTo(26.85, 10);
    expect(convert(1, UNITS.bandwidth['TB/s'], UNITS.bandwidth['Gb/s'])).toBe(8000);
    expect(UNITS.power.kW.format(138_400, { fixed: true })).toBe('138.4 kW');
    expect(UNITS.duration.ms.format(0.25)).toBe('250 ms');
  });
});

describe('quantities', () => {
  it('convert each factory to the base unit and back', () => {
    expect(Power.watts(950).toWatts()).toBe(950);
    expect(Power.kilowatts(1.5).toKilowatts()).toBe(1.5);
    expect(Power.megawatts(0.5).toWatts()).toBe(500_000);
    expect(Power.kilowatts(2).plus(Power.watts(500)).toWatts()).toBe(2500);
    expect(Power.kilowatts(2).times(1.5).toWatts()).toBe(3000);
    expect(Power.kilowatts(2).times(0).toWatts()).toBe(0);
    expect(Power.kilowatts(2).over(3).toKilowattHours()).toBe(6);
    expect(Power.kilowatts(2).over(0.5).toJoules()).toBe(3.6e6);
    expect(Energy.joules(7.2e6).toKilowattHours()).toBe(2);
    expect(Energy.kilowattHours(1).toJoules()).toBe(3.6e6);
    expect(Voltage.volts(-400).toVolts()).toBe(-400);
    expect(Current.amperes(150).toAmperes()).toBe(150);
    expect(Memory.bytes(512).toBytes()).toBe(512);
    expect(Memory.gigabytes(112).toBytes()).toBe(112e9);
    expect(Memory.gibibytes(1).toGigabytes()).toBe(1.073741824);
    expect(Memory.terabytes(1).toGibibytes()).toBeCloseTo(931.3225746, 6);
    expect(Bandwidth.bytesPerSecond(5e8).toGigabytesPerSecond()).toBe(0.5);
    expect(Bandwidth.gigabytesPerSecond(50).toBytesPerSecond()).toBe(5e10);
    expect(Bandwidth.terabytesPerSecond(4).toGigabytesPerSecond()).toBe(4000);
    expect(Bandwidth.gigabitsPerSecond(400).toBytesPerSecond()).toBe(5e10);
    expect(RackUnits.of(4).toUnits()).toBe(4);
    expect(RackUnits.of(2).toMillimetres()).toBeCloseTo(88.9, 10);
    expect(Mass.kilograms(80).toKilograms()).toBe(80);
    expect(Mass.tonnes(1.5).toKilograms()).toBe(1500);
    expect(Temperature.celsius(45).toCelsius()).toBe(45);
    expect(Temperature.kelvin(0).toCelsius()).toBe(-273.15);
    expect(Temperature.celsius(-273.15).toKelvin()).toBe(0);
    expect(Duration.microseconds(250).toMilliseconds()).toBe(0.25);
    expect(Duration.nanoseconds(200).toSeconds()).toBe(2e-7);
    expect(Duration.nanoseconds(200).toMicroseconds()).toBe(0.2);
    expect(Duration.microseconds(2.1).toNanoseconds()).toBe(2100);
    expect(Duration.milliseconds(2).toMicroseconds()).toBe(2000);
    expect(Duration.seconds(3).toMilliseconds()).toBe(3000);
    expect(Duration.minutes(2).toSeconds()).toBe(120);
  });

  it('write themselves in the unit their size reads best in', () => {
    expect(Power.watts(999).toString()).toBe('999 W');
    expect(Power.watts(1000).toString()).toBe('1 kW');
    expect(Power.kilowatts(138.4).toString()).toBe('138.4 kW');
    expect(Energy.kilowattHours(1.2346).toString()).toBe('1.235 kWh');
    expect(Voltage.volts(800).toString()).toBe('800 V');
    expect(Voltage.volts(-400).toString()).toBe('-400 V');
    expect(Current.amperes(190).toString()).toBe('190 A');
    expect(Memory.gigabytes(112).toString()).toBe('112 GB');
    expect(Memory.gibibytes(80).toString()).toBe('85.9 GB');
    expect(Bandwidth.gigabytesPerSecond(999).toString()).toBe('999 GB/s');
    expect(Bandwidth.terabytesPerSecond(1).toString()).toBe('1 TB/s');
    expect(Bandwidth.terabytesPerSecond(1.456).toString()).toBe('1.46 TB/s');
    expect(RackUnits.of(42).toString()).toBe('42U');
    expect(Mass.kilograms(80).toString()).toBe('80 kg');
    expect(Temperature.celsius(45).toString()).toBe('45 °C');
    expect(Duration.seconds(1).toString()).toBe('1 s');
    expect(Duration.seconds(1.5).toString()).toBe('1.5 s');
    expect(Duration.seconds(1.2346).toString()).toBe('1.235 s');
    expect(Duration.milliseconds(50).toString()).toBe('50 ms');
    expect(Duration.milliseconds(1.2346).toString()).toBe('1.235 ms');
    expect(Duration.milliseconds(999.9).toString()).toBe('999.9 ms');
    expect(Duration.milliseconds(19.84).toHumanString()).toBe('19.8 ms');
    expect(Power.watts(138_400).format('kW', { fixed: true })).toBe('138.4 kW');
  });

  it('take the amounts at their limits: zero, a negative voltage, absolute zero', () => {
    expect(Power.watts(0).toWatts()).toBe(0);
    expect(RackUnits.of(0).toUnits()).toBe(0);
    expect(Voltage.volts(-800).toVolts()).toBe(-800);
    expect(Temperature.celsius(-273.15).toCelsius()).toBe(-273.15);
  });

  it('fails when an amount is out of range, naming the factory, the quantity and an example', () => {
    const cases: Array<[() => unknown, string, string]> = [
      [() => Power.watts(-1), 'Power.watts() needs a finite non-negative number for a power', 'Power.watts(120)'],
      [
        () => Power.kilowatts(-1),
        'Power.kilowatts() needs a finite non-negative number for a power',
        'Power.kilowatts(120)',
      ],
      [
        () => Power.megawatts(-1),
        'Power.megawatts() needs a finite non-negative number for a power',
        'Power.megawatts(120)',
      ],
      [
        () => Power.watts(1).times(-2),
        'Power.times() needs a finite non-negative number for a factor',
        'Power.times(120)',
      ],
      [
        () => Power.watts(1).over(-2),
        'Power.over() needs a finite non-negative number for a duration',
        'Power.over(120)',
      ],
      [
        () => Energy.joules(-1),
        'Energy.joules() needs a finite non-negative number for a energy',
        'Energy.joules(120)',
      ],
      [
        () => Energy.kilowattHours(-1),
        'Energy.kilowattHours() needs a finite non-negative number for a energy',
        'Energy.kilowattHours(120)',
      ],
      [() => Voltage.volts(Number.NaN), 'Voltage.volts() needs a finite number for a voltage', 'Voltage.volts(-5)'],
      [
        () => Current.amperes(-1),
        'Current.amperes() needs a finite non-negative number for a current',
        'Current.amperes(120)',
      ],
      [
        () => Memory.bytes(-1),
        'Memory.bytes() needs a finite non-negative number for a memory size',
        'Memory.bytes(120)',
      ],
      [
        () => Memory.gigabytes(-1),
        'Memory.gigabytes() needs a finite non-negative number for a memory size',
        'Memory.gigabytes(120)',
      ],
      [
        () => Memory.gibibytes(-1),
        'Memory.gibibytes() needs a finite non-negative number for a memory size',
        'Memory.gibibytes(120)',
      ],
      [
        () => Memory.terabytes(-1),
        'Memory.terabytes() needs a finite non-negative number for a memory size',
        'Memory.terabytes(120)',
      ],
      [
        () => Bandwidth.bytesPerSecond(-1),
        'Bandwidth.bytesPerSecond() needs a finite non-negative number for a bandwidth',
        'Bandwidth.bytesPerSecond(120)',
      ],
      [
        () => Bandwidth.gigabytesPerSecond(-1),
        'Bandwidth.gigabytesPerSecond() needs a finite non-negative number for a bandwidth',
        'Bandwidth.gigabytesPerSecond(120)',
      ],
      [
        () => Bandwidth.terabytesPerSecond(-1),
        'Bandwidth.terabytesPerSecond() needs a finite non-negative number for a bandwidth',
        'Bandwidth.terabytesPerSecond(120)',
      ],
      [
        () => Bandwidth.gigabitsPerSecond(-1),
        'Bandwidth.gigabitsPerSecond() needs a finite non-negative number for a bandwidth',
        'Bandwidth.gigabitsPerSecond(120)',
      ],
      [
        () => RackUnits.of(2.5),
        'RackUnits.of() needs a finite non-negative whole number for a rack height',
        'RackUnits.of(120)',
      ],
      [
        () => Mass.kilograms(-1),
        'Mass.kilograms() needs a finite non-negative number for a mass',
        'Mass.kilograms(120)',
      ],
      [() => Mass.tonnes(-1), 'Mass.tonnes() needs a finite non-negative number for a mass', 'Mass.tonnes(120)'],
      [
        () => Temperature.celsius(-273.16),
        'Temperature.celsius() needs a finite number of at least -273.15 for a temperature',
        'Temperature.celsius(-5)',
      ],
      [
        () => Temperature.kelvin(-1),
        'Temperature.kelvin() needs a finite non-negative number for a temperature',
        'Temperature.kelvin(120)',
      ],
      [
        () => Duration.nanoseconds(Number.NaN),
        'Duration.nanoseconds() needs a finite non-negative number for a duration',
        'Duration.nanoseconds(120)',
      ],
      [
        () => Duration.microseconds(-1),
        'Duration.microseconds() needs a finite non-negative number for a duration',
        'Duration.microseconds(120)',
      ],
      [
        () => Duration.milliseconds(-1),
        'Duration.milliseconds() needs a finite non-negative number for a duration',
        'Duration.milliseconds(120)',
      ],
      [
        () => Duration.seconds(-1),
        'Duration.seconds() needs a finite non-negative number for a duration',
        'Duration.seconds(120)',
      ],
      [
        () => Duration.minutes(-1),
        'Duration.minutes() needs a finite non-negative number for a duration',
        'Duration.minutes(120)',
      ],
    ];
    for (const [make, problem, example] of cases) {
      const error = inputErrorOf(make);
      expect(error.problem).toBe(problem);
      expect(error.fix).toBe(`pass an amount such as ${example}`);
      expect(error.where).toMatch(/^test\/units\/quantities\.test\.ts:\d+:\d+$/);
    }
    expect(inputErrorOf(() => Power.watts(Number.POSITIVE_INFINITY)).value).toBe(Number.POSITIVE_INFINITY);
    expect(() => Power.watts('5' as never)).toThrow(SuperpodInputError);
    expect(() => RackUnits.of(-1)).toThrow(SuperpodInputError);
    expect(() => Voltage.volts(Number.POSITIVE_INFINITY)).toThrow(SuperpodInputError);
  });
});
