import { describe, expect, it } from 'vitest';
import { POWER_CASES, POWER_NOT_EXPRESSIBLE } from './power-cases.ts';
import { formatPowerValidation, loadPowerRecords, runPowerValidation } from './power-harness.ts';

/**
 * Acceptance: every measured power record is predicted or listed with the reason it cannot be, and the held-out
 * errors stay within the bounds (node power on MLPerf and accelerator power on ML.ENERGY, 15% MAPE each).
 * `npm run bench:perf` prints the same table.
 */
describe('power validation against the measured set (power-validation.json)', () => {
  const report = runPowerValidation();

  it('covers every record: expressed, or listed with the reason it cannot be', () => {
    const ids = loadPowerRecords()
      .map((r) => r.id)
      .sort();
    const covered = [...POWER_CASES.map((c) => c.id), ...Object.keys(POWER_NOT_EXPRESSIBLE)].sort();
    expect(covered).toEqual(ids);
  });

  it('predicts every compared point with a finite, positive number', () => {
    expect(report.rows.length).toBeGreaterThanOrEqual(75);
    for (const row of report.rows) {
      expect(Number.isFinite(row.predicted), `${row.id} ${row.metric}`).toBe(true);
      expect(row.predicted, `${row.id} ${row.metric}`).toBeGreaterThan(0);
    }
  });

  it('keeps MLPerf node wall power within 15% MAPE (held out)', () => {
    process.stdout.write(formatPowerValidation(report));
    const node = report.heldOut.get('MLPerf node power')!;
    expect(node.n).toBe(9);
    expect(node.mape).toBeLessThanOrEqual(15);
  });

  it('keeps ML.ENERGY accelerator power within 15% MAPE (held out)', () => {
    const acc = report.heldOut.get('ML.ENERGY accelerator power')!;
    expect(acc.n).toBe(30);
    expect(acc.mape).toBeLessThanOrEqual(15);
  });

  it('reports the fitted record apart from the held-out ones', () => {
    const fitted = report.rows.filter((r) => r.fitted);
    expect(fitted.map((r) => r.id)).toEqual([
      'mlenergy-llama-3.1-8b-instruct-h100x1-bs8',
      'mlenergy-llama-3.1-8b-instruct-h100x1-bs8',
    ]);
  });
});
