import { defineRule, fail, humanSeconds, notApplicable, notEvaluated, pass } from '../../src/policy/index.ts';
import { confidenceNote, memoryOverflows, predictionOf } from '../shared/prediction.ts';

/** Predicted mean time per output token at the target load (perf model) within the service's SLO. */
export const timePerOutputToken = defineRule(import.meta.url, 'inference-service', (service, context) => {
  const outcome = predictionOf(service, context);
  if (outcome.kind === 'missing-pool') return notApplicable();
  if (outcome.kind === 'undeployable') return notEvaluated('the perf model cannot deploy the service (MEM-001)');
  const p = outcome.prediction;
  if (p.pools.some(memoryOverflows)) return notEvaluated('the model does not fit in memory (MEM-001)');
  const load = `${service.traffic.requestsPerSecond} req/s`;
  const goodput = `${p.goodput.requestsPerSecond.toFixed(1)} req/s meet both SLOs with these replicas`;
  if (!p.feasible) {
    return fail(`the pools cannot serve ${load}: ${p.reason ?? 'overloaded'}`, {
      fix: `add replicas (${goodput})`,
      data: { goodputRequestsPerSecond: p.goodput.requestsPerSecond },
    });
  }
  if (p.tpotS <= service.slo.tpotS) return pass();
  const decode = p.pools.find((pool) => pool.role !== 'prefill');
  return fail(
    `predicted TPOT ${humanSeconds(p.tpotS)} at ${load} (decode batch ${Math.round(decode?.batch ?? 0)} per instance) exceeds the SLO of ${humanSeconds(service.slo.tpotS)} (${confidenceNote(p)})`,
    {
      fix:
        p.goodput.requestsPerSecond > 0
          ? `add ${p.mode === 'disaggregated' ? 'decode ' : ''}replicas, cap maxBatch, or lower the load (${goodput})`
          : 'even one sequence at a time misses the SLO: shard wider (TP) or use accelerators with more memory bandwidth',
      data: { tpotS: p.tpotS, sloTpotS: service.slo.tpotS, goodputRequestsPerSecond: p.goodput.requestsPerSecond },
    },
  );
});
