import { hardwareLabels, nodeLabels } from '../../src/k8s/node-labels.ts';
import { defineRule, fail, pass } from '../../src/policy/index.ts';

/**
 * A user label that overrides one of the hardware labels (accelerator, accelerator-type, chip name, servertype,
 * topology tree ids, pool and role) with another value than the hardware has: the scheduler would then place pods
 * on the wrong NPUs or topology.
 */
export const nodeLabelHardware = defineRule(import.meta.url, 'node', (node, context) => {
  if (Object.keys(node.labels).length === 0) return pass();
  const bare = { ...node, labels: {} };
  const conventions = { ...hardwareLabels(context.inventory, bare), ...nodeLabels(context.inventory, bare) };
  const clashes = Object.entries(node.labels)
    .filter(([key, value]) => key in conventions && conventions[key] !== value)
    .map(([key, value]) => `"${key}=${value}" but the hardware gives "${conventions[key]}"`);
  if (clashes.length === 0) return pass();
  return fail(`labels contradict the node's hardware: ${clashes.join('; ')}`, {
    fix: 'remove the overriding labels, or suppress K8S-003 on the node with the reason for the override',
  });
});
