import { definePack } from '../../src/policy/index.ts';
import { recommendationP99 } from './recommendation-p99.ts';
import { timePerOutputToken } from './time-per-output-token.ts';
import { timeToFirstToken } from './time-to-first-token.ts';

export const sloPack = definePack({
  name: 'slo',
  description:
    "Predicted TTFT and TPOT at each inference service's target load, and p99 per query of each recommendation service (perf model), against their SLOs.",
  rules: [
    {
      id: 'SLO-001',
      level: 'error',
      title: 'Predicted time to first token meets the SLO',
      explanation:
        "The perf model's mean TTFT of a service at its target requests per second, input and output lengths: queueing and prefill on the prefill (or aggregated) instances plus the visible KV transfer. An overloaded pool has no finite TTFT and fails too. Ascend 950 figures are extrapolated from vendor specifications; the message gives the prediction's confidence.",
      fix: 'add replicas or lower the load',
      rule: timeToFirstToken,
    },
    {
      id: 'SLO-002',
      level: 'error',
      title: 'Predicted time per output token meets the SLO',
      explanation:
        "The perf model's mean TPOT of a service at its target load: the decode step time at the batch the load keeps in flight (Little's law), with prefill interference on aggregated instances.",
      fix: 'add decode replicas, cap the batch or lower the load',
      rule: timePerOutputToken,
    },
    {
      id: 'SLO-003',
      level: 'error',
      title: 'Predicted p99 latency of a recommendation service meets the SLO',
      explanation:
        "The perf model's p99 latency per query of a recommendation service at its target queries per second, spread evenly over its replicas: adaptive batching under Poisson arrivals (a query waits for the running batch and runs in the next, at the 99th-percentile batch size), with the M/D/1 queue once batches reach their cap. Ascend 950 figures are extrapolated from vendor specifications; the message gives the prediction's confidence.",
      fix: 'add replicas, spread the tables over more devices, or lower the load',
      rule: recommendationP99,
    },
  ],
});
