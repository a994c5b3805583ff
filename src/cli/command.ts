import type { CliIO } from './io.ts';

/** One `superpod <name>` command. `run` returns the exit code; bad input is thrown as SuperpodInputError. */
export interface Command {
  readonly name: string;
  /** Full help text, printed by `superpod <name> --help`. */
  readonly usage: string;
  run(args: string[], io: CliIO): Promise<number>;
}
