import type { CoolingMethod, Precision } from '../catalog/types.ts';
import type { SourceLocation } from '../source-location.ts';

/**
 * The Inventory: the one model every engine reads. Plain, frozen, validated data made from the construct
 * tree (or, later, a spec file). SI numbers inside (W, bytes, bytes/s, kg, °C), ids and construct paths
 * kept for messages and SARIF. Engines never import `constructs` or `cdktf`.
 */
export interface Inventory {
  readonly schemaVersion: 1;
  /** Name of the stack the inventory was made from. */
  readonly stack: string;
  readonly kubernetes: KubernetesSettings;
  readonly superClusters: readonly SuperClusterInfo[];
  readonly superPods: readonly SuperPodInfo[];
  readonly racks: readonly RackInfo[];
  readonly nodes: readonly NodeInfo[];
  readonly nodePools: readonly NodePoolInfo[];
  readonly workloads: readonly WorkloadInfo[];
  readonly suppressions: readonly SuppressionInfo[];
}

/** What every inventory element carries to be found again: id, construct path, where it was created. */
export interface Located {
  /** Unique within the inventory; the construct path below the stack (`pod-a/rack-01/dt-0`). */
  readonly id: string;
  /** Full construct path including the stack (`pd-slice/pod-a/rack-01/dt-0`). */
  readonly path: string;
  /** File and line of the user's code that created the construct, relative to the working directory. */
  readonly source?: SourceLocation;
}

export interface KubernetesSettings {
  /** `volcano` adds `-volcanoType=true` to the device plugin and emits Volcano objects. */
  readonly scheduler: 'volcano' | 'default';
  /** Namespace of the device plugin (MindCluster: `kube-system`). */
  readonly devicePluginNamespace: string;
  /** Device plugin image, e.g. `swr.cn-south-1.myhuaweicloud.com/ascendhub/ascend-k8sdeviceplugin:v26.1.0`. */
  readonly devicePluginImage: string;
  /** The Ascend NPU plugin's name in the Volcano scheduler ConfigMap; absent = `volcano-npu_<MindCluster version>`. */
  readonly volcanoNpuPlugin?: string;
  /**
   * Who publishes the ResourceSlices of the DRA pools: the Ascend DRA `driver`, or `superpod` with its topology
   * attributes (docs/dra.md); absent = `superpod`.
   */
  readonly resourceSlices?: 'driver' | 'superpod';
}

export interface SuperClusterInfo extends Located {
  readonly name: string;
  /** Link between SuperPoDs: UB over Ethernet or RoCE. */
  readonly interPodLink: FabricLinkInfo;
}

export interface SuperPodInfo extends Located, SuperPodFacilityInfo {
  readonly name: string;
  /** Integer SuperPoD id used by the `huawei.com/topotree.superpodid` label. */
  readonly index: number;
  readonly superClusterId?: string;
  readonly fabric: FabricInfo;
}

/** The facility figures of a SuperPoD, each unset when the user gave none (the checks that need it say so). */
export interface SuperPodFacilityInfo {
  /** Facility power budget for the pod, W, when set. */
  readonly facilityPowerBudgetW?: number;
  /** Annual power usage effectiveness, for energy and facility totals. */
  readonly pue?: number;
  /** Design-day (peak) PUE, for the facility power budget checks. */
  readonly designPue?: number;
  /** Power of the in-rack switches (UB LRS) and other non-node equipment of each rack, W. */
  readonly switchPowerPerRackW?: number;
  /** Power of the pod's interconnect cabinets, optics included, W. */
  readonly interconnectPowerW?: number;
  /** Plants that reject the hall's liquid-loop and air heat outside, for its water use (src/water); absent: unknown. */
  readonly heatRejection?: HeatRejectionInfo;
}

/**
 * Where a cooling loop's heat leaves the site: an evaporative (wet) cooling tower, a dry cooler (closed loop, no
 * water), an adiabatic cooler (a dry cooler that wets its inlet air in hot hours), or a measured site figure. Unset
 * parameters take src/water's sourced defaults.
 */
export type HeatRejectionPlant =
  | { readonly kind: 'evaporative-tower'; readonly evaporativeShare?: number; readonly cycles?: number }
  | { readonly kind: 'dry-cooler' }
  | { readonly kind: 'adiabatic'; readonly wetHoursShare?: number; readonly evaporativeShareWhenWet?: number }
  /** A measured or contracted site figure, litres per kWh of heat. */
  | { readonly kind: 'measured'; readonly litresPerKWh: number };

/** One cooling loop's plant, and the chillers between loop and plant when there are any (COP; absent: free cooling). */
export interface CoolingLoopInfo {
  readonly plant: HeatRejectionPlant;
  readonly chillerCop?: number;
}

