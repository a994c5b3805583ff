import { count, defineRule, fail, pass } from '../../src/policy/index.ts';
import { workloadPools } from '../shared/workloads.ts';

/** Each pool a workload names exists and holds the NPUs its replicas take. */
export const workloadCapacity = defineRule(import.meta.url, 'workload', (workload, context) => {
  const problems: string[] = [];
  for (const pool of workloadPools(workload, context)) {
    if (pool.nodes.length === 0) {
      problems.push(`${pool.label} does not exist (pools: ${[...context.index.pools.keys()].join(', ') || 'none'})`);
      continue;
    }
    const have = pool.nodes.reduce((sum, n) => sum + n.acceleratorCount, 0);
    const need = pool.replicas * pool.devicesPerInstance;
    if (need > have) {
      problems.push(
        `${pool.label} has ${count(have)} NPUs but ${pool.replicas} x ${pool.devicesPerInstance} need ${count(need)}`,
      );
    }
  }
  if (problems.length === 0) return pass();
  return fail(problems.join('; '), { fix: 'add nodes to the pool, lower the replicas, or name an existing pool' });
});
