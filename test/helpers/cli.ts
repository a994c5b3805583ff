import { type ChildProcess, execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtBinary } from './built-package.ts';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const srcIndex = path.join(repoRoot, 'src/index.ts');

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  readonly cwd?: string;
  readonly env?: Record<string, string>;
  /**
   * Run without root's power to read and search anything (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH), so a chmod 000
   * file is unreadable even when the tests run as root. Staying uid 0 keeps the checkout readable wherever it is
   * (a fresh clone in a 0700 `mktemp -d` folder is not readable by user nobody). Needs util-linux `setpriv`.
   */
  readonly withoutReadOverride?: boolean;
  /**
   * The watchdog: a run still going after this long is killed and fails the test with the command line, so a hang
   * never stalls CI. @default 60_000
   */
  readonly timeoutMs?: number;
  /**
   * Run the checkout's `bin/superpod.js`, which runs the TypeScript sources through tsx (`npm run synth` in a clone),
   * instead of the built package's (test/helpers/built-package.ts). @default false
   */
  readonly checkout?: boolean;
}

/**
 * Runs one command line in this process, through the CLI's `main` with its output captured: the command's own
 * behaviour without a new process, for tests that check what a command computes (test/e2e runs the binary).
 */
export async function runInProcess(args: string[]): Promise<CliRun> {
  const { main } = await import('../../src/cli/main.ts');
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    interactive: false,
  });
  return { code, stdout, stderr };
}

/**
 * Runs the real `superpod` binary as a user would, in `cwd`: the built package's, or the checkout's with
 * `checkout: true`; see `spawnCli` for a run the test signals.
 */
export function runCli(args: string[], opts: CliOptions = {}): Promise<CliRun> {
  return spawnCli(args, opts).done;
}

/** Starts the binary and hands back the child (to send signals or read output as it comes) and its result. */
export function spawnCli(args: string[], opts: CliOptions = {}): { child: ChildProcess; done: Promise<CliRun> } {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  let timedOut = false;
  let child!: ChildProcess;
  const done = new Promise<CliRun>((resolve, reject) => {
    const binary = opts.checkout ? path.join(repoRoot, 'bin/superpod.js') : builtBinary();
    const node = [process.execPath, binary, ...args];
    const argv =
      opts.withoutReadOverride && process.getuid?.() === 0
        ? ['setpriv', '--bounding-set=-dac_override,-dac_read_search', ...node]
        : node;
    child = execFile(
      argv[0]!,
      argv.slice(1),
      {
        cwd: opts.cwd ?? repoRoot,
        env: { ...process.env, CHECKPOINT_DISABLE: '1', CDKTF_OUTDIR: '', ...opts.env },
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        clearTimeout(timer);
        if (timedOut) {
          reject(new Error(`watchdog: superpod ${args.join(' ')} did not finish within ${timeoutMs / 1000} s`));
          return;
        }
        const signal = error?.signal ? (os.constants.signals[error.signal] ?? 0) : 0;
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 128 + signal) : 0, stdout, stderr });
      },
    );
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
  });
  return { child, done };
}

/** Every file under `dir` (relative path -> text), in sorted order, for comparing output trees byte for byte. */
export function readTree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.set(path.relative(dir, full), fs.readFileSync(full, 'utf8'));
    }
  };
  walk(dir);
  return files;
}

/** Resolves once `check` holds, polling; fails the test after `ms`. */
export async function until(what: string, check: () => boolean, ms = 45_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
