import { checkAmount } from './quantity.ts';
import { UNITS } from './tables.ts';
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
