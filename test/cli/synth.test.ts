import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../deploy/helpers.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'superpod-synth-cli-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('superpod synth, in process', () => {
  it("gives CDKTF_OUTDIR back as it found it, so a later run does not write into this run's --out", async () => {
    const before = process.env.CDKTF_OUTDIR;
    process.env.CDKTF_OUTDIR = path.join(tmp, 'caller');
    try {
      const run = await cli(['synth', '--out', path.join(tmp, 'first'), '--json']);
      expect(run.code, run.stderr).toBe(0);
      expect(process.env.CDKTF_OUTDIR).toBe(path.join(tmp, 'caller'));
      delete process.env.CDKTF_OUTDIR;
      const failed = await cli(['synth', '--out', '', '--json']);
      expect(failed.code).toBe(2);
      expect('CDKTF_OUTDIR' in process.env).toBe(false);
    } finally {
      if (before === undefined) delete process.env.CDKTF_OUTDIR;
      else process.env.CDKTF_OUTDIR = before;
    }
    expect(fs.readdirSync(tmp)).toEqual(['first']);
  });
});
