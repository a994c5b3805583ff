import path from 'node:path';
import { ChecksFailedError, SuperpodInputError } from '../errors.ts';
import { fileSystemCause, isFileSystemError } from '../file-errors.ts';
import { commands } from './commands/index.ts';
import { type CliIO, ExitCode, processIO } from './io.ts';
import { supervise, takeTimeoutFlag } from './supervise.ts';

const toolUsage = (names: string[]) =>
  [
    'superpod: infrastructure as code for Huawei Ascend 950 AI clusters',
    '',
    'Usage: superpod <command> [options]',
    '',
    'Commands:',
    ...names.map((name) => `  ${name.padEnd(12)} ${commands[name]!.summary}`),
    '',
    'Run `superpod <command> --help` for the options of a command.',
    'Every command takes --timeout <seconds> (default 1800, 0 for no limit): past it, it stops with exit 2.',
    'Exit codes: 0 success, 1 the checks found something, 2 bad usage or input, 130/143 interrupted.',
    '',
  ].join('\n');

/** Runs one command line and returns its exit code. Never lets a stack trace reach the user. */
export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  const [name, ...rest] = argv;
  const names = Object.keys(commands).sort();
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(toolUsage(names));
    return name === undefined ? ExitCode.badInput : ExitCode.ok;
  }
  if (name === '--version' || name === '-v') {
    const { PACKAGE_INFO } = await import('../package-info.ts');
    io.stdout(`${PACKAGE_INFO.name} ${PACKAGE_INFO.version}\n`);
    return ExitCode.ok;
  }
  const entry = commands[name];
  if (!entry) {
    io.stderr(`superpod: unknown command "${name}"; run \`superpod --help\` for the list (${names.join(', ')})\n`);
    return ExitCode.badInput;
  }
  try {
    const { command } = await entry.load();
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout(`${command.usage.trimEnd()}\n`);
      return ExitCode.ok;
    }
    const { args, seconds } = takeTimeoutFlag(name, rest);
    const app = args[args.indexOf('--app') + 1];
    return await supervise(
      {
        label: `superpod ${name}`,
        timeoutSeconds: seconds,
        stderr: io.stderr,
        interruptible: command.interruptible === true,
        ...(command.interruptNote === undefined ? {} : { interruptNote: command.interruptNote }),
        timeoutHint:
          args.includes('--app') && app !== undefined
            ? `${app} or what it asks for did not finish; look for an endless loop in it, or pass a larger --timeout`
            : 'the run did not finish; pass a larger --timeout for a very large input',
      },
      (signal) => command.run(args, { ...io, signal }),
    );
  } catch (error) {
    if (ChecksFailedError.is(error)) {
      for (const line of error.findings) io.stderr(`${line}\n`);
      return ExitCode.findings;
    }
    if (SuperpodInputError.is(error)) {
      io.stderr(`error: ${error.message}\n`);
      return ExitCode.badInput;
    }
    // A file the command was pointed at that the system refuses (a permission, a full disk): not our bug.
    if (isFileSystemError(error)) {
      const where = error.path ? path.relative(process.cwd(), error.path) || error.path : `superpod ${name}`;
      io.stderr(
        `error: ${where.split(path.sep).join('/')}: cannot ${error.syscall}: ${fileSystemCause(error)}; check the path and its permissions\n`,
      );
      return ExitCode.badInput;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`internal error: ${message.split('\n')[0]}\n`);
    io.stderr('this is a bug in superpod; set SUPERPOD_DEBUG=1 to see the stack trace and report it\n');
    if (process.env.SUPERPOD_DEBUG && error instanceof Error) io.stderr(`${error.stack}\n`);
    return ExitCode.internal;
  }
}
