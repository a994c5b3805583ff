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
const framePattern = /\(?((?:file:\/\/)?[^\s()]+):(\d+):(\d+)\)?$/;

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
    const match = framePattern.exec(line.trim());
    if (!match) continue;
    // A query string (our loader imports stack files as `main.ts?superpod-load=N`) is not part of the file name.
    let file = match[1]!.replace(/\?[^/]*$/, '');
    if (file.startsWith('file://')) file = fileURLToPath(file);
    if (!path.isAbsolute(file) || file.includes(`${path.sep}node_modules${path.sep}`)) continue;
    if (libraryDirs.some((dir) => file.startsWith(dir))) continue;
    return { file: toPortableRelative(file), line: Number(match[2]), column: Number(match[3]) };
  }
  return undefined;
}

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
