import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import { SuperpodInputError } from '../errors.ts';

/** Default of `--timeout`: generous for the largest clusters, still bounded so a CI job never hangs. */
export const DEFAULT_TIMEOUT_SECONDS = 1800;

const SIGNAL_NUMBERS = { SIGINT: 2, SIGTERM: 15 } as const;
type Signal = keyof typeof SIGNAL_NUMBERS;

/** The name of the global the watchdog thread calls into on the main thread (the inspector evaluates it there). */
const TIMEOUT_HOOK = '__superpodTimeout';

/**
 * The watchdog thread. When the time is up it asks the main thread, through the inspector, to run the timeout hook:
 * this reaches a thread stuck in a user's endless loop, where no timer can fire.
 */
const WATCHDOG = `
const { Session } = require('node:inspector');
const { workerData } = require('node:worker_threads');
setTimeout(() => {
  const session = new Session();
  session.connectToMainThread();
  session.post('Runtime.evaluate', { expression: 'globalThis.${TIMEOUT_HOOK}?.()' });
}, workerData.ms);
`;

/** Splits the global `--timeout <seconds>` (or `--timeout=<seconds>`) off a command's arguments. */
export function takeTimeoutFlag(command: string, args: readonly string[]): { args: string[]; seconds: number } {
  const rest: string[] = [];
  let raw: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      rest.push(...args.slice(i));
      break;
    }
    if (arg === '--timeout') raw = args[++i] ?? '';
    else if (arg.startsWith('--timeout=')) raw = arg.slice('--timeout='.length);
    else rest.push(arg);
  }
  if (raw === undefined) return { args: rest, seconds: DEFAULT_TIMEOUT_SECONDS };
  const seconds = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(seconds) || seconds < 0 || seconds > 7 * 86400) {
    throw new SuperpodInputError({
      where: `superpod ${command} --timeout`,
      problem: 'expected a number of seconds from 0 (no limit) to 604800',
      value: raw,
      fix: `pass for example --timeout ${DEFAULT_TIMEOUT_SECONDS}`,
    });
  }
  return { args: rest, seconds };
}

export interface Supervision {
  /** What the messages call the run: `superpod synth`. */
  readonly label: string;
  /** 0: no limit. */
  readonly timeoutSeconds: number;
  /** Where the one-line timeout and interrupt messages go. */
  readonly stderr: (text: string) => void;
  /** The command stops on its own when the signal aborts (apply): handle SIGINT/SIGTERM and wait for it. */
  readonly interruptible: boolean;
  /** Said on the first signal, what the command does before it stops. @default 'finishing the requests in flight' */
  readonly interruptNote?: string;
  /** Said after "stopped after N s" when the run times out: what was running, and what to look at. */
  readonly timeoutHint: string;
}

/**
 * Runs a command under a time limit, and lets an interruptible command (apply) stop cleanly on SIGINT/SIGTERM. On
 * timeout: one line and exit 2, even when the user's stack loops forever; the exit hooks remove staging folders, so
 * the previous output stays as it was.
 *
 * Other commands keep the default signal action, an immediate exit: a JavaScript handler would only run once the
 * synchronous work ends, so a busy synth would ignore SIGTERM. Their staging folder is left behind and removed by the
 * next run into the same folder; the output folder itself is only ever replaced whole.
 */
export async function supervise(opts: Supervision, run: (signal: AbortSignal) => Promise<number>): Promise<number> {
  const abort = new AbortController();
  let received: Signal | undefined;
  const onSignal = (signal: Signal) => {
    if (received !== undefined) {
      opts.stderr(`${opts.label}: interrupted by ${signal} again: stopping now\n`);
      process.exit(128 + SIGNAL_NUMBERS[signal]);
    }
    received = signal;
    const note = opts.interruptNote ?? 'finishing the requests in flight';
    opts.stderr(`${opts.label}: ${signal} received: ${note} (send it again to stop now)\n`);
    abort.abort(signal);
  };
  const onInt = () => onSignal('SIGINT');
  const onTerm = () => onSignal('SIGTERM');
  if (opts.interruptible) {
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
  }
  const stopWatchdog = opts.timeoutSeconds > 0 ? startWatchdog(opts) : () => {};
  try {
    const code = await run(abort.signal);
    return received === undefined ? code : 128 + SIGNAL_NUMBERS[received];
  } finally {
    stopWatchdog();
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  }
}

function startWatchdog(opts: Supervision): () => void {
  const global = globalThis as Record<string, unknown>;
  global[TIMEOUT_HOOK] = () => {
    global[TIMEOUT_HOOK] = undefined;
    opts.stderr(
      `error: ${opts.label}: stopped after ${opts.timeoutSeconds} s (--timeout ${opts.timeoutSeconds}): ${opts.timeoutHint}\n`,
    );
    // Exit from inside the hook: the stuck code never resumes. The exit hooks remove the staging folders. stderr is
    // closed first, as Node would otherwise add "Waiting for the debugger to disconnect..." for the watchdog's session.
    fs.closeSync(2);
    process.exit(2);
  };
  const worker = new Worker(WATCHDOG, { eval: true, workerData: { ms: opts.timeoutSeconds * 1000 } });
  worker.unref();
  return () => {
    global[TIMEOUT_HOOK] = undefined;
    void worker.terminate();
  };
}
