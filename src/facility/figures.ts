import { groupBy } from '../inventory/group.ts';
import type { Inventory, NodeInfo, RackInfo, SuperPodInfo } from '../inventory/types.ts';
import { type BudgetDraw, podBudgetDraw } from './budget.ts';
import { groupHeat } from './heat.ts';
import { groupLoad, ratio } from './load.ts';
import { normalLimit, type SupplyBar, supplyBars, survivingLimit } from './supply.ts';
import { sumFields } from './totals.ts';

/**
 * Space, power, heat and weight per rack, pod and site: the figures a capacity review reads off a DCIM tool
 * (NetBox, openDCIM, Device42), from the same physics the power, cooling and physical policy packs check
 * (nameplate load = accelerators x TDP + host power; feed limit = |V| x A x max utilisation).
 */

/** PUE of SuperPoDs that set none (the power pack's `power.defaultPue` default; industry average ~1.55). */
export const DEFAULT_PUE = 1.5;

/** A rack within this share of a limit, or one failing its redundancy, needs attention (listed first, worst first). */
export const ATTENTION_SHARE = 0.8;

/** `ok`: the surviving supply carries the rack; `fails`: it does not; `none`: no redundancy; `unknown`: load unknown. */
export type RedundancyState = 'ok' | 'fails' | 'none' | 'unknown';

