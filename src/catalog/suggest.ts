/** Edit distance (Levenshtein), for "did you mean" hints on unknown ids. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The known id closest to `wanted`, when it is close enough to be a typo or a shorthand
 * (`h100` -> `h100-sxm`, `atlas350` -> `atlas-350`). Ties go to the id listed first.
 */
export function closestId(wanted: string, known: readonly string[]): string | undefined {
  const needle = normalise(wanted);
  if (needle === '') return undefined;
  let best: { id: string; score: number } | undefined;
  for (const id of known) {
    const candidate = normalise(id);
    const distance = editDistance(needle, candidate);
    const contains = candidate.includes(needle) || needle.includes(candidate);
    const score = contains ? Math.min(distance, 1) : distance;
    if (best === undefined || score < best.score) best = { id, score };
  }
  if (best === undefined) return undefined;
  const limit = Math.max(2, Math.floor(needle.length / 3));
  return best.score <= limit ? best.id : undefined;
}

function normalise(id: string): string {
  return id.toLowerCase().replace(/[\s_]+/g, '-');
}

/** `; did you mean "x"?` or nothing, plus the full list: the fix part of an unknown-id error. */
export function unknownIdFix(kind: string, wanted: string, known: readonly string[]): string {
  const guess = closestId(wanted, known);
  const hint = guess ? `did you mean "${guess}"? ` : '';
  return `${hint}known ${kind} ids: ${known.join(', ')}`;
}
