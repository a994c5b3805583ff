import { HeatRejection } from '../../constructs/heat-rejection.ts';
import { SuperpodInputError } from '../errors.ts';
import type { HeatRejectionInfo } from '../inventory/types.ts';
import type { Path, SpecBuilder } from './builder.ts';
import type { CoolingLoopSpec, SuperPodSpec } from './types.ts';

/** The parameters each plant takes; any other is an input error, never silently ignored. */
const PARAMETERS: Record<CoolingLoopSpec['plant'], readonly (keyof CoolingLoopSpec)[]> = {
  'evaporative-tower': ['cycles', 'evaporativeShare', 'chillerCop'],
  'dry-cooler': ['chillerCop'],
  adiabatic: ['wetHoursShare', 'evaporativeShareWhenWet', 'chillerCop'],
  measured: ['litresPerKWh', 'chillerCop'],
};

/** A spec SuperPoD's `heatRejection` as the SuperPod construct's prop, each plant located at its entry. */
export function heatRejectionProps(
  b: SpecBuilder,
  spec: SuperPodSpec['heatRejection'],
  path: Path,
): { heatRejection?: { liquid?: HeatRejection; air?: HeatRejection } } {
  if (!spec) return {};
  const loop = (key: 'liquid' | 'air') => {
    const s = spec[key];
    return s ? { [key]: b.at([...path, 'heatRejection', key], undefined, () => plant(s)) } : {};
  };
  return { heatRejection: { ...loop('liquid'), ...loop('air') } };
}

function plant(s: CoolingLoopSpec): HeatRejection {
  const allowed = PARAMETERS[s.plant];
  const stray = (Object.keys(s) as (keyof CoolingLoopSpec)[]).find((k) => k !== 'plant' && !allowed.includes(k));
  if (stray) {
    throw new SuperpodInputError({
      where: `plant ${s.plant}`,
      problem: `does not take ${stray}`,
      value: s[stray],
      fix: `drop ${stray}, or give the plant it belongs to (${s.plant} takes ${allowed.join(', ')})`,
    });
  }
  // Only the plant's own parameters are left (checked above), each present only when the spec gives it.
  const { plant: kind, ...parameters } = s;
  switch (kind) {
    case 'evaporative-tower':
      return HeatRejection.evaporativeTower(parameters);
    case 'dry-cooler':
      return HeatRejection.dryCooler(parameters);
    case 'adiabatic':
      return HeatRejection.adiabatic(parameters);
    case 'measured':
      if (parameters.litresPerKWh === undefined) {
        throw new SuperpodInputError({
          where: 'plant measured',
          problem: 'needs litresPerKWh',
          fix: "give the site's measured litres per kWh of heat rejected, e.g. litresPerKWh: 1.8",
        });
      }
      return HeatRejection.measured({ ...parameters, litresPerKWh: parameters.litresPerKWh });
  }
}

/** The Inventory's plants as the spec writes them (the exporter's side). */
export function exportHeatRejection(info: HeatRejectionInfo | undefined): {
  heatRejection?: NonNullable<SuperPodSpec['heatRejection']>;
} {
  if (!info) return {};
  const loop = (key: 'liquid' | 'air') => {
    const l = info[key];
    if (!l) return {};
    const { kind, ...rest } = l.plant;
    return { [key]: { plant: kind, ...rest, ...(l.chillerCop === undefined ? {} : { chillerCop: l.chillerCop }) } };
  };
  return { heatRejection: { ...loop('liquid'), ...loop('air') } };
}
