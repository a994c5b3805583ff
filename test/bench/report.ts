/**
 * Capacity report benchmark: time to build the report (engines + HTML + Markdown) from a loaded Inventory, split into
 * the engines (policies, performance model, scheduler experiments) and the rendering, and the size of the page, on
 * the reference stack and on a full Atlas 950 SuperPoD (128 racks, 1,024 nodes). Also the end-to-end
 * `superpod report` command in a new process. Prints medians of 5 runs; the targets are < 5 s and < 10 MB.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { capacityReportInputs } from '../../src/app/checks.ts';
import { loadInventory } from '../../src/app/load-stack.ts';
import {
  capacityReportFiles,
  collectCapacityData,
  renderCapacityHtml,
  renderCapacityMarkdown,
} from '../../src/report/index.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const runs = Number(process.env.BENCH_RUNS ?? 5);
const scenarios = [
  { name: 'reference stack (stacks/main.ts)', app: 'stacks/main.ts' },
  { name: 'Atlas 950 SuperPoD (128 racks, 1,024 nodes, 8,192 NPUs)', app: 'stacks/examples/atlas-950-superpod.ts' },
];

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const ms = (xs: number[]) =>
  `${median(xs).toFixed(0)} ms (${Math.min(...xs).toFixed(0)}-${Math.max(...xs).toFixed(0)})`;

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'superpod-bench-report-'));
console.log(`capacity report benchmark, ${runs} runs each, median (min-max); ${os.cpus().length} cores`);
for (const scenario of scenarios) {
  const inventory = await loadInventory(path.join(root, scenario.app));
  const total: number[] = [];
  const engines: number[] = [];
  const render: number[] = [];
  const withoutSchedule: number[] = [];
  let htmlBytes = 0;
  let mdBytes = 0;
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    const files = capacityReportFiles(inventory, capacityReportInputs(inventory));
    total.push(performance.now() - t);
    htmlBytes = Buffer.byteLength(files['reports/capacity.html']);
    mdBytes = Buffer.byteLength(files['reports/capacity.md']);
    t = performance.now();
    const data = collectCapacityData(inventory, capacityReportInputs(inventory));
    engines.push(performance.now() - t);
    t = performance.now();
    renderCapacityHtml(data);
    renderCapacityMarkdown(data);
    render.push(performance.now() - t);
    t = performance.now();
    capacityReportFiles(inventory, capacityReportInputs(inventory, { schedule: false }));
    withoutSchedule.push(performance.now() - t);
  }
  const cli: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const result = spawnSync(
      process.execPath,
      ['bin/superpod.js', 'report', '--app', scenario.app, '--out', path.join(work, 'out')],
      { cwd: root, encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' } },
    );
    if (result.status !== 0) {
      console.error(result.stderr);
      process.exit(1);
    }
    cli.push(performance.now() - started);
  }
  console.log(`  ${scenario.name}: ${inventory.racks.length} racks, ${inventory.nodes.length} nodes`);
  console.log(`    report from the inventory: ${ms(total)} (target < 5,000 ms)`);
  console.log(`      engines ${ms(engines)}, rendering ${ms(render)}, without the scheduler ${ms(withoutSchedule)}`);
  console.log(
    `    capacity.html ${(htmlBytes / 1e6).toFixed(2)} MB (target < 10 MB), capacity.md ${(mdBytes / 1e3).toFixed(1)} kB`,
  );
  console.log(`    superpod report end to end (new process, loads the stack): ${ms(cli)}`);
}
fs.rmSync(work, { recursive: true, force: true });
