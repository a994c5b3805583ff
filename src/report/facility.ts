import type { BudgetDraw } from '../facility/index.ts';
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
import { megawattsOrKilowatts } from '../units/index.ts';
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

/**
 * The facility figures of every pod and rack of the inventory, with the anchors the report links to; the PUE defaults
 * are the power pack's (`power.defaultPue` annual, `power.defaultDesignPue` design-day).
 */
export function siteFigures(inventory: Inventory, defaultPue = DEFAULT_PUE, defaultDesignPue?: number): SiteFigures {
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
      ...podLoad(pod, racksByPod.get(pod.id) ?? [], defaultPue, defaultDesignPue),
      anchor: anchorId('pod', i, pod.id),
    })),
  );
}

export function rackFigures(rack: RackInfo, rackNodes: readonly NodeInfo[], anchor: string): RackFigures {
  return { ...rackLoad(rack, rackNodes), anchor };
}

/**
 * How the peak draw is made, as POWER-004 makes it: `887 kW IT (nodes 850 kW + shelf loss 12 kW + rack switches 25 kW)
 * x design-day PUE 1.3`; without a design-day PUE the annual one stands in and the figure is a lower bound.
 */
export function peakDrawBreakdown(peak: BudgetDraw): string {
  const parts = [
    `nodes ${megawattsOrKilowatts(peak.nodesW)}`,
    ...(peak.conversionLossW > 0 ? [`shelf loss ${megawattsOrKilowatts(peak.conversionLossW)}`] : []),
    ...(peak.switchesW > 0 ? [`rack switches ${megawattsOrKilowatts(peak.switchesW)}`] : []),
    ...(peak.interconnectW > 0 ? [`interconnect ${megawattsOrKilowatts(peak.interconnectW)}`] : []),
  ];
  const pue =
    peak.pueBasis === 'design'
      ? `design-day PUE ${peak.pue}`
      : `${peak.pueBasis === 'annual' ? 'annual' : 'assumed'} PUE ${peak.pue} (no design-day PUE set)`;
  const left = peak.missing.filter((m) => m.prop !== 'designPue').map((m) => m.what);
  const lower = peak.pueBasis !== 'design' || left.length > 0 || peak.unknownPowerNodes > 0;
  return `${megawattsOrKilowatts(peak.itW)} IT (${parts.join(' + ')}) × ${pue}${left.length > 0 ? `; leaves out ${left.join(', ')}` : ''}${lower ? '; a lower bound' : ''}`;
}
