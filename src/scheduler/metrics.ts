import { ascendDomainOf } from './ascend.ts';
import type { Placement, Simulation, Unit } from './simulation.ts';

/**
 * Python's `round(x, digits)` as the FGD analysis scripts use it: half to even for whole numbers, the
 * exact binary value otherwise (JavaScript's `toFixed` rounds the exact value too; exact .xx5 ties, which
 * need a binary fraction, are not worth the cost).
 */
export function pyRound(x: number, digits = 0): number {
  if (digits === 0) {
    const r = Math.round(x);
    return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
  }
  return Number(x.toFixed(digits));
}

/**
 * Per-percent bins of event metrics, as `merge_*_discrete.py` builds the paper's columns: an event lands in
 * bin round(arrived %); column k is the mean of bin k, or of bins k-1..k+1 when bin k is empty.
 */
export class PercentBins {
  private readonly sums: Float64Array[];
  private readonly counts: Float64Array;
  readonly maxPercent: number;

  constructor(maxPercent: number, series: number) {
    this.maxPercent = maxPercent;
    this.counts = new Float64Array(maxPercent + 2);
    this.sums = Array.from({ length: series }, () => new Float64Array(maxPercent + 2));
  }

  add(percent: number, values: readonly number[]): void {
    if (percent < 0 || percent > this.maxPercent + 1) return;
    this.counts[percent]! += 1;
    for (let s = 0; s < this.sums.length; s++) this.sums[s]![percent]! += values[s]!;
  }

  /** Column k of one series, or null when no event is near k. */
  column(series: number, k: number): number | null {
    const sums = this.sums[series]!;
    if (this.counts[k]! > 0) return sums[k]! / this.counts[k]!;
    let sum = 0;
    let count = 0;
    for (let j = Math.max(0, k - 1); j <= Math.min(this.maxPercent + 1, k + 1); j++) {
      sum += sums[j]!;
      count += this.counts[j]!;
    }
    if (count > 0) return sum / count;
    // Arrivals bigger than 2 % of capacity leave gaps: carry the last bin before k forward.
    for (let j = k - 2; j >= 0; j--) if (this.counts[j]! > 0) return sums[j]! / this.counts[j]!;
    return null;
  }

  /** Columns 0..maxPercent as an object keyed by the percentage (string), each mapped by `scale`. */
  columns(series: number, scale: (v: number) => number): Record<string, number> {
    const out: Record<string, number> = {};
    for (let k = 0; k <= this.maxPercent; k++) {
      const v = this.column(series, k);
      if (v !== null) out[String(k)] = scale(v);
    }
    return out;
  }
}

/**
 * How well multi-device work sits in the UB topology: X = one node mesh (or one HCCS ring on ring-based
 * Ascend nodes), Y = one rack, Z = one SuperPoD. Each gang share counts only the gangs that could fit one
 * domain of that level (e.g. "do 64-NPU jobs find a whole rack"); null when there were none.
 */
export interface TopologyQuality {
  readonly multiDevicePods: number;
  /** Share of placed multi-device pods whose devices share one X domain. */
  readonly podsInOneX: number | null;
  /** Placed multi-pod gangs. */
  readonly gangs: number;
  readonly gangsInOneNode: number | null;
  readonly gangsInOneRack: number | null;
  readonly gangsInOneSuperPod: number | null;
  /** Share of gangs spread over no more racks than their devices need. */
  readonly gangsInFewestRacks: number | null;
}

export class TopologyCounter {
  private multiDevicePods = 0;
  private podsInX = 0;
  private gangs = 0;
  private readonly fit = [0, 0, 0];
  private readonly inside = [0, 0, 0];
  private fewest = 0;
  private capacities: readonly [number, number, number] | null = null;