export interface RackLoad {
  readonly rack: RackInfo;
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

export interface PodLoad<R extends RackLoad = RackLoad> {
  readonly pod: SuperPodInfo;
  readonly racks: readonly R[];
  readonly nodes: number;
  readonly npus: number;
  readonly itLoadW: number;
  readonly unknownPowerNodes: number;
  /** The annual PUE (ISO/IEC 30134-2), for energy and cost. */
  readonly pue: number;
  /** True when the pod sets no PUE and the default was used. */
  readonly pueAssumed: boolean;
  /** Average facility load: node IT load x the annual PUE, the basis of energy and cost. */
  readonly facilityW: number;
  /**
   * Peak facility draw, the figure held against `budgetW`: the same draw POWER-004 checks (nodes, shelf conversion
   * loss, switches, interconnect cabinets, x the design-day PUE; src/facility/budget.ts).
   */
  readonly peak: BudgetDraw;
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

export interface SiteLoad<P extends PodLoad = PodLoad> {
  readonly pods: readonly P[];
  readonly racks: number;
  readonly nodes: number;
  readonly npus: number;
  readonly itLoadW: number;
  /** Average facility load at each pod's annual PUE, summed. */
  readonly facilityW: number;
  /** Peak facility draw of the pods (budget basis), summed. */
  readonly peakFacilityW: number;
  readonly unknownPowerNodes: number;
  readonly liquidHeatW: number;
  readonly liquidCapacityW: number;
  readonly airHeatW: number;
  readonly airCapacityW: number;
}

export function rackLoad(rack: RackInfo, rackNodes: readonly NodeInfo[]): RackLoad {
  const nodes = [...rackNodes].sort((a, b) => a.uPosition - b.uPosition || compare(a.id, b.id));
  const load = groupLoad(nodes);
  const { liquidW, airW } = groupHeat(load, hasLiquidLoop(rack));
  const itLoadW = load.knownW;
  const unknownPowerNodes = load.unknown.length;
  const normal = normalLimit(rack.power).watts;
  const surviving = survivingLimit(rack.power)?.watts ?? null;
  const redundancy: RedundancyState =
    surviving === null ? 'none' : itLoadW > surviving ? 'fails' : unknownPowerNodes > 0 ? 'unknown' : 'ok';
  return {
    rack,
    nodes,
    npus: nodes.reduce((s, n) => s + n.acceleratorCount, 0),
    usableU: rack.heightU - rack.reservedU,
    usedU: nodes.reduce((s, n) => s + n.heightU, 0),
    itLoadW,
    unknownPowerNodes,
    normalLimitW: normal,
    normalUtilisation: ratio(itLoadW, normal),
    survivingLimitW: surviving,
    survivingUtilisation: surviving === null ? null : ratio(itLoadW, surviving),
    redundancy,
    supplies: supplyBars(rack, itLoadW),
    liquidHeatW: liquidW,
    airHeatW: airW,
    weightKg: nodes.reduce((s, n) => s + (n.weightKg ?? 0), 0),
    unknownWeightNodes: nodes.filter((n) => n.weightKg === null).length,
  };
}

/** Whether the rack has a liquid loop to take the cold-plate heat; without one all heat goes to air. */
export function hasLiquidLoop(rack: RackInfo): boolean {
  return rack.cooling.method === 'liquid';
}

/** The pod's PUE, or `defaultPue` when it sets none. */
export function podPue(
  pod: SuperPodInfo,
  defaultPue = DEFAULT_PUE,
): { readonly pue: number; readonly assumed: boolean } {
  return pod.pue !== undefined ? { pue: pod.pue, assumed: false } : { pue: defaultPue, assumed: true };
}

/**
 * A pod's figures. `defaultPue` is the annual PUE of pods that set none, `defaultDesignPue` the design-day PUE (the
 * power pack's `power.defaultPue` and `power.defaultDesignPue`), so the peak draw is the one the budget checks hold.
 */
export function podLoad<R extends RackLoad>(
  pod: SuperPodInfo,
  racks: readonly R[],
  defaultPue = DEFAULT_PUE,
  defaultDesignPue?: number,
): PodLoad<R> {
  const sum = (f: (r: R) => number) => racks.reduce((s, r) => s + f(r), 0);
  const { pue, assumed } = podPue(pod, defaultPue);
  const nodesOf = new Map(racks.map((r) => [r.rack.id, r.nodes]));
  const peak = podBudgetDraw(
    pod,
    racks.map((r) => r.rack),
    (id) => nodesOf.get(id) ?? [],
    { defaultPue, defaultDesignPue },
  );
  const itLoadW = sum((r) => r.itLoadW);
  return {
    pod,
    racks,
    nodes: sum((r) => r.nodes.length),
    npus: sum((r) => r.npus),
    itLoadW,
    unknownPowerNodes: sum((r) => r.unknownPowerNodes),
    pue,
    pueAssumed: assumed,
    facilityW: itLoadW * pue,
    peak,
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

/** Totals over the pods of a site. */
export function siteLoad<P extends PodLoad>(pods: readonly P[]): SiteLoad<P> {
  return {
    pods,
    racks: pods.reduce((sum, p) => sum + p.racks.length, 0),
    peakFacilityW: pods.reduce((sum, p) => sum + p.peak.facilityW, 0),
    ...sumFields(pods, [
      'nodes',
      'npus',
      'itLoadW',
      'facilityW',
      'unknownPowerNodes',
      'liquidHeatW',
      'liquidCapacityW',
      'airHeatW',
      'airCapacityW',
    ]),
  };
}

/** Nodes of each rack, in inventory order. */
export function nodesByRack(inventory: Inventory): Map<string, NodeInfo[]> {
  return groupBy(inventory.nodes, (n) => n.rackId);
}

/** The largest share of any rack limit: supply (normal and failover), liquid and air heat, space, weight. */
export function worstShare(r: RackLoad): number {
  return Math.max(
    r.normalUtilisation,
    r.survivingUtilisation ?? 0,
    ratio(r.liquidHeatW, r.rack.cooling.liquidCapacityW),
    ratio(r.airHeatW, r.rack.cooling.airCapacityW),
    ratio(r.usedU, r.usableU),
    ratio(r.weightKg, r.rack.weightLimitKg),
  );
}

/** Above the attention share of a limit, or failing its redundancy. */
export function needsAttention(r: RackLoad): boolean {
  return worstShare(r) > ATTENTION_SHARE || r.redundancy === 'fails';
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
