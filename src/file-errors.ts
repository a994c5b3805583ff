import fs from 'node:fs';
import path from 'node:path';
import { SuperpodInputError } from './errors.ts';

/**
 * The file system's refusals (permissions, read-only or full disks, a file where a folder is expected): the user's
 * environment, never a bug in superpod. Each maps to the cause shown in the one-line error.
 */
const CAUSES: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large for the file system',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EEXIST: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder, not a file',
  ENOENT: 'no such file or folder',
  ENAMETOOLONG: 'the path is too long',
  ELOOP: 'too many symbolic links in the path',
  EIO: 'input/output error of the device',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files',
  EBUSY: 'the file or folder is busy',
  ETXTBSY: 'the file is busy',
  EXDEV: 'the path crosses file systems',
  ENOTEMPTY: 'the folder is not empty',
  EINVAL: 'the path is not valid here',
};

/** True for an error the file system raised (an errno code such as EACCES, with the failing system call). */
export function isFileSystemError(error: unknown): error is NodeJS.ErrnoException {
  const e = error as NodeJS.ErrnoException | undefined;
  return e instanceof Error && typeof e.code === 'string' && e.code in CAUSES && typeof e.syscall === 'string';
}

/** The cause of a file system error in words, with its code: `read-only file system (EROFS)`. */
export function fileSystemCause(error: NodeJS.ErrnoException): string {
  return `${CAUSES[error.code!] ?? 'file system error'} (${error.code})`;
}

/**
 * A failure to write `shown` (the path as the user gave it) as the one-line input error: the path, the cause and
 * the fix (`fix` names the flag that chooses another place).
 */
export function writeProblem(
  error: NodeJS.ErrnoException,
  shown: string,
  what: string,
  fix: string,
): SuperpodInputError {
  const space = error.code === 'ENOSPC' || error.code === 'EDQUOT' || error.code === 'EFBIG';
  // Creating a path that does not exist fails with ENOENT only where the file system allows no new entries (/proc).
  const cause =
    error.code === 'ENOENT' ? 'the file system does not allow creating it (ENOENT)' : fileSystemCause(error);
  return new SuperpodInputError({
    where: shown,
    problem: `cannot write ${what}: ${cause}`,
    fix: space ? `free some space, or ${fix}` : fix,
  });
}

/** A failure to read the input file `shown` as the one-line input error. */
export function readProblem(error: unknown, shown: string, what: string, fix: string): SuperpodInputError {
  const cause = isFileSystemError(error) ? fileSystemCause(error) : (error as Error).message.split('\n')[0];
  return new SuperpodInputError({ where: shown, problem: `cannot read ${what}: ${cause}`, fix });
}

/**
 * Reads an input file the user named (`file`, shown as given) as UTF-8 text. A missing or unreadable file, a folder,
 * a pipe or a device (reading a FIFO would wait forever) is the one-line input error with the cause and `fix`.
 */
export function readInputText(file: string, what: string, fix: string, maxBytes = 256 * 1024 * 1024): string {
  const shown = shownPath(file);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    throw readProblem(error, shown, what, fix);
  }
  const kind = stat.isDirectory() ? 'it is a folder, not a file' : stat.isFile() ? undefined : 'not a regular file';
  if (kind) throw new SuperpodInputError({ where: shown, problem: `cannot read ${what}: ${kind}`, fix });
  if (stat.size > maxBytes) {
    throw new SuperpodInputError({
      where: shown,
      problem: `cannot read ${what}: larger than ${Math.round(maxBytes / 2 ** 20)} MiB`,
      value: `${stat.size} bytes`,
      fix,
    });
  }
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw readProblem(error, shown, what, fix);
  }
}

/**
 * `mkdir -p` that always ends. Node's recursive mkdir never returns for a parent the kernel refuses to create
 * children in (`/proc/x/y` loops at full CPU on Node 20), so each missing level is created on its own and the first
 * refusal is thrown as the file system's error.
 */
export function ensureDir(dir: string): void {
  const missing: string[] = [];
  let current = path.resolve(dir);
  for (;;) {
    const stat = fs.statSync(current, { throwIfNoEntry: false });
    if (stat?.isDirectory()) break;
    if (stat) throw errnoError('ENOTDIR', 'mkdir', current);
    missing.push(current);
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const level of missing.reverse()) {
    try {
      fs.mkdirSync(level);
    } catch (error) {
      // Another process made it meanwhile (two synths into one folder).
      if ((error as NodeJS.ErrnoException).code === 'EEXIST' && fs.statSync(level).isDirectory()) continue;
      throw error;
    }
  }
}

/** An error shaped as the file system raises it, for a refusal found by looking rather than by a failed call. */
export function errnoError(code: string, syscall: string, file: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`${code}: ${syscall} '${file}'`);
  error.code = code;
  error.syscall = syscall;
  error.path = file;
  return error;
}

/** A path for messages as the user gave it: relative paths stay relative, absolute ones absolute, `/` separators. */
export function shownPath(given: string): string {
  return given.split(path.sep).join('/');
}
