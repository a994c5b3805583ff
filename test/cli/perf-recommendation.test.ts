import { describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/io.ts';
import { main } from '../../src/cli/main.ts';

async function perf(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
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
  const code = await main(['perf', ...args], io);
  return { code, ...out };
}

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
