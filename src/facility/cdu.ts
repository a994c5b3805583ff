import { groupBy } from '../inventory/group.ts';
import type { Inventory, NodeInfo, RackInfo } from '../inventory/types.ts';
import { groupHeat } from './heat.ts';
import { type GroupLoad, groupLoad } from './load.ts';

/** A CDU shared by racks (racks name it in `cooling.cduId`). */
export interface CduInfo {
  readonly cduId: string;
  /** Racks on this CDU, in inventory order. */
  readonly racks: readonly RackInfo[];
}

/** The CDUs racks name, in order of first mention. */
export function cdusOf(inventory: Inventory): CduInfo[] {
  const cooled = inventory.racks.filter((r) => r.cooling.cduId !== undefined);
  return [...groupBy(cooled, (r) => r.cooling.cduId!)].map(([cduId, racks]) => ({ cduId, racks }));
}

/**
 * A CDU's capacity: a configured override (the policy config's `cooling.cduCapacityKw`) wins; else the one capacity
 * its racks state (`Cooling.directLiquid({ cduCapacity })`). Racks that state different capacities leave it open.
 */
export type CduCapacity =
  | { readonly kind: 'known'; readonly watts: number }
  | { readonly kind: 'conflicting'; readonly statedW: readonly number[] }
  | { readonly kind: 'unknown' };

export function cduCapacity(cdu: CduInfo, overridesKw: Readonly<Record<string, number>> = {}): CduCapacity {
  const override = overridesKw[cdu.cduId];
  if (override !== undefined) return { kind: 'known', watts: override * 1000 };
  const stated = [...new Set(cdu.racks.map((r) => r.cooling.cduCapacityW).filter((w): w is number => w !== undefined))];
  if (stated.length > 1) return { kind: 'conflicting', statedW: stated };
  return stated[0] === undefined ? { kind: 'unknown' } : { kind: 'known', watts: stated[0] };
}

/** The IT load and liquid heat of the racks on a CDU. */
export function cduLoad(
  cdu: CduInfo,
  nodesOfRack: (rackId: string) => readonly NodeInfo[],
): { readonly load: GroupLoad; readonly liquidW: number } {
  const load = groupLoad(cdu.racks.flatMap((r) => nodesOfRack(r.id)));
  return { load, liquidW: groupHeat(load).liquidW };
}
