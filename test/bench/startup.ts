/**
 * Start-up benchmark: `superpod --help`, `superpod --version` and `superpod synth` of the reference stack, each in a
 * new process as a user runs them, two ways: the compiled package (dist/, built first, run from an installed-package
 * layout) and the TypeScript sources through tsx (a checkout). Prints the median wall time and the median CPU
 * time of the process (user + system, steadier than wall time on a busy machine). Aim: --help under 150 ms.
 *
 *   npm run bench -- startup          BENCH_RUNS=9 npm run bench -- startup
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { median, root } from './lib/measure.ts';

const runs = Number(process.env.BENCH_RUNS ?? 7);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'superpod-startup-'));

execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'ignore' });
// The package as npm installs it: the launcher finds no src/ beside it and runs dist/.
const installed = path.join(work, 'node_modules/superpod');
fs.mkdirSync(path.join(installed, 'bin'), { recursive: true });
fs.copyFileSync(path.join(root, 'package.json'), path.join(installed, 'package.json'));
fs.copyFileSync(path.join(root, 'bin/superpod.js'), path.join(installed, 'bin/superpod.js'));
fs.symlinkSync(path.join(root, 'dist'), path.join(installed, 'dist'));
fs.symlinkSync(path.join(root, 'node_modules'), path.join(installed, 'node_modules'));

const cpuFile = path.join(work, 'cpu');
const cpuReporter = `data:text/javascript,import fs from 'node:fs';process.on('exit',()=>{const u=process.resourceUsage();fs.writeFileSync(${JSON.stringify(cpuFile)},String((u.userCPUTime+u.systemCPUTime)/1000))})`;

function measure(launcher: string | null, args: string[]): { wallMs: number; cpuMs: number } {
  const started = process.hrtime.bigint();
  const script = launcher === null ? ['-e', ''] : [launcher, ...args];
  const result = spawnSync(process.execPath, ['--import', cpuReporter, ...script], {
    cwd: work,
    encoding: 'utf8',
    env: { ...process.env, CHECKPOINT_DISABLE: '1' },
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`superpod ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return { wallMs, cpuMs: Number(fs.readFileSync(cpuFile, 'utf8')) };
}

const cases = [
  { name: '--help', args: ['--help'] },
  { name: '--version', args: ['--version'] },
  { name: 'synth (reference stack)', args: ['synth', '--out', path.join(work, 'out')] },
];
const launchers = [
  { name: 'compiled (dist/)', file: path.join(installed, 'bin/superpod.js') },
  { name: 'sources via tsx', file: path.join(root, 'bin/superpod.js') },
];

console.log(`start-up benchmark, ${runs} runs each, median wall (min-max) and CPU; ${os.cpus().length} cores`);
console.log(`load average ${os.loadavg()[0]!.toFixed(1)} at start (wall times grow with it; CPU times much less)`);
const floor = Array.from({ length: runs }, () => measure(null, []));
console.log(
  `  ${'node -e "" (the floor)'.padEnd(50)} wall ${median(floor.map((r) => r.wallMs))
    .toFixed(0)
    .padStart(5)} ms, CPU ${median(floor.map((r) => r.cpuMs)).toFixed(0)} ms`,
);
for (const c of cases) {
  for (const launcher of launchers) {
    const results = Array.from({ length: runs }, () => measure(launcher.file, c.args));
    const wall = results.map((r) => r.wallMs);
    const cpu = median(results.map((r) => r.cpuMs));
    const aim = c.name === '--help' && launcher.name.startsWith('compiled') ? ', aim < 150 ms' : '';
    console.log(
      `  ${`superpod ${c.name}`.padEnd(32)} ${launcher.name.padEnd(17)} wall ${median(wall).toFixed(0).padStart(5)} ms (${Math.min(...wall).toFixed(0)}-${Math.max(...wall).toFixed(0)}), CPU ${cpu.toFixed(0)} ms${aim}`,
    );
  }
}
fs.rmSync(work, { recursive: true, force: true });
