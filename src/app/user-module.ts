import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ChecksFailedError, SuperpodInputError } from '../errors.ts';
import { isFileSystemError, readProblem } from '../file-errors.ts';
import { lazy } from '../lazy.ts';
import { formatLocation, stackFrames } from '../source-location.ts';

const TYPESCRIPT_FILE = /\.(?:ts|mts|cts|tsx)$/i;

/** tsx's ES-module and CommonJS loaders, registered once per process on the first TypeScript file. */
const registerTsx = lazy(async () => {
  const [esm, cjs] = await Promise.all([import('tsx/esm/api'), import('tsx/cjs/api')]);
  esm.register();
  cjs.register();
});

/** tsx's TransformError: esbuild's first error as `<file>:<line>:<0-based column>: ERROR: <text>`. */
const transformError = /^Transform failed with \d+ errors?:\n(.+):(\d+):(\d+): ERROR: (.*)/;

/**
 * Imports a user's module (a stack, a policy pack). TypeScript files load through tsx, as cdktf users expect, as ES
 * modules or, in projects without "type": "module", as CommonJS. tsx is registered on the first TypeScript file, so
 * commands that load none (and the compiled reference stack) start without it; when superpod itself runs from its
 * TypeScript sources, a loader is already in place.
 *
 * The user's mistakes — a syntax error, an import that does not resolve, an exception their code throws — become the
 * one-line input error at their file:line (exit 2); an exception raised inside superpod's own code stays an internal
 * error (exit 70).
 */
export async function importUserModule(file: string, what: string, query = ''): Promise<Record<string, unknown>> {
  if (TYPESCRIPT_FILE.test(file) && !import.meta.url.endsWith('.ts')) await registerTsx();
  try {
    return moduleExports((await import(`${pathToFileURL(file).href}${query}`)) as Record<string, unknown>);
  } catch (error) {
    throw userModuleProblem(error, file, what) ?? error;
  }
}

/**
 * The exports of an ES module written in TypeScript, however it was loaded. In a project without "type": "module"
 * tsx compiles the file to CommonJS, and Node's import then hands back `{ default: module.exports }`, the real exports
 * (`pack`, `default`) one level down, marked `__esModule` by the compiler.
 */
export function moduleExports(namespace: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.keys(namespace).filter((key) => key !== 'module.exports');
  const inner = namespace.default as Record<string, unknown> | null | undefined;
  const compiledEsm = typeof inner === 'object' && inner !== null && inner.__esModule === true;
  return keys.length === 1 && keys[0] === 'default' && compiledEsm ? inner : namespace;
}

function userModuleProblem(error: unknown, file: string, what: string): SuperpodInputError | undefined {
  if (SuperpodInputError.is(error) || ChecksFailedError.is(error)) return undefined;
  const shown = relative(file);
  const debug = 'SUPERPOD_DEBUG=1 prints the stack trace';
  const syntax = error instanceof Error ? transformError.exec(error.message) : null;
  if (syntax) {
    const [, at, line, column, text] = syntax;
    return new SuperpodInputError({
      where: `${relative(at!)}:${line}:${Number(column) + 1}`,
      problem: `syntax error in the ${what}: ${text}`,
      fix: 'correct the TypeScript at that line',
    });
  }
  if (!(error instanceof Error)) {
    return new SuperpodInputError({
      where: shown,
      problem: `the ${what} threw a value that is not an Error`,
      value: error,
      fix: `throw an Error, or fix the ${what}`,
    });
  }
  if (isFileSystemError(error) && error.path !== undefined && path.resolve(error.path) === path.resolve(file)) {
    return readProblem(error, shown, `the ${what}`, `make ${shown} readable, or pass another file`);
  }
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
    return new SuperpodInputError({
      where: shown,
      problem: `an import of the ${what} does not resolve: ${firstLine(error.message)}`,
      fix: 'check the import path, or install the package (npm install)',
    });
  }
  const frames = stackFrames(error.stack ?? '');
  // Thrown inside superpod's own code: our bug, even when the user's code called it. A package that throws (the
  // constructs library on a duplicate id) was given the user's values.
  if (frames[0]?.origin === 'own') return undefined;
  const thrownAt = frames.find((f) => f.origin === 'user');
  if (error instanceof SyntaxError && thrownAt === undefined) {
    return new SuperpodInputError({
      where: shown,
      problem: `the ${what} does not load: ${firstLine(error.message)}`,
      fix: 'correct the import or the syntax it names',
    });
  }
  return new SuperpodInputError({
    where: (thrownAt && formatLocation(thrownAt)) ?? shown,
    problem: `the ${what} threw ${error.name}: ${firstLine(error.message)}`,
    fix: `fix the ${what} at that line (${debug})`,
  });
}

const firstLine = (text: string) => text.split('\n')[0]!.trim();

function relative(file: string): string {
  return path.relative(process.cwd(), path.resolve(file)).split(path.sep).join('/') || file;
}
