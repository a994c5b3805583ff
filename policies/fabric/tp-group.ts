import type { FabricLevelName } from '../../src/inventory/types.ts';
import { defineRule, fail, notApplicable, pass } from '../../src/policy/index.ts';
import { describeDomain, domainNpus, scaleUpDomain, workloadPools } from '../shared/workloads.ts';

/** A tensor-parallel group all-reduces every layer: it must sit inside one scale-up domain of the allowed level. */
export const tpGroup = defineRule(import.meta.url, 'workload', (workload, context) => {
  const levelName = context.param<FabricLevelName>('fabric.maxTpLevel');
  const problems: string[] = [];
  let checked = 0;
  let largestFit = Number.POSITIVE_INFINITY;
  for (const pool of workloadPools(workload, context)) {
    const tp = pool.parallelism?.tp;
    const domain = scaleUpDomain(pool.nodes, levelName, context);
    if (tp === undefined || !domain) continue;
    checked++;
    const npus = domainNpus(domain);
    if (tp > npus) {
      largestFit = Math.min(largestFit, npus);
      problems.push(`${pool.label}: a TP group of ${tp} does not fit ${describeDomain(domain)}`);
    }
  }
  if (checked === 0) return notApplicable();
  if (problems.length === 0) return pass();
  return fail(problems.join('; '), {
    fix: `use TP of at most ${largestFit} and pipeline or data parallelism beyond it, or run on UnifiedBus hardware (parameters fabric.maxTpLevel sets the allowed UB level, now ${levelName})`,
    data: { maxTpLevel: levelName, largestTp: largestFit },
  });
});
