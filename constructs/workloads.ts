import type { Construct } from 'constructs';
import { getModel } from '../src/catalog/index.ts';
import { BITS_PER_ELEMENT, type Precision } from '../src/catalog/types.ts';
import { SuperpodInputError } from '../src/errors.ts';
import { INVENTORY_PART, type WorkloadPart } from '../src/inventory/parts.ts';
import type {
  InferenceServiceInfo,
  ParallelismInfo,
  ServingPoolInfo,
  TrainingJobInfo,
  WorkloadContainerInfo,
} from '../src/inventory/types.ts';
import { Duration, Memory } from '../src/units/index.ts';
import { SuperpodConstruct } from './element.ts';
import { fail, requireDnsLabel, requireUnit, requireWholeNumber, toDnsLabel } from './validation.ts';

/** Longest workload name: object names add `-prefill`/`-decode` and LeaderWorkerSet pods add `-<group>-<index>`. */
const MAX_NAME = 40;
const PRECISIONS = Object.keys(BITS_PER_ELEMENT) as Precision[];

/** Models of the catalogue, as an enum-like class; `Model.of(id)` for any catalogue id. */
export class Model {
  /** Llama 3.1 8B (dense, GQA). */
  static readonly LLAMA_3_1_8B = new Model('llama-3.1-8b');
  /** Llama 3.1 70B (dense, GQA). */
  static readonly LLAMA_3_1_70B = new Model('llama-3.1-70b');
  /** Llama 3.1 405B (dense, GQA). */
  static readonly LLAMA_3_1_405B = new Model('llama-3.1-405b');
  /** Qwen3 32B (dense, GQA). */
  static readonly QWEN3_32B = new Model('qwen3-32b');
  /** Qwen3 235B-A22B (MoE, 22B active). */
  static readonly QWEN3_235B_A22B = new Model('qwen3-235b-a22b');
  /** DeepSeek-V3 (MoE with MLA, 37B active). */
  static readonly DEEPSEEK_V3 = new Model('deepseek-v3');
  /** Mixtral 8x7B (MoE, 8 experts). */
  static readonly MIXTRAL_8X7B = new Model('mixtral-8x7b');
  /** gpt-oss-120b (MoE, sliding-window attention). */
  static readonly GPT_OSS_120B = new Model('gpt-oss-120b');
  /** Any model of the catalogue by id (`superpod catalog list models`); checked when a workload uses it. */
  static of(id: string): Model {
    return new Model(id);
  }
  private constructor(readonly id: string) {}
  /** The catalogue id. */
  toString(): string {
    return this.id;
  }
}

/** Parallelism of one model instance. Accelerators per instance = tp x pp x dp; ep re-splits the experts over them. */
export interface ParallelismProps {
  /** Tensor parallelism. @default 1 */
  readonly tp?: number;
  /** Pipeline stages. @default 1 */
  readonly pp?: number;
  /** Expert parallelism (mixture-of-experts models); must divide tp x dp. @default 1 */
  readonly ep?: number;
  /** Data-parallel attention replicas inside one instance. @default 1 */
  readonly dp?: number;
}

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

