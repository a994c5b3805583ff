/** Runs the real `superpod` binary in a new process and measures its wall time and peak resident memory. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface Measurement {
  readonly wallMs: number;
  readonly peakRssMb: number;
  readonly stdout: string;
}

export function measureCli(args: string[], opts: { allowExitCodes?: number[] } = {}): Measurement {
  const rssFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'superpod-rss-')), 'rss');
  const started = process.hrtime.bigint();
  const result = spawnSync(
    process.execPath,
    ['--import', path.join(root, 'test/bench/rss-reporter.mjs'), 'bin/superpod.js', ...args],
    {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      env: { ...process.env, CHECKPOINT_DISABLE: '1', SUPERPOD_BENCH_RSS_FILE: rssFile },
    },
  );
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0 && !(opts.allowExitCodes ?? []).includes(result.status ?? -1)) {
    throw new Error(`superpod ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  }
  const peakRssMb = Number(fs.readFileSync(rssFile, 'utf8')) / 1024;
  fs.rmSync(path.dirname(rssFile), { recursive: true, force: true });
  return { wallMs, peakRssMb, stdout: result.stdout };
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}
