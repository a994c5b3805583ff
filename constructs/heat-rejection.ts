import { SuperpodInputError } from '../src/errors.ts';
import type { CoolingLoopInfo, HeatRejectionPlant } from '../src/inventory/types.ts';
import { callerLocation, formatLocation } from '../src/source-location.ts';
import { plantLitresPerKWh } from '../src/water/index.ts';

/** Chillers between a loop and its plant: their compressor work is heat the plant rejects too. */
export interface ChillerProps {
  /**
   * Coefficient of performance of the chillers (heat moved per unit of electrical work, typically 4 to 7).
   * @default - no chillers: free cooling, as warm-water direct-liquid loops run
   */
  readonly chillerCop?: number;
}

export interface EvaporativeTowerProps extends ChillerProps {
  /** Cycles of concentration of the tower water (blowdown = evaporation / (cycles - 1)). @default 4 (estimate) */
  readonly cycles?: number;
  /** Share of the heat rejected as latent heat. @default 0.85 (the cooling-tower evaporation rule) */
  readonly evaporativeShare?: number;
}

export interface AdiabaticProps extends ChillerProps {
  /** Share of the year's hours the cooler runs wet (above its switch-over temperature). @default 0.1 (estimate) */
  readonly wetHoursShare?: number;
  /** While wet, the share of the heat the spray water carries. @default 0.3 (estimate) */
  readonly evaporativeShareWhenWet?: number;
}

export interface MeasuredPlantProps extends ChillerProps {
  /** The plant's measured water use over a year divided by the heat it rejected, litres per kWh. */
  readonly litresPerKWh: number;
}

/**
 * The plant that rejects a cooling loop's heat outside, for the site's water use (WUE) and the COOL-007 water budget.
 * Built with the static factories; unset parameters take the sourced defaults of src/water.
 */
export class HeatRejection {
  /** A wet cooling tower: evaporates most of the heat away and blows down to keep the water chemistry. */
  static evaporativeTower(props: EvaporativeTowerProps = {}): HeatRejection {
    const { chillerCop, ...rest } = props;
    return HeatRejection.make('HeatRejection.evaporativeTower', { kind: 'evaporative-tower', ...rest }, chillerCop);
  }

  /** A dry cooler: a closed loop that consumes no water. */
  static dryCooler(props: ChillerProps = {}): HeatRejection {
    return HeatRejection.make('HeatRejection.dryCooler', { kind: 'dry-cooler' }, props.chillerCop);
  }

  /** An adiabatic cooler: a dry cooler that wets its inlet air in the hot hours. */
  static adiabatic(props: AdiabaticProps = {}): HeatRejection {
    const { chillerCop, ...rest } = props;
    return HeatRejection.make('HeatRejection.adiabatic', { kind: 'adiabatic', ...rest }, chillerCop);
  }

  /** A measured or contracted site figure in litres per kWh of heat rejected. */
  static measured(props: MeasuredPlantProps): HeatRejection {
    const { chillerCop, litresPerKWh } = props ?? ({} as MeasuredPlantProps);
    return HeatRejection.make('HeatRejection.measured', { kind: 'measured', litresPerKWh }, chillerCop);
  }

  private static make(factory: string, plant: HeatRejectionPlant, chillerCop: number | undefined): HeatRejection {
    const where = formatLocation(callerLocation()) ?? factory;
    if (
      chillerCop !== undefined &&
      (typeof chillerCop !== 'number' || !Number.isFinite(chillerCop) || chillerCop <= 0)
    ) {
      throw new SuperpodInputError({
        where: `${where}: chillerCop`,
        problem: 'must be a positive coefficient of performance',
        value: chillerCop,
        fix: 'give the chillers’ COP, typically 4 to 7, or leave it out for free cooling',
      });
    }
    // The water engine's own checks (shares in 0..1, cycles above 1, litres at least 0), located at the caller.
    plantLitresPerKWh(plant, where);
    return new HeatRejection({ plant, ...(chillerCop === undefined ? {} : { chillerCop }) });
  }

  private constructor(private readonly info: CoolingLoopInfo) {}

  /** @internal plain data for the Inventory */
  toInfo(): CoolingLoopInfo {
    return this.info;
  }
}
