/**
 * `reports/capacity.json`: the capacity figures of one stack as a stable, versioned artefact (schema in
 * `capacity.schema.json` beside this file). Power in kW, heat in kW, times in ms, memory in GB; a figure that rests
 * on an unknown input is null.
 */

/** Raised when a field changes meaning or disappears; new optional fields keep the version. */
export const CAPACITY_SCHEMA_VERSION = 1;
export const CAPACITY_KIND = 'CapacityReport';

/** What each list of the document holds: one entry per SuperPoD, rack, node, service and training job. */
interface CapacityElements {
  /** Each SuperPoD's figures, in inventory order. */
  readonly superPods: SuperPodCapacity;
  /** Each rack's figures and supply utilisation. */
  readonly racks: RackCapacity;
  /** Every node where it stands (what the rack elevations draw). */
  readonly nodes: NodeCapacity;
  /** Each inference service's pools, predictions and SLO verdict. */
  readonly services: ServiceCapacity;
  /** Each training job's pool and NPUs. */
  readonly trainingJobs: TrainingCapacity;
}

export type CapacityLists = { readonly [K in keyof CapacityElements]: readonly CapacityElements[K][] };

export interface CapacityDocument extends CapacityLists {
  readonly schemaVersion: typeof CAPACITY_SCHEMA_VERSION;
  readonly kind: typeof CAPACITY_KIND;
  readonly tool: { readonly name: 'superpod'; readonly version: string };
  readonly stack: string;
  /** The price basis of the services' costs; null: none was given (costs are null). Absent in older files. */
  readonly price?: CapacityPrice | null;
  /** The whole stack: sums over the racks. */
  readonly totals: CapacityTotals;
  /** The placement experiment per policy; null when it was left out. */
  readonly scheduling: SchedulingSummary | null;
  /** The policy summary and every finding with its fingerprint. */
  readonly findings: FindingsSummary;
  /** Each recommendation service's layout, memory, load against the SLO and water. Absent in older files. */
  readonly recommendationServices?: readonly RecommendationServiceCapacity[];
  /** The halls' water (WUE, litres per hour at load and per year) and each service's share. Absent in older files. */
  readonly water?: WaterCapacity;
}

/** `meets`: p99 within the SLO; `misses`; `infeasible`: the load cannot be served; `does-not-fit`: tables overflow. */
export type RecommendationVerdict = 'meets' | 'misses' | 'infeasible' | 'does-not-fit' | 'not-predicted';

export interface RecommendationServiceCapacity {
  readonly id: string;
  readonly model: string;
  readonly pool: string;
  readonly accelerator: string | null;
  readonly replicas: number;
  readonly devicesPerReplica: number;
  readonly npus: number;
  readonly sharding: string | null;
  readonly traffic: { readonly queriesPerSecond: number; readonly samplesPerQuery: number };
  readonly p99SloMs: number;
  readonly verdict: RecommendationVerdict;
  /** Predicted p99 per query at the target traffic; null when it cannot be served or nothing was predicted. */
  readonly p99Ms: number | null;
  /** Highest query rate the replicas carry within the SLO. */
  readonly maxQueriesPerSecond: number | null;
  readonly recommendationsPerSecond: number;
  /** The busiest device of a replica against its HBM, and rows in host memory (all devices of a replica). */
  readonly memoryGB: number | null;
  readonly memoryCapacityGB: number | null;
  readonly hostOffloadGB: number | null;
  /** Each table group on a replica: GB on its busiest device, in HBM over all devices, in host memory. */
  readonly tables: readonly {
    readonly table: string;
    readonly busiestDeviceGB: number;
    readonly hbmGB: number;
    readonly hostGB: number;
  }[];
  /** Where one batch's time goes at the target traffic. */
  readonly timeBreakdown: readonly { readonly stage: string; readonly ms: number; readonly share: number }[];
  readonly error: string | null;
}

export interface WaterCapacity {
  /** Litres per kWh of IT energy over the halls whose plants are known; null when none is. */
  readonly wueLitresPerKWh: number | null;
  readonly litresPerHour: number;
  readonly litresPerYear: number;
  readonly budgetLitresPerHour: number | null;
  readonly budgetLitresPerYear: number | null;
  readonly superPods: readonly {
    readonly id: string;
    readonly liquidPlant: string | null;
    readonly airPlant: string | null;
    readonly wueLitresPerKWh: number | null;
    readonly litresPerHour: number | null;
    readonly litresPerYear: number | null;
  }[];
  readonly services: readonly {
    readonly id: string;
    readonly unit: 'output tokens' | 'recommendations';
    readonly litresPerHour: number | null;
    readonly litresPerMillion: number | null;
  }[];
}

