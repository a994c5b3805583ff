import type { TypicalPod } from './frag.ts';
import { podKind, type RackUse, TopologyCounter, type TopologyQuality } from './metrics.ts';
import type { PlacementPolicyName } from './placement/index.ts';
import { FeasibilityOracle, type Placement, Simulation, type Unit, unitsOf } from './simulation.ts';
import type { SimCluster, Workload } from './types.ts';

export interface EventLoopOptions {
  readonly policy: PlacementPolicyName;
  readonly seed: number;
  readonly typical?: readonly TypicalPod[];
  /** Waiting units tried after each change before the loop moves on (backfill depth). @default 32 */
  readonly backfill?: number;
  /** Points of the allocation-over-time series. @default 100 */
  readonly samples?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface WaitStats {
  readonly count: number;
  readonly meanS: number;
  readonly p50S: number;
  readonly p95S: number;
  readonly maxS: number;
}

export interface EventLoopResult {
  readonly mode: 'event-loop';
  readonly policy: PlacementPolicyName;
  readonly seed: number;
  readonly nodes: number;
  readonly totalDevices: number;
  readonly units: number;
  readonly pods: number;
  readonly placedPods: number;
  /** Pods no node of the empty cluster could take: reported once, never queued. */
  readonly failedPods: number;
  readonly failedByKind: Readonly<Record<string, number>>;
  /** Pods still waiting when the arrivals ran out and nothing else was leaving. */
  readonly pendingPods: number;
  /** Time from arrival to placement: of lone pods, and of multi-pod gangs (the gang wait). */
  readonly waits: { readonly pods: WaitStats | null; readonly gangs: WaitStats | null };
  /** Allocated share of device capacity: time average over the run, peak, and at the end. */
  readonly allocation: { readonly timeAverage: number; readonly peak: number; readonly final: number };
  readonly fragmentation: {
    readonly timeAverageAmount: number;
    readonly timeAverageRatio: number;
    readonly finalAmount: number;
    readonly finalRatio: number;
  };
  readonly allocationOverTime: readonly { readonly timeS: number; readonly allocation: number }[];
  readonly topology: TopologyQuality;
  /** Time-averaged use of each rack. */
  readonly rackUse: readonly RackUse[];
  /** Arrival window (first to last arrival) the time averages cover, s. */
  readonly spanS: number;
}

/**
 * Event-loop mode: units arrive at their arrival times, wait in a priority queue (higher priority first,
 * then first come) while nothing fits, run for their duration and leave, freeing their devices. After every
 * change the queue is retried (up to `backfill` units, skipping shapes that just failed). Gangs are placed
 * all at once or wait. Units that could not run even on the empty cluster are reported as failed.
 */
export function runEventLoop(cluster: SimCluster, workload: Workload, options: EventLoopOptions): EventLoopResult {
  const sim = new Simulation(cluster, workload, {
    policy: options.policy,
    seed: options.seed,
    ...(options.typical ? { typical: options.typical } : {}),
  });
  const state = sim.state;
  const oracle = new FeasibilityOracle(cluster, workload);
  const units = unitsOf(workload);
  const arrivalOf = (u: Unit) => workload.pods[sim.podsOf(u)[0]!]!.arrival;
  const priorityOf = (u: Unit) => workload.pods[sim.podsOf(u)[0]!]!.priority;
  const durationOf = (u: Unit) => workload.pods[sim.podsOf(u)[0]!]!.duration;
  const order = units.map((_, i) => i).sort((a, b) => arrivalOf(units[a]!) - arrivalOf(units[b]!) || a - b);
  const capacity = state.capacityMilli;
  const backfill = options.backfill ?? 32;
  const topology = new TopologyCounter();
  const failedByKind: Record<string, number> = {};
  const podWaits: number[] = [];
  const gangWaits: number[] = [];
  const departures = new Heap<{ time: number; unit: Unit; placements: Placement[] }>((a, b) => a.time - b.time);
  const queue = new Heap<{ unit: Unit; arrival: number; priority: number; seq: number }>(
    (a, b) => b.priority - a.priority || a.arrival - b.arrival || a.seq - b.seq,
  );
  const shapeKey = new Map<Unit, string>();
  const keyOf = (u: Unit) => {
    let key = shapeKey.get(u);
    if (key === undefined) {
      key = u >= 0 ? `p${sim.classOfPod(u).id}` : `g${sim.podsOf(u).map((p) => sim.classOfPod(p).id)}`;
      if (u < 0) {
        const gang = workload.gangs[-u - 1]!;
        key += `/${gang.rackBlock}/${gang.superPodBlock}`;
      }
      shapeKey.set(u, key);
    }
    return key;
  };

  const first = order.length > 0 ? arrivalOf(units[order[0]!]!) : 0;
  const last = order.length > 0 ? arrivalOf(units[order[order.length - 1]!]!) : 0;
  const samples = options.samples ?? 100;
  const sampleEvery = last > first ? (last - first) / samples : 0;
  const series: { timeS: number; allocation: number }[] = [];
  let nextSample = first;
  let clock = first;
  let allocArea = 0;
  let fragArea = 0;
  let fragRatioArea = 0;
  let peak = 0;
  let fragAmount = 0;
  let fragRatio = 0;
  const rackArea = new Float64Array(cluster.racks.length);
  const rackBusy = new Float64Array(cluster.racks.length);
  const rackSince = new Float64Array(cluster.racks.length).fill(first);
  let rackCursor = state.changeCount;

  // Time averages cover the arrival window [first, last arrival]: the steady state, without the final drain.
  const advance = (time: number) => {
    if (time > clock) {
      const dt = Math.max(0, Math.min(time, last) - Math.min(clock, last));
      allocArea += state.allocatedMilli * dt;
      fragArea += fragAmount * dt;
      fragRatioArea += fragRatio * dt;
      while (sampleEvery > 0 && nextSample <= time && series.length <= samples) {
        series.push({ timeS: nextSample, allocation: round6(state.allocatedMilli / capacity) });
        nextSample += sampleEvery;
      }
      clock = time;
    }
  };
  const afterChanges = () => {
    const end = state.changeCount;
    for (let e = rackCursor; e < end; e++) {
      const rack = state.rackOf[state.changedNode(e)]!;
      if (rack < 0) continue;
      const now = Math.min(clock, last);
      rackArea[rack]! += rackBusy[rack]! * (now - rackSince[rack]!);
      rackSince[rack] = now;
      rackBusy[rack] = state.rackCapacity[rack]! - state.rackIdle[rack]!;
    }
    rackCursor = end;
    fragAmount = sim.frag.total();
    const idle = capacity - state.allocatedMilli;
    fragRatio = idle > 0 ? fragAmount / idle : 0;
    peak = Math.max(peak, state.allocatedMilli);
  };

  let placedPods = 0;
  let failedPods = 0;
  let seq = 0;
  const start = (unit: Unit, placements: Placement[], arrival: number) => {
    const pods = sim.podsOf(unit);
    placedPods += pods.length;
    (pods.length > 1 ? gangWaits : podWaits).push(clock - arrival);
    topology.record(sim, unit, placements);
    const duration = durationOf(unit);
    if (Number.isFinite(duration)) departures.push({ time: clock + duration, unit, placements });
  };
  const pass = () => {
    if (queue.size === 0) return;
    const held: { unit: Unit; arrival: number; priority: number; seq: number }[] = [];
    const failedAt = new Map<string, number>();
    let failures = 0;
    while (queue.size > 0 && failures < backfill) {
      const item = queue.pop()!;
      const key = keyOf(item.unit);
      if (failedAt.get(key) === state.changeCount) {
        held.push(item);
        continue;
      }
      const placements = sim.placeUnit(item.unit);
      if (placements === null) {
        failedAt.set(key, state.changeCount);
        held.push(item);
        failures++;
      } else start(item.unit, placements, item.arrival);
    }
    for (const item of held) queue.push(item);
  };

  const step = Math.max(1, Math.floor(order.length / 200));
  let next = 0;
  while (next < order.length || departures.size > 0) {
    const arrival = next < order.length ? arrivalOf(units[order[next]!]!) : Number.POSITIVE_INFINITY;
    const leaving = departures.size > 0 ? departures.peek()!.time : Number.POSITIVE_INFINITY;
    if (leaving <= arrival) {
      advance(leaving);
      while (departures.size > 0 && departures.peek()!.time <= leaving) {
        const done = departures.pop()!;
        sim.releaseUnit(done.unit, done.placements);
      }
      pass();
    } else {
      advance(arrival);
      const unit = units[order[next]!]!;
      next++;
      if (!oracle.possible(unit)) {
        for (const p of sim.podsOf(unit)) {
          const pod = workload.pods[p]!;
          const kind = podKind(pod.devices, pod.milli);
          failedByKind[kind] = (failedByKind[kind] ?? 0) + 1;
          failedPods++;
        }
      } else {
        const item = { unit, arrival, priority: priorityOf(unit), seq: seq++ };
        if (queue.size === 0) {
          const placements = sim.placeUnit(unit);
          if (placements === null) queue.push(item);
          else start(unit, placements, arrival);
        } else {
          queue.push(item);
          pass();
        }
      }
      if (options.onProgress && (next % step === 0 || next === order.length)) options.onProgress(next, order.length);
    }
    afterChanges();
  }
  for (let r = 0; r < rackArea.length; r++) rackArea[r]! += rackBusy[r]! * (Math.min(clock, last) - rackSince[r]!);
  let pendingPods = 0;
  while (queue.size > 0) pendingPods += sim.podsOf(queue.pop()!.unit).length;
  const span = last - first;
  return {
    mode: 'event-loop',
    policy: options.policy,
    seed: options.seed,
    nodes: state.nodeCount,
    totalDevices: state.totalDevices,
    units: units.length,
    pods: workload.pods.length,
    placedPods,
    failedPods,
    failedByKind,
    pendingPods,
    waits: { pods: waitStats(podWaits), gangs: waitStats(gangWaits) },
    allocation: {
      timeAverage: span > 0 ? round6(allocArea / span / capacity) : round6(state.allocatedMilli / capacity),
      peak: round6(peak / capacity),
      final: round6(state.allocatedMilli / capacity),
    },
    fragmentation: {
      timeAverageAmount: span > 0 ? round6(fragArea / span / capacity) : round6(fragAmount / capacity),
      timeAverageRatio: span > 0 ? round6(fragRatioArea / span) : round6(fragRatio),
      finalAmount: round6(fragAmount / capacity),
      finalRatio: round6(fragRatio),
    },
    allocationOverTime: series,
    topology: topology.result(),
    rackUse: cluster.racks.map((rack, r) => ({
      rack: rack.name,
      superPod: rack.superPod >= 0 ? (cluster.superPods[rack.superPod]?.name ?? null) : null,
      devices: state.rackCapacity[r]! / 1000,
      used:
        state.rackCapacity[r]! === 0
          ? 0
          : span > 0
            ? round6(rackArea[r]! / span / state.rackCapacity[r]!)
            : round6(1 - state.rackIdle[r]! / state.rackCapacity[r]!),
    })),
    spanS: span,
  };
}

function waitStats(waits: number[]): WaitStats | null {
  if (waits.length === 0) return null;
  const sorted = Float64Array.from(waits).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  let sum = 0;
  for (const w of sorted) sum += w;
  return {
    count: sorted.length,
    meanS: round6(sum / sorted.length),
    p50S: at(0.5),
    p95S: at(0.95),
    maxS: sorted[sorted.length - 1]!,
  };
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** Binary min-heap under a comparator. */
class Heap<T> {
  private readonly items: T[] = [];
  private readonly less: (a: T, b: T) => number;

  constructor(compare: (a: T, b: T) => number) {
    this.less = compare;
  }

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  push(item: T): void {
    const items = this.items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.less(items[i]!, items[parent]!) >= 0) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  pop(): T | undefined {
    const items = this.items;
    if (items.length === 0) return undefined;
    const top = items[0]!;
    const end = items.pop()!;
    if (items.length > 0) {
      items[0] = end;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < items.length && this.less(items[l]!, items[m]!) < 0) m = l;
        if (r < items.length && this.less(items[r]!, items[m]!) < 0) m = r;
        if (m === i) break;
        [items[i], items[m]] = [items[m]!, items[i]!];
        i = m;
      }
    }
    return top;
  }
}
