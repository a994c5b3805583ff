import { TAG_COUNT } from '../state.ts';
import { MAX_SPEC_GPU } from './common.ts';
import type { PlacementFactory } from './placement-policy.ts';

/**
 * GPU clustering (the FGD paper's GpuClustering): pods of the same kind (share, 1-device, 2-device, …) go
 * together. ⌊25·(8000 − gpuLeft)/8000⌋ plus 75 when the node holds only that kind, 50 when it holds that kind
 * among others, 25 when it holds no device pod, 0 otherwise. CPU-only pods score 0 everywhere.
 */
export const clusteringPolicy: PlacementFactory = ({ state }) => ({
  name: 'clustering',
  scope: 'node',
  score(node, cls) {
    if (cls.devices === 0) return 0;
    const base = Math.trunc((25 * (MAX_SPEC_GPU - state.idle[node]!)) / MAX_SPEC_GPU);
    const kinds = state.tagKinds[node]!;
    if (state.tagCounts[node * TAG_COUNT + cls.tag]! > 0) return base + (kinds === 1 ? 75 : 50);
    return base + (kinds === 0 ? 25 : 0);
  },
  devices: (node, cls) => state.defaultDevices(node, cls),
});
