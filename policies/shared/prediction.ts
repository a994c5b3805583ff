import type { InferenceServiceInfo } from '../../src/inventory/types.ts';
import type { PredictionOutcome, ServicePrediction } from '../../src/perf/index.ts';
import type { RuleContext } from '../../src/policy/index.ts';

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

const ORDER = ['measured', 'vendor-claimed', 'user-supplied', 'reported', 'estimated', 'unknown'];
function rank(level: string): number {
  return ORDER.indexOf(level);
}
