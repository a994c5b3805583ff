import type { Construct } from 'constructs';
import { INVENTORY_PART, type SuperClusterPart, type SuperPodPart } from '../src/inventory/parts.ts';
import type { HeatRejectionInfo } from '../src/inventory/types.ts';
import { Power } from '../src/units/index.ts';
import { isBranded, SuperpodConstruct } from './element.ts';
import { type InterPodLink, UnifiedBusFabric } from './fabric.ts';
import { HeatRejection } from './heat-rejection.ts';
import {
  constructLabel,
  fail,
  requireDnsLabel,
  requireMoreThanZero,
  requireUnit,
  requireWholeNumber,
  toDnsLabel,
} from './validation.ts';

const SUPER_POD = Symbol.for('superpod.SuperPod');
const SUPER_CLUSTER = Symbol.for('superpod.SuperCluster');

export interface SuperClusterProps {
  /** How SuperPoDs talk to each other (UBoE or RoCE). */
  readonly interPodLink: InterPodLink;
  /** Name used in labels and reports. @default - the construct id */
  readonly name?: string;
}

/** A set of SuperPoDs joined by UBoE or RoCE (Atlas 950 SuperCluster: 64 SuperPoDs, 524,288 NPUs). */
export class SuperCluster extends SuperpodConstruct {
  /** Whether `x` is a `SuperCluster` (works across copies of the library). */
  static isSuperCluster(x: unknown): x is SuperCluster {
    return isBranded(x, SUPER_CLUSTER);
  }
  /** Name used in labels and reports. */
  readonly clusterName: string;
  /** The link between the SuperPoDs. */
  readonly interPodLink: InterPodLink;

  constructor(scope: Construct, id: string, props: SuperClusterProps) {
    super(scope, id, SUPER_CLUSTER);
    if (!props || typeof props !== 'object' || !props.interPodLink) {
      fail(
        this,
        'interPodLink is required',
        props?.interPodLink,
        'pass interPodLink: InterPodLink.uboe({ bandwidthPerNpu: Bandwidth.gigabitsPerSecond(400) })',
      );
    }
    this.interPodLink = props.interPodLink;
    this.clusterName = requireDnsLabel(this, 'name', props.name ?? toDnsLabel(id));
  }

  /** @internal */
  [INVENTORY_PART](): SuperClusterPart {
    return {
      kind: 'super-cluster',
      name: this.clusterName,
      interPodLink: this.interPodLink.toInfo(),
      ...(this.source ? { source: this.source } : {}),
    };
  }
}

export interface SuperPodProps {
  /**
   * The UnifiedBus fabric and its levels.
   * @default UnifiedBusFabric.atlas950()
   */
  readonly fabric?: UnifiedBusFabric;
  /**
   * Integer SuperPoD id, written to the `huawei.com/topotree.superpodid` label.
   * @default - the position of this SuperPoD among its siblings, from 0
   */
  readonly index?: number;
  /** Name used in node names, labels and reports. @default - the construct id */
  readonly name?: string;
  /** Facility power budget for the whole SuperPoD, for the site-level power check. @default - no budget */
  readonly facilityPowerBudget?: Power;
  /**
   * Annual power usage effectiveness of the hall (ISO/IEC 30134-2: annual energy), for energy, cost and facility
   * totals. @default - none (IT power only)
   */
  readonly pue?: number;
  /**
   * Design-day (peak) PUE of the hall: facility draw / IT draw on the hottest design day, when chillers, dry-coolers
   * and pumps draw most. The facility power budget checks use it; the annual `pue` understates the peak.
   * @default - none: the budget checks use the annual PUE as a lower bound and report the pod as not evaluated
   */
  readonly designPue?: number;
  /**
   * Power of the in-rack switches (UB LRS) and other non-node equipment in each rack, counted in the budget checks.
   * Huawei publishes no figure. @default - none: left out of the budget and reported as not included
   */
  readonly switchPowerPerRack?: Power;
  /**
   * Power of the SuperPoD's interconnect cabinets (an Atlas 950 SuperPoD has 32 of its 160 cabinets), optics included,
   * counted in the budget checks. Huawei publishes no figure. @default - none: left out and reported as not included
   */
  readonly interconnectPower?: Power;
  /**
   * The plants that reject the hall's heat outside: `liquid` for the direct-liquid loops, `air` for room air and
   * rear-door coils. They set the hall's water use (litres per hour, WUE) and the COOL-007 site water budget check.
   * @default - unknown: water figures are not given and COOL-007 reports the hall as not evaluated
   */
  readonly heatRejection?: HeatRejectionProps;
}

/** The plants that reject a SuperPoD's heat outside, per heat path. */
export interface HeatRejectionProps {
  /** Plant of the direct-liquid loops. @default - unknown (water not estimated when the loops carry heat) */
  readonly liquid?: HeatRejection;
  /** Plant of the air path (room air or rear-door coils). @default - unknown (water not estimated when air carries heat) */
  readonly air?: HeatRejection;
}

