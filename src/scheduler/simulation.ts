import { FragTracker, type TypicalPod, typicalPods } from './frag.ts';
import { type PlacementPolicyName, placementPolicyByName } from './placement/index.ts';
import type { PlacementPolicy } from './placement/placement-policy.ts';
import { RandomStream, SeededRandom } from './rng.ts';
import { NodeSelector } from './selector.ts';
import { ClusterState, MILLI, type PodClass } from './state.ts';
import type { SimCluster, SimGang, SimPod, Workload } from './types.ts';

/** Where one pod went: node index and device bit mask. */
export interface Placement {
  readonly node: number;
  readonly mask: number;
}

export interface SimulationOptions {
  readonly policy: PlacementPolicyName;
  readonly seed: number;
  /** Typical pod set of the fragmentation measure; default: built from the workload's pods. */
  readonly typical?: readonly TypicalPod[];
}

/**
 * An arrival unit: a pod on its own (`unit >= 0`, the pod index) or a whole gang (`unit < 0`, gang
 * `-unit - 1`). Gangs arrive, wait, are placed and leave as one.
 */
export type Unit = number;

export function gangUnit(gang: number): Unit {
  return -gang - 1;
}

/** Arrival units of a workload in pod order: each lone pod, and each gang at its first pod. */
export function unitsOf(workload: Workload): Unit[] {
  const units: Unit[] = [];
  const seen = new Uint8Array(workload.gangs.length);
  workload.pods.forEach((pod, p) => {
    if (pod.gang < 0) units.push(p);
    else if (seen[pod.gang] === 0) {
      seen[pod.gang] = 1;
      units.push(gangUnit(pod.gang));
    }
  });
  return units;
}

/**
 * One run's scheduler: cluster state, fragmentation tracker, policy and node selector, with placement of
 * single pods and all-or-nothing placement of gangs under Volcano's `ra-block` / `sp-block` constraints.
 */
export class Simulation {
  readonly cluster: SimCluster;
  readonly workload: Workload;
  readonly state: ClusterState;
  readonly frag: FragTracker;
  readonly policy: PlacementPolicy;
  readonly rank: Int32Array;
  readonly typical: readonly TypicalPod[];
  private readonly selector: NodeSelector;
  private readonly podClass: (PodClass | undefined)[] = [];
  private readonly superPodRacks: readonly (readonly number[])[];

  constructor(cluster: SimCluster, workload: Workload, options: SimulationOptions) {
    this.cluster = cluster;
    this.workload = workload;
    this.state = new ClusterState(cluster);
    this.typical = options.typical ?? typicalPods(workload.pods);
    this.frag = new FragTracker(this.state, this.typical);
    const policyRng = new SeededRandom(options.seed, RandomStream.policy);
    this.rank =
      cluster.tieBreak === 'seeded'
        ? new SeededRandom(options.seed, RandomStream.nodeOrder).permutation(this.state.nodeCount)
        : Int32Array.from({ length: this.state.nodeCount }, (_, i) => i);
    this.policy = placementPolicyByName(options.policy)({
      state: this.state,
      frag: this.frag,
      rng: policyRng,
      rank: this.rank,
    });
    this.selector = new NodeSelector(this.state, this.policy, this.rank, policyRng);
    this.superPodRacks = cluster.superPods.map((sp) => sp.racks);
  }

  classOfPod(p: number): PodClass {
    let cls = this.podClass[p];
    if (cls === undefined) {
      const pod = this.workload.pods[p]!;
      const gang = pod.gang >= 0 ? this.workload.gangs[pod.gang] : undefined;
      cls = this.state.classOf(pod, gang !== undefined && gang.pods.length > 1);
      this.podClass[p] = cls;
    }
    return cls;
  }

  /** Places one pod anywhere in the cluster; null when no node can take it now. */
  placePod(p: number): Placement | null {
    const pod = this.workload.pods[p]!;
    const cls = this.classOfPod(p);
    const node = this.selector.choose(cls);
    return node < 0 ? null : this.book(pod, cls, node);
  }

  releasePod(p: number, placement: Placement): void {
    this.state.release(placement.node, this.workload.pods[p]!, this.classOfPod(p), placement.mask);
  }

  /** Places every pod of a gang, or none (null). Placements follow `gang.pods`. */
  placeGang(g: number): Placement[] | null {
    const gang = this.workload.gangs[g]!;
    const out: (Placement | undefined)[] = new Array(gang.pods.length);
    let ok: boolean;
    if (gang.superPodBlock > 0) {
      ok = this.placeInDomains(gang, 0, gang.pods.length, out, 'superPod', null);
    } else if (gang.rackBlock > 0) {
      ok = this.placeInOneSuperPod(gang, out) || this.placeInDomains(gang, 0, gang.pods.length, out, 'rack', null);
    } else {
      ok = this.placeRange(gang, 0, gang.pods.length, out, null);
    }
    return ok ? (out as Placement[]) : null;
  }

