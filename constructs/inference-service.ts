import type { Construct } from 'constructs';
import type { Precision } from '../src/catalog/types.ts';
import type { InferenceServiceInfo, ServingPoolInfo } from '../src/inventory/types.ts';
import { Duration } from '../src/units/index.ts';
import { fail, requireDnsLabel, requireUnit, requireWholeNumber } from './validation.ts';
import { type Model, type ParallelismProps, Workload, type WorkloadProps } from './workload.ts';
import { containerInfo, parallelism, requireModel, requirePrecision, workloadNameOf } from './workload-validation.ts';

/** One serving phase (prefill or decode) of an inference service. */
export interface ServingPoolProps {
  /** Node pool the instances run on: a node's `pool`, or the default `<node type id>-<role>`. */
  readonly pool: string;
  /** Independent model instances. */
  readonly replicas: number;
  /** Parallelism of one instance. */
  readonly parallelism: ParallelismProps;
  /** Largest number of concurrent sequences one instance may batch. @default - the engine's choice */
  readonly maxBatch?: number;
}

/** Numeric formats of an inference service's weights, activations and KV cache. */
export interface PrecisionProps {
  /**
   * Format the weights are stored and multiplied in.
   * @default - the model's published weight format
   */
  readonly weights?: Precision;
  /**
   * Format of the activations.
   * @default 'bf16'
   */
  readonly activations?: Precision;
  /**
   * Format of the KV cache.
   * @default 'bf16'
   */
  readonly kvCache?: Precision;
}

/** Latency targets of an inference service, checked by the perf model and the SLO policies. */
export interface SloProps {
  /** Mean time to first token at the target traffic. */
  readonly timeToFirstToken: Duration;
  /** Mean time per output token at the target traffic. */
  readonly timePerOutputToken: Duration;
}

/** The traffic an inference service must carry, for capacity planning and the SLO checks. */
export interface TrafficProps {
  /** Requests arriving per second. */
  readonly requestsPerSecond: number;
  /** Prompt length in tokens. */
  readonly inputTokens: number;
  /** Generated tokens per request. */
  readonly outputTokens: number;
}

/** An inference service: a model served on one pool, or disaggregated over a prefill and a decode pool. */
export interface InferenceServiceProps extends WorkloadProps {
  /** The model served, from the catalogue. */
  readonly model: Model;
  /**
   * Numeric formats of weights, activations and KV cache.
   * @default - the model's published weight format, bf16 activations and KV cache
   */
  readonly precision?: PrecisionProps;
  /** Prefill instances for a disaggregated service. @default - none: decode instances serve both phases */
  readonly prefill?: ServingPoolProps;
  /** Decode instances (or the only instances of an aggregated service). */
  readonly decode: ServingPoolProps;
  /** Latency targets the perf model and the SLO policies check. */
  readonly slo: SloProps;
  /** Target traffic, for capacity planning. */
  readonly traffic: TrafficProps;
}

/**
 * A model served on the cluster, optionally disaggregated into a prefill and a decode phase on different node pools
 * (950PR prefill, 950DT decode). Synthesised to a Deployment per phase, or a LeaderWorkerSet when one instance spans
 * nodes; the perf model and the SLO policies read its SLOs and traffic.
 */
export class InferenceService extends Workload {
  /** @internal */
  override readonly info: Omit<InferenceServiceInfo, 'id' | 'path' | 'source'>;

  constructor(scope: Construct, id: string, props: InferenceServiceProps) {
    super(scope, id);
    const name = workloadNameOf(this, props, '{ model, decode, slo, traffic, container }');
    const model = requireModel(this, props.model);
    const weights = props.precision?.weights ?? model.nativeWeightsPrecision;
    const precision = {
      weights: requirePrecision(this, 'precision.weights', weights),
      activations: requirePrecision(this, 'precision.activations', props.precision?.activations ?? 'bf16'),
      kvCache: requirePrecision(this, 'precision.kvCache', props.precision?.kvCache ?? 'bf16'),
    };
    if (!props.slo || typeof props.slo !== 'object')
      fail(
        this,
        'slo is required',
        props.slo,
        'pass slo: { timeToFirstToken: Duration.seconds(2), timePerOutputToken: Duration.milliseconds(50) }',
      );
    const ttft = requireUnit(this, 'slo.timeToFirstToken', props.slo.timeToFirstToken, Duration, 'Duration.seconds(2)');
    const tpot = requireUnit(
      this,
      'slo.timePerOutputToken',
      props.slo.timePerOutputToken,
      Duration,
      'Duration.milliseconds(50)',
    );
    for (const [prop, value] of [
      ['slo.timeToFirstToken', ttft],
      ['slo.timePerOutputToken', tpot],
    ] as const) {
      if (value.toSeconds() <= 0)
        fail(this, `${prop} must be longer than zero`, value.toString(), 'set a positive latency target');
    }
    const traffic = props.traffic;
    if (!traffic || typeof traffic !== 'object')
      fail(
        this,
        'traffic is required',
        traffic,
        'pass traffic: { requestsPerSecond: 20, inputTokens: 4096, outputTokens: 1024 }',
      );
    if (
      typeof traffic.requestsPerSecond !== 'number' ||
      !Number.isFinite(traffic.requestsPerSecond) ||
      traffic.requestsPerSecond <= 0
    )
      fail(
        this,
        'traffic.requestsPerSecond must be a positive number',
        traffic.requestsPerSecond,
        'set the peak request rate, e.g. 20',
      );
    requireWholeNumber(this, 'traffic.inputTokens', traffic.inputTokens, 1, 10_000_000);
    requireWholeNumber(this, 'traffic.outputTokens', traffic.outputTokens, 1, 10_000_000);
    const namespace = requireDnsLabel(this, 'namespace', props.namespace ?? 'default');
    const queue = requireDnsLabel(this, 'queue', props.queue ?? 'default');
    this.info = {
      kind: 'inference-service',
      name,
      namespace,
      modelId: model.id,
      precision,
      ...(props.prefill === undefined ? {} : { prefill: servingPool(this, 'prefill', props.prefill) }),
      decode: servingPool(this, 'decode', props.decode),
      slo: { ttftS: ttft.toSeconds(), tpotS: tpot.toSeconds() },
      traffic: {
        requestsPerSecond: traffic.requestsPerSecond,
        inputTokens: traffic.inputTokens,
        outputTokens: traffic.outputTokens,
      },
      queue,
      container: containerInfo(this, props.container, true),
    };
  }
}

function servingPool(
  scope: Construct,
  phase: 'prefill' | 'decode',
  value: ServingPoolProps | undefined,
): ServingPoolInfo {
  if (!value || typeof value !== 'object')
    fail(
      scope,
      `${phase} is required`,
      value,
      `pass ${phase}: { pool: 'ascend-950dt-node-decode', replicas: 2, parallelism: { tp: 8 } }`,
    );
  const pool = requireDnsLabel(scope, `${phase}.pool`, value.pool);
  const replicas = requireWholeNumber(scope, `${phase}.replicas`, value.replicas, 1, 100_000);
  return {
    pool,
    replicas,
    parallelism: parallelism(scope, `${phase}.parallelism`, value.parallelism),
    ...(value.maxBatch === undefined
      ? {}
      : { maxBatch: requireWholeNumber(scope, `${phase}.maxBatch`, value.maxBatch, 1, 1_000_000) }),
  };
}
