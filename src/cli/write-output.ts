import fs from 'node:fs';
import path from 'node:path';
import { ensureDir, errnoError, isFileSystemError, shownPath, writeProblem } from '../file-errors.ts';

/**
 * Writes files under `dir` (relative path -> content) through temporary siblings renamed into place: a reader sees
 * the old or the new file, and a failure (no permission, a read-only or full disk, a file where a folder is
 * expected) leaves the old files untouched and no temporary behind. Failures are the one-line input error naming
 * `dir` as the user gave it; `flag` is the option that chooses another place.
 */
export function writeFilesAtomically(dir: string, files: Readonly<Record<string, string>>, flag: string): void {
  onWrite(dir, `pass ${flag} a folder you can write to`, () => writeAll(dir, files));
}

/** One file written as `writeFilesAtomically` does; `file` is shown as the user gave it. */
export function writeFileAtomically(file: string, content: string, flag: string): void {
  const resolved = path.resolve(file);
  onWrite(file, `pass ${flag} a file you can write`, () =>
    writeAll(path.dirname(resolved), { [path.basename(resolved)]: content }),
  );
}

/**
 * Fails at once, before any work, when the output `shown` (as the user gave it) cannot be written: a part of its
 * path is a file, or the folder the writes go to refuses a new entry (no permission, read-only, /proc). That folder
 * is `shown` itself for a folder whose files are written inside it (`inside`), else the folder holding `shown` (a
 * file's temporary sibling, synth's staging folder), or the nearest of their parents that exists. Probed by making
 * and removing an empty folder there; the write itself still reports what only it can meet (a full disk).
 */
export function checkOutputWritable(shown: string, what: string, fix: string, inside = false): void {
  const target = path.resolve(shown);
  let existing = inside ? target : path.dirname(target);
  try {
    for (;;) {
      const stat = fs.statSync(existing, { throwIfNoEntry: false });
      if (stat?.isDirectory()) break;
      if (stat) throw errnoError('ENOTDIR', 'mkdir', existing);
      if (path.dirname(existing) === existing) return;
      existing = path.dirname(existing);
    }
    fs.rmdirSync(fs.mkdtempSync(path.join(existing, '.superpod-write-check-')));
  } catch (error) {
    throw isFileSystemError(error) ? writeProblem(error, shownPath(shown), what, fix) : error;
  }
}

function onWrite(shown: string, fix: string, write: () => void): void {
  try {
    write();
  } catch (error) {
    throw isFileSystemError(error) ? writeProblem(error, shownPath(shown), 'the output', fix) : error;
  }
}

function writeAll(dir: string, files: Readonly<Record<string, string>>): void {
  const temps: [string, string][] = [];
  try {
    for (const [relative, content] of Object.entries(files)) {
      const target = path.resolve(dir, relative);
      ensureDir(path.dirname(target));
      const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
      temps.push([temp, target]);
      fs.writeFileSync(temp, content);
    }
    for (const [temp, target] of temps) fs.renameSync(temp, target);
  } catch (error) {
    for (const [temp] of temps) fs.rmSync(temp, { force: true });
    throw error;
  }
}
