import { defineRule, fail, pass, plural } from '../../src/policy/index.ts';

/** Nodes without a mass leave the rack's weight unchecked; one finding per rack says which to supply. */
export const unknownNodeWeight = defineRule(import.meta.url, 'rack', (rack, context) => {
  const unknown = (context.index.nodesByRack.get(rack.id) ?? []).filter((n) => n.weightKg === null);
  if (unknown.length === 0) return pass();
  const types = [...new Set(unknown.map((n) => n.nodeTypeId))].join(', ');
  return fail(
    `${plural(unknown.length, 'node')} (${types}) ${unknown.length === 1 ? 'has' : 'have'} no mass in the catalogue or the stack, so the rack weight is not checked`,
    {
      fix: 'pass weight: Mass.kilograms(<kg>) to the nodes (the vendor datasheet or a scale)',
      data: { nodesWithoutMass: unknown.length },
    },
  );
});
