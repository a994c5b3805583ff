import { getAccelerator } from '../../catalog/index.ts';
import { getRecommendationModel } from '../../catalog/recommendation.ts';
import { SuperpodInputError } from '../../errors.ts';
import type { Inventory, RecommendationServiceInfo } from '../../inventory/types.ts';
import { fabricFromInventory } from '../fabric.ts';
import { predictRecommendation, type RecommendationPrediction } from './predict.ts';

/** A recommendation service's prediction: one replica at its share of the traffic, and the whole service. */
export interface RecommendationServicePrediction {
  /** One replica at `queriesPerSecondPerReplica`. */
  readonly replica: RecommendationPrediction;
  readonly replicas: number;
  readonly queriesPerSecondPerReplica: number;
  /** Accelerators the whole service takes. */
  readonly npus: number;
  /** Highest query rate the service's replicas carry within the p99 SLO. */
  readonly maxQueriesPerSecond: number;
  /** Samples (recommendations) scored per second at the target traffic. */
  readonly recommendationsPerSecond: number;
}

/**
 * The perf model's prediction of a recommendation service on its pool: the traffic spread evenly over the replicas,
 * each replica's tables sharded over `devicesPerReplica` accelerators. Accelerator cards (Atlas 350) sit in ordinary
 * servers, so their all-to-all runs over the card's own fabric; server-tier NPUs use their SuperPoD's UB levels.
 * Throws SuperpodInputError (at the service's path) for a pool that does not exist or an input the model rejects.
 */
export function predictRecommendationService(
  inventory: Inventory,
  service: RecommendationServiceInfo,
): RecommendationServicePrediction {
  const pool = inventory.nodePools.find((p) => p.name === service.pool);
  if (!pool) {
    throw new SuperpodInputError({
      where: `${service.path}: pool "${service.pool}"`,
      problem: 'no node pool of that name in the inventory',
      value: service.pool,
      fix: `use one of: ${inventory.nodePools.map((p) => p.name).join(', ') || '(none)'}`,
    });
  }
  const accelerator = getAccelerator(pool.acceleratorId);
  const podId = inventory.nodes.find((n) => n.id === pool.nodeIds[0])?.superPodId;
  const pod = inventory.superPods.find((p) => p.id === podId);
  const fabric = pod && accelerator.formFactor !== 'card' ? fabricFromInventory(pod.fabric) : undefined;
  const perReplica = service.traffic.queriesPerSecond / service.replicas;
  try {
    const replica = predictRecommendation(
      {
        accelerator,
        model: getRecommendationModel(service.modelId),
        devices: service.devicesPerReplica,
        sharding: service.sharding,
        ...(service.precision.embeddings ? { embeddingPrecision: service.precision.embeddings } : {}),
        ...(service.precision.dense ? { densePrecision: service.precision.dense } : {}),
        ...(fabric ? { fabric } : {}),
      },
      { itemsPerQuery: service.traffic.samplesPerQuery, p99SloS: service.slo.p99S, queriesPerSecond: perReplica },
    );
    return {
      replica,
      replicas: service.replicas,
      queriesPerSecondPerReplica: perReplica,
      npus: service.replicas * service.devicesPerReplica,
      maxQueriesPerSecond: replica.server.maxQueriesPerSecond * service.replicas,
      recommendationsPerSecond: service.traffic.queriesPerSecond * service.traffic.samplesPerQuery,
    };
  } catch (error) {
    if (!SuperpodInputError.is(error)) throw error;
    throw new SuperpodInputError({
      where: `${service.path}: ${error.where}`,
      problem: error.problem,
      value: error.value,
      fix: error.fix,
    });
  }
}