/** What a cost per million tokens rests on (currency: whatever the price was given in). */
export interface CapacityPrice {
  readonly basis: 'card-hour-price' | 'capex-plus-energy';
  /** All-in price of one accelerator-hour; null on the capex basis (its card-hour cost varies with power). */
  readonly cardHourPrice: number | null;
}

/** Figures shared by the site, each SuperPoD and each rack. */
export interface FacilityFigures {
  readonly nodes: number;
  readonly npus: number;
  /** NPUs per accelerator catalogue id (`ascend-950dt`: 256). */
  readonly npusByAccelerator: Readonly<Record<string, number>>;
  readonly usedU: number;
  readonly usableU: number;
  /** Nameplate IT load (accelerators x TDP + host power) of the nodes whose power is known. */
  readonly itNameplateKw: number;
  /** Sum of the derated supply limits (|V| x A x max utilisation) the load is checked against. */
  readonly itDeratedLimitKw: number;
  readonly liquidHeatKw: number;
  readonly airHeatKw: number;
  readonly liquidCapacityKw: number;
  readonly airCapacityKw: number;
  readonly weightKg: number;
  /** Nodes whose power is unknown (their load is missing from the kW figures). */
  readonly unknownPowerNodes: number;
}

export interface CapacityTotals extends FacilityFigures {
  readonly superPods: number;
  readonly racks: number;
  /** IT load x PUE, summed over the SuperPoDs. */
  readonly facilityKw: number;
}

export interface SuperPodCapacity extends FacilityFigures {
  readonly id: string;
  readonly racks: number;
  /** Annual PUE, the basis of `facilityKw`. */
  readonly pue: number;
  readonly pueAssumed: boolean;
  /** Average facility load: IT load x annual PUE, kW (energy and cost). */
  readonly facilityKw: number;
  /** Peak facility draw as POWER-004 counts it, kW: what `facilityBudgetKw` is held against. */
  readonly peakFacilityKw: number;
  readonly facilityBudgetKw: number | null;
  /** Racks whose normal or failover load exceeds the derated limit. */
  readonly overloadedRacks: number;
}

export interface RackCapacity extends FacilityFigures {
  readonly id: string;
  readonly superPodId: string;
  /** Nameplate load over the derated limit with every supply up. */
  readonly utilisation: number | null;
  /** Load over the limit of the surviving supply with one failed; null without redundancy. */
  readonly failoverUtilisation: number | null;
  readonly redundancy: 'ok' | 'fails' | 'none' | 'unknown';
}

export interface NodeCapacity {
  readonly id: string;
  readonly rackId: string;
  readonly nodeType: string;
  readonly role: string;
  readonly pool: string;
  readonly accelerator: string;
  readonly npus: number;
  /** Lowest rack unit the node takes, and its height. */
  readonly uPosition: number;
  readonly heightU: number;
}

export interface ServicePoolCapacity {
  readonly role: 'prefill' | 'decode' | 'aggregated';
  readonly pool: string;
  readonly accelerator: string;
  readonly instances: number;
  readonly devicesPerInstance: number;
  readonly npus: number;
  /** Memory of the most loaded device against its capacity. */
  readonly memoryGB: number;
  readonly memoryCapacityGB: number;
  readonly memoryFits: boolean;
}

/** `meets`: TTFT and TPOT within the SLO; `misses`: one is over; `infeasible`: the load cannot be served. */
export type SloVerdict = 'meets' | 'misses' | 'infeasible' | 'not-predicted';

