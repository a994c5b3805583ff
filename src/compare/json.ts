import type { GateResult } from './gate.ts';
import type { CapacityDiff } from './types.ts';

/** The whole comparison as data (every changed figure, no bound), with the `--fail-on` results. */
export function renderCompareJson(diff: CapacityDiff, gate: readonly GateResult[] = []): string {
  const failed = gate.some((g) => g.reasons.length > 0);
  return `${JSON.stringify({ schemaVersion: 1, kind: 'CapacityComparison', ...diff, failOn: gate, failed }, null, 2)}\n`;
}
