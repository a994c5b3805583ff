import { defineRule, fail, notApplicable, pass } from '../../src/policy/index.ts';
import { memoryOverflows, predictionOf } from '../shared/prediction.ts';

/**
 * Weights + KV cache at the pool's batch (maxBatch, else the load's) and full context + activations + runtime reserve
 * must fit the HBM of the most loaded device under the pool's parallelism (perf model, predictService).
 */
export const memoryFit = defineRule(import.meta.url, 'inference-service', (service, context) => {
  const outcome = predictionOf(service, context);
  if (outcome.kind === 'missing-pool') return notApplicable();
  if (outcome.kind === 'undeployable') {
    return fail(`the perf model cannot deploy the service as configured: ${outcome.problem}`, { fix: outcome.fix });
  }
  const problems: string[] = [];
  let batchCap: number | undefined;
  for (const pool of outcome.prediction.pools) {
    const m = pool.memory;
    if (!memoryOverflows(pool)) continue;
    batchCap = batchCap === undefined ? m.maxBatch : Math.min(batchCap, m.maxBatch);
    problems.push(
      `${pool.role} pool ${pool.pool}: ${m.totalGB.toFixed(1)} GB per device (weights ${m.weightsGB.toFixed(1)} + KV ${m.kvCacheGB.toFixed(1)} + activations ${m.activationsGB.toFixed(1)} + reserve ${m.reserveGB.toFixed(1)}) exceeds the ${m.capacityGB.toFixed(1)} GB (${m.capacityGiB} GiB) of ${pool.accelerator} at a batch of ${m.batch} and ${service.traffic.inputTokens + service.traffic.outputTokens} tokens of context`,
    );
  }
  if (problems.length === 0) return pass();
  return fail(problems.join('; '), {
    fix:
      batchCap !== undefined && batchCap > 0
        ? `cap maxBatch at ${batchCap}, shard wider (TP, PP or EP), or store weights or KV cache in a narrower precision`
        : 'shard wider (TP, PP or EP) or store the weights in a narrower precision: not even one sequence fits',
    data: { maxBatchThatFits: batchCap ?? 0 },
  });
});
