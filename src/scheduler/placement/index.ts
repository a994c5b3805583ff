import { SuperpodInputError } from '../../errors.ts';
import { bestFitPolicy } from './best-fit.ts';
import { clusteringPolicy } from './clustering.ts';
import { dotProductPolicy } from './dot-product.ts';
import { fgdPolicy } from './fgd.ts';
import { firstFitPolicy } from './first-fit.ts';
import { packingPolicy } from './packing.ts';
import type { PlacementFactory } from './placement-policy.ts';
import { randomPolicy } from './random.ts';
import { superpodPolicy } from './superpod.ts';

export type { PlacementContext, PlacementFactory, PlacementPolicy } from './placement-policy.ts';

/** The policies by CLI name, in the order reports list them. */
export const PLACEMENT_POLICIES = {
  random: randomPolicy,
  'first-fit': firstFitPolicy,
  'best-fit': bestFitPolicy,
  'dot-product': dotProductPolicy,
  packing: packingPolicy,
  clustering: clusteringPolicy,
  fgd: fgdPolicy,
  superpod: superpodPolicy,
} as const satisfies Record<string, PlacementFactory>;

export type PlacementPolicyName = keyof typeof PLACEMENT_POLICIES;
export const PLACEMENT_POLICY_NAMES = Object.keys(PLACEMENT_POLICIES) as PlacementPolicyName[];

export function isPlacementPolicyName(name: string): name is PlacementPolicyName {
  return Object.hasOwn(PLACEMENT_POLICIES, name);
}

/** The policy factory for a CLI name; an unknown name is an input error that lists the valid ones. */
export function placementPolicyByName(name: string, where = 'policy'): PlacementFactory {
  if (!isPlacementPolicyName(name)) {
    throw new SuperpodInputError({
      where,
      problem: 'unknown placement policy',
      value: name,
      fix: `use one of ${PLACEMENT_POLICY_NAMES.join(', ')}`,
    });
  }
  return PLACEMENT_POLICIES[name];
}
