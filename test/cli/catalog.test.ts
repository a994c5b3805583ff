import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/io.ts';
import { main } from '../../src/cli/main.ts';

const fixtures = join(import.meta.dirname, '../catalog/fixtures');

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    interactive: false,
  };
  const code = await main(['catalog', ...argv], io);
  return { code, stdout, stderr };
}

describe('superpod catalog list', () => {
  it('prints all three catalogues with confidence marks', async () => {
    const { code, stdout, stderr } = await run('list');
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^accelerators\nID +NAME +BF16/);
    expect(stdout).toMatch(
      /\natlas-350 +Atlas 350 accelerator card \(Ascend 950PR, PCIe tier\) +378 E +756 E +1560 V +- +112 V +1\.4 R +2000 R bidir +600 R\n/,
    );
    expect(stdout).toMatch(/\nascend-950dt +.*865 E +1730 E .* \?\n/);
    expect(stdout).toContain('\nnode-types\n');
    expect(stdout).toMatch(/\natlas-350-server .* 1-8 \(8\) +\? +3840 E/);
    expect(stdout).toContain('\nmodels\n');
    expect(stdout).toMatch(/\ndeepseek-v3 .* mla 128\/128 +256\+1 \(8\) +671 V +37\.5 E +fp8\n/);
    expect(stdout).toContain('Confidence: V vendor-claimed, R reported');
  });

  it('prints one catalogue as JSON', async () => {
    const { code, stdout } = await run('list', 'node-types', '--json');
    expect(code).toBe(0);
    const parsed = JSON.parse(stdout) as { nodeTypes: Array<{ id: string }> };
    expect(Object.keys(parsed)).toEqual(['nodeTypes']);
    expect(parsed.nodeTypes.map((n) => n.id)).toContain('ascend-950dt-node');
  });

  it('fails when the kind is unknown, with exit code 2 and one line', async () => {
    const { code, stdout, stderr } = await run('list', 'gpus');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'error: superpod catalog list: unknown catalogue kind (got "gpus"); use one of accelerators, node-types, models, or none for all three\n',
    );
  });
});

describe('superpod catalog show', () => {
  it('prints every number of an entry with unit, confidence, source title and note', async () => {
    const { code, stdout } = await run('show', 'ascend-950dt');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^accelerator ascend-950dt: Ascend 950DT\n/);
    expect(stdout).toContain('  kubernetes.chipName: Ascend950DT\n');
    expect(stdout).toMatch(/denseTflops\.fp8 +865 TFLOPS, estimated, S_cann_issue: CANN GitCode doc issues/);
    expect(stdout).toMatch(/tdpW +unknown, unknown, S_ref_hardware: superpod reference notes/);
    expect(stdout).toContain('note: 950DT TDP is not published');
  });

  it('prints a model with its architecture', async () => {
    const { stdout } = await run('show', 'gpt-oss-120b');
    expect(stdout).toContain('  architecture.slidingWindow.pattern: alternate\n');
    expect(stdout).toMatch(/parameters\.activeB +5\.71 B params, estimated, S_ref_perf_model/);
  });

  it('prints JSON with the sources the entry cites', async () => {
    const { stdout } = await run('show', 'dgx-h100', '--json');
    const parsed = JSON.parse(stdout) as {
      kind: string;
      entry: { id: string };
      sources: Record<string, { title: string }>;
    };
    expect(parsed.kind).toBe('node-type');
    expect(parsed.entry.id).toBe('dgx-h100');
    expect(Object.keys(parsed.sources)).toEqual(['S_dgxh100', 'S_mlperf41_h200_maxq', 'S_ref_hardware']);
  });

  it('fails when the id is unknown, suggesting the closest one', async () => {
    const { code, stderr } = await run('show', 'atlas350');
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /^error: catalog: unknown catalogue id \(got "atlas350"\); did you mean "atlas-350"\? known catalogue ids: atlas-350, /,
    );
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('fails when no id is given', async () => {
    const { code, stderr } = await run('show');
    expect(code).toBe(2);
    expect(stderr).toContain('takes exactly one id');
  });
});

describe('superpod catalog import-hf', () => {
  it('prints the model spec made from a config.json', async () => {
    const { code, stdout } = await run('import-hf', join(fixtures, 'hf', 'Qwen3-235B-A22B', 'config.json'));
    expect(code).toBe(0);
    expect(stdout).toMatch(/^model qwen3-235b-a22b: qwen3-235b-a22b\n/);
    expect(stdout).toContain('  architecture.moe.routedExperts: 128\n');
    expect(stdout).toMatch(/parameters\.totalB +235\.1 B params, estimated, S_user_hf_config/);
  });

  it('prints JSON with the requested id', async () => {
    const { code, stdout } = await run('import-hf', join(fixtures, 'hf', 'Llama-3.1-8B'), '--id', 'my-llama', '--json');
    expect(code).toBe(0);
    const parsed = JSON.parse(stdout) as {
      kind: string;
      entry: { id: string; parameters: { totalB: { value: number } } };
    };
    expect(parsed.kind).toBe('model');
    expect(parsed.entry.id).toBe('my-llama');
    expect(parsed.entry.parameters.totalB.value).toBe(8.03);
  });

  it('fails when the config is malformed, naming the file and line', async () => {
    const file = join(fixtures, 'malformed', 'missing-comma.json.txt');
    const { code, stderr } = await run('import-hf', file);
    expect(code).toBe(2);
    expect(stderr.startsWith(`error: ${file}:4:3: not valid JSON`)).toBe(true);
  });

  it('fails when a flag is unknown', async () => {
    const { code, stderr } = await run('import-hf', 'x.json', '--name', 'y');
    expect(code).toBe(2);
    expect(stderr).toContain('superpod catalog import-hf');
  });
});

describe('superpod catalog', () => {
  it('fails when the subcommand is unknown', async () => {
    const { code, stderr } = await run('remove', 'h20');
    expect(code).toBe(2);
    expect(stderr).toContain('unknown subcommand (got "remove")');
  });

  it('prints its usage with --help', async () => {
    const { code, stdout } = await run('--help');
    expect(code).toBe(0);
    expect(stdout).toContain('superpod catalog import-hf <config.json> [--id <id>] [--json]');
  });
});
