import { describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/io.ts';
import { main } from '../../src/cli/main.ts';

async function superpod(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = { stdout: '', stderr: '' };
  const io: CliIO = {
    stdout: (t) => {
      out.stdout += t;
    },
    stderr: (t) => {
      out.stderr += t;
    },
    interactive: false,
  };
  const code = await main(args, io);
  return { code, ...out };
}

const perf = (args: string[]) => superpod(['perf', ...args]);

describe('superpod perf with a recommendation model', () => {
  const dlrm = ['--accelerator', 'atlas-350', '--model', 'dlrm-v2', '--devices', '8', '--precision', 'fp8'];

  it('prints QPS, p99, memory per device and where the time goes', async () => {
    const r = await perf(dlrm);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/highest rate within p99 SLO\s+[\d.]+ queries\/s/);
    expect(r.stdout).toMatch(/memory per device \(busiest\)/);
    expect(r.stdout).toMatch(/embedding gather \(HBM\)/);
    expect(r.stdout).toMatch(/HBM access granularity 128 B/);
  });

  it('gives the contract object with --json', async () => {
    const r = await perf([...dlrm, '--embedding-precision', 'int8', '--qps', '1000', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.model).toBe('dlrm-v2');
    expect(j.server.queriesPerSecond).toBe(1000);
    expect(j.server.meetsSlo).toBe(true);
    expect(j.server.p99SloMs).toBe(60);
    expect(j.memory.tablesGB).toBeCloseTo(26.1356, 3); // 204,184,588 rows x 128 x 1 byte
    expect(j.timeBreakdown.map((t: { stage: string }) => t.stage)).toContain('embedding gather (HBM)');
  });

  it('warns on stderr when the tables do not fit and still predicts', async () => {
    const r = await perf([
      '--accelerator',
      'atlas-350',
      '--model',
      'hugectr-180table-70b',
      '--items-per-query',
      '100',
      '--p99-ms',
      '50',
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/host memory; spread them over at least \d+ devices/);
  });

  it('fails when an LLM-only flag is given', async () => {
    const r = await perf([...dlrm, '--tp', '2']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/--tp.*recommendation model/);
  });

  it('fails when the model has no benchmark figure and none is given', async () => {
    const r = await perf(['--accelerator', 'atlas-350', '--model', 'hugectr-180table-70b']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--items-per-query/);
  });

  it('fails when the sharding is unknown', async () => {
    const r = await perf([...dlrm, '--sharding', 'diagonal']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown sharding.*column-wise/);
  });
});

describe('superpod plan with a recommendation model', () => {
  const base = ['plan', '--model', 'dlrm-v2', '--qps', '100000', '--embedding-precision', 'int8'];

  it('sizes each accelerator side by side, cheapest first', async () => {
    const r = await superpod([
      ...base,
      '--accelerator',
      'atlas-350',
      '--accelerator',
      'h100-sxm',
      '--precision',
      'fp8',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^dlrm-v2: 100000 queries\/s of 270 items, p99 within 60 ms/);
    expect(r.stdout).toMatch(/\natlas-350 +fp8\/int8/);
    expect(r.stdout).toMatch(/\nh100-sxm +fp8\/int8/);
  });

  it('gives every option with --json', async () => {
    const r = await superpod([...base, '--accelerator', 'atlas-350', '--precision', 'fp8', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.options[0].accelerator).toBe('atlas-350');
    expect(j.options[0].devices).toBeGreaterThanOrEqual(1);
  });

  it('fails when --qps is missing', async () => {
    const r = await superpod(['plan', '--model', 'dlrm-v2', '--accelerator', 'atlas-350']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--qps is required/);
  });

  it('fails when no listed precision runs on an accelerator', async () => {
    const r = await superpod([...base, '--accelerator', 'atlas-350', '--precision', 'int8']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/atlas-350 runs none of int8/);
  });

  it('fails when a recommendation flag is given with a language model', async () => {
    const r = await superpod(['plan', '--model', 'llama-3.1-70b', '--qps', '5', '--accelerator', 'h100-sxm']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--qps: applies to recommendation models/);
  });
});
