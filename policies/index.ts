import type { Pack } from '../src/policy/index.ts';
import { coolingPack } from './cooling/pack.ts';
import { fabricPack } from './fabric/pack.ts';
import { kubernetesPack } from './kubernetes/pack.ts';
import { memoryPack } from './memory/pack.ts';
import { physicalPack } from './physical/pack.ts';
import { powerPack } from './power/pack.ts';
import { sloPack } from './slo/pack.ts';

export { coolingPack, fabricPack, kubernetesPack, memoryPack, physicalPack, powerPack, sloPack };

/** The packs `superpod check` and `synth` run, in report order. */
export const builtInPacks: readonly Pack[] = [
  powerPack,
  coolingPack,
  memoryPack,
  fabricPack,
  physicalPack,
  kubernetesPack,
  sloPack,
];
