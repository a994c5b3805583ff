import { groupHeat, hasLiquidLoop, nodeHeatW } from '../../src/facility/index.ts';
import { defineRule, fail, kilowatts, notEvaluated, pass, plural } from '../../src/policy/index.ts';
import { rackNodesLoad, unknownNote } from '../shared/power.ts';
import { countToShed } from './rack-liquid-heat.ts';

/**
 * Heat left on air (all of an air-cooled node, the residual of a liquid-cooled one) against the rack's air path. In a
 * rack without a liquid loop a liquid-cooled node's cold plates have nowhere to go, so all of its heat counts on air.
 */
export const rackAirHeat = defineRule(import.meta.url, 'rack', (rack, context) => {
  const load = rackNodesLoad(rack, context);
  const loop = hasLiquidLoop(rack);
  const { airW } = groupHeat(load, loop);
  const capacityW = rack.cooling.airCapacityW;
  if (airW > capacityW) {
    const airNodes = load.known.filter((k) => k.node.cooling === 'air');
    const airNodesW = airNodes.reduce((sum, k) => sum + k.watts, 0);
    const perNode = load.known.map(({ node, watts }) => nodeHeatW(node, watts, loop).airW).sort((a, b) => b - a);
    const remove = countToShed(perNode, airW - capacityW);
    const split =
      airNodes.length > 0
        ? ` (${plural(airNodes.length, 'air-cooled node')} ${kilowatts(airNodesW)}, ${loop ? 'residual of liquid-cooled nodes' : 'liquid-cooled nodes without a loop'} ${kilowatts(airW - airNodesW)})`
        : loop
          ? ' (residual of the liquid-cooled nodes)'
          : ' (all of the liquid-cooled nodes: the rack has no liquid loop, see COOL-003)';
    return fail(
      `${load.unknown.length > 0 ? 'at least ' : ''}${kilowatts(airW)} of air heat${split} exceeds the rack's ${kilowatts(capacityW)} air path${unknownNote(load)}`,
      {
        fix:
          airNodes.length > 0
            ? `remove ${plural(remove, 'node')}, use liquid-cooled nodes, or raise the air capacity (rear-door heat exchanger)`
            : `remove ${plural(remove, 'node')} or raise the air capacity (rear-door heat exchanger)`,
        data: { airHeatW: airW, airCapacityW: capacityW, airCooledNodes: airNodes.length, nodesToRemove: remove },
      },
    );
  }
  if (load.unknown.length > 0) {
    return notEvaluated(
      `${plural(load.unknown.length, 'node')} of unknown power (POWER-001); the known ${kilowatts(airW)} is within ${kilowatts(capacityW)}`,
    );
  }
  return pass();
});
