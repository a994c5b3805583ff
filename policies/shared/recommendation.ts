import type { RecommendationServiceInfo } from '../../src/inventory/types.ts';
import type { RecommendationOutcome } from '../../src/perf/index.ts';
import type { RecommendationPrediction } from '../../src/perf/recommendation/index.ts';
import type { RuleContext } from '../../src/policy/index.ts';

/** The perf model's prediction of a recommendation service, made once per check run (or synth) and shared. */
export function recommendationOf(service: RecommendationServiceInfo, context: RuleContext): RecommendationOutcome {
  return context.predictions.recommendation(service);
}

/** Table groups with rows in host memory, largest share first. */
export function offloadedTables(p: RecommendationPrediction): RecommendationPrediction['memory']['byTable'] {
  return p.memory.byTable.filter((t) => t.hostGB > 0).sort((a, b) => b.hostGB - a.hostGB);
}

/** Whether the replica's memory is a finding: rows in host memory the service does not allow, or HBM over capacity. */
export function memoryProblem(service: RecommendationServiceInfo, p: RecommendationPrediction): boolean {
  const overHbm = p.memory.totalGB > p.memory.capacityGBPerDevice;
  return overHbm || (!service.hostOffload && offloadedTables(p).length > 0);
}

/** `confidence estimated, weakest input randomAccessEfficiency, calibration extrapolated` */
export function recommendationConfidence(p: RecommendationPrediction): string {
  return `confidence ${p.confidence.level}, weakest input ${p.confidence.weakestInput}, calibration ${p.confidence.calibration}`;
}
