import type { PlacementPolicy } from './placement/placement-policy.ts';
import type { SeededRandom } from './rng.ts';
import type { ClusterState, PodClass } from './state.ts';

/**
 * Finds the best feasible node for a pod: highest policy score, ties to the lowest node rank.
 *
 * Scores are cached per pod class in a tournament tree (winner of every subtree), so the best node is read
 * at the root. A node's cached scores go stale only when the node (or, for rack-scoped policies, its rack)
 * changes; each class replays the state's change log lazily when a pod of that class arrives. One query
 * costs O(changes since the class was last seen × log N) instead of O(N).
 */
export class NodeSelector {
  private readonly state: ClusterState;
  private readonly policy: PlacementPolicy;
  private readonly rank: Int32Array;
  private readonly rng: SeededRandom;
  private readonly size: number;
  private readonly indexes: (ClassIndex | undefined)[] = [];
  private readonly rackNodes: readonly (readonly number[])[];

  constructor(state: ClusterState, policy: PlacementPolicy, rank: Int32Array, rng: SeededRandom) {
    this.state = state;
    this.policy = policy;
    this.rank = rank;
    this.rng = rng;
    let size = 1;
    while (size < state.nodeCount) size *= 2;
    this.size = size;
    this.rackNodes = state.spec.racks.map((r) => r.nodes);
  }

  /** Best feasible node in the whole cluster, or -1. */
  choose(cls: PodClass): number {
    if (this.policy.drawsNode) return this.draw(cls);
    const index = this.sync(cls);
    if (index.spare !== null && this.policy.reserveActive?.() === true) {
      const spareWinner = index.spare.tree[1]!;
      if (spareWinner >= 0 && index.spare.scores[spareWinner] !== Number.NEGATIVE_INFINITY) return spareWinner;
    }
    const winner = index.tree[1]!;
    return winner < 0 || index.scores[winner] === Number.NEGATIVE_INFINITY ? -1 : winner;
  }

  /** Best feasible node among `nodes` (a rack or a SuperPoD), or -1. */
  chooseAmong(nodes: readonly number[], cls: PodClass): number {
    const state = this.state;
    let best = -1;
    let bestScore = Number.NEGATIVE_INFINITY;
    let seen = 0;
    const reserve = this.policy.reserveActive?.() === true;
    let bestReserved = true;
    for (const node of nodes) {
      if (!state.feasible(node, cls)) continue;
      if (this.policy.drawsNode) {
        // Reservoir sampling: uniform among the feasible nodes.
        seen++;
        if (this.rng.int(seen) === 0) best = node;
        continue;
      }
      const score = this.policy.score(node, cls);
      const reserved = reserve && this.policy.reserved?.(node, cls) === true;
      if (
        best < 0 ||
        (bestReserved && !reserved) ||
        (reserved === bestReserved &&
          (score > bestScore || (score === bestScore && this.rank[node]! < this.rank[best]!)))
      ) {
        best = node;
        bestScore = score;
        bestReserved = reserved;
      }
    }
    return best;
  }

  /** Uniform draw among feasible nodes: a few rejection samples, then a full scan. */
  private draw(cls: PodClass): number {
    const state = this.state;
    const n = state.nodeCount;
    if (n === 0) return -1;
    for (let attempt = 0; attempt < 16; attempt++) {
      const node = this.rng.int(n);
      if (state.feasible(node, cls)) return node;
    }
    const feasible: number[] = [];
    for (let node = 0; node < n; node++) {
      if (state.feasible(node, cls)) feasible.push(node);
    }
    return feasible.length === 0 ? -1 : feasible[this.rng.int(feasible.length)]!;
  }

  private sync(cls: PodClass): ClassIndex {
    let index = this.indexes[cls.id];
    const state = this.state;
    const end = state.changeCount;
    if (index === undefined) {
      index = {
        scores: new Float64Array(state.nodeCount),
        tree: new Int32Array(2 * this.size).fill(-1),
        stamp: new Uint32Array(state.nodeCount),
        batch: 0,
        cursor: end,
        spare: this.policy.reserved
          ? { scores: new Float64Array(state.nodeCount), tree: new Int32Array(2 * this.size).fill(-1) }
          : null,
      };
      this.indexes[cls.id] = index;
      this.rebuild(index, cls);
      return index;
    }
    if (index.cursor === end) return index;
    if (end - index.cursor > state.nodeCount) {
      this.rebuild(index, cls);
      index.cursor = end;
      return index;
    }
    const batch = ++index.batch;
    const { stamp } = index;
    const rackScope = this.policy.scope === 'rack';
    for (let e = index.cursor; e < end; e++) {
      const changed = state.changedNode(e);
      const rack = rackScope ? state.rackOf[changed]! : -1;
      if (rack >= 0) {
        for (const node of this.rackNodes[rack]!) {
          if (stamp[node] === batch) continue;
          stamp[node] = batch;
          this.rescore(index, node, cls);
        }
      } else if (stamp[changed] !== batch) {
        stamp[changed] = batch;
        this.rescore(index, changed, cls);
      }
    }
    index.cursor = end;
    return index;
  }

  private scoreOf(node: number, cls: PodClass): number {
    return this.state.feasible(node, cls) ? this.policy.score(node, cls) : Number.NEGATIVE_INFINITY;
  }

  private rescore(index: ClassIndex, node: number, cls: PodClass): void {
    const score = this.scoreOf(node, cls);
    index.scores[node] = score;
    this.update(index.tree, index.scores, node);
    if (index.spare !== null) {
      index.spare.scores[node] = this.policy.reserved!(node, cls) ? Number.NEGATIVE_INFINITY : score;
      this.update(index.spare.tree, index.spare.scores, node);
    }
  }

  private rebuild(index: ClassIndex, cls: PodClass): void {
    const { scores, tree, spare } = index;
    const n = this.state.nodeCount;
    for (let node = 0; node < n; node++) {
      scores[node] = this.scoreOf(node, cls);
      tree[this.size + node] = node;
      if (spare !== null) {
        spare.scores[node] = this.policy.reserved!(node, cls) ? Number.NEGATIVE_INFINITY : scores[node]!;
        spare.tree[this.size + node] = node;
      }
    }
    for (let k = this.size - 1; k >= 1; k--) {
      tree[k] = this.better(scores, tree[2 * k]!, tree[2 * k + 1]!);
      if (spare !== null) spare.tree[k] = this.better(spare.scores, spare.tree[2 * k]!, spare.tree[2 * k + 1]!);
    }
  }

  private update(tree: Int32Array, scores: Float64Array, node: number): void {
    let k = (this.size + node) >> 1;
    while (k >= 1) {
      tree[k] = this.better(scores, tree[2 * k]!, tree[2 * k + 1]!);
      k >>= 1;
    }
  }

  private better(scores: Float64Array, a: number, b: number): number {
    if (a < 0) return b;
    if (b < 0) return a;
    const sa = scores[a]!;
    const sb = scores[b]!;
    if (sa > sb) return a;
    if (sb > sa) return b;
    return this.rank[a]! <= this.rank[b]! ? a : b;
  }
}

interface ClassIndex {
  readonly scores: Float64Array;
  readonly tree: Int32Array;
  readonly stamp: Uint32Array;
  batch: number;
  cursor: number;
  /** The same ranking without the policy's reserved nodes (null when the policy reserves none). */
  readonly spare: { readonly scores: Float64Array; readonly tree: Int32Array } | null;
}
