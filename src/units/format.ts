/**
 * The one number formatter: every figure superpod writes (reports, policy messages, CLI output, unit `toString()`)
 * goes through `formatNumber`, so the same value reads the same everywhere.
 */

/** How a number is written. */
export interface FormatOptions {
  /**
   * Digits after the decimal point (rounded half away from zero, as `Number.prototype.toFixed` does).
   * @default 1
   */
  readonly decimals?: number;
  /**
   * Keep trailing zeros: `138.0` instead of `138`.
   * @default false
   */
  readonly fixed?: boolean;
  /**
   * Group thousands with commas: `20,480`.
   * @default false
   */
  readonly grouping?: boolean;
}

/** `formatNumber(187.5)` is `187.5`, `formatNumber(150, { fixed: true })` is `150.0`; `-0` is written `0`. */
export function formatNumber(value: number, options: FormatOptions = {}): string {
  const { decimals = 1, fixed = false, grouping = false } = options;
  let text = value.toFixed(decimals); // Infinity and NaN come out as their names
  if (!fixed && text.includes('.')) text = text.replace(/\.?0+$/, '');
  // Stryker disable next-line Regex: the text starts with its sign or first digit, so an unanchored match is the same
  if (/^-0(\.0*)?$/.test(text)) text = text.slice(1);
  // Stryker disable next-line Regex: the text starts with its sign or first digit, so an unanchored match is the same
  return grouping ? text.replace(/^(-?\d+)/, (whole) => whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')) : text;
}

/** A fraction as a percentage: `formatPercent(0.8)` is `80%`, `formatPercent(0.125)` is `12.5%`. */
export function formatPercent(fraction: number, options: FormatOptions = {}): string {
  return `${formatNumber(fraction * 100, options)}%`;
}

/** A count with thousands grouped: `1,024`; fractions keep up to three decimals. */
export function count(n: number): string {
  return formatNumber(n, { decimals: 3, grouping: true });
}

/** `3 nodes`, `1 node`. */
export function plural(n: number, word: string, pluralWord = `${word}s`): string {
  return `${count(n)} ${n === 1 ? word : pluralWord}`;
}