/** The container a workload runs. */
export interface WorkloadContainerProps {
  /** Container image, e.g. a MindIE or vLLM-Ascend serving image, pinned by tag or digest. */
  readonly image: string;
  /** Entrypoint. @default - the image's */
  readonly command?: readonly string[];
  /** Arguments. @default - none */
  readonly args?: readonly string[];
  /** Extra environment variables; the synthesiser adds the model id, role and parallelism. @default - none */
  readonly env?: Readonly<Record<string, string>>;
  /** CPU cores per pod, requested and limited (Guaranteed QoS). @default - 8 per accelerator */
  readonly cpu?: number;
  /** Host memory per pod, requested and limited. @default - 64 GiB per accelerator */
  readonly memory?: Memory;
  /** Size of `/dev/shm` (collective-communication buffers). @default - 8 GiB per accelerator */
  readonly sharedMemory?: Memory;
  /** Serving port (inference only). @default 8000 */
  readonly port?: number;
  /** HTTP path the readiness, liveness and startup probes call (inference only). @default '/health' */
  readonly healthPath?: string;
  /** Longest time loading the weights may take before the startup probe gives up (inference only). @default 30 minutes */
  readonly startupTimeout?: Duration;
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
export interface InferenceServiceProps {
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
  /** What to run. */
  readonly container: WorkloadContainerProps;
  /** Kubernetes namespace; created by the platform stack unless it is `default`. @default 'default' */
  readonly namespace?: string;
  /** Volcano queue of the serving pods. @default 'default' */
  readonly queue?: string;
  /** Name of the Kubernetes objects (at most 40 characters). @default - the construct id */
  readonly name?: string;
}

/**
 * A model served on the cluster, optionally disaggregated into a prefill and a decode phase on different node pools
 * (950PR prefill, 950DT decode). Synthesised to a Deployment per phase, or a LeaderWorkerSet when one instance spans
 * nodes; the perf model and the SLO policies read its SLOs and traffic.
 */
export class InferenceService extends SuperpodConstruct {
  /** @internal */
  readonly info: Omit<InferenceServiceInfo, 'id' | 'path' | 'source'>;

  constructor(scope: Construct, id: string, props: InferenceServiceProps) {
    super(scope, id);
    if (!props || typeof props !== 'object')
      fail(this, 'props are required', props, 'pass { model, decode, slo, traffic, container }');
    const model = requireModel(this, props.model);
    const name = workloadName(this, props.name ?? toDnsLabel(id));
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

  /** @internal */
  [INVENTORY_PART](): WorkloadPart {
    return { kind: 'workload', workload: this.info, ...(this.source ? { source: this.source } : {}) };
  }
}

export interface TrainingJobProps {
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
  /** Volcano queue. @default 'default' */
  readonly queue?: string;
  /** What to run. */
  readonly container: WorkloadContainerProps;
  /** Kubernetes namespace; created by the platform stack unless it is `default`. @default 'default' */
  readonly namespace?: string;
  /** Name of the Volcano Job (at most 40 characters). @default - the construct id */
  readonly name?: string;
}

/** A gang-scheduled training job, synthesised to a Volcano Job with the Ascend `ra-block`/`sp-block` annotations. */
export class TrainingJob extends SuperpodConstruct {
  /** @internal */
  readonly info: Omit<TrainingJobInfo, 'id' | 'path' | 'source'>;

