import type { PlacementFactory } from './placement-policy.ts';

/**
 * First-fit: every feasible node scores the same, so the node order decides: the cluster's listed order
 * (SuperPoD, rack, slot) or, with seeded tie-breaking, the per-seed node order (the FGD simulator's FirstFit).
 */
export const firstFitPolicy: PlacementFactory = ({ state }) => ({
  name: 'first-fit',
  scope: 'node',
  score: () => 0,
  devices: (node, cls) => state.defaultDevices(node, cls),
  domainKey: () => 0,
});
