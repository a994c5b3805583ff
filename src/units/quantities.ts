/**
 * The quantities: one class per quantity over its unit table (`tables.ts`), as aws-cdk's `Duration`. Each factory
 * checks its amount and converts it to the base unit once; `to()` and `format()` come from `Quantity`.
 */
import { checkAmount } from './quantity.ts';
import { UNITS } from './tables.ts';
import { humanSeconds } from './text.ts';
import { Quantity, type Unit } from './unit.ts';

const POWER = UNITS.power;
const ENERGY = UNITS.energy;
const VOLTAGE = UNITS.voltage;
const CURRENT = UNITS.current;

/** Electrical or thermal power. */
export class Power extends Quantity<keyof typeof POWER> {
  /** @param amount power in watts (W) */
  static watts(amount: number): Power {
    return new Power(checkAmount('power', 'Power.watts', amount), POWER.W);
  }
  /** @param amount power in kilowatts (kW) */
  static kilowatts(amount: number): Power {
    return new Power(checkAmount('power', 'Power.kilowatts', amount), POWER.kW);
  }
  /** @param amount power in megawatts (MW) */
  static megawatts(amount: number): Power {
    return new Power(checkAmount('power', 'Power.megawatts', amount), POWER.MW);
  }
  private constructor(amount: number, unit: Unit<keyof typeof POWER>) {
    super(amount, unit, POWER);
  }
  /** @returns the power in watts */
  toWatts(): number {
    return this.amount;
  }
  /** @returns the power in kilowatts */
  toKilowatts(): number {
    return this.to('kW');
  }
  /** @returns the sum of both powers */
  plus(other: Power): Power {
    return new Power(this.amount + other.amount, POWER.W);
  }
  /** @returns this power scaled by a non-negative `factor` */
  times(factor: number): Power {
    return new Power(this.amount * checkAmount('factor', 'Power.times', factor), POWER.W);
  }
  /** @returns the energy used at this power for `hours` */
  over(hours: number): Energy {
    return Energy.kilowattHours(this.toKilowatts() * checkAmount('duration', 'Power.over', hours));
  }
  /** `950 W`, `138.4 kW` */
  override toString(): string {
    return this.format(this.amount >= 1e3 ? 'kW' : 'W');
  }
}

/** Energy. */
export class Energy extends Quantity<keyof typeof ENERGY> {
  /** @param amount energy in joules (J) */
  static joules(amount: number): Energy {
    return new Energy(checkAmount('energy', 'Energy.joules', amount), ENERGY.J);
  }
  /** @param amount energy in kilowatt-hours (kWh) */
  static kilowattHours(amount: number): Energy {
    return new Energy(checkAmount('energy', 'Energy.kilowattHours', amount), ENERGY.kWh);
  }
  private constructor(amount: number, unit: Unit<keyof typeof ENERGY>) {
    super(amount, unit, ENERGY);
  }
  /** @returns the energy in joules */
  toJoules(): number {
    return this.amount;
  }
  /** @returns the energy in kilowatt-hours */
  toKilowattHours(): number {
    return this.to('kWh');
  }
  /** `12.5 kWh` */
  override toString(): string {
    return this.format('kWh', { decimals: 3 });
  }
}

/** Electric potential. Negative values describe the minus pole of a bipolar (±400 V) feed. */
export class Voltage extends Quantity<keyof typeof VOLTAGE> {
  /** @param amount potential in volts (V), negative for the minus pole */
  static volts(amount: number): Voltage {
    return new Voltage(checkAmount('voltage', 'Voltage.volts', amount, { allowNegative: true }), VOLTAGE.V);
  }
  private constructor(amount: number, unit: Unit<keyof typeof VOLTAGE>) {
    super(amount, unit, VOLTAGE);
  }
  /** @returns the potential in volts */
  toVolts(): number {
    return this.amount;
  }
  /** `800 V` */
  override toString(): string {
    return this.format('V');
  }
}

/** Electric current. */
export class Current extends Quantity<keyof typeof CURRENT> {
  /** @param amount current in amperes (A) */
  static amperes(amount: number): Current {
    return new Current(checkAmount('current', 'Current.amperes', amount), CURRENT.A);
  }
  private constructor(amount: number, unit: Unit<keyof typeof CURRENT>) {
    super(amount, unit, CURRENT);
  }
  /** @returns the current in amperes */
  toAmperes(): number {
    return this.amount;
  }
  /** `150 A` */
  override toString(): string {
    return this.format('A');
  }
}

const MEMORY = UNITS.memory;
const BANDWIDTH = UNITS.bandwidth;

