import { count, defineRule, fail, humanSeconds, notApplicable, notEvaluated, pass } from '../../src/policy/index.ts';
import { confidenceNote, memoryOverflows, predictionOf } from '../shared/prediction.ts';

/** Predicted mean time to first token at the target load (perf model) within the service's SLO. */
export const timeToFirstToken = defineRule(import.meta.url, 'inference-service', (service, context) => {
  const outcome = predictionOf(service, context);
  if (outcome.kind === 'missing-pool') return notApplicable();
  if (outcome.kind === 'undeployable') return notEvaluated('the perf model cannot deploy the service (MEM-001)');
  const p = outcome.prediction;
  if (p.pools.some(memoryOverflows)) return notEvaluated('the model does not fit in memory (MEM-001)');
  const load = `${service.traffic.requestsPerSecond} req/s of ${count(service.traffic.inputTokens)} input tokens`;
  const goodput = `${p.goodput.requestsPerSecond.toFixed(1)} req/s meet both SLOs with these replicas`;
  if (!p.feasible) {
    return fail(`the pools cannot serve ${load}: ${p.reason ?? 'overloaded'}`, {
      fix: `add replicas (${goodput})`,
      data: { goodputRequestsPerSecond: p.goodput.requestsPerSecond },
    });
  }
  if (p.ttftS <= service.slo.ttftS) return pass();
  return fail(
    `predicted TTFT ${humanSeconds(p.ttftS)} at ${load} exceeds the SLO of ${humanSeconds(service.slo.ttftS)} (${confidenceNote(p)})`,
    {
      fix:
        p.goodput.requestsPerSecond > 0
          ? `add ${p.mode === 'disaggregated' ? 'prefill ' : ''}replicas or lower the load (${goodput})`
          : 'even one request at a time misses the SLO: shard the prefill wider (TP) or use faster accelerators',
      data: { ttftS: p.ttftS, sloTtftS: service.slo.ttftS, goodputRequestsPerSecond: p.goodput.requestsPerSecond },
    },
  );
});
