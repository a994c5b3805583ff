/**
 * Synth benchmark: wall time and peak memory of `superpod synth` (a new process each run, as a user runs it) on the
 * reference stack (with its inference service and training job), on a full Atlas 950 SuperPoD (8,192 NPUs), and on
 * the same SuperPoD with every node on DRA (1,024 ResourceSlices) plus workloads. Prints medians of 5 runs.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { measureCli, median } from './lib/measure.ts';

const runs = Number(process.env.BENCH_RUNS ?? 5);
const scenarios = [
  { name: 'reference stack (stacks/main.ts, 352 NPUs)', app: 'stacks/main.ts' },
  { name: 'Atlas 950 SuperPoD (8,192 NPUs, 1,024 nodes, 128 racks)', app: 'stacks/examples/atlas-950-superpod.ts' },
  {
    name: 'Atlas 950 SuperPoD on DRA + workloads (1,024 ResourceSlices, 64 LWS instances, 512-node job)',
    app: 'test/bench/apps/atlas-950-superpod-dra.ts',
  },
];

console.log(`synth benchmark, ${runs} runs each, median (min-max); ${os.cpus().length} cores`);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'superpod-bench-'));
for (const scenario of scenarios) {
  const results = Array.from({ length: runs }, () =>
    measureCli(['synth', '--app', scenario.app, '--out', path.join(work, 'out')]),
  );
  const wall = results.map((r) => r.wallMs);
  console.log(
    `  ${scenario.name}: wall ${median(wall).toFixed(0)} ms (${Math.min(...wall).toFixed(0)}-${Math.max(...wall).toFixed(0)}), peak RSS ${median(results.map((r) => r.peakRssMb)).toFixed(0)} MB`,
  );
}
fs.rmSync(work, { recursive: true, force: true });