/** The plants of a hall's two heat paths: the direct-liquid loop and the air (room air or rear-door coils). */
export interface HeatRejectionInfo {
  readonly liquid?: CoolingLoopInfo;
  readonly air?: CoolingLoopInfo;
}

export type FabricLevelName = 'X' | 'Y' | 'Z';

export interface FabricInfo {
  readonly name: string;
  readonly kind: 'unified-bus';
  /** X = node mesh, Y = rack, Z = SuperPoD, innermost first. */
  readonly levels: readonly FabricLevelInfo[];
  /** Link out of the SuperPoD (UBoE or RoCE), when any. */
  readonly uplink?: FabricLinkInfo;
}

export interface FabricLevelInfo extends FabricLinkInfo {
  readonly name: FabricLevelName;
  readonly scope: 'node' | 'rack' | 'superpod';
  /** Largest number of NPUs one domain of this level holds (X 8, Y 64, Z 8,192 on Atlas 950). */
  readonly maxNpus: number;
}

export interface FabricLinkInfo {
  readonly kind: 'unified-bus' | 'uboe' | 'roce' | 'pcie';
  /** Bandwidth per NPU, one direction, bytes/s. */
  readonly bandwidthPerNpuBps: number;
  /** One-way latency, seconds. */
  readonly latencyS: number;
  readonly source: string;
  readonly confidence: string;
}

export interface RackInfo extends Located {
  readonly name: string;
  readonly superPodId: string;
  /** Integer rack id within the SuperPoD (`huawei.com/topotree.rackid`). */
  readonly index: number;
  readonly heightU: number;
  readonly reservedU: number;
  readonly weightLimitKg: number;
  readonly power: RackPowerInfo;
  readonly cooling: RackCoolingInfo;
}

export interface RackPowerInfo {
  readonly kind: 'feed' | 'busbar';
  readonly voltageV: number;
  readonly currentA: number;
  /** |V| x A, W. */
  readonly ratedW: number;
  /** Share of the rating that may be used (0..1, default 0.8). */
  readonly maxUtilisation: number;
  /** ratedW x maxUtilisation, W: the limit the rack's IT load is held against. */
  readonly usableW: number;
  /** `a-b`: two feeds, each must carry the rack alone; `n+1`: shelves with one spare; `none`. */
  readonly redundancy: 'none' | 'a-b' | 'n+1';
  /** N+1 shelves; `efficiency` (output / input) turns their output into the input current `currentA`. */
  readonly shelves?: { readonly count: number; readonly ratingW: number; readonly efficiency: number };
}

export interface RackCoolingInfo {
  readonly method: CoolingMethod;
  /** Heat the liquid loop can remove, W (0 for air-only racks). */
  readonly liquidCapacityW: number;
  /** Heat the air path can remove, W. */
  readonly airCapacityW: number;
  /** ASHRAE liquid class (`W17`..`W45`, `W+`) of the facility water, when liquid-cooled. */
  readonly coolantClass?: string;
  /** ASHRAE air class (`A1`..`A4`) of the inlet air. */
  readonly airClass?: string;
  /** The air path is a rear-door heat exchanger, not room air. */
  readonly rearDoorHeatExchanger?: boolean;
  /** CDU this rack hangs on, when shared. */
  readonly cduId?: string;
  /** Heat the shared CDU can remove, W, when known (every rack on the CDU states the same value). */
  readonly cduCapacityW?: number;
}

/** What a node is for; `general` nodes take any workload. */
export const NODE_ROLES = ['prefill', 'decode', 'training', 'spare', 'general'] as const;
export type NodeRole = (typeof NODE_ROLES)[number];

export interface NodeInfo extends Located {
  /** Kubernetes node name (DNS-1123 subdomain). */
  readonly name: string;
  readonly superPodId: string;
  readonly rackId: string;
  /** Node pool name; one device-plugin DaemonSet per pool. */
  readonly pool: string;
  readonly role: NodeRole;
  readonly nodeTypeId: string;
  readonly acceleratorId: string;
  readonly acceleratorCount: number;
  /** Server index within the SuperPoD (`huawei.com/topotree.serverid`), unique in the pod. */
  readonly serverIndex: number;
  /** Lowest rack unit the chassis occupies (1-based, counted from the bottom). */
  readonly uPosition: number;
  readonly heightU: number;
  /** Accelerator TDP, W; null when unpublished and not supplied. */
  readonly acceleratorTdpW: number | null;
  /** Non-accelerator power at full load, W; null when unknown and not supplied. */
  readonly hostPowerW: number | null;
  readonly weightKg: number | null;
  readonly cooling: CoolingMethod;
  readonly liquidFraction: number;
  /** Extra labels the user set; the synthesiser adds the Ascend ones. */
  readonly labels: Readonly<Record<string, string>>;
}

