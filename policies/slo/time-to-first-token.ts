import { count, defineRule, fail, humanSeconds, pass } from '../../src/policy/index.ts';
import { confidenceNote, sloVerdict } from '../shared/prediction.ts';

/** Predicted mean time to first token at the target load (perf model) within the service's SLO. */
export const timeToFirstToken = defineRule(import.meta.url, 'inference-service', (service, context) => {
  const load = `${service.traffic.requestsPerSecond} req/s of ${count(service.traffic.inputTokens)} input tokens`;
  return sloVerdict(service, context, load, (p, goodput) => {
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
});
