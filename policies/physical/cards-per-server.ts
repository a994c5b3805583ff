import { getNodeType } from '../../src/catalog/index.ts';
import { defineRule, fail, pass } from '../../src/policy/index.ts';

/** A server holds as many accelerators as its node type has slots for (Atlas 350 server: 1 to 8 cards). */
export const cardsPerServer = defineRule(import.meta.url, 'node', (node) => {
  const { min, max } = getNodeType(node.nodeTypeId).acceleratorCount;
  if (node.acceleratorCount >= min && node.acceleratorCount <= max) return pass();
  return fail(
    `${node.acceleratorCount} x ${node.acceleratorId} in one ${node.nodeTypeId}, which holds ${min} to ${max}`,
    {
      fix: `use at most ${max} per server and add another server for more`,
      data: { accelerators: node.acceleratorCount, min, max },
    },
  );
});
