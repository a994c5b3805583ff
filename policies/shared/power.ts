import type { NodeInfo, RackInfo, RackPowerInfo } from '../../src/inventory/types.ts';
import type { Related, RuleContext } from '../../src/policy/index.ts';
import { formatPercent, kilowattRating, kilowatts } from '../../src/policy/index.ts';

/** A node's IT load at full power, W: accelerators x TDP + host; null when an input is unknown. */
export function nodeLoadW(node: NodeInfo): number | null {
  if (node.acceleratorTdpW === null || node.hostPowerW === null) return null;
  return node.acceleratorCount * node.acceleratorTdpW + node.hostPowerW;
}

/** The IT load of a group of nodes: the sum of the known loads and the nodes whose load is unknown. */
export interface GroupLoad {
  readonly knownW: number;
  readonly known: ReadonlyArray<{ readonly node: NodeInfo; readonly watts: number }>;
  readonly unknown: readonly NodeInfo[];
}

export function groupLoad(nodes: readonly NodeInfo[]): GroupLoad {
  const known: Array<{ node: NodeInfo; watts: number }> = [];
  const unknown: NodeInfo[] = [];
  let knownW = 0;
  for (const node of nodes) {
    const watts = nodeLoadW(node);
    if (watts === null) unknown.push(node);
    else {
      known.push({ node, watts });
      knownW += watts;
    }
  }
  return { knownW, known, unknown };
}

export function rackLoad(rack: RackInfo, context: RuleContext): GroupLoad {
  return groupLoad(context.index.nodesByRack.get(rack.id) ?? []);
}

/** Fewest nodes to take out, largest first, so `load` drops to `limitW`. */
export function nodesToRemove(load: GroupLoad, limitW: number): number {
  const sorted = load.known.map((k) => k.watts).sort((a, b) => b - a);
  let total = load.knownW;
  let removed = 0;
  while (total > limitW && removed < sorted.length) total -= sorted[removed++]!;
  return removed;
}

/** `the 800 VDC feed`, `the 800 VDC busbar`, `the power shelves`: the supply's name in messages. */
export function supplyName(power: RackPowerInfo): string {
  if (power.shelves) return 'power shelves';
  return `${Math.abs(power.voltageV)} VDC ${power.kind}`;
}

/** A supply limit with the arithmetic that gives it, for messages: `120.0 kW (150 kW x 80%)`. */
export interface SupplyLimit {
  readonly watts: number;
  /** `the 800 VDC feed's derated 120.0 kW (150 kW x 80%)` */
  readonly description: string;
}

/** The limit with every supply in service: both A/B sides share the load; all N+1 shelves run. */
export function normalLimit(power: RackPowerInfo): SupplyLimit {
  const u = power.maxUtilisation;
  if (power.shelves) {
    const { count, ratingW } = power.shelves;
    const watts = count * ratingW * u;
    return {
      watts,
      description: `the ${count} power shelves' derated ${kilowatts(watts)} (${count} x ${kilowattRating(ratingW)} x ${formatPercent(u)})`,
    };
  }
  if (power.redundancy === 'a-b') {
    const watts = 2 * power.ratedW * u;
    return {
      watts,
      description: `the two ${supplyName(power)}s' derated ${kilowatts(watts)} (2 x ${kilowattRating(power.ratedW)} x ${formatPercent(u)})`,
    };
  }
  return {
    watts: power.usableW,
    description: `the ${supplyName(power)}'s derated ${kilowatts(power.usableW)} (${kilowattRating(power.ratedW)} x ${formatPercent(u)})`,
  };
}

/** The limit after one supply fails (A/B: one side; N+1: one shelf less); null for a supply without redundancy. */
export function survivingLimit(power: RackPowerInfo): SupplyLimit | null {
  const u = power.maxUtilisation;
  if (power.redundancy === 'n+1' && power.shelves) {
    const { count, ratingW } = power.shelves;
    const watts = (count - 1) * ratingW * u;
    return {
      watts,
      description: `the ${count - 1} surviving power shelves' derated ${kilowatts(watts)} (${count - 1} x ${kilowattRating(ratingW)} x ${formatPercent(u)})`,
    };
  }
  if (power.redundancy === 'a-b') {
    const watts = power.ratedW * u;
    return {
      watts,
      description: `the surviving ${supplyName(power)}'s derated ${kilowatts(watts)} (${kilowattRating(power.ratedW)} x ${formatPercent(u)})`,
    };
  }
  return null;
}

/** The nodes of a group as related locations (SARIF), heaviest first, at most `limit`. */
export function relatedNodes(load: GroupLoad, limit = 8): Related[] {
  return [...load.known]
    .sort((a, b) => b.watts - a.watts)
    .slice(0, limit)
    .map(({ node, watts }) => ({
      id: node.id,
      label: `node ${node.id}: ${kilowatts(watts)}`,
      ...(node.source ? { source: node.source } : {}),
    }));
}

/** `(3 nodes of unknown power not counted)` or ''. */
export function unknownNote(load: GroupLoad): string {
  const n = load.unknown.length;
  return n === 0 ? '' : ` (${n} ${n === 1 ? 'node' : 'nodes'} of unknown power not counted, see POWER-001)`;
}

/** Heat of a node on each path: liquid-cooled nodes put `liquidFraction` on the cold plates, air nodes put none. */
export function nodeHeatW(node: NodeInfo, watts: number): { liquidW: number; airW: number } {
  if (node.cooling === 'liquid') {
    const liquidW = watts * node.liquidFraction;
    return { liquidW, airW: watts - liquidW };
  }
  return { liquidW: 0, airW: watts };
}

/** Liquid and air heat of a group of nodes with known power. */
export function groupHeat(load: GroupLoad): { liquidW: number; airW: number } {
  let liquidW = 0;
  let airW = 0;
  for (const { node, watts } of load.known) {
    const heat = nodeHeatW(node, watts);
    liquidW += heat.liquidW;
    airW += heat.airW;
  }
  return { liquidW, airW };
}
