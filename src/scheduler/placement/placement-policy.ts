import type { FragTracker } from '../frag.ts';
import type { SeededRandom } from '../rng.ts';
import type { ClusterState, PodClass } from '../state.ts';

/** What a policy may read: the cluster state, the fragmentation tracker and its own random stream. */
export interface PlacementContext {
  readonly state: ClusterState;
  readonly frag: FragTracker;
  readonly rng: SeededRandom;
  /** Tie-break order of the nodes: lower rank wins among equal scores. */
  readonly rank: Int32Array;
}

/**
 * One placement policy. The engine filters nodes (pool, CPU, memory, pod count, model, devices, Ascend rules),
 * asks the policy to score each feasible node, takes the highest score and breaks ties by the cluster's node
 * order; then asks the policy which devices of the winner to use.
 */
export interface PlacementPolicy {
  readonly name: string;
  /**
   * What a node's score depends on: only the node (`node`), or also the other nodes of its rack (`rack`).
   * Score caches are invalidated accordingly.
   */
  readonly scope: 'node' | 'rack';
  /** Score of a node that passed the filter; higher wins. Must be a pure function of the state. */
  score(node: number, cls: PodClass): number;
  /** Devices (bit mask, bit i = device i) a pod of this class takes on the chosen node. */
  devices(node: number, cls: PodClass): number;
  /**
   * Nodes the policy keeps back for bigger pods while `reserveActive()` holds: the engine then takes the best
   * node outside the reserve, and a reserved node only when nothing else fits. Must depend only on the node
   * and the class.
   */
  reserved?(node: number, cls: PodClass): boolean;
  reserveActive?(): boolean;
  /** The policy draws the node itself, uniformly among the feasible ones (Random). */
  readonly drawsNode?: boolean;
  /**
   * Preference among racks or SuperPoDs that could host a block of a gang; lower first, ties by index.
   * Default: fewest whole free devices first (fill the fullest domain that fits).
   */
  domainKey?(kind: 'rack' | 'superPod', domain: number): number;
  /**
   * Keep all rack blocks of a gang without `sp-block` in one SuperPoD when one has room for all of them
   * (a soft sp-block: the gang's collectives stay on the UB Z level instead of crossing UBoE), and keep the
   * later blocks of a gang that had to spread near its first one.
   */
  readonly gangsInOneSuperPod?: boolean;
}

export type PlacementFactory = (ctx: PlacementContext) => PlacementPolicy;