  record(sim: Simulation, unit: Unit, placements: readonly Placement[]): void {
    const pods = sim.podsOf(unit);
    let devices = 0;
    pods.forEach((p, i) => {
      const pod = sim.workload.pods[p]!;
      devices += (pod.devices * pod.milli) / 1000;
      if (pod.devices < 2) return;
      this.multiDevicePods++;
      if (inOneDomain(sim, placements[i]!)) this.podsInX++;
    });
    if (pods.length < 2) return;
    this.gangs++;
    const state = sim.state;
    this.capacities ??= largestDomains(sim);
    const nodes = new Set<number>();
    const racks = new Set<number>();
    const superPods = new Set<number>();
    for (const placement of placements) {
      nodes.add(placement.node);
      racks.add(state.rackOf[placement.node]!);
      superPods.add(state.superPodOf[placement.node]!);
    }
    const spans = [
      nodes.size,
      racks.has(-1) ? Number.POSITIVE_INFINITY : racks.size,
      superPods.has(-1) ? Number.POSITIVE_INFINITY : superPods.size,
    ];
    for (let level = 0; level < 3; level++) {
      if (devices <= this.capacities[level]!) {
        this.fit[level]!++;
        if (spans[level] === 1) this.inside[level]!++;
      }
    }
    const rackDevices = this.capacities[1];
    if (rackDevices > 0 && racks.size <= Math.ceil(devices / rackDevices) && !racks.has(-1)) this.fewest++;
  }

  result(): TopologyQuality {
    const share = (n: number, d: number) => (d === 0 ? null : n / d);
    const hasRacks = (this.capacities?.[1] ?? 0) > 0;
    return {
      multiDevicePods: this.multiDevicePods,
      podsInOneX: share(this.podsInX, this.multiDevicePods),
      gangs: this.gangs,
      gangsInOneNode: share(this.inside[0]!, this.fit[0]!),
      gangsInOneRack: share(this.inside[1]!, this.fit[1]!),
      gangsInOneSuperPod: share(this.inside[2]!, this.fit[2]!),
      gangsInFewestRacks: hasRacks ? share(this.fewest, this.gangs) : null,
    };
  }
}

/** Devices of the largest node, rack and SuperPoD. */
function largestDomains(sim: Simulation): [number, number, number] {
  const state = sim.state;
  let node = 0;
  for (let n = 0; n < state.nodeCount; n++) node = Math.max(node, state.devCount[n]!);
  let rack = 0;
  for (let r = 0; r < state.rackCapacity.length; r++) rack = Math.max(rack, state.rackCapacity[r]! / 1000);
  let superPod = 0;
  for (const sp of sim.cluster.superPods) {
    let devices = 0;
    for (const n of sp.nodes) devices += state.devCount[n]!;
    superPod = Math.max(superPod, devices);
  }
  return [node, rack, superPod];
}

function inOneDomain(sim: Simulation, placement: Placement): boolean {
  const policy = sim.state.ascendPolicy[placement.node];
  if (policy == null) return true;
  let domain = -1;
  let m = placement.mask >>> 0;
  while (m !== 0) {
    const bit = m & -m;
    const d = ascendDomainOf(policy, 31 - Math.clz32(bit));
    if (domain >= 0 && d !== domain) return false;
    domain = d;
    m = (m ^ bit) >>> 0;
  }
  return true;
}

/** Allocated share of each rack's device capacity. */
export interface RackUse {
  readonly rack: string;
  readonly superPod: string | null;
  readonly devices: number;
  readonly used: number;
}

export function rackUse(sim: Simulation): RackUse[] {
  const { state, cluster } = sim;
  return cluster.racks.map((rack, r) => ({
    rack: rack.name,
    superPod: rack.superPod >= 0 ? (cluster.superPods[rack.superPod]?.name ?? null) : null,
    devices: state.rackCapacity[r]! / 1000,
    used: state.rackCapacity[r]! > 0 ? 1 - state.rackIdle[r]! / state.rackCapacity[r]! : 0,
  }));
}

/** Kind of a pod for failure counts: `cpu`, `share`, or `<k>-device`. */
export function podKind(devices: number, milli: number): string {
  if (devices === 0) return 'cpu';
  if (milli < 1000) return 'share';
  return `${devices}-device`;
}
