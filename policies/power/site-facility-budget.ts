import { sumBudgetDraws } from '../../src/facility/index.ts';
import { defineRule, fail, kilowatts, notApplicable, notEvaluated, pass, plural } from '../../src/policy/index.ts';
import { listWhat, lowerBound, missingNote, podDraw, setHint } from './pod-facility-budget.ts';

/** Every SuperPoD of the stack, each at its design-day PUE, against the site budget from the policy config. */
export const siteFacilityBudget = defineRule(import.meta.url, 'stack', (inventory, context) => {
  const budgetKw = context.param<number | undefined>('power.siteBudgetKw');
  if (budgetKw === undefined) return notApplicable();
  const budgetW = budgetKw * 1000;
  const site = sumBudgetDraws(inventory.superPods.map((pod) => podDraw(pod, context)));
  const pods = plural(inventory.superPods.length, 'SuperPoD');
  const within = `${kilowatts(site.facilityW)} (${kilowatts(site.itW)} IT in ${pods}, each at its PUE) is within ${kilowatts(budgetW)}`;
  if (site.facilityW > budgetW) {
    return fail(
      `${lowerBound(site) ? 'at least ' : ''}${kilowatts(site.facilityW)} at the facility (${kilowatts(site.itW)} IT in ${pods}, each at its PUE) exceeds the site budget of ${kilowatts(budgetW)}${missingNote(site.missing)}`,
      {
        fix: `cut ${kilowatts(site.facilityW - budgetW)} of facility load (IT x PUE) or raise parameters power.siteBudgetKw${setHint(site.missing, ', and set ', 'the SuperPods')}`,
        data: { facilityW: site.facilityW, itLoadW: site.itW, nodesW: site.nodesW, budgetW },
      },
    );
  }
  if (site.unknownPowerNodes > 0) {
    return notEvaluated(`${plural(site.unknownPowerNodes, 'node')} of unknown power (POWER-001); the known ${within}`);
  }
  if (site.missing.length > 0) {
    return notEvaluated(
      `the peak draw leaves out ${listWhat(site.missing)}; the known ${within}${setHint(site.missing, '; set ', 'the SuperPods')}`,
    );
  }
  return pass();
});
