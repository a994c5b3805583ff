import { describe, expect, it } from 'vitest';
import { CASES, NOT_EXPRESSIBLE } from './validation-cases.ts';
import { formatValidation, loadRecords, runValidation } from './validation-harness.ts';

/**
 * Acceptance core: every record of the measured set that the model can express is predicted, and the overall mean
 * absolute percentage error stays within the bound (25%). `npm run bench:perf` prints the same table.
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

  it('keeps the overall MAPE at most 25%', () => {
    process.stdout.write(formatValidation(report));
    expect(report.overall.mape).toBeLessThanOrEqual(25);
  });

  it('keeps the throughput of max-throughput runs (the best-specified records) within 20% MAPE', () => {
    expect(report.byMetric.get('throughput')!.mape).toBeLessThanOrEqual(20);
  });
});
