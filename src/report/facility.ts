import {
  DEFAULT_PUE,
  nodesByRack,
  type PodLoad,
  podLoad,
  type RackLoad,
  rackLoad,
  type SiteLoad,
  siteLoad,
} from '../facility/index.ts';
import type { Inventory, NodeInfo, RackInfo } from '../inventory/types.ts';
import { anchorId } from './format.ts';

export type { RedundancyState, SupplyBar } from '../facility/index.ts';
export { ratio, supplyBars } from '../facility/index.ts';

/** A rack's facility figures (src/facility) and the HTML id of its elevation, the drill-down target of the tables. */
export interface RackFigures extends RackLoad {
  readonly anchor: string;
}

export interface PodFigures extends PodLoad<RackFigures> {
  readonly anchor: string;
}

export type SiteFigures = SiteLoad<PodFigures>;

/** The facility figures of every pod and rack of the inventory, with the anchors the report links to. */
export function siteFigures(inventory: Inventory, defaultPue = DEFAULT_PUE): SiteFigures {
  const byRack = nodesByRack(inventory);
  const racksByPod = new Map<string, RackFigures[]>();
  inventory.racks.forEach((rack, i) => {
    const figures = rackFigures(rack, byRack.get(rack.id) ?? [], anchorId('rack', i, rack.id));
    const list = racksByPod.get(rack.superPodId);
    if (list) list.push(figures);
    else racksByPod.set(rack.superPodId, [figures]);
  });
  return siteLoad(
    inventory.superPods.map((pod, i) => ({
      ...podLoad(pod, racksByPod.get(pod.id) ?? [], defaultPue),
      anchor: anchorId('pod', i, pod.id),
    })),
  );
}

export function rackFigures(rack: RackInfo, rackNodes: readonly NodeInfo[], anchor: string): RackFigures {
  return { ...rackLoad(rack, rackNodes), anchor };
}
