import { SuperpodInputError } from '../errors.ts';

/** What a numeric input of the performance model must be. */
export interface NumberRule {
  readonly min: number;
  readonly max?: number;
  /** A whole number (a count), not any finite number. */
  readonly whole?: boolean;
  /** Overrides the generated problem text. */
  readonly problem?: string;
  readonly fix: string;
}

/** Throws a one-line input error unless `value` is finite (whole when asked) and within the rule's range. */
export function requireNumber(where: string, value: number, rule: NumberRule): void {
  const kind = rule.whole ? Number.isSafeInteger(value) : Number.isFinite(value);
  if (kind && value >= rule.min && (rule.max === undefined || value <= rule.max)) return;
  const noun = rule.whole ? 'a whole number' : 'a finite number';
  const range = rule.max === undefined ? `of at least ${rule.min}` : `from ${rule.min} to ${rule.max}`;
  throw new SuperpodInputError({ where, problem: rule.problem ?? `must be ${noun} ${range}`, value, fix: rule.fix });
}
