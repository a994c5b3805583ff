import {
  Bandwidth,
  Current,
  convert,
  Duration,
  Mass,
  Memory,
  Power,
  UNITS,
  type Unit,
  Voltage,
} from '../units/index.ts';

/**
 * Quantities in a spec are strings with a unit ("900 W", "1.6 kW", "150 A", "800 V", "80 kg", "50 GB/s"), so a
 * reviewer never has to guess the unit of a bare number.
 */
interface QuantityTypes {
  power: Power;
  voltage: Voltage;
  current: Current;
  mass: Mass;
  bandwidth: Bandwidth;
  memory: Memory;
  duration: Duration;
}

const units = {
  power: UNITS.power,
  voltage: UNITS.voltage,
  current: UNITS.current,
  mass: UNITS.mass,
  bandwidth: UNITS.bandwidth,
  memory: UNITS.memory,
  duration: UNITS.duration,
} as const;

export type QuantityKind = keyof typeof units;

/** The SI unit each kind is held in (size 1 in its table). */
const BASE: { readonly [K in QuantityKind]: Unit } = {
  power: units.power.W,
  voltage: units.voltage.V,
  current: units.current.A,
  mass: units.mass.kg,
  bandwidth: units.bandwidth['B/s'],
  memory: units.memory.B,
  duration: units.duration.s,
};
export type QuantityOf<K extends QuantityKind> = QuantityTypes[K];

const factories: { [K in QuantityKind]: (amount: number) => QuantityTypes[K] } = {
  power: Power.watts,
  voltage: Voltage.volts,
  current: Current.amperes,
  mass: Mass.kilograms,
  bandwidth: Bandwidth.bytesPerSecond,
  memory: Memory.bytes,
  duration: Duration.seconds,
};

export const EXAMPLES: Readonly<Record<QuantityKind, string>> = {
  power: '900 W',
  voltage: '800 V',
  current: '150 A',
  mass: '80 kg',
  bandwidth: '50 GB/s',
  memory: '144 GB',
  duration: '50 ms',
};

const pattern = /^\s*(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)\s*([A-Za-z/]+)\s*$/;

/** The SI amount of a quantity string, or undefined when it is not one of `kind`. */
export function parseQuantityAmount(kind: QuantityKind, text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  const match = pattern.exec(text);
  if (!match) return undefined;
  const unit = (units[kind] as Readonly<Record<string, Unit>>)[match[2]!];
  if (unit === undefined) return undefined;
  const value = convert(Number(match[1]), unit, BASE[kind]);
  return Number.isFinite(value) ? value : undefined;
}

export function unitsOf(kind: QuantityKind): string[] {
  return Object.keys(units[kind]);
}

/** Builds the unit value object for an SI amount (the unit factories validate sign and range). */
export function toValueObject<K extends QuantityKind>(kind: K, amount: number): QuantityTypes[K] {
  return factories[kind](amount);
}

/**
 * Formats an SI amount with a unit that converts back exactly: a whole number of the largest unit if there is one
 * ("1600 W", "768 GiB", "40 min"), else the largest unit whose decimal reads back exactly, else a fraction of the
 * smallest unit ("0.5 ns").
 */
export function formatQuantity(kind: QuantityKind, amount: number): string {
  const base = BASE[kind];
  const entries = Object.values<Unit>(units[kind])
    .filter((unit) => unit.symbol !== 'Gb/s')
    .sort((a, b) => convert(1, b, base) - convert(1, a, base));
  const exact = (unit: Unit, scaled: number) => convert(Number(String(scaled)), unit, base) === amount;
  // The shortest decimal first: 0.5 us is held as 5e-7 s, which reads 0.49999999999999994 us when divided back.
  const candidates = (unit: Unit) => {
    const scaled = convert(amount, base, unit);
    return [Number(scaled.toPrecision(12)), scaled];
  };
  for (const unit of entries) {
    const scaled = candidates(unit).find((c) => Number.isInteger(c) && c !== 0 && exact(unit, c));
    if (scaled !== undefined) return `${scaled} ${unit.symbol}`;
  }
  for (const unit of entries) {
    const scaled = candidates(unit).find((c) => Math.abs(c) >= 1 && exact(unit, c));
    if (scaled !== undefined) return `${scaled} ${unit.symbol}`;
  }
  // Below one of the smallest unit: a plain fraction of it ("0.5 ns"), not "5e-10 s".
  const smallest = entries[entries.length - 1]!;
  const fraction = candidates(smallest).find((c) => exact(smallest, c));
  if (fraction !== undefined && !String(fraction).includes('e')) return `${fraction} ${smallest.symbol}`;
  return `${amount} ${base.symbol}`;
}
