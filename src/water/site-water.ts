import { SuperpodInputError } from '../errors.ts';
import type { CoolingLoopInfo } from '../inventory/types.ts';
import { checkShare, plantLitresPerKWh } from './plants.ts';

/** One cooling loop: its plant and chillers (the Inventory's `CoolingLoopInfo`). */
export type CoolingLoop = CoolingLoopInfo;

export interface SiteWaterInput {
  /** IT power at load (accelerators and hosts), W: all of it becomes heat. */
  readonly itPowerW: number;
  /** Share of the IT heat taken by the liquid loop (direct liquid cooling), 0..1; the rest goes to air. */
  readonly liquidFraction: number;
  readonly liquid: CoolingLoop;
  readonly air: CoolingLoop;
  /** Mean load over the year as a share of `itPowerW` (default 1: always at load). */
  readonly averageLoad?: number;
  /** Water consumed off site to generate the electricity, litres per kWh at the meter (default none: site only). */
  readonly electricityLitresPerKWh?: number;
  /** Facility PUE, to turn IT energy into metered energy for the off-site water (default 1). */
  readonly pue?: number;
}

export interface LoopWater {
  readonly heatKW: number;
  /** Heat the plant rejects, chiller work included. */
  readonly rejectedKW: number;
  readonly litresPerKWhRejected: number;
  readonly litresPerHour: number;
}

export interface SiteWater {
  /** Site water-usage effectiveness (The Green Grid WUE): litres per kWh of IT energy. */
  readonly wueLitresPerKWh: number;
  /** At `itPowerW`. */
  readonly litresPerHour: number;
  /** Over 8,760 hours at the average load. */
  readonly litresPerYear: number;
  /** Off-site water of the electricity over the year, when its intensity was given. */
  readonly electricityLitresPerYear: number | null;
  readonly liquid: LoopWater;
  readonly air: LoopWater;
}

const HOURS_PER_YEAR = 8760;

/** Site water of a load: each loop's heat through its plant, litres per hour at load and per year. */
export function siteWater(input: SiteWaterInput): SiteWater {
  nonNegative('itPowerW', input.itPowerW);
  checkShare(input.liquidFraction, 'liquidFraction');
  const averageLoad = input.averageLoad ?? 1;
  checkShare(averageLoad, 'averageLoad');
  const itKW = input.itPowerW / 1e3;
  const liquid = loopWater(itKW * input.liquidFraction, input.liquid, 'liquid');
  const air = loopWater(itKW * (1 - input.liquidFraction), input.air, 'air');
  const litresPerHour = liquid.litresPerHour + air.litresPerHour;
  let electricityLitresPerYear: number | null = null;
  if (input.electricityLitresPerKWh !== undefined) {
    nonNegative('electricityLitresPerKWh', input.electricityLitresPerKWh);
    const pue = input.pue ?? 1;
    if (!Number.isFinite(pue) || pue < 1) {
      throw new SuperpodInputError({
        where: 'pue',
        problem: 'must be a number of at least 1',
        value: pue,
        fix: 'give the facility PUE, e.g. 1.2',
      });
    }
    electricityLitresPerYear = itKW * pue * averageLoad * HOURS_PER_YEAR * input.electricityLitresPerKWh;
  }
  return {
    wueLitresPerKWh: itKW > 0 ? litresPerHour / itKW : 0,
    litresPerHour,
    litresPerYear: litresPerHour * averageLoad * HOURS_PER_YEAR,
    electricityLitresPerYear,
    liquid,
    air,
  };
}

/** Litres per million units of work (tokens, recommendations) served at `unitsPerSecond` by a load of `litresPerHour`. */
export function litresPerMillion(litresPerHour: number, unitsPerSecond: number): number {
  nonNegative('litresPerHour', litresPerHour);
  if (!Number.isFinite(unitsPerSecond) || unitsPerSecond <= 0) {
    throw new SuperpodInputError({
      where: 'unitsPerSecond',
      problem: 'must be a positive rate',
      value: unitsPerSecond,
      fix: 'give the tokens or recommendations per second the load serves',
    });
  }
  return (litresPerHour / (unitsPerSecond * 3600)) * 1e6;
}

function loopWater(heatKW: number, loop: CoolingLoop, where: string): LoopWater {
  let rejectedKW = heatKW;
  if (loop.chillerCop !== undefined) {
    if (!Number.isFinite(loop.chillerCop) || loop.chillerCop <= 0) {
      throw new SuperpodInputError({
        where: `${where}.chillerCop`,
        problem: 'must be a positive coefficient of performance',
        value: loop.chillerCop,
        fix: 'give the chillers’ COP (heat moved per unit of electrical work), typically 4 to 7, or omit it for free cooling',
      });
    }
    rejectedKW = heatKW * (1 + 1 / loop.chillerCop);
  }
  const litresPerKWhRejected = plantLitresPerKWh(loop.plant, `${where}.plant`);
  return { heatKW, rejectedKW, litresPerKWhRejected, litresPerHour: rejectedKW * litresPerKWhRejected };
}

function nonNegative(where: string, v: number): void {
  if (!Number.isFinite(v) || v < 0) {
    throw new SuperpodInputError({
      where,
      problem: 'must be a number of at least 0',
      value: v,
      fix: `give ${where} as a plain number`,
    });
  }
}
