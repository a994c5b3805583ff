import { SuperpodInputError } from '../errors.ts';
import type { InferenceServiceInfo, Inventory } from '../inventory/types.ts';
import { predictService, type ServicePrediction } from './service.ts';

/** The performance model's prediction of a service, or why the model cannot deploy it as configured. */
export type PredictionOutcome =
  | { readonly kind: 'predicted'; readonly prediction: ServicePrediction }
  /** `message`: the whole one-line input error; `problem` and `fix`: its parts, for findings. */
  | { readonly kind: 'undeployable'; readonly message: string; readonly problem: string; readonly fix: string }
  /** A pool the service names has no nodes (the Kubernetes pack's K8S-005 reports it). */
  | { readonly kind: 'missing-pool'; readonly message: string };

/**
 * The prediction of each inference service of one Inventory at its traffic, unknown TDPs allowed, computed at most
 * once per service. A synth makes one and hands it to the policy run and the capacity report, so both show the same
 * figures and the model runs once.
 */
export class ServicePredictions {
  private readonly outcomes = new Map<InferenceServiceInfo, PredictionOutcome>();

  constructor(readonly inventory: Inventory) {}

  of(service: InferenceServiceInfo): PredictionOutcome {
    let outcome = this.outcomes.get(service);
    if (!outcome) {
      outcome = this.predict(service);
      this.outcomes.set(service, outcome);
    }
    return outcome;
  }

  private predict(service: InferenceServiceInfo): PredictionOutcome {
    try {
      return { kind: 'predicted', prediction: predictService(this.inventory, service, { allowUnknownPower: true }) };
    } catch (error) {
      if (!SuperpodInputError.is(error)) throw error;
      const pools = [service.prefill?.pool, service.decode.pool].filter((p) => p !== undefined);
      const missing = pools.some((p) => !this.inventory.nodes.some((n) => n.pool === p));
      return missing
        ? { kind: 'missing-pool', message: error.message }
        : { kind: 'undeployable', message: error.message, problem: error.problem, fix: error.fix };
    }
  }
}
