import { SuperpodInputError } from '../errors.ts';
import type { InferenceServiceInfo, Inventory, RecommendationServiceInfo } from '../inventory/types.ts';
import { predictRecommendationService, type RecommendationServicePrediction } from './recommendation/service.ts';
import { predictService, type ServicePrediction } from './service.ts';

/** The performance model's prediction of a service, or why the model cannot deploy it as configured. */
export type PredictionOutcome =
  | { readonly kind: 'predicted'; readonly prediction: ServicePrediction }
  /** `message`: the whole one-line input error; `problem` and `fix`: its parts, for findings. */
  | { readonly kind: 'undeployable'; readonly message: string; readonly problem: string; readonly fix: string }
  /** A pool the service names has no nodes (the Kubernetes pack's K8S-005 reports it). */
  | { readonly kind: 'missing-pool'; readonly message: string };

/** The prediction of a recommendation service, or why the model cannot deploy it (kinds as PredictionOutcome). */
export type RecommendationOutcome =
  | { readonly kind: 'predicted'; readonly prediction: RecommendationServicePrediction }
  | Exclude<PredictionOutcome, { kind: 'predicted' }>;

/**
 * The prediction of each inference and recommendation service of one Inventory at its traffic, unknown TDPs allowed, computed at most
 * once per service. A synth makes one and hands it to the policy run and the capacity report, so both show the same
 * figures and the model runs once.
 */
export class ServicePredictions {
  private readonly outcomes = new Map<InferenceServiceInfo, PredictionOutcome>();
  private readonly recommendations = new Map<RecommendationServiceInfo, RecommendationOutcome>();

  constructor(readonly inventory: Inventory) {}

  of(service: InferenceServiceInfo): PredictionOutcome {
    return once(this.outcomes, service, () => this.predict(service));
  }

  recommendation(service: RecommendationServiceInfo): RecommendationOutcome {
    return once(this.recommendations, service, () =>
      this.attempt(
        () => ({ kind: 'predicted', prediction: predictRecommendationService(this.inventory, service) }),
        [service.pool],
      ),
    );
  }

  private predict(service: InferenceServiceInfo): PredictionOutcome {
    return this.attempt(
      () => ({
        kind: 'predicted',
        prediction: predictService(this.inventory, service, { allowUnknownPower: true }),
      }),
      [service.prefill?.pool, service.decode.pool].filter((p) => p !== undefined),
    );
  }

  /** Runs `predict`; an input error becomes `missing-pool` when one of `pools` has no nodes, else `undeployable`. */
  private attempt<T>(
    predict: () => T,
    pools: readonly string[],
  ): T | Exclude<PredictionOutcome, { kind: 'predicted' }> {
    try {
      return predict();
    } catch (error) {
      if (!SuperpodInputError.is(error)) throw error;
      const missing = pools.some((p) => !this.inventory.nodes.some((n) => n.pool === p));
      return missing
        ? { kind: 'missing-pool', message: error.message }
        : { kind: 'undeployable', message: error.message, problem: error.problem, fix: error.fix };
    }
  }
}

function once<K, V>(cache: Map<K, V>, key: K, make: () => V): V {
  let value = cache.get(key);
  if (value === undefined) {
    value = make();
    cache.set(key, value);
  }
  return value;
}
