import { defineRule, fail, notApplicable, notEvaluated, pass } from '../../src/policy/index.ts';
import { memoryProblem, recommendationConfidence, recommendationOf } from '../shared/recommendation.ts';

/** Predicted p99 latency of a recommendation service at its target queries per second within its SLO. */
export const recommendationP99 = defineRule(import.meta.url, 'recommendation-service', (service, context) => {
  const outcome = recommendationOf(service, context);
  if (outcome.kind === 'missing-pool') return notApplicable();
  if (outcome.kind === 'undeployable') return notEvaluated('the perf model cannot deploy the service (MEM-003)');
  const s = outcome.prediction;
  const p = s.replica;
  if (memoryProblem(service, p)) return notEvaluated('the tables do not fit in memory (MEM-003)');
  const qps = service.traffic.queriesPerSecond;
  const sloMs = service.slo.p99S * 1e3;
  const perReplica = p.server.maxQueriesPerSecond;
  const needed = perReplica > 0 ? Math.ceil(qps / perReplica) : 0;
  const fix =
    perReplica > 0
      ? `use at least ${needed} replicas (each carries ${round(perReplica)} queries/s within the SLO), or lower the load`
      : 'even the lightest load misses the SLO: spread the tables over more devices, or use faster accelerators';
  const data = { p99SloMs: sloMs, maxQueriesPerSecond: s.maxQueriesPerSecond, replicasNeeded: needed };
  const load = `${round(qps)} queries/s of ${service.traffic.samplesPerQuery} samples over ${s.replicas} replicas`;
  if (!p.server.feasible) {
    return fail(`the replicas cannot serve ${load}: ${p.server.reason ?? 'overloaded'}`, { fix, data });
  }
  if (p.server.p99Ms <= sloMs) return pass();
  return fail(
    `predicted p99 ${round(p.server.p99Ms)} ms at ${load} exceeds the SLO of ${round(sloMs)} ms (${recommendationConfidence(p)})`,
    { fix, data: { ...data, p99Ms: p.server.p99Ms } },
  );
});

function round(x: number): string {
  return Number(x.toPrecision(4)).toLocaleString('en-US');
}