  constructor(scope: Construct, id: string, props: TrainingJobProps) {
    super(scope, id);
    if (!props || typeof props !== 'object')
      fail(this, 'props are required', props, 'pass { pool, replicas, container }');
    const name = workloadName(this, props.name ?? toDnsLabel(id));
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

  /** @internal */
  [INVENTORY_PART](): WorkloadPart {
    return { kind: 'workload', workload: this.info, ...(this.source ? { source: this.source } : {}) };
  }
}

function requireModel(scope: Construct, model: unknown) {
  if (!(model instanceof Model))
    fail(scope, 'model must be a Model', model, 'pass for example model: Model.DEEPSEEK_V3 or Model.of("qwen3-32b")');
  try {
    return getModel(model.id);
  } catch (error) {
    if (SuperpodInputError.is(error)) fail(scope, error.problem, error.value, error.fix);
    throw error;
  }
}

function workloadName(scope: Construct, raw: string): string {
  const name = requireDnsLabel(scope, 'name', raw);
  if (name.length > MAX_NAME)
    fail(
      scope,
      `name must be at most ${MAX_NAME} characters: object and pod names are built from it`,
      name,
      `pass a shorter name such as "${name.slice(0, MAX_NAME).replace(/-+$/, '')}"`,
    );
  return name;
}

function requirePrecision(scope: Construct, prop: string, value: unknown): Precision {
  if (typeof value !== 'string' || !PRECISIONS.includes(value as Precision))
    fail(scope, `${prop} is not a known precision`, value, `use one of ${PRECISIONS.join(', ')}`);
  return value as Precision;
}

function parallelism(scope: Construct, prop: string, value: ParallelismProps | undefined): ParallelismInfo {
  if (!value || typeof value !== 'object') fail(scope, `${prop} is required`, value, `pass ${prop}: { tp: 8 }`);
  const dim = (key: keyof ParallelismProps) => requireWholeNumber(scope, `${prop}.${key}`, value[key] ?? 1, 1, 65_536);
  const out = { tp: dim('tp'), pp: dim('pp'), ep: dim('ep'), dp: dim('dp') };
  if ((out.tp * out.dp) % out.ep !== 0)
    fail(
      scope,
      `${prop}.ep must divide tp x dp (${out.tp * out.dp}): experts are spread over the ranks of a stage`,
      out.ep,
      `use one of ${divisorsOf(out.tp * out.dp, 1).join(', ')}`,
    );
  return out;
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

function containerInfo(
  scope: Construct,
  value: WorkloadContainerProps | undefined,
  serving: boolean,
): WorkloadContainerInfo {
  if (
    !value ||
    typeof value !== 'object' ||
    typeof value.image !== 'string' ||
    value.image.trim() === '' ||
    /\s/.test(value.image)
  )
    fail(
      scope,
      'container.image is required',
      value?.image,
      "pass container: { image: 'registry.example.com/serving/mindie:2.1.0' }",
    );
  const strings = (prop: string, list: readonly string[] | undefined) => {
    if (list === undefined) return undefined;
    if (!Array.isArray(list) || list.some((x) => typeof x !== 'string'))
      fail(scope, `container.${prop} must be a list of strings`, list, `pass ${prop}: ['--flag', 'value']`);
    return [...list];
  };
  const env = value.env ?? {};
  for (const [key, v] of Object.entries(env)) {
    if (!/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(key) || typeof v !== 'string')
      fail(
        scope,
        `container.env "${key}" is not a valid environment variable`,
        v,
        'use names of letters, digits, "_", "-" or "." with string values',
      );
  }
  const memory = (prop: string, m: Memory | undefined) =>
    m === undefined ? undefined : requireUnit(scope, `container.${prop}`, m, Memory, 'Memory.gibibytes(512)').toBytes();
  const command = strings('command', value.command);
  const args = strings('args', value.args);
  const cpu = value.cpu === undefined ? undefined : requireWholeNumber(scope, 'container.cpu', value.cpu, 1, 4096);
  const memoryPerPodBytes = memory('memory', value.memory);
  const sharedMemoryBytes = memory('sharedMemory', value.sharedMemory);
  const info: WorkloadContainerInfo = {
    image: value.image,
    ...(command ? { command } : {}),
    ...(args ? { args } : {}),
    ...(Object.keys(env).length > 0 ? { env: { ...env } } : {}),
    ...(cpu === undefined ? {} : { cpuPerPod: cpu }),
    ...(memoryPerPodBytes === undefined ? {} : { memoryPerPodBytes }),
    ...(sharedMemoryBytes === undefined ? {} : { sharedMemoryBytes }),
  };
  if (!serving) return info;
  const healthPath = value.healthPath ?? '/health';
  if (typeof healthPath !== 'string' || !healthPath.startsWith('/'))
    fail(scope, 'container.healthPath must be an absolute HTTP path', healthPath, "pass healthPath: '/health'");
  const startup =
    value.startupTimeout === undefined
      ? 1800
      : requireUnit(
          scope,
          'container.startupTimeout',
          value.startupTimeout,
          Duration,
          'Duration.minutes(30)',
        ).toSeconds();
  if (startup < 10)
    fail(
      scope,
      'container.startupTimeout must be at least 10 seconds',
      startup,
      'allow for the weights to load, e.g. Duration.minutes(30)',
    );
  return {
    ...info,
    port: requireWholeNumber(scope, 'container.port', value.port ?? 8000, 1, 65_535),
    healthPath,
    startupTimeoutS: startup,
  };
}

function divisorsOf(total: number, unit: number): number[] {
  const out: number[] = [];
  for (let d = unit; d <= total && out.length < 8; d += unit) if (total % d === 0) out.push(d);
  return out;
}
