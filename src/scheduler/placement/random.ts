import { randomShareDevice } from './common.ts';
import type { PlacementFactory } from './placement-policy.ts';

/** Random (FGD paper baseline): one feasible node drawn uniformly; a share pod gets a random fitting device. */
export const randomPolicy: PlacementFactory = ({ state, rng }) => ({
  name: 'random',
  scope: 'node',
  drawsNode: true,
  score: () => 0,
  devices: (node, cls) =>
    cls.share ? randomShareDevice(state, node, cls, (n) => rng.int(n)) : state.defaultDevices(node, cls),
  domainKey: () => rng.float(),
});
