import { checkAmount, trimNumber } from './quantity.ts';

/**
 * Value objects for physical quantities. Private constructors, static factories, SI base values inside
 * (aws-cdk `Duration` style). Engines read the SI number through `toWatts()`, `toBytes()` and so on.
 */

/** Electrical or thermal power. */
export class Power {
  static watts(amount: number): Power {
    return new Power(checkAmount('power', 'Power.watts', amount));
  }
  static kilowatts(amount: number): Power {
    return new Power(checkAmount('power', 'Power.kilowatts', amount) * 1e3);
  }
  static megawatts(amount: number): Power {
    return new Power(checkAmount('power', 'Power.megawatts', amount) * 1e6);
  }
  private constructor(private readonly w: number) {}
  toWatts(): number {
    return this.w;
  }
  toKilowatts(): number {
    return this.w / 1e3;
  }
  plus(other: Power): Power {
    return new Power(this.w + other.w);
  }
  times(factor: number): Power {
    return new Power(this.w * checkAmount('factor', 'Power.times', factor));
  }
  /** Energy used at this power for `hours`. */
  over(hours: number): Energy {
    return Energy.kilowattHours(this.toKilowatts() * checkAmount('duration', 'Power.over', hours));
  }
  toString(): string {
    return this.w >= 1e3 ? `${trimNumber(this.w / 1e3, 1)} kW` : `${trimNumber(this.w, 1)} W`;
  }
}

/** Energy. */
export class Energy {
  static joules(amount: number): Energy {
    return new Energy(checkAmount('energy', 'Energy.joules', amount));
  }
  static kilowattHours(amount: number): Energy {
    return new Energy(checkAmount('energy', 'Energy.kilowattHours', amount) * 3.6e6);
  }
  private constructor(private readonly j: number) {}
  toJoules(): number {
    return this.j;
  }
  toKilowattHours(): number {
    return this.j / 3.6e6;
  }
  toString(): string {
    return `${trimNumber(this.toKilowattHours())} kWh`;
  }
}

/** Memory capacity. Decimal (GB) and binary (GiB) factories both exist because vendors mix them. */
export class Memory {
  static bytes(amount: number): Memory {
    return new Memory(checkAmount('memory size', 'Memory.bytes', amount));
  }
  static gigabytes(amount: number): Memory {
    return new Memory(checkAmount('memory size', 'Memory.gigabytes', amount) * 1e9);
  }
  static gibibytes(amount: number): Memory {
    return new Memory(checkAmount('memory size', 'Memory.gibibytes', amount) * 2 ** 30);
  }
  static terabytes(amount: number): Memory {
    return new Memory(checkAmount('memory size', 'Memory.terabytes', amount) * 1e12);
  }
  private constructor(private readonly b: number) {}
  toBytes(): number {
    return this.b;
  }
  toGigabytes(): number {
    return this.b / 1e9;
  }
  toGibibytes(): number {
    return this.b / 2 ** 30;
  }
  toString(): string {
    return `${trimNumber(this.b / 1e9, 1)} GB`;
  }
}

/** Data rate in bytes per second. Say per direction or bidirectional where you use it. */
export class Bandwidth {
  static bytesPerSecond(amount: number): Bandwidth {
    return new Bandwidth(checkAmount('bandwidth', 'Bandwidth.bytesPerSecond', amount));
  }
  static gigabytesPerSecond(amount: number): Bandwidth {
    return new Bandwidth(checkAmount('bandwidth', 'Bandwidth.gigabytesPerSecond', amount) * 1e9);
  }
  static terabytesPerSecond(amount: number): Bandwidth {
    return new Bandwidth(checkAmount('bandwidth', 'Bandwidth.terabytesPerSecond', amount) * 1e12);
  }
  /** Network line rate in gigabits per second (400G RoCE = `gigabitsPerSecond(400)`). */
  static gigabitsPerSecond(amount: number): Bandwidth {
    return new Bandwidth((checkAmount('bandwidth', 'Bandwidth.gigabitsPerSecond', amount) * 1e9) / 8);
  }
  private constructor(private readonly bps: number) {}
  toBytesPerSecond(): number {
    return this.bps;
  }
  toGigabytesPerSecond(): number {
    return this.bps / 1e9;
  }
  toString(): string {
    return this.bps >= 1e12 ? `${trimNumber(this.bps / 1e12, 2)} TB/s` : `${trimNumber(this.bps / 1e9, 1)} GB/s`;
  }
}

/** Rack height in rack units (1U = 44.45 mm). Whole units only. */
export class RackUnits {
  static of(amount: number): RackUnits {
    return new RackUnits(checkAmount('rack height', 'RackUnits.of', amount, { integer: true }));
  }
  private constructor(private readonly u: number) {}
  toUnits(): number {
    return this.u;
  }
  toMillimetres(): number {
    return this.u * 44.45;
  }
  toString(): string {
    return `${this.u}U`;
  }
}

/** Mass. */
export class Mass {
  static kilograms(amount: number): Mass {
    return new Mass(checkAmount('mass', 'Mass.kilograms', amount));
  }
  static tonnes(amount: number): Mass {
    return new Mass(checkAmount('mass', 'Mass.tonnes', amount) * 1e3);
  }
  private constructor(private readonly kg: number) {}
  toKilograms(): number {
    return this.kg;
  }
  toString(): string {
    return `${trimNumber(this.kg, 1)} kg`;
  }
}

/** Temperature; stored in degrees Celsius. */
export class Temperature {
  static celsius(amount: number): Temperature {
    return new Temperature(
      checkAmount('temperature', 'Temperature.celsius', amount, { allowNegative: true, min: -273.15 }),
    );
  }
  static kelvin(amount: number): Temperature {
    return new Temperature(checkAmount('temperature', 'Temperature.kelvin', amount) - 273.15);
  }
  private constructor(private readonly c: number) {}
  toCelsius(): number {
    return this.c;
  }
  toKelvin(): number {
    return this.c + 273.15;
  }
  toString(): string {
    return `${trimNumber(this.c, 1)} °C`;
  }
}

/** Electric potential. Negative values describe the minus pole of a bipolar (±400 V) feed. */
export class Voltage {
  static volts(amount: number): Voltage {
    return new Voltage(checkAmount('voltage', 'Voltage.volts', amount, { allowNegative: true }));
  }
  private constructor(private readonly v: number) {}
  toVolts(): number {
    return this.v;
  }
  toString(): string {
    return `${trimNumber(this.v, 1)} V`;
  }
}

/** Electric current. */
export class Current {
  static amperes(amount: number): Current {
    return new Current(checkAmount('current', 'Current.amperes', amount));
  }
  private constructor(private readonly a: number) {}
  toAmperes(): number {
    return this.a;
  }
  toString(): string {
    return `${trimNumber(this.a, 1)} A`;
  }
}

/** A span of time (latency targets, timeouts). Stored in seconds. */
export class Duration {
  static seconds(amount: number): Duration {
    return new Duration(checkAmount('duration', 'Duration.seconds', amount));
  }
  static milliseconds(amount: number): Duration {
    return new Duration(checkAmount('duration', 'Duration.milliseconds', amount) / 1e3);
  }
  static minutes(amount: number): Duration {
    return new Duration(checkAmount('duration', 'Duration.minutes', amount) * 60);
  }
  private constructor(private readonly s: number) {}
  toSeconds(): number {
    return this.s;
  }
  toMilliseconds(): number {
    return this.s * 1e3;
  }
  toString(): string {
    return this.s >= 1 ? `${trimNumber(this.s, 3)} s` : `${trimNumber(this.s * 1e3, 3)} ms`;
  }
}
