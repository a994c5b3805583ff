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
