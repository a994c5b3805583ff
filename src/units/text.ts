import { formatNumber, formatPercent } from './format.ts';
import { UNITS } from './tables.ts';

/**
 * How figures read in policy messages, reports and CLI output, for amounts held as SI numbers (watts, bytes,
 * seconds). Every one goes through the unit tables and `formatNumber`, so a load reads the same in a SARIF message
 * and on the capacity page.
 */

/** `138.4 kW`: a load, one decimal always. */
export function kilowatts(watts: number): string {
  return UNITS.power.kW.format(watts, { fixed: true });
}

/** `150 kW`, `187.5 kW`: a rating, without a trailing `.0`. */
export function kilowattRating(watts: number): string {
  return UNITS.power.kW.format(watts);
}

/** `1.23 MW` from 1 MW up, else `kilowatts()`. */
export function megawattsOrKilowatts(watts: number): string {
  return Math.abs(watts) >= 1e6 ? UNITS.power.MW.format(watts, { decimals: 2, fixed: true }) : kilowatts(watts);
}

/** `112.0 GB`: decimal gigabytes, as HBM is sold, one decimal always. */
export function gigabytes(bytes: number): string {
  return UNITS.memory.GB.format(bytes, { fixed: true });
}

/** `8.0 GB/s`, `1.4 TB/s`: one decimal, in TB/s from 1 TB/s up. */
export function bytesPerSecond(rate: number): string {
  const unit = rate >= 1e12 ? UNITS.bandwidth['TB/s'] : UNITS.bandwidth['GB/s'];
  return unit.format(rate, { fixed: true });
}

/** `73%` for a table cell: whole percent, one decimal below 10% (`7.5%`); `—` when not finite. */
export function wholePercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return '—';
  const p = Math.abs(fraction * 100);
  return formatPercent(fraction, { decimals: p !== 0 && p < 10 ? 1 : 0, fixed: true });
}

/** `1.25 s`, `246 ms`, `19.8 ms`, `2.50 ms`: three significant figures; `∞` for a time that never ends. */
export function humanSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return '∞';
  if (seconds >= 1) return UNITS.duration.s.format(seconds, { decimals: 2, fixed: true });
  const ms = seconds * 1e3;
  return UNITS.duration.ms.format(seconds, { decimals: ms >= 100 ? 0 : ms >= 10 ? 1 : 2, fixed: true });
}

/** `1,024`: a whole count, rounded. */
export function wholeNumber(n: number): string {
  return formatNumber(n, { decimals: 0, grouping: true });
}

/** Three significant figures without exponent for everyday magnitudes: `0.273`, `62.7`, `20,480`. */
export function significant(x: number): string {
  if (!Number.isFinite(x)) return '—';
  if (x === 0) return '0';
  const abs = Math.abs(x);
  if (abs >= 1000) return wholeNumber(x);
  return formatNumber(x, { decimals: Math.min(Math.max(0, 2 - Math.floor(Math.log10(abs))), 6), fixed: true });
}

/** `840 L`, `1,230 L`, `7,358 m³`: water volumes, in cubic metres from a million litres up. */
export function litres(x: number): string {
  if (Math.abs(x) >= 1e6) return `${wholeNumber(x / 1e3)} m³`;
  return `${significant(x)} L`;
}