  releaseGang(g: number, placements: readonly Placement[]): void {
    const gang = this.workload.gangs[g]!;
    gang.pods.forEach((p, i) => {
      this.releasePod(p, placements[i]!);
    });
  }

  /** Places a unit; the placements follow the gang's pods (one entry for a lone pod). */
  placeUnit(unit: Unit): Placement[] | null {
    if (unit >= 0) {
      const placement = this.placePod(unit);
      return placement === null ? null : [placement];
    }
    return this.placeGang(-unit - 1);
  }

  releaseUnit(unit: Unit, placements: readonly Placement[]): void {
    if (unit >= 0) this.releasePod(unit, placements[0]!);
    else this.releaseGang(-unit - 1, placements);
  }

  /** Pods of a unit. */
  podsOf(unit: Unit): readonly number[] {
    return unit >= 0 ? [unit] : this.workload.gangs[-unit - 1]!.pods;
  }

  /** Device demand of a unit in milli-devices. */
  demandOf(unit: Unit): number {
    let demand = 0;
    for (const p of this.podsOf(unit)) {
      const pod = this.workload.pods[p]!;
      demand += pod.devices * pod.milli;
    }
    return demand;
  }

  private book(pod: SimPod, cls: PodClass, node: number): Placement {
    const mask = cls.devices === 0 ? 0 : this.policy.devices(node, cls);
    if (cls.devices > 0 && popcountOf(mask) !== cls.devices) {
      throw new Error(`policy ${this.policy.name} chose ${popcountOf(mask)} devices for pod ${pod.name}`);
    }
    this.state.place(node, pod, cls, mask);
    return { node, mask };
  }

  /** Places gang pods from..to-1 one by one, anywhere (`nodes` null) or among `nodes`; rolls back on failure. */
  private placeRange(
    gang: SimGang,
    from: number,
    to: number,
    out: (Placement | undefined)[],
    nodes: readonly number[] | null,
  ): boolean {
    for (let i = from; i < to; i++) {
      const p = gang.pods[i]!;
      const pod = this.workload.pods[p]!;
      const cls = this.classOfPod(p);
      const node = nodes === null ? this.selector.choose(cls) : this.selector.chooseAmong(nodes, cls);
      if (node < 0) {
        this.rollback(gang, from, i, out);
        return false;
      }
      out[i] = this.book(pod, cls, node);
    }
    return true;
  }

  /**
   * Places gang pods from..to-1 in blocks that must each share one domain (a rack for `ra-block`, a SuperPoD
   * for `sp-block`, with rack blocks inside when both are set). For each block the domains with enough whole
   * free devices are tried in the policy's order (default: fewest free devices first); `candidates` null
   * means every domain of the level.
   */
  private placeInDomains(
    gang: SimGang,
    from: number,
    to: number,
    out: (Placement | undefined)[],
    level: 'superPod' | 'rack',
    candidates: readonly number[] | null,
  ): boolean {
    const block = level === 'superPod' ? gang.superPodBlock : gang.rackBlock;
    let anchor = -1;
    for (let b = from; b < to; b += block) {
      const end = Math.min(b + block, to);
      let wholeDevices = 0;
      for (let i = b; i < end; i++) {
        const pod = this.workload.pods[gang.pods[i]!]!;
        if (pod.milli === MILLI) wholeDevices += pod.devices;
      }
      let placed = false;
      const tried = new Set<number>();
      while (!placed) {
        const best = this.bestDomain(level, candidates, wholeDevices, anchor, tried);
        if (best < 0) break;
        tried.add(best);
        placed =
          level === 'superPod' && gang.rackBlock > 0
            ? this.placeInDomains(gang, b, end, out, 'rack', this.superPodRacks[best]!)
            : this.placeRange(gang, b, end, out, this.domainNodes(level, best));
      }
      if (!placed) {
        this.rollback(gang, from, b, out);
        return false;
      }
      if (anchor < 0) anchor = this.state.superPodOf[out[b]!.node]!;
    }
    return true;
  }

