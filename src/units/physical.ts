import { checkAmount } from './quantity.ts';
import { UNITS } from './tables.ts';
import { Quantity, type Unit } from './unit.ts';

const RACK_HEIGHT = UNITS.rackHeight;
const MASS = UNITS.mass;
const TEMPERATURE = UNITS.temperature;

/** One rack unit (1U) in millimetres (EIA-310). */
const MILLIMETRES_PER_U = 44.45;

/** Rack height in rack units (1U = 44.45 mm). Whole units only. */
export class RackUnits extends Quantity<keyof typeof RACK_HEIGHT> {
  /** @param amount height in whole rack units (U) */
  static of(amount: number): RackUnits {
    return new RackUnits(checkAmount('rack height', 'RackUnits.of', amount, { integer: true }), RACK_HEIGHT.U);
  }
  private constructor(amount: number, unit: Unit<keyof typeof RACK_HEIGHT>) {
    super(amount, unit, RACK_HEIGHT);
  }
  /** @returns the height in rack units */
  toUnits(): number {
    return this.amount;
  }
  /** @returns the height in millimetres */
  toMillimetres(): number {
    return this.amount * MILLIMETRES_PER_U;
  }
  /** `42U`, as rack heights are written */
  override toString(): string {
    return `${this.amount}U`;
  }
}

/** Mass. */
export class Mass extends Quantity<keyof typeof MASS> {
  /** @param amount mass in kilograms (kg) */
  static kilograms(amount: number): Mass {
    return new Mass(checkAmount('mass', 'Mass.kilograms', amount), MASS.kg);
  }
  /** @param amount mass in metric tonnes (t) */
  static tonnes(amount: number): Mass {
    return new Mass(checkAmount('mass', 'Mass.tonnes', amount), MASS.t);
  }
  private constructor(amount: number, unit: Unit<keyof typeof MASS>) {
    super(amount, unit, MASS);
  }
  /** @returns the mass in kilograms */
  toKilograms(): number {
    return this.amount;
  }
  /** `80 kg` */
  override toString(): string {
    return this.format('kg');
  }
}

/** Temperature; stored in degrees Celsius. */
export class Temperature extends Quantity<keyof typeof TEMPERATURE> {
  /** @param amount temperature in degrees Celsius (°C), at least -273.15 */
  static celsius(amount: number): Temperature {
    const checked = checkAmount('temperature', 'Temperature.celsius', amount, { allowNegative: true, min: -273.15 });
    return new Temperature(checked, TEMPERATURE['°C']);
  }
  /** @param amount absolute temperature in kelvin (K) */
  static kelvin(amount: number): Temperature {
    return new Temperature(checkAmount('temperature', 'Temperature.kelvin', amount), TEMPERATURE.K);
  }
  private constructor(amount: number, unit: Unit<keyof typeof TEMPERATURE>) {
    super(amount, unit, TEMPERATURE);
  }
  /** @returns the temperature in degrees Celsius */
  toCelsius(): number {
    return this.amount;
  }
  /** @returns the temperature in kelvin */
  toKelvin(): number {
    return this.to('K');
  }
  /** `45 °C` */
  override toString(): string {
    return this.format('°C');
  }
}
