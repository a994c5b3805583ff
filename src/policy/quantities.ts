/** Number formatting shared by the rules' messages, so every report writes figures the same way. */

/** `138.4 kW`: one decimal, always. */
export function kw(watts: number): string {
  return `${(watts / 1000).toFixed(1)} kW`;
}

/** `150 kW`, `187.5 kW`: a rating, without a trailing `.0`. */
export function kwRating(watts: number): string {
  return `${trimNumber(watts / 1000)} kW`;
}

/** `80%`, `12.5%`. */
export function percent(fraction: number): string {
  return `${trimNumber(fraction * 100)}%`;
}

/** `112.0 GB` (decimal gigabytes, as HBM is sold). */
export function gb(bytes: number): string {
  return `${(bytes / 1e9).toFixed(1)} GB`;
}

/** `1,024` */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** `3 nodes`, `1 node`. */
export function plural(n: number, word: string, pluralWord = `${word}s`): string {
  return `${count(n)} ${n === 1 ? word : pluralWord}`;
}

/** At most one decimal, no trailing zero: 150 -> "150", 187.5 -> "187.5", 0.8333 -> "0.8". */
export function trimNumber(x: number): string {
  const rounded = Math.round(x * 10) / 10;
  return Number.isInteger(rounded) ? String(rounded) : rounded.toFixed(1);
}
