/**
 * Types of the hardware and model catalogues. The data lives in `src/catalog/data/*.json`, is checked
 * against `src/catalog/schemas/*.schema.json` by ajv when loaded, and every number carries its source
 * and confidence. An unknown number is `value: null` with confidence `unknown`: the user must supply it.
 */

export type Confidence = 'vendor-claimed' | 'reported' | 'measured' | 'estimated';

/** A catalogue number with provenance. `source` is an id in `sources.json`. */
export interface Sourced<T = number> {
  readonly value: T | null;
  readonly source: string;
  readonly confidence: Confidence | 'unknown';
  /** Why this value, derivations, conflicts between sources. */
  readonly note?: string;
}

/**
 * A default for an input the catalogue does not hold (an efficiency, a plant's water use), with its provenance in
 * words: the user may override it, and reports carry the confidence.
 */
export interface SourcedDefault {
  readonly value: number;
  readonly confidence: Confidence;
  readonly source: string;
}

/** Numeric formats the performance model and the catalogues know. */
export type Precision = 'fp32' | 'bf16' | 'fp16' | 'fp8' | 'int8' | 'mxfp8' | 'mxfp4' | 'nvfp4' | 'int4';

/** Storage bits per element including block scales (OCP MX v1.0, NVIDIA NVFP4). */
export const BITS_PER_ELEMENT: Readonly<Record<Precision, number>> = {
  fp32: 32,
  bf16: 16,
  fp16: 16,
  fp8: 8,
  int8: 8,
  mxfp8: 8.25,
  mxfp4: 4.25,
  nvfp4: 4.5,
  int4: 4,
};

export type AcceleratorVendor = 'huawei' | 'nvidia';

/** Calibration family used by the performance model's efficiency curves. */
export type AcceleratorFamily = 'ascend-910' | 'ascend-950' | 'hopper' | 'blackwell';

export type ScaleUpFabricKind = 'unified-bus' | 'hccs' | 'nvlink' | 'pcie';

export interface AcceleratorSpec {
  /** Catalogue id, e.g. `atlas-350`, `ascend-950dt`, `h100-sxm`. */
  readonly id: string;
  readonly name: string;
  readonly vendor: AcceleratorVendor;
  readonly family: AcceleratorFamily;
  /** `chip`, `card` (add-in card) or `package` (several dies). */
  readonly formFactor: 'chip' | 'card' | 'package';
  /** Dense (no structured sparsity) TFLOPS per precision; absent means not supported. */
  readonly denseTflops: Readonly<Partial<Record<Precision, Sourced>>>;
  /** Precisions the matrix units execute natively; anything else is an error in the perf model. */
  readonly supportedPrecisions: readonly Precision[];
  readonly hbm: {
    /**
     * HBM capacity in GiB (2^30 bytes), the one unit of every catalogue HBM figure: vendors market binary sizes
     * as "GB" (the CANN ini of the Atlas 350 has exactly 112 GiB). The perf model, DRA `memory` and node labels all read it.
     */
    readonly capacityGiB: Sourced;
    readonly bandwidthTBps: Sourced;
    /** Smallest unit of a random HBM read, bytes: each embedding lookup is rounded up to it. */
    readonly accessGranularityB?: Sourced;
    readonly type?: string;
  };
  readonly scaleUp: {
    readonly fabric: ScaleUpFabricKind;
    readonly bandwidthGBps: Sourced;
    /** Whether `bandwidthGBps` counts both directions together or one direction. */
    readonly direction: 'bidirectional' | 'per-direction';
  };
  readonly tdpW: Sourced;
  /** Kubernetes conventions for this accelerator (Ascend MindCluster or NVIDIA device plugin). */
  readonly kubernetes: {
    /** Extended resource, `huawei.com/npu` for the 950 generation, `huawei.com/Ascend910`, `nvidia.com/gpu`. */
    readonly resourceName: string;
    /** `accelerator` node label value, e.g. `huawei-npu`. */
    readonly acceleratorLabel: string;
    /** `node.kubernetes.io/npu.chip.name` value, e.g. `Ascend950PR`; absent for NVIDIA. */
    readonly chipName?: string;
    /** AI cores per chip, used in the `servertype` label (`npu-<cores>`). */
    readonly aiCores?: Sourced;
  };
}

/** A catalogue number a fabric needs: never unknown. */
export type KnownSourced = Sourced & { readonly value: number; readonly confidence: Confidence };

/** One link class of a fabric: per-NPU bandwidth one direction (GB/s) and one-way latency (µs). */
export interface FabricLinkSpec {
  readonly bandwidthPerNpuGBps: KnownSourced;
  readonly latencyUs: KnownSourced;
}

export interface FabricLevelSpec extends FabricLinkSpec {
  readonly name: 'X' | 'Y' | 'Z';
  readonly scope: 'node' | 'rack' | 'superpod';
  /** Largest number of NPUs one domain of this level holds. */
  readonly maxNpus: KnownSourced;
}

