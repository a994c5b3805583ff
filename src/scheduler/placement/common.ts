import type { ClusterState, PodClass } from '../state.ts';
import { MILLI } from '../state.ts';

/** Normalisers of the FGD simulator's scores: 128 cores and 8 devices (`MaxSpecCpu`, `MaxSpecGpu`). */
export const MAX_SPEC_CPU = 128000;
export const MAX_SPEC_GPU = 8000;

/** Total milli a pod of the class asks for. */
export function classDemand(cls: PodClass): number {
  return cls.devices * cls.milli;
}

/** CPU left normalised to 128 cores, 0 when CPU is not modelled (Inventory nodes). */
export function cpuLeftShare(state: ClusterState, node: number): number {
  const left = state.cpuLeft[node]!;
  return Number.isFinite(left) ? left / MAX_SPEC_CPU : 0;
}

/**
 * Uniform random device among those with enough milli left (reservoir sampling), for share pods under the
 * Random policy; whole-device pods keep the default choice.
 */
export function randomShareDevice(
  state: ClusterState,
  node: number,
  cls: PodClass,
  draw: (n: number) => number,
): number {
  const start = state.devStart[node]!;
  const count = state.devCount[node]!;
  let seen = 0;
  let chosen = -1;
  for (let i = 0; i < count; i++) {
    if (state.devLeft[start + i]! >= cls.milli) {
      seen++;
      if (draw(seen) === 0) chosen = i;
    }
  }
  return chosen < 0 ? 0 : 1 << chosen;
}

/** True when the node's devices follow Ascend rules and the pod takes whole devices. */
export function usesAscendTable(state: ClusterState, node: number, cls: PodClass): boolean {
  return state.ascendPolicy[node] != null && cls.devices > 0 && cls.milli === MILLI;
}
