/**
 * Policy benchmark: `superpod check` on a full Atlas 950 SuperPoD (8,192 NPUs, 1,024 nodes, 128 racks). Prints the
 * median of the engine alone (all built-in packs), of each report format, and of the whole command in a new process,
 * against the 1 s budget of issue 4.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtInPacks } from '../../policies/index.ts';
import { loadInventory } from '../../src/app/load-stack.ts';
import { formatReport, REPORT_FORMATS, runChecks } from '../../src/policy/index.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const runs = Number(process.env.BENCH_RUNS ?? 7);
const app = 'stacks/examples/atlas-950-superpod.ts';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const time = (fn: () => unknown) => {
  const started = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - started) / 1e6;
};

const inventory = await loadInventory(path.join(root, app));
const npus = inventory.nodes.reduce((sum, n) => sum + n.acceleratorCount, 0);
console.log(
  `policy benchmark: ${app} (${npus.toLocaleString('en-US')} NPUs, ${inventory.nodes.length.toLocaleString('en-US')} nodes, ${inventory.racks.length} racks), ${runs} runs, median`,
);

let report = runChecks(inventory, { packs: builtInPacks });
const engine: number[] = [];
for (let i = 0; i < runs; i++) engine.push(time(() => (report = runChecks(inventory, { packs: builtInPacks }))));
console.log(
  `  runChecks, ${builtInPacks.length} packs: ${median(engine).toFixed(1)} ms (${report.summary.checks} checks)`,
);
let formatsMs = 0;
for (const format of REPORT_FORMATS) {
  const samples: number[] = [];
  let size = 0;
  for (let i = 0; i < runs; i++) samples.push(time(() => (size = formatReport(report, format).length)));
  console.log(`  format ${format}: ${median(samples).toFixed(1)} ms (${(size / 1024).toFixed(0)} KiB)`);
  formatsMs += median(samples);
}

const wall: number[] = [];
for (let i = 0; i < Math.min(runs, 5); i++) {
  const started = process.hrtime.bigint();
  const result = spawnSync(
    process.execPath,
    ['bin/superpod.js', 'check', '--app', app, '--format', 'sarif', '--out', '/dev/null'],
    {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, CHECKPOINT_DISABLE: '1' },
    },
  );
  if (result.status !== 0) {
    console.error(result.stderr);
    process.exit(1);
  }
  wall.push(Number(process.hrtime.bigint() - started) / 1e6);
}
const checkMs = median(engine) + formatsMs;
console.log(
  `  superpod check --format sarif, new process (TypeScript start-up and building the construct tree included): ${median(wall).toFixed(0)} ms`,
);
console.log(
  `  checks plus all five reports: ${checkMs.toFixed(1)} ms, ${checkMs <= 1000 ? 'within' : 'OVER'} the 1 s budget`,
);
