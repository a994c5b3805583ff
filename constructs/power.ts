import { SuperpodInputError } from '../src/errors.ts';
import type { RackPowerInfo } from '../src/inventory/types.ts';
import { callerLocation, formatLocation } from '../src/source-location.ts';
import { Current, Power, Voltage } from '../src/units/index.ts';
import { requireMoreThanZero, requireProps, requireValue } from './validation.ts';

export interface BusbarProps {
  /** Busbar voltage; 800 VDC racks use `Voltage.volts(800)` (a ±400 V bipolar feed is 800 V pole to pole). */
  readonly voltage: Voltage;
  /** Continuous current rating of the busbar. */
  readonly current: Current;
  /**
   * Share of the rating the IT load may use.
   * @default 0.8
   */
  readonly maxUtilisation?: number;
  /**
   * Redundancy of the supply: `a-b` means two busbars, each able to carry the whole rack.
   * @default 'none'
   */
  readonly redundancy?: 'none' | 'a-b';
}

export interface ShelvesProps {
  /** Number of installed power shelves, spare included. */
  readonly count: number;
  /** Output rating of one shelf. */
  readonly rating: Power;
  /** Rack input voltage. @default Voltage 800 V */
  readonly voltage?: Voltage;
  /**
   * Share of the surviving shelves' rating the load may use.
   * @default 0.8
   */
  readonly maxUtilisation?: number;
  /**
   * Conversion efficiency of a shelf (output / input), which sets the input current it draws from the rack feed.
   * @default 0.97 - estimated: 800 V to 54/12 V shelves of high-efficiency rectifiers run at about 97% (domain audit P3)
   */
  readonly efficiency?: number;
}

/** Shelf conversion efficiency when none is given (estimated, see `ShelvesProps.efficiency`). */
export const DEFAULT_SHELF_EFFICIENCY = 0.97;

/** How a rack gets its power. Built with the static factories. */
export class RackPower {
  /** A DC busbar rated |V| x A (800 VDC or ±400 VDC). */
  static busbar(props: BusbarProps): RackPower {
    return RackPower.fromRating('busbar', props);
  }

  /** A DC feed (cable) from the facility, rated |V| x A. */
  static feed(props: BusbarProps): RackPower {
    return RackPower.fromRating('feed', props);
  }

  /** Power shelves with N+1 redundancy: the rack must run on `count - 1` shelves. */
  static shelvesNPlusOne(props: ShelvesProps): RackPower {
    const where = formatLocation(callerLocation()) ?? 'RackPower.shelvesNPlusOne';
    requireProps(where, props, '{ count: 6, rating: Power.kilowatts(33) }');
    const rating = requireMoreThanZero(
      where,
      'rating',
      requireValue(where, 'rating', props.rating, Power, 'Power.kilowatts(33)'),
      (power) => power.toWatts(),
      "give one shelf's rated output, e.g. Power.kilowatts(33)",
    );
    const voltage =
      props.voltage === undefined
        ? undefined
        : requireValue(where, 'voltage', props.voltage, Voltage, 'Voltage.volts(800)');
    if (!Number.isInteger(props.count) || props.count < 2 || props.count > 64) {
      throw new SuperpodInputError({
        where,
        problem: 'N+1 needs at least 2 power shelves (whole number, at most 64)',
        value: props.count,
        fix: 'set count to the installed shelves including the spare, e.g. 6',
      });
    }
    const volts = voltage?.toVolts() ?? 800;
    const survivingW = (props.count - 1) * rating.toWatts();
    const utilisation = checkUtilisation(props.maxUtilisation, where);
    const efficiency = checkEfficiency(props.efficiency, where);
    return new RackPower({
      kind: 'busbar',
      voltageV: volts,
      currentA: survivingW / efficiency / Math.abs(volts),
      ratedW: survivingW,
      maxUtilisation: utilisation,
      usableW: survivingW * utilisation,
      redundancy: 'n+1',
      shelves: { count: props.count, ratingW: rating.toWatts(), efficiency },
    });
  }

  private static fromRating(kind: 'feed' | 'busbar', props: BusbarProps): RackPower {
    const where = formatLocation(callerLocation()) ?? `RackPower.${kind}`;
    requireProps(where, props, '{ voltage: Voltage.volts(800), current: Current.amperes(190) }');
    const volts = requireValue(where, 'voltage', props.voltage, Voltage, 'Voltage.volts(800)').toVolts();
    const amperes = requireValue(where, 'current', props.current, Current, 'Current.amperes(190)').toAmperes();
    const redundancy = props.redundancy ?? 'none';
    if (redundancy !== 'none' && redundancy !== 'a-b') {
      throw new SuperpodInputError({
        where,
        problem: 'unknown redundancy',
        value: redundancy,
        fix: "use 'none' or 'a-b'",
      });
    }
    if (volts === 0 || amperes === 0) {
      throw new SuperpodInputError({
        where,
        problem: `a ${kind} needs a non-zero voltage and current`,
        value: `${volts} V x ${amperes} A`,
        fix: 'use for example Voltage.volts(800) and Current.amperes(190)',
      });
    }
    const utilisation = checkUtilisation(props.maxUtilisation, where);
    const ratedW = Math.abs(volts) * amperes;
    return new RackPower({
      kind,
      voltageV: volts,
      currentA: amperes,
      ratedW,
      maxUtilisation: utilisation,
      usableW: ratedW * utilisation,
      redundancy,
    });
  }

  private constructor(private readonly info: RackPowerInfo) {}

  /** Rated power |V| x A (surviving shelves for N+1). */
  get rated(): Power {
    return Power.watts(this.info.ratedW);
  }

  /** The limit the IT load is held against: rating x max utilisation. */
  get usable(): Power {
    return Power.watts(this.info.usableW);
  }

  /** @internal plain data for the Inventory */
  toInfo(): RackPowerInfo {
    return this.info;
  }
}

function checkEfficiency(value: number | undefined, where: string): number {
  const efficiency = value ?? DEFAULT_SHELF_EFFICIENCY;
  if (typeof efficiency !== 'number' || !Number.isFinite(efficiency) || efficiency < 0.5 || efficiency > 1) {
    throw new SuperpodInputError({
      where,
      problem: 'efficiency must be a fraction from 0.5 to 1',
      value: efficiency,
      fix: "use the shelf's datasheet efficiency, e.g. 0.97, or leave it out",
    });
  }
  return efficiency;
}

function checkUtilisation(value: number | undefined, where: string): number {
  const utilisation = value ?? 0.8;
  if (typeof utilisation !== 'number' || !Number.isFinite(utilisation) || utilisation <= 0 || utilisation > 1) {
    throw new SuperpodInputError({
      where,
      problem: 'maxUtilisation must be a fraction in (0, 1]',
      value: utilisation,
      fix: 'use 0.8 (the usual continuous-load derating) or leave it out',
    });
  }
  return utilisation;
}
