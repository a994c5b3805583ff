import { type ParseArgsConfig, parseArgs } from 'node:util';
import type { Precision } from '../catalog/types.ts';
import { SuperpodInputError } from '../errors.ts';
import { isPrecision, PRECISIONS } from '../perf/precision.ts';
import { checkOutputWritable } from './write-output.ts';

/** A command's flags, as `node:util` parseArgs declares them. */
export type FlagOptions = NonNullable<ParseArgsConfig['options']>;

/** What `parseCommandArgs` returns for the flags `O`. */
export type ParsedFlags<O extends FlagOptions> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O; allowPositionals: boolean; strict: true }>
>;

/** Flags that take a value (`--model llama`). */
export function stringFlags<const K extends string>(...names: K[]): { [P in K]: { type: 'string' } } {
  return Object.fromEntries(names.map((name) => [name, { type: 'string' }])) as { [P in K]: { type: 'string' } };
}

/** Flags that may be given several times (`--pack a.ts --pack b.ts`), read as a list. */
export function listFlags<const K extends string>(...names: K[]): { [P in K]: { type: 'string'; multiple: true } } {
  return Object.fromEntries(names.map((name) => [name, { type: 'string', multiple: true }])) as {
    [P in K]: { type: 'string'; multiple: true };
  };
}

/** Switches (`--json`). */
export function booleanFlags<const K extends string>(...names: K[]): { [P in K]: { type: 'boolean' } } {
  return Object.fromEntries(names.map((name) => [name, { type: 'boolean' }])) as { [P in K]: { type: 'boolean' } };
}

/** `node:util` parseArgs with our error convention: unknown flags and bad values are exit-2 input errors. */
export function parseCommandArgs<O extends FlagOptions>(
  command: string,
  args: string[],
  options: O,
  allowPositionals = false,
): ParsedFlags<O> {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (error) {
    throw new SuperpodInputError({
      where: `superpod ${command}`,
      // node:util's messages can run over several lines ("... ambiguous.\nDid you forget ..."): kept to one.
      problem: (error as Error).message
        .split('\n')
        .map((line) => line.trim().replace(/\.$/, ''))
        .join('; ')
        .replace(/^./, (c) => c.toLowerCase()),
      fix: `run \`superpod ${command} --help\` for the accepted flags`,
    });
  }
}

interface NumberFlagOptions {
  min?: number;
  max?: number;
  fallback?: number;
}

/** Reads an integer flag, with bounds, as an input error when it is not one. */
export function integerFlag(
  command: string,
  flag: string,
  raw: string | undefined,
  opts: NumberFlagOptions = {},
): number | undefined {
  const min = opts.min ?? Number.MIN_SAFE_INTEGER;
  const max = opts.max ?? Number.MAX_SAFE_INTEGER;
  return readNumber(command, flag, raw, opts, {
    valid: (text, value) => /^-?\d+$/.test(text.trim()) && Number.isSafeInteger(value) && value >= min && value <= max,
    problem: `expected a whole number${opts.min !== undefined ? ` from ${min}` : ''}${opts.max !== undefined ? ` to ${max}` : ''}`,
    example: opts.fallback ?? Math.max(min, 1),
  });
}

/** Reads a number flag (decimals allowed), as an input error when it is not a finite number in range. */
export function numberFlag(
  command: string,
  flag: string,
  raw: string | undefined,
  opts: NumberFlagOptions = {},
): number | undefined {
  return readNumber(command, flag, raw, opts, {
    valid: (text, value) =>
      text.trim() !== '' &&
      Number.isFinite(value) &&
      (opts.min === undefined || value >= opts.min) &&
      (opts.max === undefined || value <= opts.max),
    problem: `expected a number${opts.min !== undefined ? ` of at least ${opts.min}` : ''}${opts.max !== undefined ? ` and at most ${opts.max}` : ''}`,
    example: opts.fallback ?? opts.min ?? 1,
  });
}

