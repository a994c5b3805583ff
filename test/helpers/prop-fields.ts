import fc from 'fast-check';

/** One generated prop: left out, a valid value, or a wrong one (another type, out of range). */
export type Field<T> =
  | { readonly kind: 'absent'; readonly value: undefined }
  | { readonly kind: 'valid'; readonly value: T }
  | { readonly kind: 'wrong'; readonly value: unknown };

/** An optional prop: mostly valid, sometimes left out, now and then wrong. */
export function optionalField<T>(valid: fc.Arbitrary<T>, wrong: fc.Arbitrary<unknown>): fc.Arbitrary<Field<T>> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constant({ kind: 'absent' as const, value: undefined }) },
    { weight: 15, arbitrary: valid.map((value) => ({ kind: 'valid' as const, value })) },
    { weight: 1, arbitrary: wrong.map((value) => ({ kind: 'wrong' as const, value })) },
  );
}

/** A required prop: mostly valid, now and then wrong (`wrong` may hold undefined: the prop left out). */
export function requiredField<T>(valid: fc.Arbitrary<T>, wrong: fc.Arbitrary<unknown>): fc.Arbitrary<Field<T>> {
  return fc.oneof(
    { weight: 12, arbitrary: valid.map((value) => ({ kind: 'valid' as const, value })) },
    { weight: 1, arbitrary: wrong.map((value) => ({ kind: 'wrong' as const, value })) },
  );
}

/**
 * Runs `check` on `numRuns` generated cases; `check` returns whether the case was accepted (it asserts the rest itself).
 * Returns the counts, for the caller's floor on each side.
 */
export function countOutcomes<C>(
  cases: fc.Arbitrary<C>,
  check: (c: C) => boolean,
  opts: { numRuns: number; seed: number },
): { accepted: number; rejected: number } {
  let accepted = 0;
  let rejected = 0;
  fc.assert(
    fc.property(cases, (c) => {
      if (check(c)) accepted++;
      else rejected++;
    }),
    opts,
  );
  return { accepted, rejected };
}
