import {
  AIR_COOLING_CLASSES,
  type AirCoolingClass,
  LIQUID_COOLING_CLASSES,
  type LiquidCoolingClass,
} from '../src/catalog/cooling-classes.ts';
import { SuperpodInputError } from '../src/errors.ts';
import type { RackCoolingInfo } from '../src/inventory/types.ts';
import { callerLocation, formatLocation } from '../src/source-location.ts';
import type { Power } from '../src/units/index.ts';

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
  /** Heat the air path can remove. Air-cooled racks top out around 20–40 kW. */
  readonly capacity: Power;
  /** ASHRAE air class of the inlet air. @default 'A1' */
  readonly airClass?: AirCoolingClass;
}

/** How a rack is cooled. Built with the static factories. */
export class Cooling {
  /** Direct-to-chip liquid cooling with a residual air path. */
  static directLiquid(props: DirectLiquidProps): Cooling {
    const where = formatLocation(callerLocation()) ?? 'Cooling.directLiquid';
    const coolantClass = props.coolantClass ?? 'W32';
    const airClass = props.airClass ?? 'A1';
    checkClass(where, 'coolantClass', coolantClass, LIQUID_COOLING_CLASSES);
    checkClass(where, 'airClass', airClass, AIR_COOLING_CLASSES);
    if (props.cduCapacity !== undefined && !props.cdu) {
      throw new SuperpodInputError({
        where,
        problem: 'cduCapacity needs the cdu it belongs to',
        value: props.cduCapacity.toString(),
        fix: "name the CDU: cdu: 'cdu-row-a'",
      });
    }
    return new Cooling({
      method: 'liquid',
      liquidCapacityW: props.liquidCapacity.toWatts(),
      airCapacityW: props.airCapacity.toWatts(),
      coolantClass,
      airClass,
      ...(props.cdu ? { cduId: props.cdu } : {}),
      ...(props.cduCapacity ? { cduCapacityW: props.cduCapacity.toWatts() } : {}),
    });
  }

  /** Air cooling only. */
  static air(props: AirProps): Cooling {
    const where = formatLocation(callerLocation()) ?? 'Cooling.air';
    const airClass = props.airClass ?? 'A1';
    checkClass(where, 'airClass', airClass, AIR_COOLING_CLASSES);
    return new Cooling({ method: 'air', liquidCapacityW: 0, airCapacityW: props.capacity.toWatts(), airClass });
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