function readNumber(
  command: string,
  flag: string,
  raw: string | undefined,
  opts: NumberFlagOptions,
  check: { valid: (text: string, value: number) => boolean; problem: string; example: number },
): number | undefined {
  if (raw === undefined) return opts.fallback;
  const value = Number(raw);
  if (check.valid(raw, value)) return value;
  throw new SuperpodInputError({
    where: `superpod ${command} --${flag}`,
    problem: check.problem,
    value: raw,
    fix: `pass for example --${flag} ${check.example}`,
  });
}

/** A flag that takes one of a few words: `raw`, or `fallback` when it is absent. */
export function choiceFlag<const T extends string>(
  command: string,
  flag: string,
  raw: string | undefined,
  allowed: readonly T[],
  fallback: NoInfer<T>,
): T {
  const value = raw ?? fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new SuperpodInputError({
    where: `superpod ${command} --${flag}`,
    problem: `unknown ${flag}`,
    value,
    fix: `use one of ${allowed.join(', ')}`,
  });
}

/**
 * An output path flag (`--out`): absent is fine, blank is an input error whose fix shows `example`, and one that
 * cannot be written fails now rather than after the work.
 */
export function outputFlag(
  command: string,
  raw: string | undefined,
  what: 'file' | 'directory',
  example: string,
): string | undefined {
  if (raw !== undefined && raw.trim() === '') {
    throw new SuperpodInputError({
      where: `superpod ${command} --out`,
      problem: `empty output ${what}`,
      value: raw,
      fix: `pass a ${what} such as --out ${example}`,
    });
  }
  if (raw === undefined) return raw;
  if (command === 'synth') {
    // synth stages its output beside the folder and renames it into place.
    checkOutputWritable(raw, 'the synth output', 'pass a folder you can write to with --out (or CDKTF_OUTDIR)');
  } else if (what === 'directory') {
    checkOutputWritable(raw, 'the output', 'pass --out a folder you can write to', true);
  } else {
    checkOutputWritable(raw, 'the output', 'pass --out a file you can write');
  }
  return raw;
}

/** A required flag's value, as an input error when it is absent or blank. */
export function requiredFlag(command: string, flag: string, raw: string | undefined, example: string): string {
  if (raw === undefined || raw.trim() === '') {
    throw new SuperpodInputError({
      where: `superpod ${command}`,
      problem: `--${flag} is required`,
      fix: `pass for example --${flag} ${example}`,
    });
  }
  return raw;
}

/**
 * The words after a command's flags, `min` to `max` of them, as an input error otherwise (`problem` says what the
 * command takes, `fix` what to pass).
 */
export function positionalArgs(
  command: string,
  positionals: readonly string[],
  count: { min: number; max: number },
  problem: string,
  fix: string,
): readonly string[] {
  if (positionals.length >= count.min && positionals.length <= count.max) return positionals;
  throw new SuperpodInputError({
    where: `superpod ${command}`,
    problem,
    ...(positionals.length > count.max ? { value: positionals.join(' ') } : {}),
    fix,
  });
}

/** The one word a command takes after its flags (`catalog show <id>`): `what` names it in the error. */
export function onePositional(command: string, positionals: readonly string[], what: string, fix: string): string {
  return positionalArgs(command, positionals, { min: 1, max: 1 }, `takes exactly one ${what}`, fix)[0]!;
}

/** A numeric-format flag of `superpod <command>`, or an input error listing the formats. */
export function precisionFlag(command: string, flag: string, raw: string | undefined): Precision | undefined {
  if (raw === undefined) return undefined;
  if (!isPrecision(raw)) {
    throw new SuperpodInputError({
      where: `superpod ${command} --${flag}`,
      problem: 'unknown numeric format',
      value: raw,
      fix: `use one of ${PRECISIONS.join(', ')}`,
    });
  }
  return raw;
}