export interface NodePoolInfo {
  readonly name: string;
  readonly nodeTypeId: string;
  readonly acceleratorId: string;
  readonly role: NodeRole;
  /** Classic extended resources through the device plugin, or DRA ResourceSlices. */
  readonly deviceAllocation: 'device-plugin' | 'dra';
  readonly nodeIds: readonly string[];
}

export type WorkloadInfo = InferenceServiceInfo | RecommendationServiceInfo | TrainingJobInfo;

export interface ParallelismInfo {
  readonly tp: number;
  readonly pp: number;
  readonly ep: number;
  readonly dp: number;
}

export interface ServingPoolInfo {
  /** Node pool the instances run on. */
  readonly pool: string;
  readonly replicas: number;
  readonly parallelism: ParallelismInfo;
  /** Largest concurrent sequences per instance the operator allows. */
  readonly maxBatch?: number;
}

export interface InferenceServiceInfo extends Located {
  readonly kind: 'inference-service';
  readonly name: string;
  readonly namespace: string;
  readonly modelId: string;
  readonly precision: { readonly weights: Precision; readonly activations: Precision; readonly kvCache: Precision };
  /** Absent for an aggregated (non-disaggregated) service: then `decode` serves both phases. */
  readonly prefill?: ServingPoolInfo;
  readonly decode: ServingPoolInfo;
  readonly slo: { readonly ttftS: number; readonly tpotS: number };
  readonly traffic: { readonly requestsPerSecond: number; readonly inputTokens: number; readonly outputTokens: number };
  /** Volcano queue of the serving pods. @default 'default' */
  readonly queue?: string;
  /** What the Kubernetes synthesiser deploys; absent for inventories that are only checked or simulated. */
  readonly container?: WorkloadContainerInfo;
}

/** How a recommendation model's embedding tables sit on the accelerators of one replica. */
export type RecommendationSharding = 'auto' | 'replicated' | 'table-wise' | 'row-wise' | 'column-wise';

export interface RecommendationServiceInfo extends Located {
  readonly kind: 'recommendation-service';
  readonly name: string;
  readonly namespace: string;
  /** Id in the recommendation-model catalogue (`dlrm-v2`). */
  readonly modelId: string;
  /** Node pool the replicas run on. */
  readonly pool: string;
  /** Independent copies of the model, each holding every table. */
  readonly replicas: number;
  /** Accelerators one replica spreads its tables over. */
  readonly devicesPerReplica: number;
  readonly sharding: RecommendationSharding;
  /** Storage format of the embedding rows and compute format of the MLPs; absent: the perf model's defaults. */
  readonly precision: { readonly embeddings?: Precision; readonly dense?: Precision };
  /** Rows that do not fit HBM may be served from host memory (slower, but no memory finding). */
  readonly hostOffload: boolean;
  readonly traffic: { readonly queriesPerSecond: number; readonly samplesPerQuery: number };
  readonly slo: { readonly p99S: number };
  /** Volcano queue of the serving pods. @default 'default' */
  readonly queue?: string;
  /** What the Kubernetes synthesiser deploys; absent for inventories that are only checked or simulated. */
  readonly container?: WorkloadContainerInfo;
}

/** The container a workload runs, as the Kubernetes synthesiser needs it. */
export interface WorkloadContainerInfo {
  readonly image: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** CPU cores each pod requests (and is limited to); default 8 per accelerator. */
  readonly cpuPerPod?: number;
  /** Host memory each pod requests (and is limited to), bytes; default 64 GiB per accelerator. */
  readonly memoryPerPodBytes?: number;
  /** Shared memory (`/dev/shm`) for collective-communication buffers, bytes; default 8 GiB per accelerator. */
  readonly sharedMemoryBytes?: number;
  /** Serving port (inference services). */
  readonly port?: number;
  /** HTTP path the probes call (inference services). */
  readonly healthPath?: string;
  /** Longest model load the startup probe waits for, s (inference services). */
  readonly startupTimeoutS?: number;
}

export interface TrainingJobInfo extends Located {
  readonly kind: 'training-job';
  readonly name: string;
  readonly namespace: string;
  readonly pool: string;
  readonly modelId?: string;
  /** Worker pods. */
  readonly replicas: number;
  readonly npusPerPod: number;
  readonly parallelism?: ParallelismInfo;
  /** Volcano `ra-block`: NPUs per logical rack. */
  readonly raBlock?: number;
  /** Volcano `sp-block`: NPUs per logical SuperPoD. */
  readonly spBlock?: number;
  readonly queue: string;
  /** What the Kubernetes synthesiser deploys; absent for inventories that are only checked or simulated. */
  readonly container?: WorkloadContainerInfo;
}

export interface SuppressionInfo {
  /** Rule id, e.g. `POWER-002`. */
  readonly ruleId: string;
  /** Inventory id of the element the suppression applies to, and everything below it. */
  readonly target: string;
  /** Why; at least 10 characters. */
  readonly reason: string;
  readonly source?: SourceLocation;
}
