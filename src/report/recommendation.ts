import type { Inventory, RecommendationServiceInfo } from '../inventory/types.ts';
import type { ServicePredictions } from '../perf/index.ts';
import type { RecommendationServicePrediction } from '../perf/recommendation/index.ts';
import { anchorId } from './format.ts';

/** The perf model's view of one recommendation service, as the report shows it. */
export interface RecommendationFigures {
  readonly service: RecommendationServiceInfo;
  readonly anchor: string;
  readonly prediction: RecommendationServicePrediction | null;
  /** Why there is no prediction (an input the model rejects, a pool without nodes). */
  readonly error: string | null;
  /** The pool's SuperPoDs and the NPUs of the service in each, for the water the service is charged. */
  readonly npusByPod: ReadonlyMap<string, number>;
}

/** Every recommendation service of the inventory with the prediction the checks read (made once per synth). */
export function recommendationFigures(inventory: Inventory, predictions: ServicePredictions): RecommendationFigures[] {
  return inventory.workloads
    .filter((w): w is RecommendationServiceInfo => w.kind === 'recommendation-service')
    .map((service, i) => {
      const outcome = predictions.recommendation(service);
      return {
        service,
        anchor: anchorId('recommendation', i, service.id),
        prediction: outcome.kind === 'predicted' ? outcome.prediction : null,
        error: outcome.kind === 'predicted' ? null : outcome.message,
        npusByPod: poolNpusByPod(inventory, service.pool, service.replicas * service.devicesPerReplica),
      };
    });
}

/** `npus` of a workload on `pool`, spread over the pool's SuperPoDs in proportion to the pool's NPUs in each. */
export function poolNpusByPod(inventory: Inventory, pool: string, npus: number): Map<string, number> {
  const byPod = new Map<string, number>();
  let total = 0;
  for (const node of inventory.nodes) {
    if (node.pool !== pool) continue;
    byPod.set(node.superPodId, (byPod.get(node.superPodId) ?? 0) + node.acceleratorCount);
    total += node.acceleratorCount;
  }
  for (const [pod, n] of byPod) byPod.set(pod, total > 0 ? (n / total) * npus : 0);
  return byPod;
}
