import { SuperpodInputError } from '../errors.ts';
import { toDnsLabel } from '../inventory/names.ts';
import type { ServingPoolInfo, WorkloadContainerInfo, WorkloadInfo } from '../inventory/types.ts';
import { formatLocation } from '../source-location.ts';
import { given } from './given.ts';
import { formatQuantity } from './quantities.ts';
import type { ContainerSpec, ServingPoolSpec, SuppressionSpec, WorkloadSpec } from './types.ts';

/** A workload of the Inventory as the spec entry that builds it again. */
export function exportWorkload(
  w: WorkloadInfo,
  suppressionsOf: (id: string) => { suppressions?: SuppressionSpec[] },
  last: (id: string) => string,
): WorkloadSpec {
  const common = {
    name: last(w.id),
    ...(w.name !== toDnsLabel(last(w.id)) ? { labelName: w.name } : {}),
    ...sourceOf(w),
  };
  const tail = {
    namespace: w.namespace,
    ...given({ queue: w.queue }),
    container: exportContainer(w.container),
    ...suppressionsOf(w.id),
  };
  if (w.kind === 'inference-service') {
    const pool = (p: ServingPoolInfo): ServingPoolSpec => ({
      pool: p.pool,
      replicas: p.replicas,
      parallelism: { ...p.parallelism },
      ...given({ maxBatch: p.maxBatch }),
    });
    return {
      kind: 'InferenceService',
      ...common,
      model: w.modelId,
      precision: { ...w.precision },
      ...(w.prefill ? { prefill: pool(w.prefill) } : {}),
      decode: pool(w.decode),
      slo: {
        timeToFirstToken: formatQuantity('duration', w.slo.ttftS),
        timePerOutputToken: formatQuantity('duration', w.slo.tpotS),
      },
      traffic: { ...w.traffic },
      ...tail,
    };
  }
  if (w.kind === 'recommendation-service') {
    return {
      kind: 'RecommendationService',
      ...common,
      model: w.modelId,
      pool: w.pool,
      replicas: w.replicas,
      devicesPerReplica: w.devicesPerReplica,
      sharding: w.sharding,
      ...(Object.keys(w.precision).length > 0 ? { precision: { ...w.precision } } : {}),
      hostOffload: w.hostOffload,
      traffic: { ...w.traffic },
      slo: { p99: formatQuantity('duration', w.slo.p99S) },
      ...tail,
    };
  }
  return {
    kind: 'TrainingJob',
    ...common,
    pool: w.pool,
    replicas: w.replicas,
    npusPerPod: w.npusPerPod,
    ...(w.modelId ? { model: w.modelId } : {}),
    ...(w.parallelism ? { parallelism: { ...w.parallelism } } : {}),
    ...given({ raBlock: w.raBlock, spBlock: w.spBlock }),
    ...tail,
  };
}

function exportContainer(c: WorkloadContainerInfo | undefined): ContainerSpec {
  if (!c)
    throw new SuperpodInputError({
      where: 'spec export',
      problem: 'a workload has no container',
      fix: 'give every InferenceService, RecommendationService and TrainingJob a container',
    });
  return {
    image: c.image,
    ...(c.command ? { command: [...c.command] } : {}),
    ...(c.args ? { args: [...c.args] } : {}),
    ...(c.env ? { env: { ...c.env } } : {}),
    ...given({ cpu: c.cpuPerPod }),
    ...(c.memoryPerPodBytes !== undefined ? { memory: formatQuantity('memory', c.memoryPerPodBytes) } : {}),
    ...(c.sharedMemoryBytes !== undefined ? { sharedMemory: formatQuantity('memory', c.sharedMemoryBytes) } : {}),
    ...given({ port: c.port, healthPath: c.healthPath }),
    ...(c.startupTimeoutS !== undefined ? { startupTimeout: formatQuantity('duration', c.startupTimeoutS) } : {}),
  };
}

/** `{ source: "file:line:column" }` when the element was located, else nothing. */
export function sourceOf(element: { source?: { file: string; line: number; column: number } }): { source?: string } {
  const text = formatLocation(element.source);
  return text ? { source: text } : {};
}
