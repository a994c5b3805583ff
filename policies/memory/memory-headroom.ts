import { defineRule, fail, formatPercent, notApplicable, notEvaluated, pass } from '../../src/policy/index.ts';
import { predictionOf } from '../shared/prediction.ts';

/** Memory that fits but leaves less than the headroom free: a longer prompt or a burst will not fit. */
export const memoryHeadroom = defineRule(import.meta.url, 'inference-service', (service, context) => {
  const outcome = predictionOf(service, context);
  if (outcome.kind === 'missing-pool') return notApplicable();
  if (outcome.kind === 'undeployable') return notEvaluated('the perf model cannot deploy the service (MEM-001)');
  const headroom = context.param<number>('memory.headroomFraction');
  const tight = outcome.prediction.pools.filter(
    (p) => p.memory.fits && p.memory.totalGB > p.memory.capacityGB * (1 - headroom),
  );
  if (tight.length === 0) return pass();
  return fail(
    tight
      .map(
        (p) =>
          `${p.role} pool ${p.pool}: ${p.memory.totalGB.toFixed(1)} of ${p.memory.capacityGB.toFixed(1)} GB (${p.memory.capacityGiB} GiB) per device (${formatPercent(p.memory.totalGB / p.memory.capacityGB)}) leaves less than ${formatPercent(headroom)} free`,
      )
      .join('; '),
    {
      fix: 'lower maxBatch or shard wider to keep headroom for longer prompts and bursts',
      data: { headroomFraction: headroom },
    },
  );
});
