import type { Construct } from 'constructs';
import type { TrainingJobInfo } from '../src/inventory/types.ts';
import { fail, requireDnsLabel, requireWholeNumber } from './validation.ts';
import { type Model, type ParallelismProps, Workload, type WorkloadProps } from './workload.ts';
import { containerInfo, divisorsOf, parallelism, requireModel, workloadNameOf } from './workload-validation.ts';

export interface TrainingJobProps extends WorkloadProps {
  /** Node pool the workers run on. */
  readonly pool: string;
  /** Worker pods (one per node for distributed jobs). */
  readonly replicas: number;
  /** Accelerators per pod; distributed Ascend 950 jobs take whole nodes. @default 8 */
  readonly npusPerPod?: number;
  /** Model trained, for the perf model. @default - none */
  readonly model?: Model;
  /** Parallelism of the job, for the perf model. @default - none */
  readonly parallelism?: ParallelismProps;
  /**
   * Volcano `ra-block`: accelerators per logical rack (Atlas 950: a multiple of 8, at most the 64 of a UB rack).
   * The Ascend plugin keeps each block inside one rack.
   * @default - none (the plugin's default, 8)
   */
  readonly raBlock?: number;
  /** Volcano `sp-block`: accelerators per logical SuperPoD. @default - none */
  readonly spBlock?: number;
}

/** A gang-scheduled training job, synthesised to a Volcano Job with the Ascend `ra-block`/`sp-block` annotations. */
export class TrainingJob extends Workload {
  /** @internal */
  override readonly info: Omit<TrainingJobInfo, 'id' | 'path' | 'source'>;

  constructor(scope: Construct, id: string, props: TrainingJobProps) {
    super(scope, id);
    const name = workloadNameOf(this, props, '{ pool, replicas, container }');
    const pool = requireDnsLabel(this, 'pool', props.pool);
    const replicas = requireWholeNumber(this, 'replicas', props.replicas, 1, 100_000);
    const npusPerPod = requireWholeNumber(this, 'npusPerPod', props.npusPerPod ?? 8, 1, 64);
    const total = replicas * npusPerPod;
    const block = (prop: 'raBlock' | 'spBlock', value: number | undefined, unit: number, unitName: string) => {
      if (value === undefined) return undefined;
      requireWholeNumber(this, prop, value, 1, 1_000_000);
      if (value % unit !== 0 || total % value !== 0) {
        fail(
          this,
          `${prop} must be a multiple of the ${unit} ${unitName} and divide the job's ${total} accelerators (${replicas} x ${npusPerPod})`,
          value,
          `use one of ${divisorsOf(total, unit).join(', ') || `${unit}`}`,
        );
      }
      return value;
    };
    const raBlock = block('raBlock', props.raBlock, npusPerPod, 'accelerators of a pod');
    const spBlock = block(
      'spBlock',
      props.spBlock,
      raBlock ?? npusPerPod,
      raBlock ? 'accelerators of an ra-block' : 'accelerators of a pod',
    );
    const model = props.model === undefined ? undefined : requireModel(this, props.model);
    this.info = {
      kind: 'training-job',
      name,
      namespace: requireDnsLabel(this, 'namespace', props.namespace ?? 'default'),
      pool,
      ...(model ? { modelId: model.id } : {}),
      replicas,
      npusPerPod,
      ...(props.parallelism === undefined ? {} : { parallelism: parallelism(this, 'parallelism', props.parallelism) }),
      ...(raBlock === undefined ? {} : { raBlock }),
      ...(spBlock === undefined ? {} : { spBlock }),
      queue: requireDnsLabel(this, 'queue', props.queue ?? 'default'),
      container: containerInfo(this, props.container, false),
    };
  }
}
