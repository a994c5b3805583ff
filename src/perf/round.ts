/** Four significant digits, never NaN or Infinity (those are bugs upstream and become 0 here). */
export function round(x: number): number {
  if (!Number.isFinite(x)) return 0;
  if (x === 0) return 0;
  const digits = Math.max(0, 3 - Math.floor(Math.log10(Math.abs(x))));
  const f = 10 ** Math.min(digits, 9);
  return Math.round(x * f) / f;
}

/** Two decimals (currency, watts and kWh in plans), never NaN or Infinity. */
export function round2(x: number): number {
  return Number.isFinite(x) ? Math.round(x * 100) / 100 : 0;
}
