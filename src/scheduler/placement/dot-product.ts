import { classDemand, cpuLeftShare, MAX_SPEC_CPU, MAX_SPEC_GPU } from './common.ts';
import type { PlacementFactory } from './placement-policy.ts';

/**
 * Dot-product (Tetris; the FGD paper's DotProd with merged GPU dimension and max normalisation):
 * ⌊100·(1 − ½[(cpuLeft/128000)(cpu/128000) + (gpuLeft/8000)(gpu/8000)])⌋, so the node whose free
 * resources align least with the request wins.
 */
export const dotProductPolicy: PlacementFactory = ({ state }) => ({
  name: 'dot-product',
  scope: 'node',
  score(node, cls) {
    const cpuTerm = cpuLeftShare(state, node) * (cls.cpuMilli / MAX_SPEC_CPU);
    const gpuTerm = (state.idle[node]! / MAX_SPEC_GPU) * (classDemand(cls) / MAX_SPEC_GPU);
    return Math.trunc(100 * (1 - (cpuTerm + gpuTerm) / 2));
  },
  devices: (node, cls) => state.defaultDevices(node, cls),
});
