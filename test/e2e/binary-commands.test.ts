import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../helpers/cli.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'superpod-binary-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

// perf and plan ran only in-process (main(args, io)) and the internal-error exit never ran at all (audit §3b).
describe('perf, plan and the internal-error exit through the real binary', () => {
  it('perf predicts Llama 3.1 70B at TP 8 with the weights worked out by hand', async () => {
    const run = await runCli(
      ['perf', '--accelerator', 'ascend-950dt', '--tdp-w', '900', '--model', 'llama-3.1-70b', '--tp', '8', '--json'],
      { cwd: work },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    // 80 layers x 213,909,504 B + embedding and LM head 2 x 262,668,288 B (test/perf/memory-figures.test.ts).
    // Capacity 144 GiB = 144 x 2^30 = 154,618,822,656 B = 154.6 GB.
    expect(out).toMatchObject({
      accelerator: 'ascend-950dt',
      model: 'llama-3.1-70b',
      parallelism: { tp: 8, pp: 1, ep: 1, dp: 1 },
      devices: 8,
      memory: { weightsGB: 17.64, capacityGB: 154.6, capacityGiB: 144, fits: true },
    });
  }, 60_000);

  it('plan sizes pools whose cards are instances x devices per instance', async () => {
    const run = await runCli(
      [
        'plan',
        '--model',
        'llama-3.1-70b',
        '--requests-per-second',
        '10',
        '--input-tokens',
        '1024',
        '--output-tokens',
        '256',
        '--ttft-ms',
        '2000',
        '--tpot-ms',
        '50',
        '--accelerator',
        'ascend-950dt',
        '--tdp-w',
        'ascend-950dt=900',
        '--json',
      ],
      { cwd: work },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as {
      pools: Array<{ role: string; accelerator: string; devicesPerInstance: number; instances: number; cards: number }>;
    };
    expect(out.pools.length).toBeGreaterThan(0);
    for (const pool of out.pools) {
      expect(pool.accelerator).toBe('ascend-950dt');
      expect(pool.cards).toBe(pool.devicesPerInstance * pool.instances);
    }
  }, 60_000);

  it('fails with exit 70 and two lines, no stack trace, when a rule has a bug; SUPERPOD_DEBUG=1 adds the stack', async () => {
    const pack = path.join(work, 'broken-pack.ts');
    const api = path.join(repoRoot, 'src/policy/index.ts');
    fs.writeFileSync(
      pack,
      `import { definePack, defineRule } from ${JSON.stringify(api)};
const broken = defineRule('broken', 'stack', () => {
  throw new TypeError('cannot read properties of undefined');
});
export const pack = definePack({
  name: 'broken',
  description: 'A rule with a bug.',
  rules: [{ id: 'BROKEN-001', level: 'error', title: 'Broken', explanation: 'A bug.', fix: 'Fix it.', rule: broken }],
});
`,
    );
    const run = await runCli(['check', '--pack', pack], { cwd: work });
    expect(run.code).toBe(70);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'internal error: rule BROKEN-001 (broken) failed on stack pd-slice: cannot read properties of undefined\n' +
        'this is a bug in superpod; set SUPERPOD_DEBUG=1 to see the stack trace and report it\n',
    );
    const debug = await runCli(['check', '--pack', pack], { cwd: work, env: { SUPERPOD_DEBUG: '1' } });
    expect(debug.code).toBe(70);
    expect(debug.stderr).toMatch(/\nError: rule BROKEN-001 \(broken\) failed on stack pd-slice[^\n]*\n\s+at /);
  }, 60_000);
});
