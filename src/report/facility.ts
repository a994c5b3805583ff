import { nodeHeatW, nodeLoadW, normalLimit, survivingLimit } from '../../policies/shared/power.ts';
import type { Inventory, NodeInfo, RackInfo, SuperPodInfo } from '../inventory/types.ts';
import { anchorId } from './format.ts';

/**
 * Space, power, heat and weight per rack, pod and site: the figures a capacity review reads off a DCIM tool
 * (NetBox, openDCIM, Device42), computed the same way as the power, cooling and physical policy packs (nameplate
 * load = accelerators x TDP + host power; feed limit = |V| x A x max utilisation).
 */

/** One supply path of a rack (a feed, a busbar side or a power shelf): its share of the load against its limit. */
export interface SupplyBar {
  /** `feed A`, `shelf 3`, `A alone, B failed`. */
  readonly label: string;
  readonly loadW: number;
  readonly limitW: number;
  readonly utilisation: number;
  /** True for the failure case (one feed or shelf lost). */
  readonly failover: boolean;
}

/** `ok`: the surviving supply carries the rack; `fails`: it does not; `none`: no redundancy; `unknown`: load unknown. */
export type RedundancyState = 'ok' | 'fails' | 'none' | 'unknown';

export interface RackFigures {
  readonly rack: RackInfo;
  /** HTML id of the rack's elevation (drill-down target of the heat maps and tables). */
  readonly anchor: string;
  /** Nodes of the rack, lowest U first. */
  readonly nodes: readonly NodeInfo[];
  readonly npus: number;
  readonly usableU: number;
  readonly usedU: number;
  /** Nameplate IT load of the nodes whose power is known, W. */
  readonly itLoadW: number;
  readonly unknownPowerNodes: number;
  readonly normalLimitW: number;
  readonly normalUtilisation: number;
  /** Null when the rack has no redundancy. */
  readonly survivingLimitW: number | null;
  readonly survivingUtilisation: number | null;
  readonly redundancy: RedundancyState;
  readonly supplies: readonly SupplyBar[];
  readonly liquidHeatW: number;
  readonly airHeatW: number;
  readonly weightKg: number;
  readonly unknownWeightNodes: number;
}

export interface PodFigures {
  readonly pod: SuperPodInfo;
  readonly anchor: string;
  readonly racks: readonly RackFigures[];
  readonly nodes: number;
  readonly npus: number;
  readonly itLoadW: number;
  readonly unknownPowerNodes: number;
  readonly pue: number;
  /** True when the pod sets no PUE and the report's default was used. */
  readonly pueAssumed: boolean;
  readonly facilityW: number;
  readonly budgetW: number | null;
  readonly liquidHeatW: number;
  readonly liquidCapacityW: number;
  readonly airHeatW: number;
  readonly airCapacityW: number;
  readonly usedU: number;
  readonly usableU: number;
  readonly weightKg: number;
  /** Racks whose normal or failover load exceeds the derated limit. */
  readonly overloadedRacks: number;
}

export interface SiteFigures {
  readonly pods: readonly PodFigures[];
  readonly racks: number;
  readonly nodes: number;
  readonly npus: number;
  readonly itLoadW: number;
  readonly facilityW: number;
  readonly unknownPowerNodes: number;
  readonly liquidHeatW: number;
  readonly liquidCapacityW: number;
  readonly airHeatW: number;
  readonly airCapacityW: number;
}

/** PUE used for pods that set none: the power pack's default (`power.defaultPue`). */
export const DEFAULT_PUE = 1.5;

export function siteFigures(inventory: Inventory, defaultPue = DEFAULT_PUE): SiteFigures {
  const nodesByRack = new Map<string, NodeInfo[]>();
  for (const node of inventory.nodes) {
    const list = nodesByRack.get(node.rackId);
    if (list) list.push(node);
    else nodesByRack.set(node.rackId, [node]);
  }
  let rackIndex = 0;
  const racksByPod = new Map<string, RackFigures[]>();
  for (const rack of inventory.racks) {
    const figures = rackFigures(rack, nodesByRack.get(rack.id) ?? [], anchorId('rack', rackIndex++, rack.id));
    const list = racksByPod.get(rack.superPodId);
    if (list) list.push(figures);
    else racksByPod.set(rack.superPodId, [figures]);
  }
  const pods = inventory.superPods.map((pod, i) =>
    podFigures(pod, racksByPod.get(pod.id) ?? [], anchorId('pod', i, pod.id), defaultPue),
  );
  const sum = (f: (p: PodFigures) => number) => pods.reduce((s, p) => s + f(p), 0);
  return {
    pods,
    racks: sum((p) => p.racks.length),
    nodes: sum((p) => p.nodes),
    npus: sum((p) => p.npus),
    itLoadW: sum((p) => p.itLoadW),
    facilityW: sum((p) => p.facilityW),
    unknownPowerNodes: sum((p) => p.unknownPowerNodes),
    liquidHeatW: sum((p) => p.liquidHeatW),
    liquidCapacityW: sum((p) => p.liquidCapacityW),
    airHeatW: sum((p) => p.airHeatW),
    airCapacityW: sum((p) => p.airCapacityW),
  };
}

