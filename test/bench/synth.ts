/**
 * Synth benchmark: wall time and peak memory of `superpod synth` (a new process each run, as a user runs it) on the
 * reference stack (with its inference service and training job), on a full Atlas 950 SuperPoD (8,192 NPUs), and on
 * the same SuperPoD with every node on DRA (1,024 ResourceSlices) plus workloads. Prints medians of 5 runs.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const runs = Number(process.env.BENCH_RUNS ?? 5);
const scenarios = [
  { name: 'reference stack (stacks/main.ts, 352 NPUs)', app: 'stacks/main.ts' },
  { name: 'Atlas 950 SuperPoD (8,192 NPUs, 1,024 nodes, 128 racks)', app: 'stacks/examples/atlas-950-superpod.ts' },
  {
    name: 'Atlas 950 SuperPoD on DRA + workloads (1,024 ResourceSlices, 64 LWS instances, 512-node job)',
    app: 'test/bench/apps/atlas-950-superpod-dra.ts',
  },
];

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'superpod-bench-'));
console.log(`synth benchmark, ${runs} runs each, median (min-max); ${os.cpus().length} cores`);
for (const scenario of scenarios) {
  const wall: number[] = [];
  const rss: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    const rssFile = path.join(work, 'rss');
    const result = spawnSync(
      process.execPath,
      [
        '--import',
        path.join(root, 'test/bench/rss-reporter.mjs'),
        'bin/superpod.js',
        'synth',
        '--app',
        scenario.app,
        '--out',
        path.join(work, 'out'),
      ],
      {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, CHECKPOINT_DISABLE: '1', SUPERPOD_BENCH_RSS_FILE: rssFile },
      },
    );
    const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
    if (result.status !== 0) {
      console.error(result.stderr);
      process.exit(1);
    }
    wall.push(elapsed);
    rss.push(Number(fs.readFileSync(rssFile, 'utf8')) / 1024);
  }
  console.log(
    `  ${scenario.name}: wall ${median(wall).toFixed(0)} ms (${Math.min(...wall).toFixed(0)}-${Math.max(...wall).toFixed(0)}), peak RSS ${median(rss).toFixed(0)} MB`,
  );
}
fs.rmSync(work, { recursive: true, force: true });
