import type { NodeInfo, RackInfo, SuperPodInfo } from '../inventory/types.ts';
import { groupLoad } from './load.ts';
import { sumFields } from './totals.ts';

/**
 * A SuperPoD's peak facility draw, the figure a grid or UPS budget is held against: the IT draw (node nameplate load,
 * the power shelves' conversion loss, in-rack switches, interconnect cabinets) times the design-day PUE. The annual
 * PUE (ISO/IEC 30134-2: annual energy) is an average and understates the peak, so it stands in only when the design
 * figure is unknown, and then the draw is a lower bound.
 */

/** `design`: the pod's or the config's design-day PUE; `annual`: the pod's annual PUE; `default`: neither is set. */
export type BudgetPueBasis = 'design' | 'annual' | 'default';

/** An input the draw leaves out because it is not set: its prop name and what it stands for. */
export interface MissingInput {
  readonly prop: 'designPue' | 'switchPowerPerRack' | 'interconnectPower';
  readonly what: string;
}

export interface BudgetDraw {
  /** Nameplate load of the nodes whose power is known, W. */
  readonly nodesW: number;
  /** Loss of N+1 power shelves between the rack feed and the nodes: load / efficiency - load, W. */
  readonly conversionLossW: number;
  /** In-rack switches over all racks, W (0 when not set, see `missing`). */
  readonly switchesW: number;
  /** Interconnect cabinets, W (0 when not set). */
  readonly interconnectW: number;
  /** The sum of the four, W. */
  readonly itW: number;
  readonly pue: number;
  readonly pueBasis: BudgetPueBasis;
  /** itW x pue, W. */
  readonly facilityW: number;
  readonly unknownPowerNodes: number;
  readonly missing: readonly MissingInput[];
}

const MISSING: Record<MissingInput['prop'], string> = {
  designPue: 'the design-day PUE',
  switchPowerPerRack: 'the in-rack UB switches',
  interconnectPower: 'the interconnect cabinets',
};

/** The pod's peak draw; `defaultDesignPue` from the policy config, `defaultPue` the annual PUE of pods that set none. */
export function podBudgetDraw(
  pod: SuperPodInfo,
  racks: readonly RackInfo[],
  nodesOfRack: (rackId: string) => readonly NodeInfo[],
  defaults: { readonly defaultPue: number; readonly defaultDesignPue?: number | undefined },
): BudgetDraw {
  let nodesW = 0;
  let conversionLossW = 0;
  let unknownPowerNodes = 0;
  for (const rack of racks) {
    const load = groupLoad(nodesOfRack(rack.id));
    nodesW += load.knownW;
    unknownPowerNodes += load.unknown.length;
    const efficiency = rack.power.shelves?.efficiency ?? 1;
    conversionLossW += load.knownW / efficiency - load.knownW;
  }
  const missing: MissingInput[] = [];
  const designPue = pod.designPue ?? defaults.defaultDesignPue;
  let pue: number;
  let pueBasis: BudgetPueBasis;
  if (designPue !== undefined) {
    pue = designPue;
    pueBasis = 'design';
  } else {
    pue = pod.pue ?? defaults.defaultPue;
    pueBasis = pod.pue !== undefined ? 'annual' : 'default';
    missing.push(missingInput('designPue'));
  }
  if (pod.switchPowerPerRackW === undefined) missing.push(missingInput('switchPowerPerRack'));
  if (pod.interconnectPowerW === undefined) missing.push(missingInput('interconnectPower'));
  const switchesW = (pod.switchPowerPerRackW ?? 0) * racks.length;
  const interconnectW = pod.interconnectPowerW ?? 0;
  const itW = nodesW + conversionLossW + switchesW + interconnectW;
  return {
    nodesW,
    conversionLossW,
    switchesW,
    interconnectW,
    itW,
    pue,
    pueBasis,
    facilityW: itW * pue,
    unknownPowerNodes,
    missing,
  };
}

/** The draws of several pods added up (each at its own PUE); `missing` is the union. */
export function sumBudgetDraws(draws: readonly BudgetDraw[]): Omit<BudgetDraw, 'pue' | 'pueBasis'> {
  const missing = new Map<string, MissingInput>();
  for (const d of draws) for (const m of d.missing) missing.set(m.prop, m);
  return {
    ...sumFields(draws, [
      'nodesW',
      'conversionLossW',
      'switchesW',
      'interconnectW',
      'itW',
      'facilityW',
      'unknownPowerNodes',
    ]),
    missing: [...missing.values()],
  };
}

function missingInput(prop: MissingInput['prop']): MissingInput {
  return { prop, what: MISSING[prop] };
}