/** A SuperPoD fabric (`atlas-950-ub`): its levels innermost first and the links between SuperPoDs. */
export interface FabricSpec {
  readonly id: string;
  readonly name: string;
  readonly kind: 'unified-bus';
  /** Upper bounds, sharing of bandwidth between levels: what the figures mean together. */
  readonly note?: string;
  readonly levels: readonly FabricLevelSpec[];
  /** Defaults of a link between SuperPoDs, by kind. */
  readonly uplinks: { readonly uboe: FabricLinkSpec; readonly roce: FabricLinkSpec };
  /** The uplink a SuperPoD of this fabric has unless told otherwise. */
  readonly defaultUplink: 'uboe' | 'roce';
}

export type CoolingMethod = 'liquid' | 'air';

export interface NodeTypeSpec {
  /** Catalogue id, e.g. `atlas-350-server`, `atlas-350-4p-server-16`, `ascend-950dt-node`, `dgx-h100`. */
  readonly id: string;
  readonly name: string;
  readonly vendor: AcceleratorVendor;
  readonly acceleratorId: string;
  readonly acceleratorCount: { readonly min: number; readonly max: number; readonly default: number };
  /** Rack units the chassis occupies. */
  readonly heightU: Sourced;
  /** Power drawn by everything but the accelerators (CPUs, memory, NICs, fans, PSU loss) at full load. */
  readonly hostPowerW: Sourced;
  /** Whole node at the wall with its accelerators idle (MLPerf pre-run power): the base of the node power model. */
  readonly idlePowerW: Sourced;
  readonly weightKg: Sourced;
  readonly cooling: CoolingMethod;
  /** Share of the node's heat taken by liquid when liquid-cooled (0..1). */
  readonly liquidFraction: Sourced;
  /** How accelerators inside the node are connected. */
  readonly intraNodeTopology: 'full-mesh' | '1d-mesh' | 'nvswitch' | 'pcie';
  /**
   * Accelerators joined card to card by UnifiedBus inside the node, on UB nodes only: 1 = no card-to-card link
   * (`350-Atlas-8`, chip1-node8), 4 = 4-card groups on a UB mezzanine board (`350-Atlas-4p-8`, chip4-node8),
   * 8 = the 950DT node's full mesh. MindCluster scheduling docs (volcano.md: chip1-node8 / chip4-node8).
   */
  readonly ubGroupSize?: Sourced;
  readonly kubernetes: {
    /** `accelerator-type` label value, e.g. `950-SuperPod-Atlas-8`, `350-Atlas-8`. */
    readonly acceleratorType: string;
    /** Volcano `huawei.com/schedule_policy` for jobs on this node type. */
    readonly schedulePolicy?: string;
  };
}

export type AttentionKind = 'mha' | 'gqa' | 'mla';

export interface ModelArchitecture {
  readonly layers: number;
  readonly hiddenSize: number;
  readonly attention: AttentionKind;
  readonly heads: number;
  readonly kvHeads: number;
  readonly headDim: number;
  /** Dense FFN width (dense models and the dense layers of MoE models). */
  readonly intermediateSize: number;
  readonly vocabSize: number;
  readonly tieWordEmbeddings: boolean;
  /** Multi-head latent attention (DeepSeek). */
  readonly mla?: {
    readonly qLoraRank: number | null;
    readonly kvLoraRank: number;
    readonly qkNopeHeadDim: number;
    readonly qkRopeHeadDim: number;
    readonly vHeadDim: number;
  };
  /** Sliding-window attention: `window` tokens on the layers `pattern` marks (`alternate` = every other layer). */
  readonly slidingWindow?: { readonly window: number; readonly pattern: 'all' | 'alternate' };
  readonly moe?: {
    readonly routedExperts: number;
    readonly activeExperts: number;
    readonly sharedExperts: number;
    readonly expertIntermediateSize: number;
    /** Leading layers that stay dense (DeepSeek-V3: 3). */
    readonly firstDenseLayers: number;
  };
}

export interface ModelSpec {
  /** Catalogue id, e.g. `llama-3.1-70b`, `deepseek-v3`. */
  readonly id: string;
  readonly name: string;
  /** Hugging Face repository the config comes from. */
  readonly huggingFaceRepo?: string;
  readonly architecture: ModelArchitecture;
  readonly parameters: { readonly totalB: Sourced; readonly activeB: Sourced };
  /** Precision the published weights ship in. */
  readonly nativeWeightsPrecision: Precision;
  /** Source id of the architecture fields. */
  readonly source: string;
  readonly confidence: Confidence;
}

export interface SourceEntry {
  readonly title: string;
  readonly location: string;
  readonly kind: string;
  readonly reliability: string;
}
