import { SuperpodInputError } from '../../errors.ts';
import type {
  InferenceServiceInfo,
  Inventory,
  RecommendationServiceInfo,
  TrainingJobInfo,
} from '../../inventory/types.ts';
import type { KubeObject } from '../object.ts';
import type { QueueDemand } from '../volcano.ts';
import { type Demand, type PoolFacts, poolFacts, type WorkloadContext } from './context.ts';
import { inferenceObjects } from './inference.ts';
import { platformObjects } from './platform.ts';
import { recommendationObjects } from './recommendation.ts';
import { trainingObjects } from './training.ts';

export { PRIORITY_CLASSES } from './platform.ts';

export interface WorkloadObjects {
  /** Namespaces and PriorityClasses: built-in kinds the workloads need, applied with the platform. */
  readonly platform: KubeObject[];
  /** Everything else, in apply order per workload. */
  readonly workloads: KubeObject[];
  /** What each Volcano queue needs (for the Queue objects). */
  readonly queues: QueueDemand[];
}

interface QueueUse {
  readonly pools: Map<string, PoolFacts>;
  readonly guarantee: Map<string, number>;
  serving: boolean;
}

/** Inventory workloads -> Kubernetes objects. Throws SuperpodInputError (at the workload's path) for what cannot run. */
export function workloadObjects(inventory: Inventory, opts: { hyperNodes: boolean }): WorkloadObjects {
  if (inventory.workloads.length === 0) return { platform: [], workloads: [], queues: [] };
  const facts = poolFacts(inventory);
  const volcano = inventory.kubernetes.scheduler === 'volcano';
  const objects: KubeObject[] = [];
  const queues = new Map<string, QueueUse>();
  const demand: Demand = (queue, pool, serving) => {
    const q = queues.get(queue) ?? { pools: new Map(), guarantee: new Map(), serving: false };
    queues.set(queue, q);
    if (serving !== undefined) q.serving = true;
    if (pool.pool.deviceAllocation !== 'device-plugin') return;
    q.pools.set(pool.pool.name, pool);
    if (serving !== undefined) q.guarantee.set(pool.resourceName, (q.guarantee.get(pool.resourceName) ?? 0) + serving);
  };
  const seen = new Map<string, string>();
  for (const workload of inventory.workloads) {
    const base = { inventory, facts, volcano, hyperNodes: opts.hyperNodes };
    const made =
      workload.kind === 'inference-service'
        ? inferenceObjects({ ...base, workload } satisfies WorkloadContext<InferenceServiceInfo>, demand)
        : workload.kind === 'recommendation-service'
          ? recommendationObjects({ ...base, workload } satisfies WorkloadContext<RecommendationServiceInfo>, demand)
          : trainingObjects({ ...base, workload } satisfies WorkloadContext<TrainingJobInfo>, demand);
    for (const object of made) {
      const key = `${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name}`;
      const clash = seen.get(key);
      if (clash !== undefined) {
        throw new SuperpodInputError({
          where: workload.path,
          problem: `${object.kind} "${object.metadata.name}" in namespace "${object.metadata.namespace}" is also made by "${clash}"`,
          value: workload.name,
          fix: 'give the workloads distinct names or namespaces',
        });
      }
      seen.set(key, workload.path);
      objects.push(object);
    }
  }
  return {
    platform: platformObjects(inventory),
    workloads: objects,
    queues: volcano ? [...queues.entries()].map(([name, q]) => queueDemand(name, q)) : [],
  };
}

function queueDemand(name: string, q: QueueUse): QueueDemand {
  const capability: Record<string, number> = {};
  for (const f of q.pools.values())
    capability[f.resourceName] = (capability[f.resourceName] ?? 0) + f.pool.nodeIds.length * f.perNode;
  return { name, capability, guarantee: Object.fromEntries(q.guarantee), serving: q.serving };
}
