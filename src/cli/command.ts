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
