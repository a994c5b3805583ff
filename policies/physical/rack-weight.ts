import { defineRule, fail, notEvaluated, pass, plural } from '../../src/policy/index.ts';

/** The equipment's mass against the rack and floor limit. Nodes of unknown mass are reported by PHYS-003. */
export const rackWeight = defineRule(import.meta.url, 'rack', (rack, context) => {
  const nodes = context.index.nodesByRack.get(rack.id) ?? [];
  const unknown = nodes.filter((n) => n.weightKg === null);
  const knownKg = nodes.reduce((sum, n) => sum + (n.weightKg ?? 0), 0);
  const limitKg = rack.weightLimitKg;
  if (knownKg > limitKg) {
    return fail(
      `${unknown.length > 0 ? 'at least ' : ''}${knownKg.toFixed(0)} kg of equipment exceeds the rack's ${limitKg.toFixed(0)} kg limit${unknown.length > 0 ? ` (${plural(unknown.length, 'node')} of unknown mass not counted)` : ''}`,
      {
        fix: 'move nodes to another rack or confirm a higher floor and rack rating',
        data: { massKg: knownKg, limitKg },
      },
    );
  }
  if (unknown.length > 0) {
    return notEvaluated(
      `${plural(unknown.length, 'node')} of unknown mass (PHYS-003); the known ${knownKg.toFixed(0)} kg is within ${limitKg.toFixed(0)} kg`,
    );
  }
  return pass();
});
