import { describe, expect, it } from 'vitest';
import { CASES, NOT_EXPRESSIBLE } from './validation-cases.ts';
import { formatValidation, loadRecords, runValidation } from './validation-harness.ts';

/**
 * Acceptance core: every record of the measured set that the model can express is predicted, and the overall mean
 * absolute percentage errors per metric stay within their bounds. `npm run bench:perf` prints the same table.
 */
describe('validation against the measured set (perf-validation.json)', () => {
  const report = runValidation();

  it('covers every record: expressed, or listed with the reason it cannot be', () => {
    const ids = loadRecords()
      .map((r) => r.id)
      .sort();
    const covered = [...CASES.map((c) => c.id), ...Object.keys(NOT_EXPRESSIBLE)].sort();
    expect(covered).toEqual(ids);
    for (const why of Object.values(NOT_EXPRESSIBLE)) expect(why.length).toBeGreaterThan(20);
  });

  it('predicts every expressible point with a finite, positive number', () => {
    expect(report.rows.length).toBeGreaterThanOrEqual(45);
    for (const row of report.rows) {
      expect(Number.isFinite(row.predicted), row.id).toBe(true);
      expect(row.predicted, row.id).toBeGreaterThan(0);
    }
  });

  // Bounds just above the current held-out figures (bench:perf prints them), one per metric and one on the worst
  // point, so that a regression in one metric cannot hide behind the others. Issue 16's targets (overall <= 15%,
  // TTFT <= 25%) are not met: src/perf/README.md "Latency under load" says why, with the step-level simulation of
  // Poisson load (serving-sim.ts) that rules out the queueing approximation as the cause.
  const held = report.heldOut;
  it.each([
    { name: 'overall', bound: 24, stats: () => held.overall },
    // 17.68% since HBM counts binary bytes (audit C4: NVML shows an H100's 80 GB as 79.65 GiB): ~7% more memory lets
    // the max-throughput cases batch more, raising their predictions 0.3-1.8% (from 17.32%).
    { name: 'throughput', bound: 18, stats: () => held.byMetric.get('throughput')! },
    { name: 'TPOT', bound: 23.5, stats: () => held.byMetric.get('tpot')! },
    { name: 'TTFT', bound: 46.5, stats: () => held.byMetric.get('ttft')! },
  ])('keeps the held-out $name MAPE at most $bound%', ({ bound, stats }) => {
    expect(stats().mape).toBeLessThanOrEqual(bound);
  });

  it('keeps the held-out median errors of throughput, TPOT and TTFT at most 8.5%, 12.5% and 40.5%', () => {
    expect(held.byMetric.get('throughput')!.median).toBeLessThanOrEqual(8.5);
    expect(held.byMetric.get('tpot')!.median).toBeLessThanOrEqual(12.5);
    expect(held.byMetric.get('ttft')!.median).toBeLessThanOrEqual(40.5);
  });

  it('keeps every held-out point within 103% (the worst today: TRT-LLM DeepSeek-R1 max throughput on B200)', () => {
    process.stdout.write(formatValidation(report));
    expect(held.overall.worst).toBeLessThanOrEqual(103);
  });

  it('reports the fitted points apart: only the two Ascend 910 compute-efficiency points', () => {
    expect(report.rows.filter((r) => r.fitted).map((r) => `${r.id} ${r.label}`)).toEqual([
      'cloudmatrix-910c-prefill value',
      'gpustack-910b-qwen3-8b-vllm-4k value',
    ]);
  });
});
