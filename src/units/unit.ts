import { type FormatOptions, formatNumber } from './format.ts';

/**
 * One unit of a quantity: its symbol and its size in the quantity's base unit, written as a ratio of whole numbers
 * (a millisecond is 1/1000 s, a gigabit per second 10^9/8 B/s) so that a conversion multiplies or divides by an
 * exact integer, as aws-cdk's `TimeUnit` does. `offset` is for scales with another zero (kelvin).
 */
export class Unit<S extends string = string> {
  /**
   * @param symbol what follows the number in text (`kW`)
   * @param numerator size of one unit in base units, numerator
   * @param denominator size of one unit in base units, denominator
   * @param offset base-unit value of this unit's zero
   */
  constructor(
    readonly symbol: S,
    readonly numerator: number,
    readonly denominator = 1,
    readonly offset = 0,
  ) {}

  /** `amount` of the base unit written in this unit: `kW.format(138_400, { fixed: true })` is `138.4 kW`. */
  format(amount: number, options?: FormatOptions): string {
    return `${formatNumber(convert(amount, BASE, this), options)} ${this.symbol}`;
  }
}

/** The base unit of every table: size 1, no offset (W, B, B/s, s, kg, °C, V, A, J, U). */
// Stryker disable next-line StringLiteral: the base unit's symbol is never printed
const BASE = new Unit('', 1);

/** The one conversion: `amount` of `from` expressed in `to` (both units of the same quantity). */
export function convert(amount: number, from: Unit, to: Unit): number {
  if (from.offset === 0 && to.offset === 0) return scale(amount, from, to);
  return scale(scale(amount, from, BASE) + from.offset - to.offset, BASE, to);
}

function scale(amount: number, from: Unit, to: Unit): number {
  const multiply = from.numerator * to.denominator;
  const divide = from.denominator * to.numerator;
  // Stryker disable next-line ConditionalExpression: a fast path; shifting by zero gives the same double
  if (multiply === divide) return amount;
  const shift = powerOfTen(multiply) - powerOfTen(divide);
  if (Number.isInteger(shift)) return shiftDecimal(amount, shift);
  return (amount * multiply) / divide;
}

/** log10 of a power of ten (1, 1000, 10^9), NaN for any other number. */
function powerOfTen(n: number): number {
  const log = Math.round(Math.log10(n));
  return 10 ** log === n ? log : Number.NaN;
}

/**
 * `amount` x 10^shift as the double nearest the decimal result: 2.1 us is 2.1e-6 s, where 2.1 / 10^6 lands one bit
 * above it, so a value written in one unit reads back the same from any other.
 */
function shiftDecimal(amount: number, shift: number): number {
  if (!Number.isFinite(amount)) return amount;
  // Stryker disable next-line StringLiteral: Number('') is 0 too
  const [mantissa, exponent = '0'] = String(amount).split('e');
  return Number(`${mantissa}e${Number(exponent) + shift}`);
}

/** A quantity's units by symbol. */
export type UnitTable<S extends string> = { readonly [K in S]: Unit<K> };

/**
 * What every quantity shares: the amount in its base unit, conversion to any unit of its table and formatting.
 * Subclasses keep their constructors private and expose static factories (`Power.kilowatts(120)`).
 */
export abstract class Quantity<S extends string> {
  /** The amount in the base unit. */
  protected readonly amount: number;

  protected constructor(
    amount: number,
    unit: Unit<S>,
    private readonly units: UnitTable<S>,
  ) {
    this.amount = convert(amount, unit, BASE);
  }

  /** The amount in `unit` (a symbol of this quantity's table, e.g. `'kW'`). */
  to(unit: S): number {
    return convert(this.amount, BASE, this.units[unit]);
  }

  /** The amount in `unit` with its symbol: `Power.watts(138_400).format('kW')` is `138.4 kW`. */
  format(unit: S, options?: FormatOptions): string {
    return `${formatNumber(this.to(unit), options)} ${unit}`;
  }
}
