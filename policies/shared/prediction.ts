import { SuperpodInputError } from '../../src/errors.ts';
import type { InferenceServiceInfo, Inventory } from '../../src/inventory/types.ts';
import { predictService, type ServicePrediction } from '../../src/perf/index.ts';
import type { RuleContext } from '../../src/policy/index.ts';

/** The perf model's prediction of a service, or why the model cannot deploy it as configured. */
export type PredictionOutcome =
  | { readonly kind: 'predicted'; readonly prediction: ServicePrediction }
  | { readonly kind: 'undeployable'; readonly problem: string; readonly fix: string }
  /** A pool the service names does not exist: K8S-005 reports it. */
  | { readonly kind: 'missing-pool' };

// Memory and SLO rules read the same prediction; the inventory is frozen, so one per service and inventory is enough.
const cache = new WeakMap<Inventory, WeakMap<InferenceServiceInfo, PredictionOutcome>>();

export function predictionOf(service: InferenceServiceInfo, context: RuleContext): PredictionOutcome {
  let perInventory = cache.get(context.inventory);
  if (!perInventory) {
    perInventory = new WeakMap();
    cache.set(context.inventory, perInventory);
  }
  const cached = perInventory.get(service);
  if (cached) return cached;
  const outcome = predict(service, context);
  perInventory.set(service, outcome);
  return outcome;
}

function predict(service: InferenceServiceInfo, context: RuleContext): PredictionOutcome {
  const pools = [service.prefill?.pool, service.decode.pool].filter((p) => p !== undefined);
  if (pools.some((p) => (context.index.nodesByPool.get(p) ?? []).length === 0)) return { kind: 'missing-pool' };
  try {
    return { kind: 'predicted', prediction: predictService(context.inventory, service, { allowUnknownPower: true }) };
  } catch (error) {
    if (SuperpodInputError.is(error)) return { kind: 'undeployable', problem: error.problem, fix: error.fix };
    throw error;
  }
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