/** Memory capacity. Decimal (GB) and binary (GiB) factories both exist because vendors mix them. */
export class Memory extends Quantity<keyof typeof MEMORY> {
  /** @param amount size in bytes (B) */
  static bytes(amount: number): Memory {
    return new Memory(checkAmount('memory size', 'Memory.bytes', amount), MEMORY.B);
  }
  /** @param amount size in decimal gigabytes (GB, 10^9 bytes) */
  static gigabytes(amount: number): Memory {
    return new Memory(checkAmount('memory size', 'Memory.gigabytes', amount), MEMORY.GB);
  }
  /** @param amount size in binary gibibytes (GiB, 2^30 bytes) */
  static gibibytes(amount: number): Memory {
    return new Memory(checkAmount('memory size', 'Memory.gibibytes', amount), MEMORY.GiB);
  }
  /** @param amount size in decimal terabytes (TB, 10^12 bytes) */
  static terabytes(amount: number): Memory {
    return new Memory(checkAmount('memory size', 'Memory.terabytes', amount), MEMORY.TB);
  }
  private constructor(amount: number, unit: Unit<keyof typeof MEMORY>) {
    super(amount, unit, MEMORY);
  }
  /** @returns the size in bytes */
  toBytes(): number {
    return this.amount;
  }
  /** @returns the size in decimal gigabytes */
  toGigabytes(): number {
    return this.to('GB');
  }
  /** @returns the size in binary gibibytes */
  toGibibytes(): number {
    return this.to('GiB');
  }
  /** `112 GB` (decimal, as HBM is sold) */
  override toString(): string {
    return this.format('GB');
  }
}

/** Data rate in bytes per second. Say per direction or bidirectional where you use it. */
export class Bandwidth extends Quantity<keyof typeof BANDWIDTH> {
  /** @param amount rate in bytes per second (B/s) */
  static bytesPerSecond(amount: number): Bandwidth {
    return new Bandwidth(checkAmount('bandwidth', 'Bandwidth.bytesPerSecond', amount), BANDWIDTH['B/s']);
  }
  /** @param amount rate in decimal gigabytes per second (GB/s) */
  static gigabytesPerSecond(amount: number): Bandwidth {
    return new Bandwidth(checkAmount('bandwidth', 'Bandwidth.gigabytesPerSecond', amount), BANDWIDTH['GB/s']);
  }
  /** @param amount rate in decimal terabytes per second (TB/s) */
  static terabytesPerSecond(amount: number): Bandwidth {
    return new Bandwidth(checkAmount('bandwidth', 'Bandwidth.terabytesPerSecond', amount), BANDWIDTH['TB/s']);
  }
  /** @param amount network line rate in gigabits per second (400G RoCE = `gigabitsPerSecond(400)`) */
  static gigabitsPerSecond(amount: number): Bandwidth {
    return new Bandwidth(checkAmount('bandwidth', 'Bandwidth.gigabitsPerSecond', amount), BANDWIDTH['Gb/s']);
  }
  private constructor(amount: number, unit: Unit<keyof typeof BANDWIDTH>) {
    super(amount, unit, BANDWIDTH);
  }
  /** @returns the rate in bytes per second */
  toBytesPerSecond(): number {
    return this.amount;
  }
  /** @returns the rate in decimal gigabytes per second */
  toGigabytesPerSecond(): number {
    return this.to('GB/s');
  }
  /** `400 GB/s`, `1.4 TB/s` */
  override toString(): string {
    return this.amount >= 1e12 ? this.format('TB/s', { decimals: 2 }) : this.format('GB/s');
  }
}

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

const DURATION = UNITS.duration;

/** A span of time (latency targets, link latencies, timeouts). Stored in seconds. */
export class Duration extends Quantity<keyof typeof DURATION> {
  /** @param amount time in nanoseconds (ns), as a UnifiedBus hop is quoted */
  static nanoseconds(amount: number): Duration {
    return new Duration(checkAmount('duration', 'Duration.nanoseconds', amount), DURATION.ns);
  }
  /** @param amount time in microseconds (µs) */
  static microseconds(amount: number): Duration {
    return new Duration(checkAmount('duration', 'Duration.microseconds', amount), DURATION.us);
  }
  /** @param amount time in milliseconds (ms) */
  static milliseconds(amount: number): Duration {
    return new Duration(checkAmount('duration', 'Duration.milliseconds', amount), DURATION.ms);
  }
  /** @param amount time in seconds (s) */
  static seconds(amount: number): Duration {
    return new Duration(checkAmount('duration', 'Duration.seconds', amount), DURATION.s);
  }
  /** @param amount time in minutes (min) */
  static minutes(amount: number): Duration {
    return new Duration(checkAmount('duration', 'Duration.minutes', amount), DURATION.min);
  }
  private constructor(amount: number, unit: Unit<keyof typeof DURATION>) {
    super(amount, unit, DURATION);
  }
  /** @returns the time in seconds */
  toSeconds(): number {
    return this.amount;
  }
  /** @returns the time in milliseconds */
  toMilliseconds(): number {
    return this.to('ms');
  }
  /** @returns the time in microseconds */
  toMicroseconds(): number {
    return this.to('us');
  }
  /** @returns the time in nanoseconds */
  toNanoseconds(): number {
    return this.to('ns');
  }
  /** `1.5 s`, `50 ms` */
  override toString(): string {
    return this.amount >= 1 ? this.format('s', { decimals: 3 }) : this.format('ms', { decimals: 3 });
  }
  /**
   * Three significant figures, as reports and messages write times: `1.25 s`, `246 ms`, `19.8 ms`, `2.50 ms`;
   * `∞` for a time that never ends (an overloaded queue).
   */
  toHumanString(): string {
    return humanSeconds(this.amount);
  }
}
