import { Bandwidth, Current, Duration, Mass, Memory, Power, Voltage } from '../units/index.ts';

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
  power: { W: 1, kW: 1e3, MW: 1e6 },
  voltage: { V: 1, kV: 1e3 },
  current: { A: 1, kA: 1e3 },
  mass: { kg: 1, t: 1e3 },
  bandwidth: { 'B/s': 1, 'GB/s': 1e9, 'TB/s': 1e12, 'Gb/s': 1e9 / 8 },
  memory: { B: 1, MiB: 2 ** 20, GB: 1e9, GiB: 2 ** 30, TB: 1e12, TiB: 2 ** 40 },
  duration: { ms: 1e-3, s: 1, min: 60, h: 3600 },
} as const;

export type QuantityKind = keyof typeof units;
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
  const scale = (units[kind] as Record<string, number>)[match[2]!];
  if (scale === undefined) return undefined;
  const value = Number(match[1]) * scale;
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
 * ("1600 W", "768 GiB", "40 min"), else the largest unit whose decimal reads back exactly.
 */
export function formatQuantity(kind: QuantityKind, amount: number): string {
  const entries = Object.entries(units[kind] as Record<string, number>)
    .filter(([unit]) => unit !== 'Gb/s')
    .sort((a, b) => b[1] - a[1]);
  const exact = (scaled: number, scale: number) => Number(String(scaled)) * scale === amount;
  for (const [unit, scale] of entries) {
    const scaled = amount / scale;
    if (Number.isInteger(scaled) && scaled !== 0 && exact(scaled, scale)) return `${scaled} ${unit}`;
  }
  for (const [unit, scale] of entries) {
    const scaled = amount / scale;
    if (Math.abs(scaled) >= 1 && exact(scaled, scale)) return `${scaled} ${unit}`;
  }
  const base = entries.find(([, scale]) => scale === 1) ?? entries[entries.length - 1]!;
  return `${amount / base[1]} ${base[0]}`;
}