/** One UnifiedBus domain: racks of nodes whose NPUs share the X/Y/Z fabric (Atlas 950 SuperPoD: up to 8,192 NPUs). */
export class SuperPod extends SuperpodConstruct {
  /** Whether `x` is a `SuperPod` (works across copies of the library). */
  static isSuperPod(x: unknown): x is SuperPod {
    return isBranded(x, SUPER_POD);
  }
  /** Name used in labels and reports. */
  readonly podName: string;
  /** The UnifiedBus fabric the SuperPoD's NPUs share. */
  readonly fabric: UnifiedBusFabric;
  /** Position of the SuperPoD in its cluster, undefined for the order of creation. */
  readonly index: number | undefined;
  /** Facility power the SuperPoD may draw (IT x PUE), undefined when not stated. */
  readonly facilityPowerBudget: Power | undefined;
  /** Annual power usage effectiveness of the hall, undefined when not stated. */
  readonly pue: number | undefined;
  /** Design-day (peak) PUE of the hall, undefined when not stated. */
  readonly designPue: number | undefined;
  /** Power of the non-node equipment of each rack, undefined when not stated. */
  readonly switchPowerPerRack: Power | undefined;
  /** Power of the interconnect cabinets, undefined when not stated. */
  readonly interconnectPower: Power | undefined;
  /** The plants of the hall's liquid and air heat, undefined when not stated. */
  readonly heatRejection: HeatRejectionInfo | undefined;

  constructor(scope: Construct, id: string, props: SuperPodProps = {}) {
    super(scope, id, SUPER_POD);
    this.fabric =
      props.fabric === undefined
        ? UnifiedBusFabric.atlas950()
        : requireUnit(this, 'fabric', props.fabric, UnifiedBusFabric, 'UnifiedBusFabric.atlas950()');
    this.index = props.index === undefined ? undefined : requireWholeNumber(this, 'index', props.index, 0, 1_000_000);
    this.podName = requireDnsLabel(this, 'name', props.name ?? toDnsLabel(id));
    this.facilityPowerBudget =
      props.facilityPowerBudget === undefined
        ? undefined
        : requireMoreThanZero(
            constructLabel(this),
            'facilityPowerBudget',
            requireUnit(this, 'facilityPowerBudget', props.facilityPowerBudget, Power, 'Power.megawatts(20)'),
            (power) => power.toWatts(),
            "give the hall's facility power budget, e.g. Power.megawatts(20), or leave it out",
          );
    this.pue = requirePue(
      this,
      'pue',
      props.pue,
      "use the hall's measured annual PUE, e.g. 1.25 for a liquid-cooled hall",
    );
    this.designPue = requirePue(
      this,
      'designPue',
      props.designPue,
      "use the hall's design-day PUE from its mechanical design, at least the annual pue",
    );
    if (this.pue !== undefined && this.designPue !== undefined && this.designPue < this.pue) {
      fail(
        this,
        `designPue must be at least the annual pue ${this.pue}: the design day is the peak`,
        this.designPue,
        "use the hall's design-day PUE from its mechanical design",
      );
    }
    this.switchPowerPerRack =
      props.switchPowerPerRack === undefined
        ? undefined
        : requireUnit(this, 'switchPowerPerRack', props.switchPowerPerRack, Power, 'Power.kilowatts(2)');
    this.interconnectPower =
      props.interconnectPower === undefined
        ? undefined
        : requireUnit(this, 'interconnectPower', props.interconnectPower, Power, 'Power.kilowatts(400)');
    this.heatRejection = heatRejection(this, props.heatRejection);
  }

  /** @internal */
  [INVENTORY_PART](): SuperPodPart {
    return {
      kind: 'super-pod',
      name: this.podName,
      fabric: this.fabric.toInfo(),
      ...(this.index !== undefined ? { index: this.index } : {}),
      ...(this.facilityPowerBudget ? { facilityPowerBudgetW: this.facilityPowerBudget.toWatts() } : {}),
      ...(this.pue !== undefined ? { pue: this.pue } : {}),
      ...(this.designPue !== undefined ? { designPue: this.designPue } : {}),
      ...(this.switchPowerPerRack ? { switchPowerPerRackW: this.switchPowerPerRack.toWatts() } : {}),
      ...(this.interconnectPower ? { interconnectPowerW: this.interconnectPower.toWatts() } : {}),
      ...(this.heatRejection ? { heatRejection: this.heatRejection } : {}),
      ...(this.source ? { source: this.source } : {}),
    };
  }
}

function requirePue(scope: Construct, prop: string, value: number | undefined, fix: string): number | undefined {
  if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || value < 1 || value > 3)) {
    fail(scope, `${prop} must be a number from 1.0 to 3.0`, value, fix);
  }
  return value;
}

function heatRejection(scope: Construct, value: SuperPodProps['heatRejection']): HeatRejectionInfo | undefined {
  if (value === undefined) return undefined;
  const example = '{ liquid: HeatRejection.dryCooler(), air: HeatRejection.evaporativeTower() }';
  if (!value || typeof value !== 'object') fail(scope, 'heatRejection must be an object', value, `pass ${example}`);
  const loop = (key: 'liquid' | 'air') => {
    const plant = value[key];
    if (plant === undefined) return {};
    return {
      [key]: requireUnit(scope, `heatRejection.${key}`, plant, HeatRejection, 'HeatRejection.dryCooler()').toInfo(),
    };
  };
  const info = { ...loop('liquid'), ...loop('air') };
  if (Object.keys(info).length === 0) fail(scope, 'heatRejection names no plant', value, `pass ${example}`);
  return info;
}
