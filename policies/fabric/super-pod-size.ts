import { count, defineRule, fail, notApplicable, pass } from '../../src/policy/index.ts';

/** A SuperPoD holds at most what its outermost UB level joins (Atlas 950: 8,192 NPUs). */
export const superPodSize = defineRule(import.meta.url, 'superpod', (pod, context) => {
  const top = pod.fabric.levels[pod.fabric.levels.length - 1];
  if (!top) return notApplicable();
  const npus = (context.index.racksByPod.get(pod.id) ?? [])
    .flatMap((r) => context.index.nodesByRack.get(r.id) ?? [])
    .reduce((sum, n) => sum + n.acceleratorCount, 0);
  if (npus <= top.maxNpus) return pass();
  return fail(
    `${count(npus)} NPUs exceed the ${pod.fabric.name} fabric's level-${top.name} limit of ${count(top.maxNpus)}`,
    {
      fix: `split into SuperPoDs of at most ${count(top.maxNpus)} NPUs joined by UBoE in a SuperCluster`,
      data: { npus, maxNpus: top.maxNpus },
    },
  );
});
