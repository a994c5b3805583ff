import { INVENTORY_PART, type WorkloadPart } from '../src/inventory/parts.ts';
import type { Duration, Memory } from '../src/units/index.ts';
import { SuperpodConstruct } from './element.ts';

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

/** What every workload takes besides its own props: what to run, and where its Kubernetes objects go. */
export interface WorkloadProps {
  /** What to run. */
  readonly container: WorkloadContainerProps;
  /** Kubernetes namespace; created by the platform stack unless it is `default`. @default 'default' */
  readonly namespace?: string;
  /** Volcano queue of the workload's pods. @default 'default' */
  readonly queue?: string;
  /** Name of the Kubernetes objects (at most 40 characters). @default - the construct id */
  readonly name?: string;
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

/** What an inference service and a training job share: the checked description the Inventory and the synthesisers read. */
export abstract class Workload extends SuperpodConstruct {
  /** @internal */
  abstract readonly info: WorkloadPart['workload'];

  /** @internal */
  [INVENTORY_PART](): WorkloadPart {
    return { kind: 'workload', workload: this.info, ...(this.source ? { source: this.source } : {}) };
  }
}
