import { getAccelerator } from '../../src/catalog/index.ts';
import { defineRule, fail, notApplicable, pass } from '../../src/policy/index.ts';

/** The UB accelerators of a rack form one level-Y domain (Atlas 950: 64 NPUs in 8 nodes). */
export const rackDomainSize = defineRule(import.meta.url, 'rack', (rack, context) => {
  const level = context.index.superPods.get(rack.superPodId)?.fabric.levels.find((l) => l.scope === 'rack');
  const nodes = (context.index.nodesByRack.get(rack.id) ?? []).filter(
    (n) => getAccelerator(n.acceleratorId).scaleUp.fabric === 'unified-bus',
  );
  if (!level || nodes.length === 0) return notApplicable();
  const npus = nodes.reduce((sum, n) => sum + n.acceleratorCount, 0);
  if (npus <= level.maxNpus) return pass();
  return fail(`${npus} UB NPUs exceed one level-${level.name} domain of ${level.maxNpus} NPUs`, {
    fix: `keep at most ${level.maxNpus} NPUs (${level.maxNpus / 8} nodes of 8) in a rack and move the rest`,
    data: { npus, maxNpus: level.maxNpus },
  });
});
