import type { InferenceServiceInfo } from '../../src/inventory/types.ts';
import type { PredictionOutcome, ServicePrediction } from '../../src/perf/index.ts';
import { fail, notApplicable, notEvaluated, type RuleContext, type Verdict } from '../../src/policy/index.ts';

/** The perf model's prediction of a service, made once per check run (or per synth) and shared by the rules. */
export function predictionOf(service: InferenceServiceInfo, context: RuleContext): PredictionOutcome {
  return context.predictions.of(service);
}

/**
 * Whether a pool's devices run out of memory. Only a positive, finite shortfall counts: an overloaded pool's memory
 * at an unbounded batch is a load problem (the SLO rules report it), not a memory one.
 */
export function memoryOverflows(pool: ServicePrediction['pools'][number]): boolean {
  return !pool.memory.fits && Number.isFinite(pool.memory.shortfallGB) && pool.memory.shortfallGB > 0;
}

/** `estimated (weakest input: ascend-950dt hbm.bandwidthTBps; calibration extrapolated)` */
export function confidenceNote(prediction: ServicePrediction): string {
  const weakest = prediction.pools.map((p) => p.confidence).reduce((a, b) => (rank(b.level) > rank(a.level) ? b : a));
  return `confidence ${weakest.level}, weakest input ${weakest.weakestInput}, calibration ${weakest.calibration}`;
}

/** Confidence levels, strongest first. */
const ORDER = [
  // Stryker disable next-line StringLiteral: a level not in the list ranks -1, as strong as 'measured' at 0 already is
  'measured',
  'vendor-claimed',
  'user-supplied',
  'reported',
  'estimated',
  'unknown',
];
function rank(level: string): number {
  return ORDER.indexOf(level);
}

/**
 * What both SLO rules do before they compare a latency: no pool is not applicable; a service the perf model cannot
 * deploy or fit in memory is not evaluated (MEM-001 says why); pools that cannot serve `load` fail. `judge` compares
 * the feasible prediction with the SLO; `goodput` is the rate that meets both SLOs, for its fix.
 */
export function sloVerdict(
  service: InferenceServiceInfo,
  context: RuleContext,
  load: string,
  judge: (prediction: ServicePrediction, goodput: string) => Verdict,
): Verdict {
  const outcome = predictionOf(service, context);
  if (outcome.kind === 'missing-pool') return notApplicable();
  if (outcome.kind === 'undeployable') return notEvaluated('the perf model cannot deploy the service (MEM-001)');
  const p = outcome.prediction;
  if (p.pools.some(memoryOverflows)) return notEvaluated('the model does not fit in memory (MEM-001)');
  const goodput = `${p.goodput.requestsPerSecond.toFixed(1)} req/s meet both SLOs with these replicas`;
  if (!p.feasible) {
    return fail(`the pools cannot serve ${load}: ${p.reason ?? 'overloaded'}`, {
      fix: `add replicas (${goodput})`,
      data: { goodputRequestsPerSecond: p.goodput.requestsPerSecond },
    });
  }
  return judge(p, goodput);
}
