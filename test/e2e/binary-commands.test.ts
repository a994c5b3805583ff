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

describe('a user policy pack in the wrong shape through the real binary', () => {
  const api = JSON.stringify(path.join(repoRoot, 'src/policy/index.ts'));
  const expected =
    'export a pack made with definePack({ name, description, rules: [{ id, level, title, explanation, fix, rule: defineRule(...) }] }) as default, `pack` or `packs`';
  const cases: ReadonlyArray<{ file: string; source: string; error: string }> = [
    {
      file: 'rule-not-pack.ts',
      source: `import { defineRule, pass } from ${api};\nexport default defineRule('rackOwner', 'rack', () => pass());\n`,
      error: `rule-not-pack.ts: the default export is a rule made with defineRule ("rackOwner" on rack), not a policy pack; put it in a pack's rules list: ${expected}`,
    },
    {
      file: 'number.ts',
      source: 'export default 42;\n',
      error: `number.ts: the default export is a number, not a policy pack (got 42); ${expected}`,
    },
    {
      file: 'no-rules.ts',
      source: "export const pack = { name: 'site', description: 'Site rules.' };\n",
      error: `no-rules.ts: the export \`pack\` is an object without a \`rules\` list (keys: name, description), not a policy pack; ${expected}`,
    },
    {
      file: 'list-of-strings.ts',
      source: "export const packs = ['power'];\n",
      error: `list-of-strings.ts: the export \`packs\`[0] is a string, not a policy pack (got "power"); ${expected}`,
    },
    {
      file: 'factory.ts',
      source:
        "export default function sitePack() { return { name: 'site', description: 'Site rules.', rules: [] }; }\n",
      error:
        'factory.ts: the default export is a function (sitePack), not a policy pack; call it and export the pack it returns',
    },
    {
      file: 'null-entry.ts',
      source: "export const pack = { name: 'site', description: 'Site rules.', rules: [null] };\n",
      error:
        'null-entry.ts: policy pack "site" rules[0]: a rule entry must be an object (got null); write it as { id, level, title, explanation, fix, rule: defineRule(...) }',
    },
    {
      file: 'null-parameter.ts',
      source:
        "export const pack = { name: 'site', description: 'Site rules.', rules: [], parameters: { 'site.cap': null } };\n",
      error:
        "null-parameter.ts: policy pack \"site\" parameter site.cap: a parameter needs a description and a JSON Schema (got null); declare it as { description: '...', schema: { type: 'number' }, default: ... }",
    },
    {
      file: 'other-exports.ts',
      source: 'export const rules = [];\n',
      error: `other-exports.ts: the module exports no pack (exports: rules); ${expected}`,
    },
  ];

  // Each of these was exit 70 ("pack.rules is not iterable", "reading 'id'"): the user's mistake reported as our bug.
  it('fails with exit 2 and one line naming the file, what it exports and the shape expected', async () => {
    for (const c of cases) fs.writeFileSync(path.join(work, c.file), c.source);
    const runs = await Promise.all(cases.map((c) => runCli(['check', '--pack', c.file], { cwd: work })));
    for (const [i, run] of runs.entries()) {
      expect({ file: cases[i]!.file, code: run.code, stdout: run.stdout, stderr: run.stderr }).toEqual({
        file: cases[i]!.file,
        code: 2,
        stdout: '',
        stderr: `error: ${cases[i]!.error}\n`,
      });
    }
  }, 120_000);
});
