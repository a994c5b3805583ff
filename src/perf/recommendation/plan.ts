import type { RecommendationModelSpec } from '../../catalog/recommendation.ts';
import type { AcceleratorSpec, Precision } from '../../catalog/types.ts';
import { SuperpodInputError } from '../../errors.ts';
import { requireNumber } from '../input-checks.ts';
import { predictRecommendation, type RecommendationPrediction } from './predict.ts';

/** One hardware option for a recommendation service. */
export interface RecommendationPlanHardware {
  readonly accelerator: AcceleratorSpec;
  readonly densePrecision?: Precision;
  readonly embeddingPrecision?: Precision;
  /** All-in price per accelerator-hour (default 1: cost counts accelerator-hours). */
  readonly pricePerHour?: number;
}

export interface RecommendationPlanInput {
  readonly model: RecommendationModelSpec;
  readonly queriesPerSecond: number;
  readonly itemsPerQuery: number;
  readonly p99SloS: number;
  readonly hardware: readonly RecommendationPlanHardware[];
  /** Largest pool one instance may span (default 64). */
  readonly maxDevicesPerInstance?: number;
}

export interface RecommendationPlanOption {
  readonly accelerator: string;
  readonly densePrecision: Precision;
  readonly embeddingPrecision: Precision;
  /** Accelerators one instance (one copy of the tables) spans, and its layout. */
  readonly devicesPerInstance: number;
  readonly sharding: RecommendationPrediction['sharding'];
  readonly instances: number;
  readonly devices: number;
  /** Highest rate one instance serves within the p99 SLO, and the p99 at its share of the traffic. */
  readonly maxQueriesPerSecondPerInstance: number;
  readonly p99Ms: number;
  readonly costPerHour: number;
  readonly costPerMillionQueries: number;
  readonly confidence: RecommendationPrediction['confidence'];
}

export interface RecommendationPlan {
  readonly model: string;
  readonly queriesPerSecond: number;
  readonly itemsPerQuery: number;
  readonly p99SloMs: number;
  /** Every option that meets the SLO, cheapest first. */
  readonly options: readonly RecommendationPlanOption[];
  /** Options that cannot meet it at any size, with why. */
  readonly infeasible: readonly { readonly accelerator: string; readonly reason: string }[];
}

/**
 * Sizes a recommendation service on each hardware option: instance sizes in powers of two from the smallest pool whose
 * HBM holds the tables up to the limit, each instance at its highest rate within the p99 SLO, enough instances for the
 * traffic; per option the size with the fewest accelerators (then the lowest p99), all options cheapest first.
 */
export function planRecommendation(input: RecommendationPlanInput): RecommendationPlan {
  for (const [name, v] of [
    ['queriesPerSecond', input.queriesPerSecond],
    ['itemsPerQuery', input.itemsPerQuery],
    ['p99SloS', input.p99SloS],
  ] as const) {
    requireNumber(`recommendation plan ${name}`, v, {
      min: Number.MIN_VALUE,
      problem: 'must be a positive number',
      fix: `give ${name} as a plain positive number`,
    });
  }
  if (input.hardware.length === 0) {
    throw new SuperpodInputError({
      where: 'recommendation plan hardware',
      problem: 'no hardware to plan on',
      fix: 'give at least one accelerator (CLI: --accelerator atlas-350)',
    });
  }
  const maxDevices = input.maxDevicesPerInstance ?? 64;
  const options: RecommendationPlanOption[] = [];
  const infeasible: { accelerator: string; reason: string }[] = [];
  for (const hw of input.hardware) {
    let best: RecommendationPlanOption | undefined;
    let reason = `no instance of up to ${maxDevices} devices holds the tables in HBM`;
    for (let n = 1; n <= maxDevices; n *= 2) {
      const deployment = {
        accelerator: hw.accelerator,
        model: input.model,
        devices: n,
        ...(hw.densePrecision ? { densePrecision: hw.densePrecision } : {}),
        ...(hw.embeddingPrecision ? { embeddingPrecision: hw.embeddingPrecision } : {}),
      };
      const p = predictRecommendation(deployment, { itemsPerQuery: input.itemsPerQuery, p99SloS: input.p99SloS });
      if (!p.memory.fits) continue;
      const perInstance = p.server.maxQueriesPerSecond;
      if (perInstance <= 0) {
        reason = `one instance of ${n} devices misses the ${input.p99SloS * 1e3} ms p99 even at the lightest load`;
        continue;
      }
      const instances = Math.ceil(input.queriesPerSecond / perInstance);
      const share = predictRecommendation(deployment, {
        itemsPerQuery: input.itemsPerQuery,
        p99SloS: input.p99SloS,
        queriesPerSecond: input.queriesPerSecond / instances,
      });
      const devices = instances * n;
      const price = hw.pricePerHour ?? 1;
      const option: RecommendationPlanOption = {
        accelerator: hw.accelerator.id,
        densePrecision: p.densePrecision,
        embeddingPrecision: p.embeddingPrecision,
        devicesPerInstance: n,
        sharding: p.sharding,
        instances,
        devices,
        maxQueriesPerSecondPerInstance: perInstance,
        p99Ms: share.server.p99Ms,
        costPerHour: devices * price,
        costPerMillionQueries: ((devices * price) / (input.queriesPerSecond * 3600)) * 1e6,
        confidence: p.confidence,
      };
      if (!best || devices < best.devices || (devices === best.devices && option.p99Ms < best.p99Ms)) best = option;
    }
    if (best) options.push(best);
    else infeasible.push({ accelerator: hw.accelerator.id, reason });
  }
  options.sort((a, b) => a.costPerHour - b.costPerHour || a.accelerator.localeCompare(b.accelerator));
  return {
    model: input.model.id,
    queriesPerSecond: input.queriesPerSecond,
    itemsPerQuery: input.itemsPerQuery,
    p99SloMs: input.p99SloS * 1e3,
    options,
    infeasible,
  };
}
