/** Where a command writes. Tests pass buffers; the real CLI passes the process streams. */
export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** True when stderr is a terminal and not in CI: progress bars may be drawn. */
  readonly interactive: boolean;
  /** Aborted on SIGINT/SIGTERM, for commands that stop cleanly on their own (Command.interruptible). */
  readonly signal?: AbortSignal;
}

export const processIO: CliIO = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  interactive: Boolean(process.stderr.isTTY) && !process.env.CI,
};

/** Exit codes every command keeps. */
export const ExitCode = {
  ok: 0,
  findings: 1,
  badInput: 2,
  internal: 70,
} as const;
