/** The cluster spec as parsed (after schema validation). Quantities are strings with units; see quantities.ts. */
export interface ClusterSpec {
  readonly $schema?: string;
  readonly apiVersion: 'superpod.dev/v1alpha1';
  readonly kind: 'ClusterSpec';
  readonly metadata: { readonly name: string };
  readonly kubernetes?: {
    readonly scheduler?: 'volcano' | 'default';
    readonly devicePluginNamespace?: string;
    readonly devicePluginImage?: string;
  };
  readonly superCluster?: {
    readonly name: string;
    readonly labelName?: string;
    readonly source?: string;
    readonly interPodLink: {
      readonly kind: 'uboe' | 'roce';
      readonly bandwidthPerNpu: string;
      readonly latency?: string;
    };
  };
  readonly superPods: readonly SuperPodSpec[];
  readonly workloads?: readonly WorkloadSpec[];
}

export type WorkloadSpec = InferenceServiceSpec | TrainingJobSpec;

export interface ParallelismSpec {
  readonly tp?: number;
  readonly pp?: number;
  readonly ep?: number;
  readonly dp?: number;
}

export interface ServingPoolSpec {
  readonly pool: string;
  readonly replicas: number;
  readonly parallelism: ParallelismSpec;
  readonly maxBatch?: number;
}

export interface ContainerSpec {
  readonly image: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly cpu?: number;
  readonly memory?: string;
  readonly sharedMemory?: string;
  readonly port?: number;
  readonly healthPath?: string;
  readonly startupTimeout?: string;
}

export interface InferenceServiceSpec {
  readonly kind: 'InferenceService';
  readonly name: string;
  readonly labelName?: string;
  readonly source?: string;
  readonly model: string;
  readonly precision?: { readonly weights?: string; readonly activations?: string; readonly kvCache?: string };
  readonly prefill?: ServingPoolSpec;
  readonly decode: ServingPoolSpec;
  readonly slo: { readonly timeToFirstToken: string; readonly timePerOutputToken: string };
  readonly traffic: { readonly requestsPerSecond: number; readonly inputTokens: number; readonly outputTokens: number };
  readonly namespace?: string;
  readonly queue?: string;
  readonly container: ContainerSpec;
  readonly suppressions?: readonly SuppressionSpec[];
}

export interface TrainingJobSpec {
  readonly kind: 'TrainingJob';
  readonly name: string;
  readonly labelName?: string;
  readonly source?: string;
  readonly pool: string;
  readonly replicas: number;
  readonly npusPerPod?: number;
  readonly model?: string;
  readonly parallelism?: ParallelismSpec;
  readonly raBlock?: number;
  readonly spBlock?: number;
  readonly namespace?: string;
  readonly queue?: string;
  readonly container: ContainerSpec;
  readonly suppressions?: readonly SuppressionSpec[];
}

export interface SuppressionSpec {
  readonly rule: string;
  readonly reason: string;
}

export interface FabricLevelSpec {
  readonly maxNpus: number;
  readonly bandwidthPerNpu: string;
  readonly latency: string;
  readonly source?: string;
  readonly confidence?: 'vendor-claimed' | 'reported' | 'measured' | 'estimated';
}

export interface SuperPodSpec {
  readonly name: string;
  readonly count?: number;
  readonly labelName?: string;
  readonly index?: number;
  readonly source?: string;
  readonly fabric?:
    | 'atlas950'
    | {
        readonly name: string;
        readonly x: FabricLevelSpec;
        readonly y: FabricLevelSpec;
        readonly z: FabricLevelSpec;
        readonly uplink?: Omit<FabricLevelSpec, 'maxNpus'> & { readonly kind: 'uboe' | 'roce' };
      };
  readonly pue?: number;
  readonly facilityPowerBudget?: string;
  readonly suppressions?: readonly SuppressionSpec[];
  readonly racks: readonly RackSpec[];
}

export interface SupplySpec {
  readonly voltage: string;
  readonly current: string;
  readonly maxUtilisation?: number;
  readonly redundancy?: 'none' | 'a-b';
}

export interface RackSpec {
  readonly name: string;
  readonly count?: number;
  readonly labelName?: string;
  readonly index?: number;
  readonly source?: string;
  readonly height?: number;
  readonly reserved?: number;
  readonly weightLimit?: string;
  readonly power: {
    readonly busbar?: SupplySpec;
    readonly feed?: SupplySpec;
    readonly shelvesNPlusOne?: {
      readonly count: number;
      readonly rating: string;
      readonly voltage?: string;
      readonly maxUtilisation?: number;
    };
  };
  readonly cooling: {
    readonly directLiquid?: {
      readonly liquidCapacity: string;
      readonly airCapacity: string;
      readonly coolantClass?: 'W17' | 'W27' | 'W32' | 'W40' | 'W45' | 'W+';
      readonly airClass?: 'A1' | 'A2' | 'A3' | 'A4' | 'H1';
      readonly cdu?: string;
      readonly cduCapacity?: string;
    };
    readonly air?: { readonly capacity: string; readonly airClass?: 'A1' | 'A2' | 'A3' | 'A4' | 'H1' };
  };
  readonly suppressions?: readonly SuppressionSpec[];
  readonly nodes?: readonly NodeSpec[];
}

export interface NodeSpec {
  readonly name: string;
  readonly count?: number;
  readonly source?: string;
  readonly type: string;
  readonly acceleratorCount?: number;
  readonly role?: 'prefill' | 'decode' | 'training' | 'spare' | 'general';
  readonly pool?: string;
  readonly nodeName?: string;
  readonly acceleratorPower?: string;
  readonly hostPower?: string;
  readonly weight?: string;
  readonly height?: number;
  readonly position?: number;
  readonly liquidFraction?: number;
  readonly labels?: Readonly<Record<string, string>>;
  readonly deviceAllocation?: 'device-plugin' | 'dra';
  readonly suppressions?: readonly SuppressionSpec[];
}
