import type { NodeInfo } from '../inventory/types.ts';
import type { GroupLoad } from './load.ts';

/** Heat on each path, W. */
export interface HeatSplit {
  readonly liquidW: number;
  readonly airW: number;
}

/**
 * Heat of a node on each path: liquid-cooled nodes put `liquidFraction` on the cold plates, air nodes put none.
 * `liquidLoop` false: the node sits in a rack without a liquid loop (COOL-003), so all of its heat ends up in the air.
 */
export function nodeHeatW(node: NodeInfo, watts: number, liquidLoop = true): HeatSplit {
  if (node.cooling === 'liquid' && liquidLoop) {
    const liquidW = watts * node.liquidFraction;
    return { liquidW, airW: watts - liquidW };
  }
  return { liquidW: 0, airW: watts };
}

/** Liquid and air heat of a group of nodes with known power; `liquidLoop` as in `nodeHeatW`. */
export function groupHeat(load: GroupLoad, liquidLoop = true): HeatSplit {
  let liquidW = 0;
  let airW = 0;
  for (const { node, watts } of load.known) {
    const heat = nodeHeatW(node, watts, liquidLoop);
    liquidW += heat.liquidW;
    airW += heat.airW;
  }
  return { liquidW, airW };
}
