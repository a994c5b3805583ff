import type { Construct } from 'constructs';
import { INVENTORY_PART, type RackPart } from '../src/inventory/parts.ts';
import { Mass, RackUnits } from '../src/units/index.ts';
import { Cooling } from './cooling.ts';
import { isBranded, SuperpodConstruct } from './element.ts';
import { RackPower } from './power.ts';
import { SuperPod } from './superpod.ts';
import {
  constructLabel,
  fail,
  requireDnsLabel,
  requireMoreThanZero,
  requireUnit,
  requireWholeNumber,
  toDnsLabel,
} from './validation.ts';

const RACK = Symbol.for('superpod.Rack800VDC');

export interface Rack800VDCProps {
  /** The rack's supply: `RackPower.busbar(...)`, `RackPower.feed(...)` or `RackPower.shelvesNPlusOne(...)`. */
  readonly power: RackPower;
  /** The rack's cooling: `Cooling.directLiquid(...)` or `Cooling.air(...)`. */
  readonly cooling: Cooling;
  /** Usable height. @default RackUnits.of(42) */
  readonly height?: RackUnits;
  /**
   * Units kept free for power shelves, switches (UB LRS) and cable management, counted from the bottom.
   * @default RackUnits.of(0)
   */
  readonly reserved?: RackUnits;
  /** Largest total mass of the equipment the rack and floor may carry. @default Mass.kilograms(1500) */
  readonly weightLimit?: Mass;
  /** Integer rack id within the SuperPoD (`huawei.com/topotree.rackid`). @default - position among sibling racks */
  readonly index?: number;
  /** Name used in node names and reports. @default - the construct id */
  readonly name?: string;
}

/** An 800 VDC rack (cabinet) in a SuperPoD. Nodes created inside it get U positions from the bottom up. */
export class Rack800VDC extends SuperpodConstruct {
  /** Whether `x` is a `Rack800VDC` (works across copies of the library). */
  static isRack800VDC(x: unknown): x is Rack800VDC {
    return isBranded(x, RACK);
  }
  /** Name used in labels and reports. */
  readonly rackName: string;
  /** How the rack is fed. */
  readonly power: RackPower;
  /** How the rack's heat is removed. */
  readonly cooling: Cooling;
  /** Usable height. */
  readonly height: RackUnits;
  /** Units kept for shelves and switches, from the bottom. */
  readonly reserved: RackUnits;
  /** Largest equipment mass the rack takes. */
  readonly weightLimit: Mass;
  /** Position of the rack in its SuperPoD, undefined for the order of creation. */
  readonly index: number | undefined;
  /** The SuperPoD the rack belongs to. */
  readonly superPod: SuperPod;
  private readonly occupied: Array<{ from: number; to: number; who: string }> = [];
  private nextFreeU: number;

  constructor(scope: Construct, id: string, props: Rack800VDCProps) {
    super(scope, id, RACK);
    if (!SuperPod.isSuperPod(scope)) {
      fail(
        this,
        'a Rack800VDC must be created inside a SuperPod',
        constructLabel(scope),
        'create the rack with a SuperPod as its scope: new Rack800VDC(pod, id, props)',
      );
    }
    this.superPod = scope;
    if (!props || typeof props !== 'object')
      fail(
        this,
        'props with power and cooling are required',
        props,
        'pass { power: RackPower.busbar(...), cooling: Cooling.directLiquid(...) }',
      );
    this.power = requireUnit(
      this,
      'power',
      props.power,
      RackPower,
      'RackPower.busbar({ voltage: Voltage.volts(800), current: Current.amperes(190) })',
    );
    this.cooling = requireUnit(
      this,
      'cooling',
      props.cooling,
      Cooling,
      'Cooling.directLiquid({ liquidCapacity: Power.kilowatts(100), airCapacity: Power.kilowatts(20) })',
    );
    this.height =
      props.height === undefined
        ? RackUnits.of(42)
        : requireUnit(this, 'height', props.height, RackUnits, 'RackUnits.of(42)');
    this.reserved =
      props.reserved === undefined
        ? RackUnits.of(0)
        : requireUnit(this, 'reserved', props.reserved, RackUnits, 'RackUnits.of(6)');
    if (this.reserved.toUnits() >= this.height.toUnits()) {
      fail(
        this,
        `reserved units must leave room for nodes in a ${this.height} rack`,
        this.reserved.toString(),
        'reserve fewer units or use a taller rack',
      );
    }
    this.weightLimit =
      props.weightLimit === undefined
        ? Mass.kilograms(1500)
        : requireMoreThanZero(
            constructLabel(this),
            'weightLimit',
            requireUnit(this, 'weightLimit', props.weightLimit, Mass, 'Mass.kilograms(1500)'),
            (mass) => mass.toKilograms(),
            "give the rack's rated static load, e.g. Mass.kilograms(1500), or leave it out",
          );
    this.index = props.index === undefined ? undefined : requireWholeNumber(this, 'index', props.index, 0, 100_000);
    this.rackName = requireDnsLabel(this, 'name', props.name ?? toDnsLabel(id));
    this.nextFreeU = this.reserved.toUnits() + 1;
  }

  /** @internal */
  [INVENTORY_PART](): RackPart {
    return {
      kind: 'rack',
      name: this.rackName,
      heightU: this.height.toUnits(),
      reservedU: this.reserved.toUnits(),
      weightLimitKg: this.weightLimit.toKilograms(),
      power: this.power.toInfo(),
      cooling: this.cooling.toInfo(),
      ...(this.index !== undefined ? { index: this.index } : {}),
      ...(this.source ? { source: this.source } : {}),
    };
  }

  /** Units left above the highest node. */
  get freeUnits(): number {
    return this.height.toUnits() - this.nextFreeU + 1;
  }

  /**
   * @internal Places a chassis of `heightU` units and returns its lowest U. `position` pins it (and must lie inside the
   * usable units); otherwise it goes right above the highest chassis so far, even past the top of a full rack.
   */
  place(who: Construct, heightU: number, position?: number): number {
    const top = this.height.toUnits();
    const reserved = this.reserved.toUnits();
    const from = position ?? this.nextFreeU;
    const to = from + heightU - 1;
    if (position !== undefined && (from <= reserved || to > top)) {
      fail(
        who,
        `position U${from}-U${to} is outside the usable units U${reserved + 1}-U${top} of rack "${constructLabel(this)}"`,
        position,
        `pick a position from ${reserved + 1} to ${top - heightU + 1}`,
      );
    }
    // A node stacked past the top is recorded, not refused: `superpod check` reports it as PHYS-001 (exit 1) with the
    // whole rack in view, and synth refuses it as bad input (exit 2) before writing anything.
    const clash = this.occupied.find((slot) => from <= slot.to && slot.from <= to);
    if (clash) {
      fail(
        who,
        `U${from}-U${to} overlaps ${clash.who} at U${clash.from}-U${clash.to}`,
        position,
        'choose a free position or leave position out to stack nodes automatically',
      );
    }
    this.occupied.push({ from, to, who: constructLabel(who) });
    this.nextFreeU = Math.max(this.nextFreeU, to + 1);
    return from;
  }
}
