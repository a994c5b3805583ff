// `npm test`: the type check, the lint and the vitest suite, started together. The suite's binary-driven files leave
// a core idle while they wait for the processes they start; the type check and the lint fill those gaps instead of
// running first. Their output is printed when they end (so it does not interleave with vitest's); the run fails if any
// of the three fails.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

function run(label, command, args, { buffered }) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: buffered ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let output = '';
    if (buffered) {
      child.stdout.on('data', (chunk) => {
        output += chunk;
      });
      child.stderr.on('data', (chunk) => {
        output += chunk;
      });
    }
    child.on('error', (error) => resolve({ label, code: 1, output: `${error.message}\n` }));
    child.on('close', (code, signal) => resolve({ label, code: code ?? (signal ? 1 : 0), output }));
  });
}

const checks = [
  run('typecheck (tsc -p . --noEmit)', bin('tsc'), ['-p', '.', '--noEmit'], { buffered: true }),
  run('lint (biome check .)', bin('biome'), ['check', '.'], { buffered: true }),
];
const suite = run('vitest run', bin('vitest'), ['run', ...process.argv.slice(2)], { buffered: false });
const results = await Promise.all([...checks, suite]);
for (const { label, code, output } of results.slice(0, checks.length)) {
  process.stdout.write(`\n${label}: ${code === 0 ? 'passed' : `failed (exit ${code})`}\n${code === 0 ? '' : output}`);
}
const failed = results.filter((r) => r.code !== 0).map((r) => r.label);
if (failed.length > 0) process.stderr.write(`npm test: failed: ${failed.join(', ')}\n`);
process.exitCode = failed.length > 0 ? 1 : 0;