  /**
   * The next domain to try for a block needing `wholeDevices`: the policy's order when it has one, else the
   * fewest whole free devices first (lowest index on ties); for policies that keep gangs in one SuperPoD, the
   * racks of the gang's SuperPoD (`anchor`) come first. -1 when no untried domain has room.
   */
  private bestDomain(
    level: 'superPod' | 'rack',
    candidates: readonly number[] | null,
    wholeDevices: number,
    anchor: number,
    tried: ReadonlySet<number>,
  ): number {
    const free = level === 'superPod' ? this.state.superPodFree : this.state.rackFree;
    const domainKey = this.policy.domainKey;
    const scan = (list: readonly number[] | null): number => {
      const count = list === null ? free.length : list.length;
      let best = -1;
      let bestKey = Number.POSITIVE_INFINITY;
      for (let c = 0; c < count; c++) {
        const d = list === null ? c : list[c]!;
        if (free[d]! < wholeDevices || tried.has(d)) continue;
        const key = domainKey ? domainKey(level, d) : free[d]!;
        if (best < 0 || key < bestKey) {
          best = d;
          bestKey = key;
        }
      }
      return best;
    };
    if (level === 'rack' && anchor >= 0 && this.policy.gangsInOneSuperPod && candidates === null) {
      const near = scan(this.superPodRacks[anchor]!);
      if (near >= 0) return near;
    }
    if (level === 'rack' && candidates === null && !domainKey) {
      return this.state.fullestRackWith(wholeDevices, (r) => tried.has(r));
    }
    return scan(candidates);
  }

  /**
   * The soft sp-block of policies that ask for it: try the SuperPoDs with enough free racks for every block
   * of the gang, fullest first, placing all blocks inside one of them.
   */
  private placeInOneSuperPod(gang: SimGang, out: (Placement | undefined)[]): boolean {
    const blocks = Math.ceil(gang.pods.length / gang.rackBlock);
    if (!this.policy.gangsInOneSuperPod || blocks < 2 || this.cluster.superPods.length < 2) return false;
    let blockDevices = 0;
    for (let i = 0; i < Math.min(gang.rackBlock, gang.pods.length); i++) {
      const pod = this.workload.pods[gang.pods[i]!]!;
      if (pod.milli === MILLI) blockDevices += pod.devices;
    }
    const state = this.state;
    const fitting: number[] = [];
    this.superPodRacks.forEach((racks, sp) => {
      let roomy = 0;
      for (const r of racks) if (state.rackFree[r]! >= blockDevices) roomy++;
      if (roomy >= blocks) fitting.push(sp);
    });
    fitting.sort((a, b) => state.superPodFree[a]! - state.superPodFree[b]! || a - b);
    for (const sp of fitting) {
      if (this.placeInDomains(gang, 0, gang.pods.length, out, 'rack', this.superPodRacks[sp]!)) return true;
    }
    return false;
  }

  private domainNodes(level: 'superPod' | 'rack', domain: number): readonly number[] {
    return level === 'superPod' ? this.cluster.superPods[domain]!.nodes : this.cluster.racks[domain]!.nodes;
  }

  private rollback(gang: SimGang, from: number, to: number, out: (Placement | undefined)[]): void {
    for (let i = to - 1; i >= from; i--) {
      const placement = out[i];
      if (placement !== undefined) {
        this.releasePod(gang.pods[i]!, placement);
        out[i] = undefined;
      }
    }
  }
}

/**
 * Answers "could this unit ever run here?" by placing it on an empty copy of the cluster, so impossible pods
 * (more devices than any node, an unknown model or pool, a rack block larger than any rack) are reported
 * once instead of waiting forever. Answers are cached by request shape.
 */
export class FeasibilityOracle {
  private readonly sim: Simulation;
  private readonly cache = new Map<string, boolean>();

  constructor(cluster: SimCluster, workload: Workload) {
    this.sim = new Simulation(cluster, workload, { policy: 'first-fit', seed: 0, typical: [] });
  }

  possible(unit: Unit): boolean {
    const sim = this.sim;
    const pods = sim.podsOf(unit);
    let key =
      unit >= 0 ? 'p' : `g${sim.workload.gangs[-unit - 1]!.rackBlock}/${sim.workload.gangs[-unit - 1]!.superPodBlock}`;
    for (const p of pods) key += `:${sim.classOfPod(p).id}/${sim.workload.pods[p]!.memoryMiB}`;
    let answer = this.cache.get(key);
    if (answer === undefined) {
      const placements = sim.placeUnit(unit);
      answer = placements !== null;
      if (placements !== null) sim.releaseUnit(unit, placements);
      this.cache.set(key, answer);
    }
    return answer;
  }
}

function popcountOf(mask: number): number {
  let v = mask >>> 0;
  let c = 0;
  while (v !== 0) {
    v &= v - 1;
    c++;
  }
  return c;
}
