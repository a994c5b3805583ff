import type { FabricLevelName } from '../../src/inventory/types.ts';
import { defineRule, fail, notApplicable, pass } from '../../src/policy/index.ts';
import { describeDomain, scaleUpDomain, workloadPools } from '../shared/workloads.ts';

/**
 * An expert-parallel all-to-all spans every device of a pipeline stage (tp x dp for a service, tp x ep for a job). On
 * UnifiedBus it must stay inside one domain of the allowed level; elsewhere it runs over scale-out and is not checked.
 */
export const epGroup = defineRule(import.meta.url, 'workload', (workload, context) => {
  const levelName = context.param<FabricLevelName>('fabric.maxEpLevel');
  const problems: string[] = [];
  let checked = 0;
  for (const pool of workloadPools(workload, context)) {
    const p = pool.parallelism;
    if (!p || p.ep <= 1) continue;
    const domain = scaleUpDomain(pool.nodes, levelName, context);
    if (domain?.kind !== 'unified-bus') continue;
    checked++;
    const group = workload.kind === 'inference-service' ? p.tp * p.dp : p.tp * p.ep;
    if (group > domain.level.maxNpus) {
      problems.push(
        `${pool.label}: the expert-parallel group of ${group.toLocaleString('en-US')} NPUs (EP ${p.ep}) does not fit ${describeDomain(domain)}`,
      );
    }
  }
  if (checked === 0) return notApplicable();
  if (problems.length === 0) return pass();
  return fail(problems.join('; '), {
    fix: `shrink the expert-parallel group or allow a wider level with parameters fabric.maxEpLevel (now ${levelName})`,
    data: { maxEpLevel: levelName },
  });
});
