import { describe, expect, it } from 'vitest';
import { builtInPacks } from '../../policies/index.ts';
import { loadInventory } from '../../src/app/load-stack.ts';
import { failingFindings, formatText, runChecks } from '../../src/policy/index.ts';

describe('the reference stack (stacks/main.ts)', () => {
  it('has no errors and keeps no unsuppressed warning', async () => {
    const inventory = await loadInventory();
    const report = runChecks(inventory, { packs: builtInPacks });
    const text = formatText(report);
    expect(failingFindings(report, 'warning'), text).toEqual([]);
    // Every suppression it carries has a reason and still matches something.
    for (const s of report.suppressions) {
      expect(s.reason.length).toBeGreaterThanOrEqual(10);
      expect(s.status, `${s.ruleId} on ${s.target}`).toBe('used');
    }
    // Every rule could decide: the stack states every input, the shared CDU's capacity included.
    expect(
      report.evaluations.filter((e) => e.status === 'not-evaluated').map((e) => `${e.ruleId} ${e.subject.label}`),
    ).toEqual([]);
    expect(report.evaluations.find((e) => e.ruleId === 'COOL-005')?.status).toBe('pass');
    // The checks ran on real elements: 7 racks, 44 nodes, a service and a job.
    const checked = (ruleId: string) => report.evaluations.filter((e) => e.ruleId === ruleId).length;
    expect([checked('POWER-002'), checked('POWER-001'), checked('MEM-001'), checked('FAB-003')]).toEqual([7, 44, 1, 2]);
  }, 60_000);
});
