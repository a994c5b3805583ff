import type { NodeInfo } from '../inventory/types.ts';

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

/** Fewest nodes to take out, largest first, so `load` drops to `limitW`. */
export function nodesToRemove(load: GroupLoad, limitW: number): number {
  const sorted = load.known.map((k) => k.watts).sort((a, b) => b - a);
  let total = load.knownW;
  let removed = 0;
  while (total > limitW && removed < sorted.length) total -= sorted[removed++]!;
  return removed;
}

/** load / limit; a positive load on a zero limit is infinitely over, nothing on nothing is 0. */
export function ratio(load: number, limit: number): number {
  if (limit > 0) return load / limit;
  return load > 0 ? Number.POSITIVE_INFINITY : 0;
}
