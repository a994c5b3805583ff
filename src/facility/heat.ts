import type { NodeInfo } from '../inventory/types.ts';
import type { GroupLoad } from './load.ts';

/** Heat on each path, W. */
export interface HeatSplit {
  readonly liquidW: number;
  readonly airW: number;
}

/** Heat of a node on each path: liquid-cooled nodes put `liquidFraction` on the cold plates, air nodes put none. */
export function nodeHeatW(node: NodeInfo, watts: number): HeatSplit {
  if (node.cooling === 'liquid') {
    const liquidW = watts * node.liquidFraction;
    return { liquidW, airW: watts - liquidW };
  }
  return { liquidW: 0, airW: watts };
}

/** Liquid and air heat of a group of nodes with known power. */
export function groupHeat(load: GroupLoad): HeatSplit {
  let liquidW = 0;
  let airW = 0;
  for (const { node, watts } of load.known) {
    const heat = nodeHeatW(node, watts);
    liquidW += heat.liquidW;
    airW += heat.airW;
  }
  return { liquidW, airW };
}
