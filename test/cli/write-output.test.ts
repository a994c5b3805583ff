import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { outputFlag } from '../../src/cli/args.ts';
import { checkOutputWritable } from '../../src/cli/write-output.ts';
import { SuperpodInputError } from '../../src/errors.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'superpod-write-check-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const problemOf = (fn: () => void): string => {
  try {
    fn();
  } catch (error) {
    if (SuperpodInputError.is(error)) return error.message;
    throw error;
  }
  return 'no error';
};

describe('checkOutputWritable: an output that cannot be written fails before the work', () => {
  it('accepts a new path under a writable folder and leaves nothing behind', () => {
    const dir = fs.mkdtempSync(path.join(work, 'ok-'));
    checkOutputWritable(path.join(dir, 'a/b/out.sarif'), 'the output', 'pass --out a file you can write');
    checkOutputWritable(path.join(dir, 'cdktf.out'), 'the output', 'pass --out a folder you can write to');
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('fails when a part of the path is a file, naming the path as given', () => {
    const dir = fs.mkdtempSync(path.join(work, 'through-'));
    fs.writeFileSync(path.join(dir, 'file'), 'x');
    const given = path.join(path.relative(process.cwd(), dir), 'file', 'out', 'report.md');
    expect(problemOf(() => checkOutputWritable(given, 'the output', 'pass --out a file you can write'))).toBe(
      `${given}: cannot write the output: a part of the path is a file, not a folder (ENOTDIR); pass --out a file you can write`,
    );
  });

  it('fails where the kernel allows no new entry (/proc), without creating anything', () => {
    expect(problemOf(() => checkOutputWritable('/proc/superpod-x/out', 'the synth output', 'pass a folder'))).toBe(
      '/proc/superpod-x/out: cannot write the synth output: the file system does not allow creating it (ENOENT); pass a folder',
    );
  });

  // A folder the user may write in, under one they may not (`--out .` in a home folder whose parent is root's).
  const lockedParent = (() => {
    const parent = fs.mkdtempSync(path.join(work, 'locked-'));
    fs.mkdirSync(path.join(parent, 'out'));
    try {
      execFileSync('chattr', ['+i', parent], { stdio: 'ignore' });
    } catch {
      execFileSync('chmod', ['a-w', parent]);
    }
    return parent;
  })();
  afterAll(() => {
    execFileSync('chattr', ['-i', lockedParent], { stdio: 'ignore' });
    fs.chmodSync(lockedParent, 0o755);
  });

  it('accepts an existing folder the output is written inside, whatever its parent allows', () => {
    const out = path.join(lockedParent, 'out');
    checkOutputWritable(out, 'the output', 'pass --out a folder you can write to', true);
    expect(outputFlag('report', out, 'directory', 'cdktf.out/stacks/main')).toBe(out);
    expect(fs.readdirSync(out)).toEqual([]);
  });

  it('fails when synth would stage its output beside the folder, in a parent nobody may write', () => {
    expect(problemOf(() => outputFlag('synth', path.join(lockedParent, 'out'), 'directory', 'cdktf.out'))).toMatch(
      /: cannot write the synth output: (operation not permitted \(EPERM\)|permission denied \(EACCES\)); pass a folder/,
    );
  });

  it('is what outputFlag runs on a given --out, with the synth wording for synth', () => {
    expect(problemOf(() => outputFlag('synth', '/proc/superpod-y', 'directory', 'cdktf.out'))).toMatch(
      /^\/proc\/superpod-y: cannot write the synth output: .*; pass a folder you can write to with --out \(or CDKTF_OUTDIR\)$/,
    );
    expect(problemOf(() => outputFlag('check', '/proc/superpod-y/p.sarif', 'file', 'x.sarif'))).toMatch(
      /^\/proc\/superpod-y\/p\.sarif: cannot write the output: .*; pass --out a file you can write$/,
    );
    expect(outputFlag('check', undefined, 'file', 'x.sarif')).toBeUndefined();
  });
});
