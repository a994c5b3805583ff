import { defineRule, fail, pass, plural } from '../../src/policy/index.ts';

/** Every node inside the rack's usable units (above the reserved ones, below the top) and no two on the same unit. */
export const rackUnits = defineRule(import.meta.url, 'rack', (rack, context) => {
  const nodes = context.index.nodesByRack.get(rack.id) ?? [];
  const usable = rack.heightU - rack.reservedU;
  const usedU = nodes.reduce((sum, n) => sum + n.heightU, 0);
  const problems: string[] = [];
  if (usedU > usable) {
    problems.push(
      `${plural(nodes.length, 'node')} need ${usedU}U but the rack has ${rack.heightU}U minus ${rack.reservedU}U reserved (${usable}U)`,
    );
  }
  const sorted = [...nodes].sort((a, b) => a.uPosition - b.uPosition || a.id.localeCompare(b.id));
  for (const node of sorted) {
    const top = node.uPosition + node.heightU - 1;
    if (node.uPosition <= rack.reservedU || top > rack.heightU) {
      problems.push(
        `${node.id} at U${node.uPosition}-U${top} is outside the usable U${rack.reservedU + 1}-U${rack.heightU}`,
      );
    }
  }
  for (let i = 1; i < sorted.length; i++) {
    const below = sorted[i - 1]!;
    const node = sorted[i]!;
    const belowTop = below.uPosition + below.heightU - 1;
    if (node.uPosition <= belowTop) {
      problems.push(`${node.id} at U${node.uPosition} overlaps ${below.id} at U${below.uPosition}-U${belowTop}`);
    }
  }
  if (problems.length === 0) return pass();
  const excessU = usedU - usable;
  return fail(problems.join('; '), {
    fix:
      excessU > 0
        ? `free ${excessU}U: move nodes to another rack, reserve fewer units or use a taller rack`
        : 'move the nodes to free units inside the usable range',
    data: { usedU, usableU: usable, heightU: rack.heightU, reservedU: rack.reservedU },
  });
});
