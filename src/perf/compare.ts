import { SuperpodInputError } from '../errors.ts';
import { type CapacityPlan, type PlanHardware, type PlanInput, type PoolPlan, planCapacity } from './planner.ts';
import type { PrecisionChoice } from './precision.ts';
import type { Interval } from './uncertainty.ts';

/** One hardware option planned for the same model, traffic and SLOs. */
export interface HardwareOption {
  /** e.g. `atlas-350 prefill + ascend-950dt decode`, `h200-sxm`. */
  readonly label: string;
  readonly hardware: readonly PlanHardware[];
}

export interface ComparisonRow {
  readonly label: string;
  /** Null when no configuration of this hardware meets the SLOs (see `reason`). */
  readonly plan: ComparedPlan | null;
  readonly reason?: string;
}

/** The figures a buyer compares, each with its p10-p90 range. */
export interface ComparedPlan {
  readonly mode: CapacityPlan['mode'];
  readonly pools: string;
  /** Each pool's size: what the accelerators needed are made of. */
  readonly poolSizes: readonly PoolSize[];
  readonly cards: number;
  readonly nodes: number;
  readonly powerW: number;
  readonly costPerMillionOutputTokens: number;
  readonly energyPerMillionOutputTokensKWh: number;
  readonly intervals: CapacityPlan['intervals'];
  /** `nodes`: wall power of whole nodes; `accelerators only` where a pool's node power is unknown. */
  readonly powerCovers: 'nodes' | 'accelerators only';
  /** Weakest calibration among the pools: `extrapolated` for any Ascend 950 pool. */
  readonly calibration: 'measured' | 'estimated' | 'extrapolated';
}

export interface PoolSize {
  readonly role: PoolPlan['role'];
  readonly accelerator: string;
  readonly nodeType: string | null;
  readonly instances: number;
  readonly devicesPerInstance: number;
  readonly cards: number;
  readonly nodes: number;
}

const CALIBRATION_ORDER = ['measured', 'estimated', 'extrapolated'] as const;

/**
 * The cheapest plan of each hardware option for one model, traffic and SLO set: cost and wall energy per million
 * output tokens with their intervals, so options can be ranked knowing how far each figure can be trusted.
 */
export function compareHardware(
  base: Omit<PlanInput, 'hardware'>,
  options: readonly HardwareOption[],
  alsoPrecisions: readonly PrecisionChoice[] = [],
): ComparisonRow[] {
  // Each option may use the plan's formats or the extra ones, whichever its accelerators run.
  const precisions = [...(base.precisions ?? []), ...alsoPrecisions];
  return options.map((option) => {
    let plan: CapacityPlan;
    try {
      plan = planCapacity({ ...base, ...(precisions.length > 0 ? { precisions } : {}), hardware: option.hardware });
    } catch (error) {
      if (SuperpodInputError.is(error)) return { label: option.label, plan: null, reason: error.problem };
      throw error;
    }
    const calibration = plan.pools
      .map((p) => p.confidence.calibration)
      .reduce((w, c) => (CALIBRATION_ORDER.indexOf(c) > CALIBRATION_ORDER.indexOf(w) ? c : w), 'measured');
    return {
      label: option.label,
      plan: {
        mode: plan.mode,
        pools: plan.pools.map((p) => `${p.role} ${p.instances} x ${p.devicesPerInstance} ${p.accelerator}`).join(' + '),
        poolSizes: plan.pools.map((p) => ({
          role: p.role,
          accelerator: p.accelerator,
          nodeType: p.nodeType,
          instances: p.instances,
          devicesPerInstance: p.devicesPerInstance,
          cards: p.cards,
          nodes: p.nodes,
        })),
        cards: plan.cards,
        nodes: plan.nodes,
        powerW: plan.powerW,
        costPerMillionOutputTokens: plan.costPerMillionOutputTokens,
        energyPerMillionOutputTokensKWh: plan.energyPerMillionOutputTokensKWh,
        intervals: plan.intervals,
        powerCovers: plan.pools.every((p) => p.powerBasis !== 'accelerators') ? 'nodes' : 'accelerators only',
        calibration,
      },
    };
  });
}

/** `atlas-350 prefill + ascend-950dt decode` from the roles each accelerator may take. */
export function hardwareLabel(hardware: readonly PlanHardware[]): string {
  const prefillFirst = (h: PlanHardware) => (h.roles?.length === 1 && h.roles[0] === 'prefill' ? 0 : 1);
  return [...hardware]
    .sort((a, b) => prefillFirst(a) - prefillFirst(b))
    .map((h) => {
      const r = h.roles ?? [];
      const role = r.length === 1 ? ` ${r[0]}` : r.includes('prefill') ? '' : ' decode';
      return `${h.accelerator.id}${role}`;
    })
    .join(' + ');
}

/** `value (p10-p90 low-high)` for tables. */
export function withRange(value: number, i: Interval, digits = 2): string {
  return `${value.toFixed(digits)} (${i.p10.toFixed(digits)}-${i.p90.toFixed(digits)})`;
}
