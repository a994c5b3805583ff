import { chooseAscendChips } from '../ascend.ts';
import { classDemand, cpuLeftShare, MAX_SPEC_CPU, MAX_SPEC_GPU, usesAscendTable } from './common.ts';
import type { PlacementFactory } from './placement-policy.ts';

/**
 * Best-fit. GPU nodes: the FGD simulator's `getBestFitScore`, ⌊100·(1 − [½(cpuLeft − cpu)/128000 +
 * ½(gpuLeft − gpu)/8000])⌋ (least resources left after placement wins). Ascend NPU nodes and whole-device
 * pods: the Volcano Ascend plugin's affinity table (§1.9), 100 − 10 × unfitness, so the node (or ring) whose
 * free chips match the request best wins.
 */
export const bestFitPolicy: PlacementFactory = ({ state }) => ({
  name: 'best-fit',
  scope: 'node',
  score(node, cls) {
    if (usesAscendTable(state, node, cls)) {
      const choice = chooseAscendChips(state.ascendPolicy[node]!, state.freeMask[node]!, cls.devices, cls.distributed);
      return choice === null ? Number.NEGATIVE_INFINITY : 100 - 10 * choice.unfitness;
    }
    const cpuReq = Number.isFinite(state.cpuLeft[node]!) ? cls.cpuMilli / MAX_SPEC_CPU : 0;
    let score = 0;
    score += (cpuLeftShare(state, node) - cpuReq) * 0.5;
    score += ((state.idle[node]! - classDemand(cls)) / MAX_SPEC_GPU) * 0.5;
    return Math.trunc((1 - score) * 100);
  },
  devices: (node, cls) => state.defaultDevices(node, cls),
});
