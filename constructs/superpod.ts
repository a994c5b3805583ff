import type { Construct } from 'constructs';
import { INVENTORY_PART, type SuperClusterPart, type SuperPodPart } from '../src/inventory/parts.ts';
import { Power } from '../src/units/index.ts';
import { isBranded, SuperpodConstruct } from './element.ts';
import { type InterPodLink, UnifiedBusFabric } from './fabric.ts';
import { fail, requireDnsLabel, requireUnit, requireWholeNumber, toDnsLabel } from './validation.ts';

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
  /** Power usage effectiveness of the hall, used for facility totals. @default - none (IT power only) */
  readonly pue?: number;
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
  /** Power usage effectiveness of the hall, undefined when not stated. */
  readonly pue: number | undefined;

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
        : requireUnit(this, 'facilityPowerBudget', props.facilityPowerBudget, Power, 'Power.megawatts(20)');
    if (
      props.pue !== undefined &&
      (typeof props.pue !== 'number' || !Number.isFinite(props.pue) || props.pue < 1 || props.pue > 3)
    ) {
      fail(
        this,
        'pue must be a number from 1.0 to 3.0',
        props.pue,
        "use the hall's measured PUE, e.g. 1.25 for a liquid-cooled hall",
      );
    }
    this.pue = props.pue;
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
      ...(this.source ? { source: this.source } : {}),
    };
  }
}
