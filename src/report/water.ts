import type { Inventory } from '../inventory/types.ts';
import { litresPerMillion, type WaterFigures, waterFigures, workloadLitresPerHour } from '../water/index.ts';
import type { SiteFigures } from './facility.ts';
import { poolNpusByPod, type RecommendationFigures } from './recommendation.ts';
import type { ServiceFigures } from './services.ts';

/** The water a workload is charged: its NPUs' share of their halls' water, per hour and per million units served. */
export interface WorkloadWater {
  readonly id: string;
  readonly anchor: string;
  readonly unit: 'output tokens' | 'recommendations';
  /** Units served per second at the workload's target traffic; null when the load cannot be served. */
  readonly unitsPerSecond: number | null;
  readonly litresPerHour: number | null;
  readonly litresPerMillion: number | null;
}

export interface WaterReport {
  readonly figures: WaterFigures;
  /** The COOL-007 budgets of the policy config, when set. */
  readonly budgetLitresPerHour: number | null;
  readonly budgetLitresPerYear: number | null;
  readonly workloads: readonly WorkloadWater[];
}

/** The halls' water (src/water over the report's facility figures) and each service's share of it. */
export function waterReport(
  inventory: Inventory,
  site: SiteFigures,
  services: readonly ServiceFigures[],
  recommendations: readonly RecommendationFigures[],
  params: Readonly<Record<string, unknown>>,
): WaterReport {
  const figures = waterFigures(site.pods);
  const charge = (
    id: string,
    anchor: string,
    unit: WorkloadWater['unit'],
    npusByPod: ReadonlyMap<string, number>,
    unitsPerSecond: number | null,
  ): WorkloadWater => {
    const lph = workloadLitresPerHour(figures, npusByPod);
    return {
      id,
      anchor,
      unit,
      unitsPerSecond,
      litresPerHour: lph,
      litresPerMillion: lph === null || !unitsPerSecond ? null : litresPerMillion(lph, unitsPerSecond),
    };
  };
  const workloads = [
    ...services.map((s) => {
      const byPod = new Map<string, number>();
      for (const pool of s.prediction?.pools ?? [])
        for (const [pod, n] of poolNpusByPod(inventory, pool.pool, pool.cards))
          byPod.set(pod, (byPod.get(pod) ?? 0) + n);
      const p = s.prediction;
      const tokens = p?.feasible && p.outputTokensPerSecond > 0 ? p.outputTokensPerSecond : null;
      return charge(s.service.id, s.anchor, 'output tokens', byPod, tokens);
    }),
    ...recommendations.map((r) => {
      const served = r.prediction?.replica.server.feasible ? r.prediction.recommendationsPerSecond : null;
      return charge(r.service.id, r.anchor, 'recommendations', r.npusByPod, served);
    }),
  ];
  const budget = (key: string) => (typeof params[key] === 'number' ? (params[key] as number) : null);
  return {
    figures,
    budgetLitresPerHour: budget('cooling.siteWaterBudgetLitresPerHour'),
    budgetLitresPerYear: budget('cooling.siteWaterBudgetLitresPerYear'),
    workloads,
  };
}
