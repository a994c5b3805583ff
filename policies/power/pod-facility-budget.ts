import { podPue as facilityPue, type GroupLoad, groupLoad } from '../../src/facility/index.ts';
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

/** The SuperPoD's IT load times its PUE against the facility power budget it was given. */
export const podFacilityBudget = defineRule(import.meta.url, 'superpod', (pod, context) => {
  const budgetW = pod.facilityPowerBudgetW;
  if (budgetW === undefined) return notApplicable();
  const load = podLoad(pod, context);
  const { pue, assumed } = podPue(pod, context);
  const facilityW = load.knownW * pue;
  const pueText = `PUE ${pue}${assumed ? ' assumed, the pod sets none' : ''}`;
  if (facilityW > budgetW) {
    const cutW = (facilityW - budgetW) / pue;
    return fail(
      `${load.unknown.length > 0 ? 'at least ' : ''}${kilowatts(facilityW)} at the facility (${kilowatts(load.knownW)} IT x ${pueText}) exceeds the pod's budget of ${kilowatts(budgetW)}`,
      {
        fix: `cut ${kilowatts(cutW)} of IT load or raise the facility budget${assumed ? ", and set the hall's pue on the SuperPod" : ''}`,
        data: { facilityW, itLoadW: load.knownW, pue, budgetW },
      },
    );
  }
  if (load.unknown.length > 0) {
    return notEvaluated(
      `${plural(load.unknown.length, 'node')} of unknown power (POWER-001); the known ${kilowatts(facilityW)} (${pueText}) is within ${kilowatts(budgetW)}`,
    );
  }
  return pass();
});

export function podLoad(pod: SuperPodInfo, context: RuleContext): GroupLoad {
  const racks = context.index.racksByPod.get(pod.id) ?? [];
  return groupLoad(racks.flatMap((r) => context.index.nodesByRack.get(r.id) ?? []));
}

/** The pod's PUE, or the pack's `power.defaultPue` when it sets none. */
export function podPue(pod: SuperPodInfo, context: RuleContext): { readonly pue: number; readonly assumed: boolean } {
  return facilityPue(pod, context.param<number>('power.defaultPue'));
}
