/** Six significant digits: enough for any figure a review reads, and no float noise in a diff. */
export function round(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const r = Number(x.toPrecision(6));
  return Object.is(r, -0) ? 0 : r;
}
