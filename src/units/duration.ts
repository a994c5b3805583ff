import { checkAmount } from './quantity.ts';
import { UNITS } from './tables.ts';
import { humanSeconds } from './text.ts';
import { Quantity, type Unit } from './unit.ts';

const DURATION = UNITS.duration;

/** A span of time (latency targets, link latencies, timeouts). Stored in seconds. */
export class Duration extends Quantity<keyof typeof DURATION> {
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
