import {
  AIR_COOLING_CLASSES,
  type AirCoolingClass,
  DEFAULT_AIR_CLASS,
  DEFAULT_COOLANT_CLASS,
  LIQUID_COOLING_CLASSES,
  type LiquidCoolingClass,
} from '../src/catalog/cooling-classes.ts';
import { SuperpodInputError } from '../src/errors.ts';
import type { RackCoolingInfo } from '../src/inventory/types.ts';
import { callerLocation, formatLocation } from '../src/source-location.ts';
import { Power } from '../src/units/index.ts';
import { requireMoreThanZero, requireProps, requireValue } from './validation.ts';

export type { AirCoolingClass, LiquidCoolingClass } from '../src/catalog/cooling-classes.ts';

export interface DirectLiquidProps {
  /** Heat the rack's liquid loop (cold plates through the CDU) can remove. */
  readonly liquidCapacity: Power;
  /** Heat the air path can remove (residual heat of NICs, DIMMs, PSUs, optics). */
  readonly airCapacity: Power;
  /** ASHRAE liquid class of the facility water. @default 'W32' */
  readonly coolantClass?: LiquidCoolingClass;
  /** ASHRAE air class of the inlet air. @default 'A1' */
  readonly airClass?: AirCoolingClass;
  /** Id of the CDU this rack shares with others, for the shared-CDU capacity check. @default - no shared CDU */
  readonly cdu?: string;
  /**
   * Heat the shared CDU removes (state the same value on every rack of the CDU). Needs `cdu`.
   * @default - unknown: the shared-CDU check (COOL-005) is reported as not evaluated
   */
  readonly cduCapacity?: Power;
}

export interface AirProps {
  /**
   * Heat the air path can remove. Room air tops out around 30 kW a rack; with `rearDoorHeatExchanger` the rated
   * capacity of the door (usually 30-80 kW).
   */
  readonly capacity: Power;
  /** ASHRAE air class of the inlet air. @default 'A1' */
  readonly airClass?: AirCoolingClass;
  /**
   * The rack has a rear-door heat exchanger (a water coil in its door) that removes the air heat at the rack, so its
   * air path may exceed what room air carries; COOL-006 holds it to the RDHx band instead. @default false
   */
  readonly rearDoorHeatExchanger?: boolean;
}

/** How a rack is cooled. Built with the static factories. */
export class Cooling {
  /** Direct-to-chip liquid cooling with a residual air path. */
  static directLiquid(props: DirectLiquidProps): Cooling {
    const where = formatLocation(callerLocation()) ?? 'Cooling.directLiquid';
    requireProps(where, props, '{ liquidCapacity: Power.kilowatts(90), airCapacity: Power.kilowatts(20) }');
    const liquidCapacity = requireMoreThanZero(
      where,
      'liquidCapacity',
      requireValue(where, 'liquidCapacity', props.liquidCapacity, Power, 'Power.kilowatts(90)'),
      (power) => power.toWatts(),
      'give the heat the liquid loop removes, e.g. Power.kilowatts(90); a rack without liquid cooling uses Cooling.air',
    );
    const airCapacity = requireValue(where, 'airCapacity', props.airCapacity, Power, 'Power.kilowatts(20)');
    const cduCapacity =
      props.cduCapacity === undefined
        ? undefined
        : requireMoreThanZero(
            where,
            'cduCapacity',
            requireValue(where, 'cduCapacity', props.cduCapacity, Power, 'Power.kilowatts(800)'),
            (power) => power.toWatts(),
            "give the CDU's rated heat removal, e.g. Power.kilowatts(800), or leave it out",
          );
    const coolantClass = props.coolantClass ?? DEFAULT_COOLANT_CLASS;
    const airClass = props.airClass ?? DEFAULT_AIR_CLASS;
    checkClass(where, 'coolantClass', coolantClass, LIQUID_COOLING_CLASSES);
    checkClass(where, 'airClass', airClass, AIR_COOLING_CLASSES);
    if (cduCapacity !== undefined && !props.cdu) {
      throw new SuperpodInputError({
        where,
        problem: 'cduCapacity needs the cdu it belongs to',
        value: cduCapacity.toString(),
        fix: "name the CDU: cdu: 'cdu-row-a'",
      });
    }
    return new Cooling({
      method: 'liquid',
      liquidCapacityW: liquidCapacity.toWatts(),
      airCapacityW: airCapacity.toWatts(),
      coolantClass,
      airClass,
      ...(props.cdu ? { cduId: props.cdu } : {}),
      ...(cduCapacity ? { cduCapacityW: cduCapacity.toWatts() } : {}),
    });
  }

  /** Air cooling only. */
  static air(props: AirProps): Cooling {
    const where = formatLocation(callerLocation()) ?? 'Cooling.air';
    requireProps(where, props, '{ capacity: Power.kilowatts(30) }');
    const capacity = requireMoreThanZero(
      where,
      'capacity',
      requireValue(where, 'capacity', props.capacity, Power, 'Power.kilowatts(30)'),
      (power) => power.toWatts(),
      'give the heat the air path removes, e.g. Power.kilowatts(30)',
    );
    const airClass = props.airClass ?? DEFAULT_AIR_CLASS;
    checkClass(where, 'airClass', airClass, AIR_COOLING_CLASSES);
    const rearDoor = props.rearDoorHeatExchanger ?? false;
    if (typeof rearDoor !== 'boolean') {
      throw new SuperpodInputError({
        where,
        problem: 'rearDoorHeatExchanger must be true or false',
        value: rearDoor,
        fix: 'use rearDoorHeatExchanger: true for a rack with a rear-door heat exchanger, or leave it out',
      });
    }
    return new Cooling({
      method: 'air',
      liquidCapacityW: 0,
      airCapacityW: capacity.toWatts(),
      airClass,
      ...(rearDoor ? { rearDoorHeatExchanger: true } : {}),
    });
  }

  private constructor(private readonly info: RackCoolingInfo) {}

  /** @internal plain data for the Inventory */
  toInfo(): RackCoolingInfo {
    return this.info;
  }
}

function checkClass(where: string, prop: string, value: string, allowed: readonly string[]): void {
  if (!allowed.includes(value)) {
    throw new SuperpodInputError({
      where,
      problem: `unknown ASHRAE ${prop}`,
      value,
      fix: `use one of ${allowed.join(', ')}`,
    });
  }
}
