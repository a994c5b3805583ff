/**
 * Compare benchmark: `superpod compare` of two full Atlas 950 SuperPoD outputs (1,024 nodes, 8,192 NPUs each; the
 * device-plugin example against the DRA bench app with its own services): reading and validating both
 * capacity.json files, the diff and the three renderings in-process, and the command end to end in a new process.
 * Prints medians of 5 runs; the target is < 2 s end to end.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { capacityFiles } from '../../src/app/capacity-files.ts';
import { capacityReportInputs } from '../../src/app/checks.ts';
import { loadInventory } from '../../src/app/load-stack.ts';
import { readCapacityFile } from '../../src/capacity/index.ts';
import { diffCapacity, renderCompareJson, renderCompareMarkdown, renderCompareText } from '../../src/compare/index.ts';
import { SYNTH_SCHEDULE_NODE_LIMIT } from '../../src/report/index.ts';
import { measureCli, median, root } from './lib/measure.ts';

const runs = Number(process.env.BENCH_RUNS ?? 5);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'superpod-bench-compare-'));
const sides = {
  base: 'stacks/examples/atlas-950-superpod.ts',
  head: 'test/bench/apps/atlas-950-superpod-dra.ts',
};
const files: Record<string, string> = {};
for (const [side, app] of Object.entries(sides)) {
  const inventory = await loadInventory(path.join(root, app));
  // As synth writes it: the scheduling summary is left out above the synth limit.
  const schedule = inventory.nodes.length > SYNTH_SCHEDULE_NODE_LIMIT ? { schedule: false as const } : {};
  const file = path.join(work, `${side}.json`);
  fs.writeFileSync(
    file,
    capacityFiles(inventory, capacityReportInputs(inventory, schedule)).files['reports/capacity.json'],
  );
  files[side] = file;
}
const ms = (xs: number[]) =>
  `${median(xs).toFixed(0)} ms (${Math.min(...xs).toFixed(0)}-${Math.max(...xs).toFixed(0)})`;

const read: number[] = [];
const diffing: number[] = [];
const render: number[] = [];
let commentBytes = 0;
let changed = 0;
for (let i = 0; i < runs; i++) {
  let t = performance.now();
  const base = readCapacityFile(files.base!);
  const head = readCapacityFile(files.head!);
  read.push(performance.now() - t);
  t = performance.now();
  const diff = diffCapacity(base, head);
  diffing.push(performance.now() - t);
  t = performance.now();
  const md = renderCompareMarkdown(diff);
  renderCompareText(diff);
  renderCompareJson(diff);
  render.push(performance.now() - t);
  commentBytes = Buffer.byteLength(md);
  changed = diff.figures.length;
}
const cli = Array.from({ length: runs }, () => measureCli(['compare', files.base!, files.head!]).wallMs);
// The same process doing no comparison: Node, tsx and the command's modules (ajv among them).
const startup = Array.from({ length: runs }, () => measureCli(['compare', '--help']).wallMs);
console.log(`compare benchmark, ${runs} runs each, median (min-max); ${os.cpus().length} cores`);
console.log(
  `  two full SuperPoD capacity reports (${(fs.statSync(files.base!).size / 1e6).toFixed(2)} MB and ${(fs.statSync(files.head!).size / 1e6).toFixed(2)} MB), ${changed} changed figures`,
);
console.log(`    read and validate both: ${ms(read)}, diff: ${ms(diffing)}, render markdown+text+json: ${ms(render)}`);
console.log(`    comment ${(commentBytes / 1e3).toFixed(1)} kB`);
console.log(`    superpod compare end to end (new process): ${ms(cli)} (target < 2,000 ms)`);
console.log(`      of which start-up (superpod compare --help): ${ms(startup)}`);
fs.rmSync(work, { recursive: true, force: true });
