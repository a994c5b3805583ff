import { type BudgetDraw, type MissingInput, podBudgetDraw } from '../../src/facility/index.ts';
import type { SuperPodInfo } from '../../src/inventory/types.ts';
import {
  defineRule,
  fail,
  kilowatts,
  notApplicable,
  notEvaluated,
  pass,
  plural,
  type RuleContext,
} from '../../src/policy/index.ts';

/** The SuperPoD's peak facility draw (IT incl. overheads x design-day PUE) against the budget it was given. */
export const podFacilityBudget = defineRule(import.meta.url, 'superpod', (pod, context) => {
  const budgetW = pod.facilityPowerBudgetW;
  if (budgetW === undefined) return notApplicable();
  const draw = podDraw(pod, context);
  const breakdown = `${kilowatts(draw.itW)} IT${itParts(draw)} x ${pueText(draw)}`;
  if (draw.facilityW > budgetW) {
    const cutW = (draw.facilityW - budgetW) / draw.pue;
    return fail(
      `${lowerBound(draw) ? 'at least ' : ''}${kilowatts(draw.facilityW)} at the facility (${breakdown}) exceeds the pod's budget of ${kilowatts(budgetW)}${missingNote(draw.missing)}`,
      {
        fix: `cut ${kilowatts(cutW)} of IT load or raise the facility budget${setHint(draw.missing, ', and set ')}`,
        data: { facilityW: draw.facilityW, itLoadW: draw.itW, nodesW: draw.nodesW, pue: draw.pue, budgetW },
      },
    );
  }
  if (draw.unknownPowerNodes > 0) {
    return notEvaluated(
      `${plural(draw.unknownPowerNodes, 'node')} of unknown power (POWER-001); the known ${kilowatts(draw.facilityW)} (${breakdown}) is within ${kilowatts(budgetW)}`,
    );
  }
  if (draw.missing.length > 0) {
    return notEvaluated(
      `the peak draw leaves out ${listWhat(draw.missing)}; the known ${kilowatts(draw.facilityW)} (${breakdown}) is within ${kilowatts(budgetW)}${setHint(draw.missing, '; set ')}`,
    );
  }
  return pass();
});

/** The pod's peak draw, with the pack's `power.defaultPue` and `power.defaultDesignPue`. */
export function podDraw(pod: SuperPodInfo, context: RuleContext): BudgetDraw {
  const racks = context.index.racksByPod.get(pod.id) ?? [];
  return podBudgetDraw(pod, racks, (id) => context.index.nodesByRack.get(id) ?? [], {
    defaultPue: context.param<number>('power.defaultPue'),
    defaultDesignPue: context.param<number | undefined>('power.defaultDesignPue'),
  });
}

/** True when the draw is a lower bound: nodes of unknown power, or an input left out. */
export function lowerBound(draw: Pick<BudgetDraw, 'unknownPowerNodes' | 'missing'>): boolean {
  return draw.unknownPowerNodes > 0 || draw.missing.length > 0;
}

/** `the design-day PUE and the in-rack UB switches`. */
export function listWhat(missing: readonly MissingInput[]): string {
  const names = missing.map((m) => m.what);
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** `; the in-rack UB switches are not included` for a failing message, or ''. */
export function missingNote(missing: readonly MissingInput[]): string {
  const counted = missing.filter((m) => m.prop !== 'designPue');
  if (counted.length === 0) return '';
  // both inputs it can name are plural: the in-rack UB switches, the interconnect cabinets
  return `; ${listWhat(counted)} are not included`;
}

/** `, and set designPue, interconnectPower on the SuperPod`, or '' when nothing is missing. */
export function setHint(missing: readonly MissingInput[], lead: string, on = 'the SuperPod'): string {
  if (missing.length === 0) return '';
  return `${lead}${missing.map((m) => m.prop).join(', ')} on ${on}`;
}

function itParts(draw: BudgetDraw): string {
  const parts = [
    draw.conversionLossW > 0 ? `${kilowatts(draw.conversionLossW)} shelf conversion loss` : '',
    draw.switchesW > 0 ? `${kilowatts(draw.switchesW)} rack switches` : '',
    draw.interconnectW > 0 ? `${kilowatts(draw.interconnectW)} interconnect cabinets` : '',
  ].filter((p) => p !== '');
  return parts.length === 0 ? '' : ` (nodes ${kilowatts(draw.nodesW)} + ${parts.join(' + ')})`;
}

function pueText(draw: BudgetDraw): string {
  if (draw.pueBasis === 'design') return `design-day PUE ${draw.pue}`;
  if (draw.pueBasis === 'annual') return `annual PUE ${draw.pue}, the pod sets no design-day PUE`;
  return `PUE ${draw.pue} assumed, the pod sets none`;
}
