import { SuperpodInputError } from '../errors.ts';
import { callerLocation, formatLocation } from '../source-location.ts';

/** Checks an amount given to a unit factory; the error names the caller's file:line. */
export function checkAmount(
  kind: string,
  factory: string,
  amount: number,
  opts: { allowNegative?: boolean; integer?: boolean; min?: number } = {},
): number {
  const bad =
    !Number.isFinite(amount) || // false for anything that is not a number, without coercing
    (!opts.allowNegative && amount < 0) ||
    (opts.integer === true && !Number.isInteger(amount)) ||
    (opts.min !== undefined && amount < opts.min);
  if (bad) {
    throw new SuperpodInputError({
      where: formatLocation(callerLocation()) ?? factory,
      problem: `${factory}() needs a finite ${opts.allowNegative ? '' : 'non-negative '}${opts.integer ? 'whole ' : ''}number${opts.min !== undefined ? ` of at least ${opts.min}` : ''} for a ${kind}`,
      value: amount,
      fix: `pass an amount such as ${factory}(${opts.allowNegative ? '-5' : '120'})`,
    });
  }
  return amount;
}
