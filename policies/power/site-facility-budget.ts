import { defineRule, fail, kilowatts, notApplicable, notEvaluated, pass, plural } from '../../src/policy/index.ts';
import { podLoad, podPue } from './pod-facility-budget.ts';

/** Every SuperPoD of the stack, each at its PUE, against the site budget from the policy config. */
export const siteFacilityBudget = defineRule(import.meta.url, 'stack', (inventory, context) => {
  const budgetKw = context.param<number | undefined>('power.siteBudgetKw');
  if (budgetKw === undefined) return notApplicable();
  const budgetW = budgetKw * 1000;
  let facilityW = 0;
  let itW = 0;
  let unknown = 0;
  for (const pod of inventory.superPods) {
    const load = podLoad(pod, context);
    facilityW += load.knownW * podPue(pod, context).pue;
    itW += load.knownW;
    unknown += load.unknown.length;
  }
  const pods = plural(inventory.superPods.length, 'SuperPoD');
  if (facilityW > budgetW) {
    return fail(
      `${unknown > 0 ? 'at least ' : ''}${kilowatts(facilityW)} at the facility (${kilowatts(itW)} IT in ${pods}, each at its PUE) exceeds the site budget of ${kilowatts(budgetW)}`,
      {
        fix: `cut ${kilowatts(facilityW - budgetW)} of facility load (IT x PUE) or raise parameters power.siteBudgetKw`,
        data: { facilityW, itLoadW: itW, budgetW },
      },
    );
  }
  if (unknown > 0) {
    return notEvaluated(
      `${plural(unknown, 'node')} of unknown power (POWER-001); the known ${kilowatts(facilityW)} is within ${kilowatts(budgetW)}`,
    );
  }
  return pass();
});