export interface ServiceCapacity {
  readonly id: string;
  readonly model: string;
  readonly precision: { readonly weights: string; readonly activations: string; readonly kvCache: string };
  readonly mode: 'aggregated' | 'disaggregated' | null;
  readonly pools: readonly ServicePoolCapacity[];
  readonly instances: number;
  readonly npus: number;
  readonly slo: { readonly ttftMs: number; readonly tpotMs: number };
  readonly traffic: { readonly requestsPerSecond: number; readonly inputTokens: number; readonly outputTokens: number };
  readonly verdict: SloVerdict;
  readonly meetsTtft: boolean | null;
  readonly meetsTpot: boolean | null;
  /** Mean TTFT and TPOT at the target traffic; null when the load cannot be served or nothing was predicted. */
  readonly ttftMs: number | null;
  readonly tpotMs: number | null;
  /** Highest request rate meeting both SLOs with the service's instances. */
  readonly goodputRequestsPerSecond: number | null;
  readonly outputTokensPerSecond: number | null;
  /** Accelerator power at the load. */
  readonly acceleratorPowerKw: number | null;
  readonly tokensPerJoule: number | null;
  /** Card-hours per million output tokens: the cost per million tokens at a price of 1 per card-hour. */
  readonly cardHoursPerMillionOutputTokens: number | null;
  /** Cost per million output tokens on the price basis the report was given; null without one. */
  readonly costPerMillionOutputTokens: number | null;
  /** Why there is no prediction. */
  readonly error: string | null;
  /**
   * The service planned on the hardware it declares and on each GPU alternative (H20, H200, B200); null when the
   * report left them out. Absent in older files.
   */
  readonly alternatives?: readonly AlternativeCapacity[] | null;
}

/** A figure with its p10-p90 range; `basis` `extrapolated` where no measurement backs the family (Ascend 950). */
export interface CapacityRange {
  readonly value: number;
  readonly p10: number;
  readonly p90: number;
  readonly basis: 'measured' | 'pooled' | 'extrapolated';
}

/** One hardware option the capacity planner sized for a service's model, traffic, SLOs and precision. */
export interface AlternativeCapacity {
  /** `atlas-350 prefill + ascend-950dt decode`, `h20`, `h200-sxm`, `b200`. */
  readonly hardware: string;
  /** The hardware the stack declares for the service. */
  readonly declared: boolean;
  readonly accelerators: readonly string[];
  readonly nodeTypes: readonly string[];
  /** Any Ascend 950 accelerator: every figure is an extrapolation. */
  readonly extrapolated: boolean;
  /** Null when no plan meets the SLOs (see `reason`); so are the figures below. */
  readonly mode: 'aggregated' | 'disaggregated' | null;
  readonly pools: readonly {
    readonly role: 'aggregated' | 'prefill' | 'decode';
    readonly accelerator: string;
    readonly nodeType: string | null;
    readonly instances: number;
    readonly devicesPerInstance: number;
    readonly npus: number;
    readonly nodes: number;
  }[];
  /** Accelerators needed. */
  readonly npus: number | null;
  readonly nodes: number | null;
  readonly wallPowerKw: CapacityRange | null;
  /** `nodes`: wall power of whole nodes; `accelerators only` where a node's power is unknown. */
  readonly powerCovers: 'nodes' | 'accelerators only' | null;
  readonly calibration: 'measured' | 'estimated' | 'extrapolated' | null;
  /** The cost at 1 per accelerator-hour. */
  readonly cardHoursPerMillionOutputTokens: CapacityRange | null;
  /** Null unless a price per accelerator-hour is given for every accelerator of the option (see `costNote`). */
  readonly costPerMillionOutputTokens: CapacityRange | null;
  readonly costNote: string | null;
  /** Wall energy before PUE. */
  readonly energyPerMillionOutputTokensKWh: CapacityRange | null;
  readonly outputTokensPerJoule: CapacityRange | null;
  /** Why there is no plan. */
  readonly reason: string | null;
}

export interface TrainingCapacity {
  readonly id: string;
  readonly pool: string;
  readonly npus: number;
}

export interface SchedulingSummary {
  readonly workload: 'stack' | 'synthetic';
  readonly seed: number;
  readonly untilDemandPercent: number;
  readonly skipped: string | null;
  readonly policies: readonly {
    readonly policy: string;
    /** Allocated share of the NPUs after the last arrival, 0..1. */
    readonly allocation: number;
    /** Fragmented share of the idle NPUs, 0..1. */
    readonly fragmentation: number;
    readonly arrivedPods: number;
    readonly failedPods: number;
  }[];
}

export interface CapacityFinding {
  /** Stable across runs and moved lines: rule id + construct path + subject. */
  readonly fingerprint: string;
  readonly ruleId: string;
  readonly level: 'error' | 'warning' | 'info';
  /** Inventory id of the element (`pod-a/rack-07`, `cdu:row-a`, '' for the stack). */
  readonly subject: string;
  /** Construct path (`pd-slice/pod-a/rack-07`). */
  readonly path: string;
  readonly message: string;
  /** Reason of the suppression that silenced it; null when it is open. */
  readonly suppressedBecause: string | null;
}

export interface FindingsSummary {
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  readonly suppressed: number;
  readonly notEvaluated: number;
  readonly checks: number;
  readonly items: readonly CapacityFinding[];
}
