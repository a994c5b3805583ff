import { nodesByRack, type PodLoad, podLoad, rackLoad } from '../facility/index.ts';
import type { Inventory, SuperPodInfo } from '../inventory/types.ts';
import { type SiteWater, siteWater } from './site-water.ts';

/** A hall's water at its nameplate IT load, or what is missing to give it. */
export interface PodWater {
  readonly pod: SuperPodInfo;
  readonly npus: number;
  /** Nameplate IT load of the nodes whose power is known, W. */
  readonly itLoadW: number;
  /** Null when a heat path carrying heat has no plant (see `missing`). */
  readonly water: SiteWater | null;
  /** `the liquid loop's plant` / `the air path's plant`, when not given for heat that flows. */
  readonly missing: readonly string[];
  /** Nodes of unknown power: their heat, and so their water, is left out. */
  readonly unknownPowerNodes: number;
}

/** The water of every hall, and the sums over the halls whose water is known. */
export interface WaterFigures {
  readonly pods: readonly PodWater[];
  readonly litresPerHour: number;
  readonly litresPerYear: number;
  /** Litres per kWh of IT energy over the halls whose water is known; null when none is. */
  readonly wueLitresPerKWh: number | null;
  /** Halls whose water is unknown (a plant is missing). */
  readonly unknownPods: number;
}

/**
 * One hall's water: the liquid heat through its liquid plant and the air heat through its air plant (src/water
 * siteWater), at the nameplate IT load, all year (per year = 8,760 hours at that load, an upper bound).
 */
export function podWater(load: PodLoad): PodWater {
  const plants = load.pod.heatRejection;
  const missing = [
    ...(load.liquidHeatW > 0 && !plants?.liquid ? ["the liquid loop's plant (heatRejection.liquid)"] : []),
    ...(load.airHeatW > 0 && !plants?.air ? ["the air path's plant (heatRejection.air)"] : []),
  ];
  const heatW = load.liquidHeatW + load.airHeatW;
  const dry = { plant: { kind: 'dry-cooler' } } as const;
  const water =
    missing.length > 0
      ? null
      : siteWater({
          itPowerW: heatW,
          liquidFraction: heatW > 0 ? load.liquidHeatW / heatW : 0,
          // A path that carries no heat needs no plant: a dry cooler stands in and adds nothing.
          liquid: plants?.liquid ?? dry,
          air: plants?.air ?? dry,
        });
  return {
    pod: load.pod,
    npus: load.npus,
    itLoadW: load.itLoadW,
    water,
    missing,
    unknownPowerNodes: load.unknownPowerNodes,
  };
}

/** Sums over the halls (from the facility figures the report already holds). */
export function waterFigures(pods: readonly PodLoad[]): WaterFigures {
  const all = pods.map(podWater);
  const known = all.filter((p) => p.water !== null);
  const litresPerHour = known.reduce((s, p) => s + p.water!.litresPerHour, 0);
  const itKW = known.reduce((s, p) => s + p.itLoadW, 0) / 1e3;
  return {
    pods: all,
    litresPerHour,
    litresPerYear: known.reduce((s, p) => s + p.water!.litresPerYear, 0),
    wueLitresPerKWh: known.length === 0 ? null : itKW > 0 ? litresPerHour / itKW : 0,
    unknownPods: all.length - known.length,
  };
}

/** The water of an Inventory's halls, from its racks and nodes (for rules, which hold no report figures). */
export function inventoryWater(inventory: Inventory): WaterFigures {
  const byRack = nodesByRack(inventory);
  return waterFigures(
    inventory.superPods.map((pod) =>
      podLoad(
        pod,
        inventory.racks.filter((r) => r.superPodId === pod.id).map((r) => rackLoad(r, byRack.get(r.id) ?? [])),
      ),
    ),
  );
}

/**
 * Water attributed to a workload: each of its NPUs takes its hall's litres per hour over the hall's NPUs (the hall's
 * water spread evenly over its accelerators). Null when a hall it uses has no known water.
 */
export function workloadLitresPerHour(water: WaterFigures, npusByPod: ReadonlyMap<string, number>): number | null {
  let litres = 0;
  for (const [podId, npus] of npusByPod) {
    const pod = water.pods.find((p) => p.pod.id === podId);
    if (!pod?.water || pod.npus === 0) return null;
    litres += (pod.water.litresPerHour / pod.npus) * npus;
  }
  return litres;
}
