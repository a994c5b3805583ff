import type { Construct } from 'constructs';
import { getRecommendationModel } from '../src/catalog/recommendation.ts';
import type { Precision } from '../src/catalog/types.ts';
import { SuperpodInputError } from '../src/errors.ts';
import type { RecommendationServiceInfo, RecommendationSharding } from '../src/inventory/types.ts';
import { Duration } from '../src/units/index.ts';
import { fail, requireDnsLabel, requireUnit, requireWholeNumber } from './validation.ts';
import { Workload, type WorkloadProps } from './workload.ts';
import { containerInfo, requirePrecision, workloadNameOf } from './workload-validation.ts';

export type { RecommendationSharding } from '../src/inventory/types.ts';

const SHARDINGS: readonly RecommendationSharding[] = ['auto', 'replicated', 'table-wise', 'row-wise', 'column-wise'];

/** Recommendation models of the catalogue, as an enum-like class; `RecommendationModel.of(id)` for any catalogue id. */
export class RecommendationModel {
  /** MLPerf Inference DLRM-v2 (Criteo 1TB multi-hot, 26 tables, DCN-v2 interaction). */
  static readonly DLRM_V2 = new RecommendationModel('dlrm-v2');
  /** HugeCTR's 180-table, 70 GB embedding-collection benchmark model. */
  static readonly HUGECTR_180TABLE_70B = new RecommendationModel('hugectr-180table-70b');
  /** Any recommendation model of the catalogue by id (`superpod catalog list`); checked when a service uses it. */
  static of(id: string): RecommendationModel {
    return new RecommendationModel(id);
  }
  private constructor(readonly id: string) {}
  /** The catalogue id. */
  toString(): string {
    return this.id;
  }
}

/** The load a recommendation service must carry, for the perf model and the SLO check. */
export interface RecommendationTrafficProps {
  /** Queries arriving per second over the whole service (spread evenly over the replicas). */
  readonly queriesPerSecond: number;
  /** Samples (user-item pairs) scored per query; MLPerf DLRM-v2 uses 270 on average. */
  readonly samplesPerQuery: number;
}

/** The latency target of a recommendation service. */
export interface RecommendationSloProps {
  /** 99th-percentile latency per query at the target traffic (MLPerf DLRM-v2 Server: 60 ms). */
  readonly p99: Duration;
}

/** Numeric formats of a recommendation service. */
export interface RecommendationPrecisionProps {
  /** Storage format of the embedding rows. @default - the model's published weights format */
  readonly embeddings?: Precision;
  /** Format the MLPs and the interaction compute in. @default 'bf16' (fp16 where the accelerator has no bf16) */
  readonly dense?: Precision;
}

/** A DLRM-style recommendation model served from one node pool. */
export interface RecommendationServiceProps extends WorkloadProps {
  /** The model served, from the recommendation catalogue. */
  readonly model: RecommendationModel;
  /** Node pool the replicas run on: a node's `pool`, or the default `<node type id>-<role>`. */
  readonly pool: string;
  /** Independent replicas, each holding every embedding table. */
  readonly replicas: number;
  /** Accelerators one replica spreads its tables over (on one node, or whole nodes). @default 1 */
  readonly devicesPerReplica?: number;
  /**
   * How the tables sit on a replica's accelerators: `replicated` (every device holds every table), `table-wise`,
   * `row-wise`, `column-wise`, or `auto` (the first that fits of replicated, table-wise, row-wise). @default 'auto'
   */
  readonly sharding?: RecommendationSharding;
  /** Numeric formats. @default - the model's weights format for the tables, bf16 for the MLPs */
  readonly precision?: RecommendationPrecisionProps;
  /**
   * Rows that do not fit HBM may be served from host memory (slower; MEM-003 then accepts the layout).
   * @default false
   */
  readonly hostOffload?: boolean;
  /** Target load. */
  readonly traffic: RecommendationTrafficProps;
  /** Latency target the perf model and SLO-003 check. */
  readonly slo: RecommendationSloProps;
}

