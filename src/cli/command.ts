import { SuperpodInputError } from '../errors.ts';
import { type FlagOptions, type ParsedFlags, parseCommandArgs } from './args.ts';
import type { CliIO } from './io.ts';

/** One `superpod <name>` command. `run` returns the exit code; bad input is thrown as SuperpodInputError. */
export interface Command {
  readonly name: string;
  /** Full help text, printed by `superpod <name> --help`. */
  readonly usage: string;
  run(args: string[], io: CliIO): Promise<number>;
  /** Stops cleanly on its own when `io.signal` aborts (apply); others exit at once on SIGINT/SIGTERM. */
  readonly interruptible?: boolean;
  /** What an interruptible command does on the first signal (`removing its temporary folders`). */
  readonly interruptNote?: string;
}

/** What a command (or a subcommand) declares: its flags and what it does with them once parsed. */
export interface CommandProps<O extends FlagOptions> {
  readonly options: O;
  /** Accepts arguments that are not flags (default: false, a stray word is an input error). */
  readonly positionals?: boolean;
  run(parsed: ParsedFlags<O>, io: CliIO): Promise<number> | number;
}

/**
 * A command whose file holds only its own logic: the flags are parsed here (unknown flags are exit-2 input errors),
 * `--help`, the timeout and the error-to-exit-code mapping live in `main.ts`.
 */
export function defineCommand<O extends FlagOptions>(
  name: string,
  usage: string,
  props: CommandProps<O> & Pick<Command, 'interruptible' | 'interruptNote'>,
): Command {
  return {
    name,
    usage,
    ...(props.interruptible ? { interruptible: true } : {}),
    ...(props.interruptNote === undefined ? {} : { interruptNote: props.interruptNote }),
    run: async (args, io) => props.run(parseCommandArgs(name, args, props.options, props.positionals === true), io),
  };
}

/**
 * A command made of subcommands (`superpod spec init`): the first word picks one, whose flags are parsed under the
 * name `<command> <sub>`. A missing or unknown word is an input error whose fix is `fix`.
 */
export function defineSubcommands(
  name: string,
  usage: string,
  subcommands: Readonly<Record<string, CommandProps<FlagOptions>>>,
  fix: string,
): Command {
  return {
    name,
    usage,
    run: async ([sub, ...rest], io) => {
      const props = sub === undefined || !Object.hasOwn(subcommands, sub) ? undefined : subcommands[sub];
      if (props === undefined) {
        throw new SuperpodInputError({
          where: `superpod ${name}`,
          problem: sub === undefined ? 'missing subcommand' : 'unknown subcommand',
          value: sub,
          fix,
        });
      }
      return props.run(parseCommandArgs(`${name} ${sub}`, rest, props.options, props.positionals === true), io);
    },
  };
}

/** One subcommand's flags and logic, typed by its flags (`defineSubcommands` takes a record of them). */
export function subcommand<O extends FlagOptions>(props: CommandProps<O>): CommandProps<FlagOptions> {
  return props as unknown as CommandProps<FlagOptions>;
}
