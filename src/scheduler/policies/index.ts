import { SuperpodInputError } from '../../errors.ts';
import { bestFitPolicy } from './best-fit.ts';
import { clusteringPolicy } from './clustering.ts';
import { dotProductPolicy } from './dot-product.ts';
import { fgdPolicy } from './fgd.ts';
import { firstFitPolicy } from './first-fit.ts';
import { packingPolicy } from './packing.ts';
import type { PolicyFactory } from './policy.ts';
import { randomPolicy } from './random.ts';
import { superpodPolicy } from './superpod.ts';

export type { Policy, PolicyContext, PolicyFactory } from './policy.ts';

/** The policies by CLI name, in the order reports list them. */
export const POLICIES = {
  random: randomPolicy,
  'first-fit': firstFitPolicy,
  'best-fit': bestFitPolicy,
  'dot-product': dotProductPolicy,
  packing: packingPolicy,
  clustering: clusteringPolicy,
  fgd: fgdPolicy,
  superpod: superpodPolicy,
} as const satisfies Record<string, PolicyFactory>;

export type PolicyName = keyof typeof POLICIES;
export const POLICY_NAMES = Object.keys(POLICIES) as PolicyName[];

export function isPolicyName(name: string): name is PolicyName {
  return Object.hasOwn(POLICIES, name);
}

/** The policy factory for a CLI name; an unknown name is an input error that lists the valid ones. */
export function policyByName(name: string, where = 'policy'): PolicyFactory {
  if (!isPolicyName(name)) {
    throw new SuperpodInputError({
      where,
      problem: 'unknown placement policy',
      value: name,
      fix: `use one of ${POLICY_NAMES.join(', ')}`,
    });
  }
  return POLICIES[name];
}
