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
    return count > 0 ? sum / count : null;
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
 * Ascend nodes), Y = one rack, Z = one SuperPoD. Shares are over placed multi-device pods and multi-pod
 * gangs; null when there were none.
 */
export interface TopologyQuality {
  readonly multiDevicePods: number;
  /** Share of multi-device pods whose devices share one X domain. */
  readonly podsInOneX: number | null;
  readonly gangs: number;
  /** Share of multi-pod gangs entirely inside one node (X), one rack (Y), one SuperPoD (Z). */
  readonly gangsInOneX: number | null;
  readonly gangsInOneY: number | null;
  readonly gangsInOneZ: number | null;
}

export class TopologyCounter {
  private multiDevicePods = 0;
  private podsInX = 0;
  private gangs = 0;
  private gangsInX = 0;
  private gangsInY = 0;
  private gangsInZ = 0;

  record(sim: Simulation, unit: Unit, placements: readonly Placement[]): void {
    const pods = sim.podsOf(unit);
    pods.forEach((p, i) => {
      const pod = sim.workload.pods[p]!;
      if (pod.devices < 2) return;
      this.multiDevicePods++;
      if (inOneDomain(sim, placements[i]!)) this.podsInX++;
    });
    if (pods.length < 2) return;
    this.gangs++;
    const first = placements[0]!.node;
    const state = sim.state;
    let sameNode = true;
    let sameRack = state.rackOf[first]! >= 0;
    let sameSuperPod = state.superPodOf[first]! >= 0;
    for (const placement of placements) {
      if (placement.node !== first) sameNode = false;
      if (state.rackOf[placement.node] !== state.rackOf[first]) sameRack = false;
      if (state.superPodOf[placement.node] !== state.superPodOf[first]) sameSuperPod = false;
    }
    if (sameNode) this.gangsInX++;
    if (sameRack || sameNode) this.gangsInY++;
    if (sameSuperPod || sameNode) this.gangsInZ++;
  }

  result(): TopologyQuality {
    const share = (n: number, d: number) => (d === 0 ? null : n / d);
    return {
      multiDevicePods: this.multiDevicePods,
      podsInOneX: share(this.podsInX, this.multiDevicePods),
      gangs: this.gangs,
      gangsInOneX: share(this.gangsInX, this.gangs),
      gangsInOneY: share(this.gangsInY, this.gangs),
      gangsInOneZ: share(this.gangsInZ, this.gangs),
    };
  }
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
