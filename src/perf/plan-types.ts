import type { AcceleratorSpec, ModelSpec, NodeTypeSpec } from '../catalog/types.ts';
import type { FabricInfo } from '../inventory/types.ts';
import type { Power } from '../units/index.ts';
import type { PredictionConfidence } from './confidence.ts';
import type { PriceInput } from './cost.ts';
import type { Deployment, Parallelism } from './deployment.ts';
import type { KvTransfer } from './disagg.ts';
import type { Fabric } from './fabric.ts';
import type { PrecisionChoice } from './precision.ts';
import type { Slo, Traffic } from './serving.ts';
import type { Interval } from './uncertainty.ts';

/** What the capacity planner takes and returns (planner.ts searches, plan-pools.ts sizes and reports). */

/** One kind of hardware the planner may use, with what it costs. */
export interface PlanHardware {
  readonly accelerator: AcceleratorSpec;
  /** Server the accelerators sit in: cards per node and host power. Default 8 cards, host power unknown. */
  readonly nodeType?: NodeTypeSpec;
  /** Required when the catalogue has no TDP for the accelerator. */
  readonly tdp?: Power;
  readonly price: PriceInput;
  readonly fabric?: Fabric | FabricInfo;
  /** Nodes per rack; default: the fabric's 64-NPU rack level (Atlas 950: 8 nodes), else 4 (air-cooled 8-GPU servers). */
  readonly nodesPerRack?: number;
  /** Roles this hardware may take; default all. */
  readonly roles?: readonly ('aggregated' | 'prefill' | 'decode')[];
}

export interface PlanInput {
  readonly model: ModelSpec;
  readonly traffic: Traffic;
  readonly slo: Slo;
  readonly hardware: readonly PlanHardware[];
  /** Formats to try; default the model's native format (as defaultPrecisionChoice makes it) where supported. */
  readonly precisions?: readonly PrecisionChoice[];
  readonly modes?: readonly ('aggregated' | 'disaggregated')[];
  /** Largest instance (tp x pp x dp) to consider; default 64. */
  readonly maxDevicesPerInstance?: number;
  /**
   * Size on the pessimistic end of the prediction intervals: each candidate must meet the SLOs with its TTFT and
   * TPOT at their p90 (uncertainty.ts), and power is taken at its p90.
   */
  readonly conservative?: boolean;
}

export interface PoolPlan {
  readonly role: 'aggregated' | 'prefill' | 'decode';
  readonly accelerator: string;
  readonly nodeType: string | null;
  readonly precision: Required<PrecisionChoice>;
  readonly parallelism: Parallelism;
  readonly devicesPerInstance: number;
  readonly instances: number;
  readonly cards: number;
  readonly nodes: number;
  readonly racks: number;
  /** Highest rate one instance sustains within the SLO, requests/s. */
  readonly ratePerInstance: number;
  /** Decode batch per instance at the planned load (0 for prefill pools). */
  readonly batch: number;
  /** Nodes at the wall at the planned load (node-power.ts), or accelerators plus host power where idle is unknown, W. */
  readonly powerW: number;
  readonly powerInterval: Interval;
  /** `idle+load`: measured node idle plus the cards' rise; `host+accelerators`: datasheet host figure; `accelerators`: node power unknown. */
  readonly powerBasis: 'idle+load' | 'host+accelerators' | 'accelerators';
  readonly costPerHour: number;
  readonly confidence: PredictionConfidence;
}

export interface CapacityPlan {
  readonly mode: 'aggregated' | 'disaggregated';
  readonly pools: readonly PoolPlan[];
  readonly cards: number;
  readonly nodes: number;
  readonly racks: number;
  readonly powerW: number;
  readonly costPerHour: number;
  readonly costPerMillionOutputTokens: number;
  /** Wall energy per million output tokens at the planned load, kWh (before PUE). */
  readonly energyPerMillionOutputTokensKWh: number;
  /** At the planned load. */
  readonly ttftS: number;
  readonly tpotS: number;
  /**
   * p10-p90 ranges: latency and power from the validation residuals of each pool's family; cost and energy per
   * million tokens also carry the throughput residuals (a slower real instance needs more of them).
   */
  readonly intervals: {
    readonly ttftS: Interval;
    readonly tpotS: Interval;
    readonly powerW: Interval;
    readonly costPerMillionOutputTokens: Interval;
    readonly energyPerMillionOutputTokensKWh: Interval;
  };
  /** Whether pools were sized on the pessimistic end of the intervals. */
  readonly conservative: boolean;
  /** Prefill instances per decode instance (disaggregated). */
  readonly prefillToDecodeRatio: number | null;
  readonly kvTransfer: KvTransfer | null;
  /** Complete plans (aggregated candidates and prefill x decode pairs) compared. */
  readonly configurationsEvaluated: number;
  /** Parallelism candidates whose rate was evaluated. */
  readonly candidatesEvaluated: number;
  /** The next cheapest plans, for comparison. */
  readonly alternatives: readonly PlanSummary[];
  readonly notes: readonly string[];
}

export interface PlanSummary {
  readonly mode: 'aggregated' | 'disaggregated';
  readonly description: string;
  readonly cards: number;
  readonly costPerHour: number;
}

/** One evaluated instance configuration in one role, with the rate it sustains within the SLOs. */
export interface Candidate {
  readonly hardware: PlanHardware;
  readonly d: Deployment;
  readonly role: PoolPlan['role'];
  readonly rate: number;
  readonly batch: number;
  readonly powerPerCardW: number;
  readonly perCardHour: number;
}
