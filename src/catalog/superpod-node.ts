import type { NodeTypeSpec } from './types.ts';

/**
 * Whether a node type is a SuperPoD compute node, joined to the SuperPoD's UB fabric beyond its own chassis.
 * MindCluster marks those by a `-sp` schedule policy (Atlas 950 `chip8-node8-ra64-sp`). Card servers (Atlas 350,
 * chip1-node8 / chip4-node8) and standalone servers are not, whichever SuperPod construct holds them: they reach
 * the SuperPoD over RoCE or UBoE.
 */
export function isSuperPodNodeType(nodeType: NodeTypeSpec): boolean {
  return nodeType.kubernetes.schedulePolicy?.endsWith('-sp') ?? false;
}
