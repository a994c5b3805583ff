import type { RecommendationServiceInfo } from '../../inventory/types.ts';
import type { KubeObject } from '../object.ts';
import { DEFAULT_QUEUE } from '../volcano.ts';
import { type Demand, poolOf, type WorkloadContext } from './context.ts';
import { servingObjects } from './serving.ts';

/**
 * A recommendation service: its replicas as serving instances of `devicesPerReplica` accelerators (a Deployment, or a
 * LeaderWorkerSet when a replica spans nodes), with a Service and a PodDisruptionBudget. The model, sharding, formats
 * and the SLO reach the serving framework as environment variables.
 */
export function recommendationObjects(ctx: WorkloadContext<RecommendationServiceInfo>, demand: Demand): KubeObject[] {
  const service = ctx.workload;
  const queue = service.queue ?? DEFAULT_QUEUE;
  const facts = poolOf(ctx, service.pool, 'pool');
  demand(queue, facts, service.devicesPerReplica * service.replicas);
  return servingObjects(ctx, facts, queue, {
    name: service.name,
    component: 'recommendation',
    replicas: service.replicas,
    instanceNpus: service.devicesPerReplica,
    instanceNote: 'devicesPerReplica',
    env: {
      MODEL_ID: service.modelId,
      SUPERPOD_ROLE: 'recommendation',
      EMBEDDING_SHARDING: service.sharding,
      DEVICES_PER_REPLICA: String(service.devicesPerReplica),
      ...(service.precision.embeddings ? { EMBEDDING_PRECISION: service.precision.embeddings } : {}),
      ...(service.precision.dense ? { DENSE_PRECISION: service.precision.dense } : {}),
      HOST_OFFLOAD: String(service.hostOffload),
      P99_SLO_MS: String(Math.round(service.slo.p99S * 1e6) / 1e3),
    },
  });
}