/**
 * A recommendation model (embedding tables and dense MLPs) served on one node pool: synthesised like an inference
 * service (a Deployment, or a LeaderWorkerSet when a replica spans nodes, with a Service and a PodDisruptionBudget);
 * the perf model prices its embedding gathers, and MEM-003 and SLO-003 check its memory and p99 latency.
 */
export class RecommendationService extends Workload {
  /** @internal */
  override readonly info: Omit<RecommendationServiceInfo, 'id' | 'path' | 'source'>;

  constructor(scope: Construct, id: string, props: RecommendationServiceProps) {
    super(scope, id);
    const name = workloadNameOf(this, props, '{ model, pool, replicas, traffic, slo, container }');
    const model = requireRecommendationModel(this, props.model);
    const pool = requireDnsLabel(this, 'pool', props.pool);
    const replicas = requireWholeNumber(this, 'replicas', props.replicas, 1, 100_000);
    const devicesPerReplica = requireWholeNumber(this, 'devicesPerReplica', props.devicesPerReplica ?? 1, 1, 65_536);
    const sharding = props.sharding ?? 'auto';
    if (!SHARDINGS.includes(sharding))
      fail(this, 'sharding is not a known layout', sharding, `use one of ${SHARDINGS.join(', ')}`);
    const hostOffload = props.hostOffload ?? false;
    if (typeof hostOffload !== 'boolean')
      fail(
        this,
        'hostOffload must be true or false',
        hostOffload,
        'use hostOffload: true to allow rows in host memory',
      );
    const traffic = props.traffic;
    if (!traffic || typeof traffic !== 'object')
      fail(this, 'traffic is required', traffic, 'pass traffic: { queriesPerSecond: 1000, samplesPerQuery: 270 }');
    if (
      typeof traffic.queriesPerSecond !== 'number' ||
      !Number.isFinite(traffic.queriesPerSecond) ||
      traffic.queriesPerSecond <= 0
    )
      fail(
        this,
        'traffic.queriesPerSecond must be a positive number',
        traffic.queriesPerSecond,
        'set the peak query rate, e.g. 1000',
      );
    const samplesPerQuery = requireWholeNumber(this, 'traffic.samplesPerQuery', traffic.samplesPerQuery, 1, 10_000_000);
    if (!props.slo || typeof props.slo !== 'object')
      fail(this, 'slo is required', props.slo, 'pass slo: { p99: Duration.milliseconds(60) }');
    const p99 = requireUnit(this, 'slo.p99', props.slo.p99, Duration, 'Duration.milliseconds(60)');
    if (p99.toSeconds() <= 0)
      fail(this, 'slo.p99 must be longer than zero', p99.toString(), 'set a positive latency target');
    const precision = {
      ...(props.precision?.embeddings === undefined
        ? {}
        : { embeddings: requirePrecision(this, 'precision.embeddings', props.precision.embeddings) }),
      ...(props.precision?.dense === undefined
        ? {}
        : { dense: requirePrecision(this, 'precision.dense', props.precision.dense) }),
    };
    this.info = {
      kind: 'recommendation-service',
      name,
      namespace: requireDnsLabel(this, 'namespace', props.namespace ?? 'default'),
      modelId: model,
      pool,
      replicas,
      devicesPerReplica,
      sharding,
      precision,
      hostOffload,
      traffic: { queriesPerSecond: traffic.queriesPerSecond, samplesPerQuery },
      slo: { p99S: p99.toSeconds() },
      queue: requireDnsLabel(this, 'queue', props.queue ?? 'default'),
      container: containerInfo(this, props.container, true),
    };
  }
}

function requireRecommendationModel(scope: Construct, model: unknown): string {
  if (!(model instanceof RecommendationModel))
    fail(
      scope,
      'model must be a RecommendationModel',
      model,
      'pass for example model: RecommendationModel.DLRM_V2 or RecommendationModel.of("dlrm-v2")',
    );
  try {
    return getRecommendationModel(model.id).id;
  } catch (error) {
    if (SuperpodInputError.is(error)) fail(scope, error.problem, error.value, error.fix);
    throw error;
  }
}
