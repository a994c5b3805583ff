import { AsyncLocalStorage } from 'node:async_hooks';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where a construct or a value was created: a file relative to the working directory, 1-based line and column. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const libraryDirs = [path.join(packageRoot, 'src') + path.sep, path.join(packageRoot, 'constructs') + path.sep];
const ownDirs = [
  ...libraryDirs,
  path.join(packageRoot, 'policies') + path.sep,
  path.join(packageRoot, 'stacks') + path.sep,
];
const framePattern = /\(?((?:file:\/\/)?[^\s()]+):(\d+):(\d+)\)?$/;

/** One frame of a stack trace that is a file (not Node's internals). */
export interface StackFrame extends SourceLocation {
  /** superpod's own code (src/, constructs/, policies/, the embedded stacks/), a package, or the user's code. */
  readonly origin: 'own' | 'dependency' | 'user';
}

/** The file frames of a stack trace, innermost first, with files relative to the working directory. */
export function stackFrames(stack: string): StackFrame[] {
  const frames: StackFrame[] = [];
  for (const line of stack.split('\n')) {
    if (!line.trimStart().startsWith('at ')) continue;
    const frame = fileFrame(line, true);
    if (!frame) continue;
    const origin = isDependency(frame.file) ? 'dependency' : isIn(frame.file, ownDirs) ? 'own' : 'user';
    frames.push({ ...frame, file: toPortableRelative(frame.file), origin });
  }
  return frames;
}

/**
 * The first stack frame outside this library (our `src/` and `constructs/`), outside node_modules and Node's
 * internals: the line of the user's code that called into us. Undefined when no such frame exists.
 */
export function callerLocation(): SourceLocation | undefined {
  const override = sourceOverrides.getStore();
  if (override !== undefined) return override.location ?? undefined;
  const previousLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 30;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = previousLimit;
  for (const line of stack.split('\n').slice(1)) {
    const frame = fileFrame(line);
    if (frame && !isIn(frame.file, libraryDirs)) return { ...frame, file: toPortableRelative(frame.file) };
  }
  return undefined;
}

/** A stack line's absolute file, line and column, unless it is Node's internals (or node_modules, unless asked). */
function fileFrame(line: string, dependencies = false): SourceLocation | undefined {
  const match = framePattern.exec(line.trim());
  if (!match) return undefined;
  // A query string (our loader imports stack files as `main.ts?superpod-load=N`) is not part of the file name.
  let file = match[1]!.replace(/\?[^/]*$/, '');
  if (file.startsWith('file://')) file = fileURLToPath(file);
  if (!path.isAbsolute(file) || (!dependencies && isDependency(file))) return undefined;
  return { file, line: Number(match[2]), column: Number(match[3]) };
}

const isDependency = (file: string) => file.includes(`${path.sep}node_modules${path.sep}`);
const isIn = (file: string, dirs: readonly string[]) => dirs.some((dir) => file.startsWith(dir));

/** The location `withSourceLocation` sets for the constructs built inside it (follows the call chain). */
const sourceOverrides = new AsyncLocalStorage<{ readonly location: SourceLocation | null }>();

/**
 * Runs `build` with every construct created inside it located at `location` instead of at the calling code: a
 * spec file's builder uses it so that reports point at the spec's lines. `null` records no location at all.
 */
export function withSourceLocation<T>(location: SourceLocation | null, build: () => T): T {
  return sourceOverrides.run({ location }, build);
}

export function formatLocation(location: SourceLocation | undefined): string | undefined {
  return location ? `${location.file}:${location.line}:${location.column}` : undefined;
}

function toPortableRelative(file: string): string {
  return path.relative(process.cwd(), file).split(path.sep).join('/');
}
