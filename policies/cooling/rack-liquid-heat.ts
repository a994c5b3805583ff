import { groupHeat, nodeHeatW } from '../../src/facility/index.ts';
import type { NodeInfo } from '../../src/inventory/types.ts';
import { defineRule, fail, kilowatts, notApplicable, notEvaluated, pass, plural } from '../../src/policy/index.ts';
import { rackNodesLoad, unknownNote } from '../shared/power.ts';

/** Heat the cold plates take (load x liquid fraction of liquid-cooled nodes) against the rack's liquid loop. */
export const rackLiquidHeat = defineRule(import.meta.url, 'rack', (rack, context) => {
  if (rack.cooling.method !== 'liquid') return notApplicable();
  const load = rackNodesLoad(rack, context);
  const { liquidW } = groupHeat(load);
  const capacityW = rack.cooling.liquidCapacityW;
  if (liquidW > capacityW) {
    const perNode = load.known.map(({ node, watts }) => nodeHeatW(node, watts).liquidW).sort((a, b) => b - a);
    const remove = countToShed(perNode, liquidW - capacityW);
    return fail(
      `${load.unknown.length > 0 ? 'at least ' : ''}${kilowatts(liquidW)} of liquid heat (${describeFractions(load.known.map((k) => k.node))}) exceeds the liquid loop's ${kilowatts(capacityW)}${unknownNote(load)}`,
      {
        fix: `remove ${plural(remove, 'node')} or raise the rack's liquid capacity`,
        data: { liquidHeatW: liquidW, liquidCapacityW: capacityW, nodesToRemove: remove },
      },
    );
  }
  if (load.unknown.length > 0) {
    return notEvaluated(
      `${plural(load.unknown.length, 'node')} of unknown power (POWER-001); the known ${kilowatts(liquidW)} is within ${kilowatts(capacityW)}`,
    );
  }
  return pass();
});

/** Fewest items, largest first, whose sum reaches `excess`. */
export function countToShed(sortedDescending: readonly number[], excess: number): number {
  let shed = 0;
  let n = 0;
  while (shed < excess && n < sortedDescending.length) shed += sortedDescending[n++]!;
  return n;
}

/** `liquid fraction 0.8 of liquid-cooled nodes`, or the range when nodes differ. */
function describeFractions(nodes: readonly NodeInfo[]): string {
  const fractions = [...new Set(nodes.filter((n) => n.cooling === 'liquid').map((n) => n.liquidFraction))].sort();
  if (fractions.length === 0) return 'no liquid-cooled nodes';
  const text = fractions.length === 1 ? `${fractions[0]}` : `${fractions[0]}-${fractions[fractions.length - 1]}`;
  return `liquid fraction ${text} of the liquid-cooled nodes' load`;
}
