import {
  InferenceService,
  Model,
  RecommendationModel,
  RecommendationService,
  TrainingJob,
  type WorkloadContainerProps,
} from '../../constructs/workloads.ts';
import type { Precision } from '../catalog/types.ts';
import type { SuperPodStack } from '../terraform/superpod-stack.ts';
import type { Path, SpecBuilder } from './builder.ts';
import { given } from './given.ts';
import type { ContainerSpec, ServingPoolSpec, WorkloadSpec } from './types.ts';

/** Builds a spec's workload entry (an InferenceService, RecommendationService or TrainingJob) in `stack`, located at its entry. */
export function buildWorkload(b: SpecBuilder, stack: SuperPodStack, spec: WorkloadSpec, path: Path): void {
  const container = containerProps(b, spec.container, [...path, 'container']);
  const common = {
    ...(spec.labelName ? { name: spec.labelName } : {}),
    ...(spec.namespace ? { namespace: spec.namespace } : {}),
    ...(spec.queue ? { queue: spec.queue } : {}),
    container,
  };
  const construct = b.at(path, spec.source, () => {
    if (spec.kind === 'InferenceService') {
      const pool = (p: ServingPoolSpec) => ({
        pool: p.pool,
        replicas: p.replicas,
        parallelism: { ...p.parallelism },
        ...given({ maxBatch: p.maxBatch }),
      });
      const precision = spec.precision
        ? {
            ...(spec.precision.weights ? { weights: spec.precision.weights as Precision } : {}),
            ...(spec.precision.activations ? { activations: spec.precision.activations as Precision } : {}),
            ...(spec.precision.kvCache ? { kvCache: spec.precision.kvCache as Precision } : {}),
          }
        : undefined;
      return new InferenceService(stack, spec.name, {
        ...common,
        model: Model.of(spec.model),
        ...(precision ? { precision } : {}),
        ...(spec.prefill ? { prefill: pool(spec.prefill) } : {}),
        decode: pool(spec.decode),
        slo: {
          timeToFirstToken: b.quantity('duration', [...path, 'slo', 'timeToFirstToken'], spec.slo.timeToFirstToken),
          timePerOutputToken: b.quantity(
            'duration',
            [...path, 'slo', 'timePerOutputToken'],
            spec.slo.timePerOutputToken,
          ),
        },
        traffic: { ...spec.traffic },
      });
    }
    if (spec.kind === 'RecommendationService') {
      const precision = {
        ...(spec.precision?.embeddings ? { embeddings: spec.precision.embeddings as Precision } : {}),
        ...(spec.precision?.dense ? { dense: spec.precision.dense as Precision } : {}),
      };
      return new RecommendationService(stack, spec.name, {
        ...common,
        model: RecommendationModel.of(spec.model),
        pool: spec.pool,
        replicas: spec.replicas,
        ...given({ devicesPerReplica: spec.devicesPerReplica }),
        ...(spec.sharding ? { sharding: spec.sharding } : {}),
        ...(Object.keys(precision).length > 0 ? { precision } : {}),
        ...given({ hostOffload: spec.hostOffload }),
        traffic: { ...spec.traffic },
        slo: { p99: b.quantity('duration', [...path, 'slo', 'p99'], spec.slo.p99) },
      });
    }
    return new TrainingJob(stack, spec.name, {
      ...common,
      pool: spec.pool,
      replicas: spec.replicas,
      ...given({ npusPerPod: spec.npusPerPod }),
      ...(spec.model ? { model: Model.of(spec.model) } : {}),
      ...(spec.parallelism ? { parallelism: { ...spec.parallelism } } : {}),
      ...given({ raBlock: spec.raBlock, spBlock: spec.spBlock }),
    });
  });
  b.suppress(construct, spec.suppressions, path);
}

function containerProps(b: SpecBuilder, spec: ContainerSpec, path: Path): WorkloadContainerProps {
  return {
    image: spec.image,
    ...(spec.command ? { command: [...spec.command] } : {}),
    ...(spec.args ? { args: [...spec.args] } : {}),
    ...(spec.env ? { env: { ...spec.env } } : {}),
    ...given({ cpu: spec.cpu }),
    ...b.optionalQuantity('memory', path, 'memory', spec.memory),
    ...b.optionalQuantity('memory', path, 'sharedMemory', spec.sharedMemory),
    ...given({ port: spec.port, healthPath: spec.healthPath }),
    ...b.optionalQuantity('duration', path, 'startupTimeout', spec.startupTimeout),
  };
}
