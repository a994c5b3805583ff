import { defineRule, fail, humanSeconds, pass } from '../../src/policy/index.ts';
import { confidenceNote, sloVerdict } from '../shared/prediction.ts';

/** Predicted mean time per output token at the target load (perf model) within the service's SLO. */
export const timePerOutputToken = defineRule(import.meta.url, 'inference-service', (service, context) => {
  const load = `${service.traffic.requestsPerSecond} req/s`;
  return sloVerdict(service, context, load, (p, goodput) => {
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
});