export function rackFigures(rack: RackInfo, rackNodes: readonly NodeInfo[], anchor: string): RackFigures {
  const nodes = [...rackNodes].sort((a, b) => a.uPosition - b.uPosition || compare(a.id, b.id));
  let itLoadW = 0;
  let unknownPowerNodes = 0;
  let liquidHeatW = 0;
  let airHeatW = 0;
  let weightKg = 0;
  let unknownWeightNodes = 0;
  for (const node of nodes) {
    const watts = nodeLoadW(node);
    if (watts === null) unknownPowerNodes++;
    else {
      itLoadW += watts;
      const heat = nodeHeatW(node, watts);
      liquidHeatW += heat.liquidW;
      airHeatW += heat.airW;
    }
    if (node.weightKg === null) unknownWeightNodes++;
    else weightKg += node.weightKg;
  }
  const normal = normalLimit(rack.power).watts;
  const surviving = survivingLimit(rack.power)?.watts ?? null;
  const survivingUtilisation = surviving === null ? null : ratio(itLoadW, surviving);
  const redundancy: RedundancyState =
    surviving === null ? 'none' : itLoadW > surviving ? 'fails' : unknownPowerNodes > 0 ? 'unknown' : 'ok';
  return {
    rack,
    anchor,
    nodes,
    npus: nodes.reduce((s, n) => s + n.acceleratorCount, 0),
    usableU: rack.heightU - rack.reservedU,
    usedU: nodes.reduce((s, n) => s + n.heightU, 0),
    itLoadW,
    unknownPowerNodes,
    normalLimitW: normal,
    normalUtilisation: ratio(itLoadW, normal),
    survivingLimitW: surviving,
    survivingUtilisation,
    redundancy,
    supplies: supplyBars(rack, itLoadW),
    liquidHeatW,
    airHeatW,
    weightKg,
    unknownWeightNodes,
  };
}

/**
 * One bar per supply path (Device42's "one bar per PDU infeed"): A/B feeds share the load in normal operation and
 * one carries it all after a failure; N+1 shelves share it over all, then over one fewer.
 */
export function supplyBars(rack: RackInfo, loadW: number): SupplyBar[] {
  const p = rack.power;
  const u = p.maxUtilisation;
  const bar = (label: string, share: number, limitW: number, failover = false): SupplyBar => ({
    label,
    loadW: share,
    limitW,
    utilisation: ratio(share, limitW),
    failover,
  });
  if (p.shelves) {
    const { count, ratingW } = p.shelves;
    const limit = ratingW * u;
    const bars = Array.from({ length: count }, (_, i) => bar(`shelf ${i + 1}`, loadW / count, limit));
    if (p.redundancy === 'n+1' && count > 1) bars.push(bar('per shelf, one failed', loadW / (count - 1), limit, true));
    return bars;
  }
  if (p.redundancy === 'a-b') {
    const limit = p.ratedW * u;
    return [
      bar(`${p.kind} A`, loadW / 2, limit),
      bar(`${p.kind} B`, loadW / 2, limit),
      bar('A alone, B failed', loadW, limit, true),
    ];
  }
  return [bar(p.kind, loadW, p.usableW)];
}

function podFigures(pod: SuperPodInfo, racks: readonly RackFigures[], anchor: string, defaultPue: number): PodFigures {
  const sum = (f: (r: RackFigures) => number) => racks.reduce((s, r) => s + f(r), 0);
  const pue = pod.pue ?? defaultPue;
  const itLoadW = sum((r) => r.itLoadW);
  return {
    pod,
    anchor,
    racks,
    nodes: sum((r) => r.nodes.length),
    npus: sum((r) => r.npus),
    itLoadW,
    unknownPowerNodes: sum((r) => r.unknownPowerNodes),
    pue,
    pueAssumed: pod.pue === undefined,
    facilityW: itLoadW * pue,
    budgetW: pod.facilityPowerBudgetW ?? null,
    liquidHeatW: sum((r) => r.liquidHeatW),
    liquidCapacityW: sum((r) => r.rack.cooling.liquidCapacityW),
    airHeatW: sum((r) => r.airHeatW),
    airCapacityW: sum((r) => r.rack.cooling.airCapacityW),
    usedU: sum((r) => r.usedU),
    usableU: sum((r) => r.usableU),
    weightKg: sum((r) => r.weightKg),
    overloadedRacks: racks.filter((r) => r.normalUtilisation > 1 || r.redundancy === 'fails').length,
  };
}

/** load / limit; a positive load on a zero limit is infinitely over, nothing on nothing is 0. */
export function ratio(load: number, limit: number): number {
  if (limit > 0) return load / limit;
  return load > 0 ? Number.POSITIVE_INFINITY : 0;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
