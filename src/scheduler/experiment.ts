import type { TypicalPod } from './frag.ts';
import {
  PercentBins,
  podKind,
  pyRound,
  type RackUse,
  rackUse,
  TopologyCounter,
  type TopologyQuality,
} from './metrics.ts';
import type { PlacementPolicyName } from './placement/index.ts';
import { RandomStream, SeededRandom } from './rng.ts';
import { FeasibilityOracle, Simulation, type Unit, unitsOf } from './simulation.ts';
import type { SimCluster, Workload } from './types.ts';

export interface ExperimentOptions {
  readonly policy: PlacementPolicyName;
  readonly seed: number;
  /** Arrived device demand, in percent of cluster capacity, at which arrivals stop (the paper: 130). */
  readonly untilDemandPercent?: number;
  /** Typical pod set of the fragmentation measure; default: built from the original workload. */
  readonly typical?: readonly TypicalPod[];
  /** Called now and then with (arrivals done, arrivals in total). */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface ExperimentResult {
  readonly mode: 'fgd-experiment';
  readonly policy: PlacementPolicyName;
  readonly seed: number;
  readonly nodes: number;
  readonly totalDevices: number;
  readonly untilDemandPercent: number;
  /** Arrival units (pods or gangs) after tuning, and pods among them. */
  readonly arrivals: number;
  readonly arrivedPods: number;
  readonly placedPods: number;
  readonly failedPods: number;
  /** Failed pods that no node of the empty cluster could have taken. */
  readonly impossiblePods: number;
  readonly failedByKind: Readonly<Record<string, number>>;
  /** Percent of arrived demand (string key) → allocated share of device capacity (milli-based), 0..1. */
  readonly allocationRatio: Readonly<Record<string, number>>;
  /** Percent of arrived demand → fragmentation amount as a share of device capacity, 0..1. */
  readonly fragmentationAmount: Readonly<Record<string, number>>;
  /** Percent of arrived demand → fragmentation as a share of idle device capacity, 0..1. */
  readonly fragmentationRatio: Readonly<Record<string, number>>;
  /** State after the last arrival. */
  readonly final: {
    readonly arrivedDemand: number;
    readonly allocation: number;
    readonly fragmentationAmount: number;
    readonly fragmentationRatio: number;
  };
  readonly topology: TopologyQuality;
  readonly rackUse: readonly RackUse[];
}

/**
 * The FGD paper's experiment (fgd-method.md §2, §6): shuffle the workload's arrival units with the seed,
 * append clones drawn with replacement until the arrived device demand would pass `untilDemandPercent` of
 * capacity (or drop random units while above it), then submit them one by one with no departures; a unit
 * that does not fit fails and is dropped. After every arrival the allocation and fragmentation are binned
 * by the integer percent of arrived demand.
 */
export function runFgdExperiment(
  cluster: SimCluster,
  workload: Workload,
  options: ExperimentOptions,
): ExperimentResult {
  const until = options.untilDemandPercent ?? 130;
  const sim = new Simulation(cluster, workload, {
    policy: options.policy,
    seed: options.seed,
    ...(options.typical ? { typical: options.typical } : {}),
  });
  const state = sim.state;
  const arrivals = tunedArrivals(sim, new SeededRandom(options.seed, RandomStream.workload), until / 100);
  const oracle = new FeasibilityOracle(cluster, workload);
  const bins = new PercentBins(until, 3);
  const topology = new TopologyCounter();
  const failedByKind: Record<string, number> = {};
  const capacity = state.capacityMilli;
  const devices = state.totalDevices;
  let arrived = 0;
  let arrivedPods = 0;
  let placedPods = 0;
  let failedPods = 0;
  let impossiblePods = 0;
  let fragAmount = 0;
  let fragRatio = 0;
  const step = Math.max(1, Math.floor(arrivals.length / 200));
  for (let i = 0; i < arrivals.length; i++) {
    const unit = arrivals[i]!;
    const pods = sim.podsOf(unit);
    arrived += sim.demandOf(unit);
    arrivedPods += pods.length;
    const placements = sim.placeUnit(unit);
    if (placements === null) {
      failedPods += pods.length;
      const impossible = !oracle.possible(unit);
      for (const p of pods) {
        const pod = workload.pods[p]!;
        const kind = podKind(pod.devices, pod.milli);
        failedByKind[kind] = (failedByKind[kind] ?? 0) + 1;
        if (impossible) impossiblePods++;
      }
    } else {
      placedPods += pods.length;
      topology.record(sim, unit, placements);
    }
    const used = state.allocatedMilli;
    fragAmount = sim.frag.total();
    const idle = capacity - used;
    fragRatio = idle > 0 ? fragAmount / idle : 0;
    if (devices > 0) {
      bins.add(pyRound(arrived / devices / 10), [pyRound(used / devices / 10, 2), fragAmount, 100 * fragRatio]);
    }
    if (options.onProgress && (i % step === 0 || i === arrivals.length - 1)) options.onProgress(i + 1, arrivals.length);
  }
  return {
    mode: 'fgd-experiment',
    policy: options.policy,
    seed: options.seed,
    nodes: state.nodeCount,
    totalDevices: devices,
    untilDemandPercent: until,
    arrivals: arrivals.length,
    arrivedPods,
    placedPods,
    failedPods,
    impossiblePods,
    failedByKind,
    allocationRatio: bins.columns(0, (v) => round6(v / 100)),
    fragmentationAmount: bins.columns(1, (v) => round6(v / capacity)),
    fragmentationRatio: bins.columns(2, (v) => round6(v / 100)),
    final: {
      arrivedDemand: capacity > 0 ? round6(arrived / capacity) : 0,
      allocation: capacity > 0 ? round6(state.allocatedMilli / capacity) : 0,
      fragmentationAmount: capacity > 0 ? round6(fragAmount / capacity) : 0,
      fragmentationRatio: round6(fragRatio),
    },
    topology: topology.result(),
    rackUse: rackUse(sim),
  };
}

/**
 * Arrival order of the experiment ("tune", `TunePodsByNodeTotalResource`): shuffled original units, then
 * clones sampled with replacement until the next clone's per-device milli would pass the target (the
 * simulator's quirk: it tests the per-device share, not the clone's total), or random units removed while
 * the demand is above the target.
 */
export function tunedArrivals(sim: Simulation, rng: SeededRandom, ratio: number): Unit[] {
  const original = unitsOf(sim.workload);
  const arrivals = rng.shuffle([...original]);
  const target = ratio * sim.state.capacityMilli;
  let demand = 0;
  for (const unit of arrivals) demand += sim.demandOf(unit);
  // Without device demand the target is never reached: nothing to clone.
  if (demand === 0) return arrivals;
  if (demand < target) {
    for (;;) {
      const unit = original[rng.int(original.length)]!;
      if (demand + perDeviceMilli(sim, unit) > target) break;
      demand += sim.demandOf(unit);
      arrivals.push(unit);
    }
    return arrivals;
  }
  if (demand > target) {
    const alive = new FenwickCounter(arrivals.length);
    let remaining = arrivals.length;
    const removed = new Uint8Array(arrivals.length);
    while (demand > target && remaining > 0) {
      const k = rng.int(remaining);
      const index = alive.findKth(k);
      removed[index] = 1;
      alive.remove(index);
      remaining--;
      demand -= sim.demandOf(arrivals[index]!);
    }
    return arrivals.filter((_, i) => removed[i] === 0);
  }
  return arrivals;
}

function perDeviceMilli(sim: Simulation, unit: Unit): number {
  const first = sim.workload.pods[sim.podsOf(unit)[0]!]!;
  return first.devices > 0 ? first.milli : 0;
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** Counts alive slots and finds the k-th alive one in O(log n). */
class FenwickCounter {
  private readonly tree: Int32Array;
  private readonly n: number;

  constructor(n: number) {
    this.n = n;
    this.tree = new Int32Array(n + 1);
    for (let i = 1; i <= n; i++) {
      this.tree[i]! += 1;
      const parent = i + (i & -i);
      if (parent <= n) this.tree[parent]! += this.tree[i]!;
    }
  }

  remove(index: number): void {
    for (let i = index + 1; i <= this.n; i += i & -i) this.tree[i]! -= 1;
  }

  /** Index of the k-th (0-based) alive slot. */
  findKth(k: number): number {
    let pos = 0;
    let rest = k + 1;
    let step = 1;
    while (step * 2 <= this.n) step *= 2;
    for (; step > 0; step >>= 1) {
      const next = pos + step;
      if (next <= this.n && this.tree[next]! < rest) {
        pos = next;
        rest -= this.tree[next]!;
      }
    }
    return pos;
  }
}
