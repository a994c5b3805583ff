import { defineRule, fail, pass, plural } from '../../src/policy/index.ts';

/** Liquid-cooled nodes need a rack with a liquid loop: in an air-only rack their cold plates have nothing to feed them. */
export const coolingMethod = defineRule(import.meta.url, 'rack', (rack, context) => {
  if (rack.cooling.method === 'liquid') return pass();
  const liquid = (context.index.nodesByRack.get(rack.id) ?? []).filter((n) => n.cooling === 'liquid');
  if (liquid.length === 0) return pass();
  const types = [...new Set(liquid.map((n) => n.nodeTypeId))].join(', ');
  return fail(
    `${plural(liquid.length, 'liquid-cooled node')} (${types}) in an air-cooled rack: their cold plates have no loop`,
    {
      fix: 'cool the rack with Cooling.directLiquid(...) or move the nodes to a liquid-cooled rack',
      data: { liquidCooledNodes: liquid.length },
      related: liquid
        .slice(0, 8)
        .map((n) => ({ id: n.id, label: `node ${n.id}`, ...(n.source ? { source: n.source } : {}) })),
    },
  );
});
