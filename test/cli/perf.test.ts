import { describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/io.ts';
import { main } from '../../src/cli/main.ts';

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    interactive: false,
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

function expectOneLineError(r: { code: number; stderr: string; stdout: string }, pattern: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
}

function finiteEverywhere(x: unknown, path = '$'): string[] {
  if (typeof x === 'number') return Number.isFinite(x) ? [] : [path];
  if (Array.isArray(x)) return x.flatMap((v, i) => finiteEverywhere(v, `${path}[${i}]`));
  if (x && typeof x === 'object') return Object.entries(x).flatMap(([k, v]) => finiteEverywhere(v, `${path}.${k}`));
  return [];
}

describe('superpod perf', () => {
  const base = ['perf', '--accelerator', 'h100-sxm', '--model', 'llama-3.1-70b', '--precision', 'fp8', '--tp', '8'];

  it('prints the contract object with --json', async () => {
    const r = await run([...base, '--batch', '32', '--input-tokens', '1024', '--output-tokens', '256', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const p = JSON.parse(r.stdout);
    for (const key of ['ttftMs', 'tpotMs', 'outputTokensPerSecond', 'powerW', 'tokensPerJoule']) {
      expect(typeof p[key]).toBe('number');
      expect(p[key]).toBeGreaterThan(0);
    }
    for (const key of ['weightsGB', 'kvCacheGB', 'activationsGB', 'totalGB', 'capacityGB']) {
      expect(p.memory[key]).toBeGreaterThan(0);
    }
    expect(p.memory.fits).toBe(true);
    // 80 GiB of HBM in decimal GB: 80 x 2^30 / 1e9 = 85.899, four significant digits 85.9.
    expect(p.memory.capacityGB).toBe(85.9);
    expect(p.memory.capacityGiB).toBe(80);
    expect(p.context).toBe(1024 + 128);
    expect(p.confidence.level).toBe('vendor-claimed');
    expect(finiteEverywhere(p)).toEqual([]);
    // Whole requests: batch x output / (TTFT + (output - 1) x TPOT).
    const expected = (32 * 256) / ((p.ttftMs + 255 * p.tpotMs) / 1e3);
    expect(p.outputTokensPerSecond).toBeCloseTo(expected, -1);
    expect(p.tokensPerJoule).toBeCloseTo(p.outputTokensPerSecond / p.powerW, 2);
  });

  it('carries power per accelerator, per instance and per node, tokens per joule both ways, and intervals', async () => {
    const r = await run([...base, '--batch', '32', '--json']);
    const p = JSON.parse(r.stdout);
    expect(p.power.perAcceleratorW).toBe(p.powerPerDeviceW);
    expect(p.power.perInstanceW).toBe(p.powerW);
    expect(p.power.nodeType).toBe('dgx-h100');
    expect(p.power.nodeBasis).toBe('idle+load');
    // Node wall power: the measured idle plus the eight accelerators' rise above idle through the PSUs.
    expect(p.power.perNodeW).toBeGreaterThan(2380 + 8 * (p.power.perAcceleratorW - 75));
    expect(p.power.perNodeW).toBeLessThan(2380 + 8 * p.power.perAcceleratorW * 1.1);
    expect(p.energy.outputTokensPerJoule).toBe(p.tokensPerJoule);
    expect(p.energy.allTokensPerJoule).toBeCloseTo(p.tokensPerJoule * ((1024 + 256) / 256), 1);
    expect(p.energy.nodeOutputTokensPerJoule).toBeLessThan(p.tokensPerJoule);
    for (const [key, value] of [
      ['ttftMs', p.ttftMs],
      ['tpotMs', p.tpotMs],
      ['outputTokensPerSecond', p.outputTokensPerSecond],
      ['powerPerAcceleratorW', p.power.perAcceleratorW],
      ['powerPerNodeW', p.power.perNodeW],
      ['tokensPerJoule', p.tokensPerJoule],
    ] as const) {
      const i = p.intervals[key];
      expect(i.p10, key).toBeLessThanOrEqual(value);
      expect(i.p90, key).toBeGreaterThanOrEqual(value);
      expect(i.basis, key).toBe('measured');
    }
  });

  it('gives a 950DT TPOT a wider interval than an H200 one', async () => {
    const relWidth = async (acc: string, extra: string[]) => {
      const r = await run([
        'perf',
        '--accelerator',
        acc,
        '--model',
        'llama-3.1-8b',
        '--batch',
        '16',
        ...extra,
        '--json',
      ]);
      const p = JSON.parse(r.stdout);
      return { width: (p.intervals.tpotMs.p90 - p.intervals.tpotMs.p10) / p.tpotMs, basis: p.intervals.tpotMs.basis };
    };
    const h200 = await relWidth('h200-sxm', []);
    const dt = await relWidth('ascend-950dt', ['--tdp-w', '900']);
    expect(dt.basis).toBe('extrapolated');
    expect(dt.width).toBeGreaterThan(1.5 * h200.width);
  });

  it('runs slower and at the cap under --power-cap-w', async () => {
    const free = JSON.parse((await run([...base, '--batch', '256', '--json'])).stdout);
    const capped = JSON.parse((await run([...base, '--batch', '256', '--power-cap-w', '400', '--json'])).stdout);
    expect(capped.power.perAcceleratorW).toBeLessThanOrEqual(400);
    expect(capped.power.powerCapW).toBe(400);
    expect(capped.ttftMs).toBeGreaterThan(free.ttftMs);
  });

  it('fails when --node-type holds another accelerator', async () => {
    expectOneLineError(await run([...base, '--node-type', 'dgx-b200']), /dgx-b200 holds b200, not h100-sxm/);
  });

  it('takes the decode step at --context', async () => {
    const short = JSON.parse((await run([...base, '--batch', '64', '--context', '512', '--json'])).stdout);
    const long = JSON.parse((await run([...base, '--batch', '64', '--context', '32768', '--json'])).stdout);
    expect(long.tpotMs).toBeGreaterThan(short.tpotMs);
    expect(long.ttftMs).toBe(short.ttftMs);
  });

  it('prints a readable summary without --json', async () => {
    const r = await run(base);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/TTFT \(prefill of the batch\)\s+[\d.]+ ms/);
    expect(r.stdout).toMatch(/confidence: vendor-claimed/);
  });

  it('adds the cost per million tokens from a card-hour price', async () => {
    const p = JSON.parse((await run([...base, '--batch', '64', '--card-hour-price', '2', '--json'])).stdout);
    expect(p.cost.basis).toBe('card-hour-price');
    expect(p.cost.perMillionOutputTokens).toBeCloseTo((2 / (3600 * p.outputTokensPerSecondPerDevice)) * 1e6, 1);
  });

  it('runs an Ascend 950DT when the TDP is given and says its FP4 rate is an estimate', async () => {
    const r = await run([
      'perf',
      '--accelerator',
      'ascend-950dt',
      '--model',
      'deepseek-v3',
      '--precision',
      'mxfp4',
      '--dp',
      '8',
      '--ep',
      '8',
      '--batch',
      '512',
      '--tdp-w',
      '900',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const p = JSON.parse(r.stdout);
    expect(p.precision).toEqual({ weights: 'mxfp4', activations: 'mxfp4', kvCache: 'mxfp8', expertWeights: 'mxfp4' });
    expect(p.confidence.calibration).toBe('extrapolated');
    // The 950DT MXFP4 rate is derived from the 950PR die (audit C3), so the prediction is no firmer than estimated.
    expect(p.confidence.level).toBe('estimated');
    expect(finiteEverywhere(p)).toEqual([]);
  });

  it('reports a batch that does not fit, by how much and what would fit', async () => {
    const r = await run([
      'perf',
      '--accelerator',
      'h100-sxm',
      '--model',
      'llama-3.1-405b',
      '--precision',
      'fp8',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const p = JSON.parse(r.stdout);
    expect(p.memory.fits).toBe(false);
    expect(p.memory.shortfallGB).toBeGreaterThan(300);
    expect(p.memory.maxBatch).toBe(0);
    expect(r.stderr).toMatch(/^warning: .*needs [\d.]+ GB more per device.*at least \d+ devices/);
    expect(finiteEverywhere(p)).toEqual([]);
  });

  it('fails when the accelerator id is unknown, listing the valid ids', async () => {
    expectOneLineError(
      await run(['perf', '--accelerator', 'h100', '--model', 'llama-3.1-8b']),
      /unknown accelerator id .*h100-sxm/,
    );
  });

  it('fails when the model id is unknown, listing the valid ids', async () => {
    expectOneLineError(
      await run(['perf', '--accelerator', 'h100-sxm', '--model', 'llama-4']),
      /unknown model id .*llama-3\.1-8b/,
    );
  });

  it('fails when the accelerator cannot run the precision, naming what it can', async () => {
    expectOneLineError(
      await run(['perf', '--accelerator', 'h100-sxm', '--model', 'llama-3.1-8b', '--precision', 'mxfp4']),
      /cannot run mxfp4 .*bf16, fp16, fp8, int8/,
    );
    expectOneLineError(
      await run(['perf', '--accelerator', 'ascend-910b', '--model', 'deepseek-v3']),
      /ascend-910b.*cannot run fp8/,
    );
  });

  it('fails when the TDP is unpublished and not given', async () => {
    expectOneLineError(await run(['perf', '--accelerator', 'ascend-950dt', '--model', 'llama-3.1-8b']), /--tdp-w/);
  });

  it('fails on bad flags and values', async () => {
    expectOneLineError(await run([...base, '--batch', '0']), /--batch: expected a whole number/);
    expectOneLineError(await run([...base, '--batch', 'lots']), /--batch/);
    expectOneLineError(await run([...base, '--precision', 'fp6']), /unknown numeric format .*"fp6"/);
    expectOneLineError(await run([...base, '--speed', 'fast']), /superpod perf: unknown option/i);
    expectOneLineError(await run(['perf', '--model', 'llama-3.1-8b']), /--accelerator is required/);
    expectOneLineError(await run([...base, '--draft-tokens', '1']), /--draft-tokens and --acceptance go together/);
    expectOneLineError(await run([...base, '--tp', '3']), /parallelism.tp: .*divide the 64 attention heads/);
    expectOneLineError(await run([...base, '--ep', '2']), /expert parallelism needs a mixture-of-experts model/);
    expectOneLineError(await run([...base, '--card-hour-price', '2', '--capex', '20000']), /two different cost bases/);
  });
});

describe('superpod plan', () => {
  const base = [
    'plan',
    '--model',
    'llama-3.1-8b',
    '--requests-per-second',
    '20',
    '--input-tokens',
    '1024',
    '--output-tokens',
    '256',
    '--ttft-ms',
    '1000',
    '--tpot-ms',
    '50',
  ];

  it('finds the cheapest configuration and reports cards, nodes, racks, power and cost', async () => {
    const r = await run([
      ...base,
      '--accelerator',
      'h100-sxm',
      '--price',
      'h100-sxm=2',
      '--precision',
      'fp8',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect(plan.cards).toBeGreaterThan(0);
    expect(plan.nodes).toBeGreaterThan(0);
    expect(plan.racks).toBeGreaterThan(0);
    expect(plan.powerW).toBeGreaterThan(0);
    expect(plan.costPerHour).toBe(plan.cards * 2);
    expect(plan.ttftS).toBeLessThanOrEqual(1);
    expect(plan.tpotS).toBeLessThanOrEqual(0.05);
    expect(finiteEverywhere(plan)).toEqual([]);
  });

  it('compares Atlas 350 prefill + 950DT decode with H20, H200 and B200: cost and energy per million tokens, with ranges', async () => {
    const r = await run([
      ...base,
      '--prefill-accelerator',
      'atlas-350',
      '--decode-accelerator',
      'ascend-950dt',
      '--tdp-w',
      'ascend-950dt=900',
      '--price',
      'b200=6',
      '--compare',
      'h20,h200-sxm',
      '--compare',
      'b200',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.comparison.map((row: { label: string }) => row.label)).toEqual([
      'atlas-350 prefill + ascend-950dt decode',
      'h20',
      'h200-sxm',
      'b200',
    ]);
    for (const row of out.comparison) {
      const p = row.plan;
      expect(p, row.label).not.toBeNull();
      for (const key of ['costPerMillionOutputTokens', 'energyPerMillionOutputTokensKWh'] as const) {
        expect(p.intervals[key].p10, `${row.label} ${key}`).toBeLessThanOrEqual(p[key]);
        expect(p.intervals[key].p90, `${row.label} ${key}`).toBeGreaterThanOrEqual(p[key]);
        expect(p[key], `${row.label} ${key}`).toBeGreaterThan(0);
      }
    }
    expect(out.comparison[0].plan.calibration).toBe('extrapolated');
    expect(out.comparison[2].plan.calibration).toBe('measured');
    expect(out.comparison[2].plan.powerCovers).toBe('nodes');
    // The B200 price applies: 6 per card-hour.
    const b200 = out.comparison[3].plan;
    expect(b200.costPerMillionOutputTokens).toBeCloseTo(((b200.cards * 6) / (20 * 256 * 3600)) * 1e6, 1);
    expect(finiteEverywhere(out)).toEqual([]);
    const text = await run([...base, '--accelerator', 'h200-sxm', '--compare', 'b200']);
    expect(text.stdout).toMatch(/Comparison at the same traffic and SLOs/);
    expect(text.stdout).toMatch(/kWh per million output tokens/);
  });

  it('sizes on the pessimistic end with --conservative', async () => {
    const args = [...base, '--accelerator', 'h100-sxm', '--precision', 'fp8', '--json'];
    const central = JSON.parse((await run(args)).stdout);
    const careful = JSON.parse((await run([...args, '--conservative'])).stdout);
    expect(careful.conservative).toBe(true);
    expect(careful.cards).toBeGreaterThanOrEqual(central.cards);
    expect(careful.intervals.tpotS.p90).toBeLessThanOrEqual(0.05 * 1.0001);
  });

  it('prints a readable plan', async () => {
    const r = await run([...base, '--accelerator', 'h100-sxm']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/accelerators in \d+ nodes and \d+ racks/);
  });

  it('fails without hardware, with a bad price, or when nothing meets the SLO', async () => {
    expectOneLineError(await run(base), /no hardware given/);
    expectOneLineError(
      await run([...base, '--accelerator', 'h100-sxm', '--price', 'h100-sxm']),
      /<accelerator id>=<number>/,
    );
    expectOneLineError(
      await run([...base, '--accelerator', 'h100-sxm', '--price', 'b200=3']),
      /not among the accelerators/,
    );
    expectOneLineError(
      await run([...base.slice(0, -4), '--ttft-ms', '1000', '--tpot-ms', '0.01', '--accelerator', 'h100-sxm']),
      /no configuration of llama-3\.1-8b meets/,
    );
    expectOneLineError(
      await run([...base, '--decode-accelerator', 'ascend-950dt', '--precision', 'fp8']),
      /TDP .*--tdp-w/,
    );
  });
});
