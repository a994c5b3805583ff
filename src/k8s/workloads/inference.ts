import type { InferenceServiceInfo, ServingPoolInfo } from '../../inventory/types.ts';
import type { KubeObject } from '../object.ts';
import { DEFAULT_QUEUE } from '../volcano.ts';
import { type Demand, poolOf, type WorkloadContext } from './context.ts';
import { parallelismEnv } from './pod-template.ts';
import { servingObjects } from './serving.ts';

type Phase = 'prefill' | 'decode' | 'server';

/** An inference service: per phase (prefill and decode, or one server) its pods, Service and PodDisruptionBudget. */
export function inferenceObjects(ctx: WorkloadContext<InferenceServiceInfo>, demand: Demand): KubeObject[] {
  const service = ctx.workload;
  const queue = service.queue ?? DEFAULT_QUEUE;
  const phases: Array<[Phase, ServingPoolInfo]> = service.prefill
    ? [
        ['prefill', service.prefill],
        ['decode', service.decode],
      ]
    : [['server', service.decode]];
  const objects: KubeObject[] = [];
  for (const [phase, serving] of phases) {
    const facts = poolOf(ctx, serving.pool, `${phase === 'server' ? 'decode' : phase}.pool`);
    const p = serving.parallelism;
    const instance = p.tp * p.pp * p.dp;
    demand(queue, facts, instance * serving.replicas);
    objects.push(
      ...servingObjects(ctx, facts, queue, {
        name: phase === 'server' ? service.name : `${service.name}-${phase}`,
        component: phase,
        replicas: serving.replicas,
        instanceNpus: instance,
        instanceNote: 'tp x pp x dp',
        env: {
          MODEL_ID: service.modelId,
          SUPERPOD_ROLE: phase,
          ...parallelismEnv(serving.parallelism),
          WEIGHTS_PRECISION: service.precision.weights,
          KV_CACHE_PRECISION: service.precision.kvCache,
          ...(serving.maxBatch ? { MAX_BATCH_SIZE: String(serving.maxBatch) } : {}),
        },
      }),
    );
  }
  return objects;
}
