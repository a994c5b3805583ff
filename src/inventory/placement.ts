import { SuperpodInputError } from '../errors.ts';
import { groupBy } from './group.ts';
import type { Inventory } from './types.ts';

/**
 * Refuses an Inventory with a node stacked past the top of its rack. Synth cannot deploy such a cluster, so it is bad
 * input there (exit 2); `superpod check` instead reports it as PHYS-001 next to every other finding.
 */
export function assertNodesFitRacks(inventory: Inventory): void {
  const nodesByRack = groupBy(inventory.nodes, (n) => n.rackId);
  for (const rack of inventory.racks) {
    const nodes = nodesByRack.get(rack.id) ?? [];
    const overflow = nodes.find((n) => n.uPosition + n.heightU - 1 > rack.heightU);
    if (!overflow) continue;
    const fitting = nodes.filter((n) => n.uPosition + n.heightU - 1 <= rack.heightU);
    const used = fitting.reduce((sum, n) => sum + n.heightU, 0);
    throw new SuperpodInputError({
      where: overflow.path,
      problem: `rack "${rack.path}" is full: ${fitting.length} nodes use ${used}U of ${rack.heightU}U minus ${rack.reservedU}U reserved, and this ${overflow.heightU}U node does not fit`,
      value: `${overflow.heightU}U`,
      fix: 'put the node in another rack, use fewer nodes, or a taller rack',
    });
  }
}
