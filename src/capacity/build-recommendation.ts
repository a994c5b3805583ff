import type { CapacityData } from '../report/index.ts';
import { round } from './round.ts';
import type { RecommendationServiceCapacity, RecommendationVerdict, WaterCapacity } from './types.ts';

/** The recommendation services as capacity.json holds them (from the report's figures, nothing recomputed). */
export function recommendationCapacity(data: CapacityData): RecommendationServiceCapacity[] {
  return data.recommendations.map((r) => {
    const s = r.service;
    const p = r.prediction?.replica ?? null;
    const m = p?.memory;
    const fits = m ? m.totalGB <= m.capacityGBPerDevice && (m.offloadedGB === 0 || s.hostOffload) : false;
    const verdict: RecommendationVerdict =
      p === null
        ? 'not-predicted'
        : !fits
          ? 'does-not-fit'
          : !p.server.feasible
            ? 'infeasible'
            : p.server.meetsSlo
              ? 'meets'
              : 'misses';
    return {
      id: s.id,
      model: s.modelId,
      pool: s.pool,
      accelerator: p?.accelerator ?? null,
      replicas: s.replicas,
      devicesPerReplica: s.devicesPerReplica,
      npus: s.replicas * s.devicesPerReplica,
      sharding: p?.sharding ?? null,
      traffic: { ...s.traffic },
      p99SloMs: round(s.slo.p99S * 1e3),
      verdict,
      p99Ms: p?.server.feasible ? round(p.server.p99Ms) : null,
      maxQueriesPerSecond: r.prediction ? round(r.prediction.maxQueriesPerSecond) : null,
      recommendationsPerSecond: round(s.traffic.queriesPerSecond * s.traffic.samplesPerQuery),
      memoryGB: m ? round(m.totalGB) : null,
      memoryCapacityGB: m ? round(m.capacityGBPerDevice) : null,
      hostOffloadGB: m ? round(m.offloadedGB) : null,
      tables: (m?.byTable ?? []).map((t) => ({
        table: t.table,
        busiestDeviceGB: round(t.busiestDeviceGB),
        hbmGB: round(t.hbmGB),
        hostGB: round(t.hostGB),
      })),
      timeBreakdown: (p?.timeBreakdown ?? []).map((t) => ({ stage: t.stage, ms: round(t.ms), share: round(t.share) })),
      error: r.error,
    };
  });
}

/** The water figures of the report, rounded. */
export function waterCapacity(data: CapacityData): WaterCapacity {
  const w = data.water;
  const f = w.figures;
  const orNull = (x: number | null | undefined) => (x === null || x === undefined ? null : round(x));
  return {
    wueLitresPerKWh: orNull(f.wueLitresPerKWh),
    litresPerHour: round(f.litresPerHour),
    litresPerYear: round(f.litresPerYear),
    budgetLitresPerHour: w.budgetLitresPerHour,
    budgetLitresPerYear: w.budgetLitresPerYear,
    superPods: f.pods.map((p) => ({
      id: p.pod.id,
      liquidPlant: p.pod.heatRejection?.liquid?.plant.kind ?? null,
      airPlant: p.pod.heatRejection?.air?.plant.kind ?? null,
      wueLitresPerKWh: orNull(p.water?.wueLitresPerKWh),
      litresPerHour: orNull(p.water?.litresPerHour),
      litresPerYear: orNull(p.water?.litresPerYear),
    })),
    services: w.workloads.map((x) => ({
      id: x.id,
      unit: x.unit,
      litresPerHour: orNull(x.litresPerHour),
      litresPerMillion: orNull(x.litresPerMillion),
    })),
  };
}
