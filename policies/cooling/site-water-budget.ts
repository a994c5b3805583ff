import { defineRule, fail, notApplicable, notEvaluated, pass } from '../../src/policy/index.ts';
import { litres } from '../../src/units/index.ts';
import { inventoryWater } from '../../src/water/index.ts';

/**
 * The halls' water at nameplate IT load (each loop's heat through its heat-rejection plant) against the site's water
 * budget from the policy config: litres per hour at load, and litres per year (8,760 hours at that load).
 */
export const siteWaterBudget = defineRule(import.meta.url, 'stack', (inventory, context) => {
  const perHour = context.param<number | undefined>('cooling.siteWaterBudgetLitresPerHour');
  const perYear = context.param<number | undefined>('cooling.siteWaterBudgetLitresPerYear');
  if (perHour === undefined && perYear === undefined) return notApplicable();
  const water = inventoryWater(inventory);
  const lowerBound = water.unknownPods > 0 ? 'at least ' : '';
  const over: string[] = [];
  if (perHour !== undefined && water.litresPerHour > perHour)
    over.push(
      `${lowerBound}${litres(water.litresPerHour)} per hour at load exceeds the budget of ${litres(perHour)} per hour`,
    );
  if (perYear !== undefined && water.litresPerYear > perYear)
    over.push(`${lowerBound}${litres(water.litresPerYear)} per year exceeds the budget of ${litres(perYear)} per year`);
  if (over.length > 0) {
    const wue = water.wueLitresPerKWh === null ? '' : ` (WUE ${water.wueLitresPerKWh.toFixed(2)} L/kWh)`;
    return fail(`the site's cooling water${wue}: ${over.join('; ')}`, {
      fix: 'reject more heat through dry coolers (no water) or adiabatic coolers, raise the towers’ cycles of concentration, cut IT load, or raise the budget (parameters cooling.siteWaterBudgetLitresPerHour / PerYear)',
      data: {
        litresPerHour: water.litresPerHour,
        litresPerYear: water.litresPerYear,
        ...(perHour === undefined ? {} : { budgetLitresPerHour: perHour }),
        ...(perYear === undefined ? {} : { budgetLitresPerYear: perYear }),
      },
    });
  }
  const unknown = water.pods.filter((p) => p.water === null);
  if (unknown.length > 0) {
    return notEvaluated(
      `no heat-rejection plant for ${unknown.map((p) => `SuperPoD ${p.pod.id} (${p.missing.join(', ')})`).join('; ')}; the known halls use ${litres(water.litresPerHour)} per hour; set heatRejection on the SuperPod`,
    );
  }
  return pass();
});
