import { checkAmount } from './quantity.ts';
import { UNITS } from './tables.ts';
import { Quantity, type Unit } from './unit.ts';

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
