import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'superpod-bad-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** Every command keeps one convention for bad input: exit 2, one line naming where, the value and the fix. */
describe('bad input across commands', () => {
  const expectOneLineError = (run: { code: number; stderr: string; stdout: string }, pattern: RegExp) => {
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(pattern);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  };

  it('fails when an accelerator id is unknown', async () => {
    expectOneLineError(
      await runCli(['catalog', 'show', 'ascend-950dx']),
      /^error: catalog: unknown catalogue id \(got "ascend-950dx"\); did you mean "ascend-950dt"\?/,
    );
  });

  it('fails when a model id is unknown', async () => {
    expectOneLineError(
      await runCli(['catalog', 'show', 'llama-3.1-9b']),
      /^error: catalog: unknown catalogue id \(got "llama-3\.1-9b"\); did you mean "llama-3\.1-8b"\?/,
    );
  });

  it('fails when a config.json is malformed, giving file:line:column', async () => {
    const file = path.join(work, 'config.json');
    fs.writeFileSync(file, '{\n  "hidden_size": 4096\n  "num_hidden_layers": 32\n}\n');
    expectOneLineError(
      await runCli(['catalog', 'import-hf', path.basename(file)], { cwd: work }),
      /^error: config\.json:3:3: not valid JSON/,
    );
  });

  it('fails when a config.json misses a required field', async () => {
    const file = path.join(work, 'partial.json');
    fs.writeFileSync(file, JSON.stringify({ architectures: ['LlamaForCausalLM'], hidden_size: 4096 }));
    expectOneLineError(
      await runCli(['catalog', 'import-hf', path.basename(file)], { cwd: work }),
      /^error: partial\.json.*num_hidden_layers/,
    );
  });

  it('fails on an unknown command', async () => {
    const run = await runCli(['frobnicate']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^superpod: unknown command "frobnicate"/);
  });
});
