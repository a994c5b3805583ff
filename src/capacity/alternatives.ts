import type { RangedFigure, ServiceAlternatives } from '../perf/index.ts';
import { round } from './round.ts';
import type { AlternativeCapacity, CapacityRange } from './types.ts';

/**
 * A service's hardware alternatives as capacity.json holds them: the plans the report gathered, unit-converted and
 * rounded. Null when the report left them out; empty when the service could not be planned (its model is unknown).
 */
export function alternativesCapacity(
  alternatives: readonly ServiceAlternatives[] | null,
  serviceId: string,
): AlternativeCapacity[] | null {
  const s = alternatives?.find((a) => a.serviceId === serviceId);
  if (!s) return null;
  return s.options.map((o) => {
    const p = o.plan;
    return {
      hardware: o.label,
      declared: o.declared,
      accelerators: [...o.accelerators],
      nodeTypes: [...o.nodeTypes],
      extrapolated: o.extrapolated,
      mode: p?.mode ?? null,
      pools: (p?.poolSizes ?? []).map((pool) => ({
        role: pool.role,
        accelerator: pool.accelerator,
        nodeType: pool.nodeType,
        instances: pool.instances,
        devicesPerInstance: pool.devicesPerInstance,
        npus: pool.cards,
        nodes: pool.nodes,
      })),
      npus: p?.cards ?? null,
      nodes: p?.nodes ?? null,
      wallPowerKw: p
        ? range({ value: p.powerW / 1000, ...scaled(p.intervals.powerW, 1 / 1000), basis: p.intervals.powerW.basis })
        : null,
      powerCovers: p?.powerCovers ?? null,
      calibration: p?.calibration ?? null,
      cardHoursPerMillionOutputTokens: range(o.cardHoursPerMillionOutputTokens),
      costPerMillionOutputTokens: range(o.costPerMillionOutputTokens),
      costNote: o.costNote,
      energyPerMillionOutputTokensKWh: range(o.energyPerMillionOutputTokensKWh),
      outputTokensPerJoule: range(o.outputTokensPerJoule),
      reason: o.reason,
    };
  });
}

function scaled(i: { p10: number; p90: number }, f: number): { p10: number; p90: number } {
  return { p10: i.p10 * f, p90: i.p90 * f };
}

function range(f: RangedFigure | null): CapacityRange | null {
  return f === null ? null : { value: round(f.value), p10: round(f.p10), p90: round(f.p90), basis: f.basis };
}
