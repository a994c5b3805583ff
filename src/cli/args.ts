import { type ParseArgsConfig, parseArgs } from 'node:util';
import { SuperpodInputError } from '../errors.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/** `node:util` parseArgs with our error convention: unknown flags and bad values are exit-2 input errors. */
export function parseCommandArgs<O extends Options>(
  command: string,
  args: string[],
  options: O,
  allowPositionals = false,
): ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: boolean; strict: true }>> {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (error) {
    throw new SuperpodInputError({
      where: `superpod ${command}`,
      problem: (error as Error).message.replace(/\.$/, '').replace(/^./, (c) => c.toLowerCase()),
      fix: `run \`superpod ${command} --help\` for the accepted flags`,
    });
  }
}

/** Reads an integer flag, with bounds, as an input error when it is not one. */
export function integerFlag(
  command: string,
  flag: string,
  raw: string | undefined,
  opts: { min?: number; max?: number; fallback?: number } = {},
): number | undefined {
  if (raw === undefined) return opts.fallback;
  const value = Number(raw);
  const min = opts.min ?? Number.MIN_SAFE_INTEGER;
  const max = opts.max ?? Number.MAX_SAFE_INTEGER;
  if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new SuperpodInputError({
      where: `superpod ${command} --${flag}`,
      problem: `expected a whole number${opts.min !== undefined ? ` from ${min}` : ''}${opts.max !== undefined ? ` to ${max}` : ''}`,
      value: raw,
      fix: `pass for example --${flag} ${opts.fallback ?? Math.max(min, 1)}`,
    });
  }
  return value;
}

/** Reads a number flag (decimals allowed), as an input error when it is not a finite number in range. */
export function numberFlag(
  command: string,
  flag: string,
  raw: string | undefined,
  opts: { min?: number; max?: number; fallback?: number } = {},
): number | undefined {
  if (raw === undefined) return opts.fallback;
  const value = Number(raw);
  if (
    raw.trim() === '' ||
    !Number.isFinite(value) ||
    (opts.min !== undefined && value < opts.min) ||
    (opts.max !== undefined && value > opts.max)
  ) {
    throw new SuperpodInputError({
      where: `superpod ${command} --${flag}`,
      problem: `expected a number${opts.min !== undefined ? ` of at least ${opts.min}` : ''}${opts.max !== undefined ? ` and at most ${opts.max}` : ''}`,
      value: raw,
      fix: `pass for example --${flag} ${opts.fallback ?? opts.min ?? 1}`,
    });
  }
  return value;
}
