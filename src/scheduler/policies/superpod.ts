import { chooseAscendChips } from '../ascend.ts';
import type { ClusterState, PodClass } from '../state.ts';
import { Hypothetical, quantisedSigmoid } from './fgd.ts';
import type { PolicyFactory } from './policy.ts';

/** Nodes with at least this many devices can host a whole-node distributed pod (8 NPUs on Ascend). */
const BIG_NODE_DEVICES = 8;
/** Share of big nodes kept whole for whole-node pods once free big nodes become scarce. */
const RESERVE_SHARE = 0.015;

/**
 * `superpod`: our topology- and fragmentation-aware policy. It compares feasible nodes by these keys, in
 * order (the first difference decides; the node order breaks remaining ties):
 *
 * 1. Keep a small reserve of whole big nodes. Once no more than 1.5 % of the ≥8-device nodes are entirely
 *    free, a pod that does not need a whole node avoids them, so 8-device pods still find a node.
 * 2. For a share of a device: the device left with the least milli after placement, cluster-wide (best fit
 *    in the share dimension: small shares fill the remnants big shares leave).
 *    For whole Ascend devices: the Volcano affinity table's unfitness (ring, HiAM pair, mesh).
 * 3. The FGD score ⌊100·σ(ΔF/1000)⌋ (fragmentation gradient of the paper).
 * 4. Resource balance: how far the node's CPU and memory per idle device are from the pod's CPU and memory
 *    per device, |ln(ratio)| summed and rounded. Pods go where their mix matches the node's, so CPU or
 *    memory does not run out while devices sit idle; CPU-only pods go to nodes without idle devices first.
 * 5. Topology: the rack with the fewest free devices, so partly used racks fill first and whole racks stay
 *    free for `ra-block` gangs (64 NPUs = one Atlas 950 rack).
 *
 * On the openb default trace this allocates 95.9 % at 130 % arrived demand (FGD 95.4 %), places 8-GPU pods as
 * long as FGD does, and leaves the fragmentation mostly in the 190-milli remnants of 810-milli pods.
 */
export const superpodPolicy: PolicyFactory = ({ state, frag }) => {
  const what = new Hypothetical(state, frag);
  const reserve = new BigNodeReserve(state);
  return {
    name: 'superpod',
    scope: 'rack',
    epoch: () => reserve.epoch(),
    score(node, cls) {
      let score = 0;
      if (reserve.protects(node, cls)) score -= 1e14;
      if (cls.share) score -= bestRemnant(state, node, cls.milli).remnant * 1e10;
      else if (cls.devices > 0 && state.ascendPolicy[node] != null) {
        const choice = chooseAscendChips(
          state.ascendPolicy[node]!,
          state.freeMask[node]!,
          cls.devices,
          cls.distributed,
        );
        score -= (choice?.unfitness ?? 16) * 1e8;
      }
      score += what.best(node, cls, quantisedSigmoid).score * 1e5;
      score -= balanceClass(state, node, cls) * 1e2;
      const rack = state.rackOf[node]!;
      if (rack >= 0) score -= (99 * state.rackFree[rack]!) / Math.max(1, state.rackCapacity[rack]! / 1000);
      return score;
    },
    devices(node, cls) {
      if (!cls.share) return state.defaultDevices(node, cls);
      return 1 << bestRemnant(state, node, cls.milli).device;
    },
  };
};

/** The fitting device with the least milli left after placing `milli` (lowest index on ties). */
function bestRemnant(state: ClusterState, node: number, milli: number): { remnant: number; device: number } {
  const start = state.devStart[node]!;
  const count = state.devCount[node]!;
  let remnant = Number.POSITIVE_INFINITY;
  let device = -1;
  for (let i = 0; i < count; i++) {
    const left = state.devLeft[start + i]!;
    if (left >= milli && left - milli < remnant) {
      remnant = left - milli;
      device = i;
    }
  }
  return { remnant, device };
}

/**
 * Mismatch between what the node has per idle device and what the pod asks per device, for CPU and memory,
 * as a rounded sum of |ln(have/want)|: 0 when within a factor of about 1.6. Resources the cluster does not
 * model (Inventory nodes) do not count.
 */
function balanceClass(state: ClusterState, node: number, cls: PodClass): number {
  const idle = Math.max(state.idle[node]!, 1);
  const demand = cls.devices * cls.milli;
  let mismatch = 0;
  const cpu = state.cpuLeft[node]!;
  if (Number.isFinite(cpu)) mismatch += logDistance(cpu / idle, demand === 0 ? 1e9 : cls.cpuMilli / demand);
  const memory = state.memLeft[node]!;
  if (Number.isFinite(memory)) mismatch += logDistance(memory / idle, demand === 0 ? 1e9 : cls.memoryMiB / demand);
  return Math.round(mismatch);
}

function logDistance(have: number, want: number): number {
  return Math.abs(Math.log((have + 1e-3) / (want + 1e-3)));
}

/**
 * Counts entirely free big nodes from the change log. Scores change for every node when the count crosses
 * the reserve size, hence the epoch.
 */
class BigNodeReserve {
  private readonly state: ClusterState;
  private readonly size: number;
  private readonly wasFree: Uint8Array;
  private free = 0;
  private cursor: number;

  constructor(state: ClusterState) {
    this.state = state;
    this.wasFree = new Uint8Array(state.nodeCount);
    let big = 0;
    for (let node = 0; node < state.nodeCount; node++) {
      if (state.devCount[node]! < BIG_NODE_DEVICES) continue;
      big++;
      if (state.freeCount[node] === state.devCount[node]) {
        this.wasFree[node] = 1;
        this.free++;
      }
    }
    this.size = big === 0 ? 0 : Math.ceil(RESERVE_SHARE * big);
    this.cursor = state.changeCount;
  }

  epoch(): number {
    this.sync();
    return this.free <= this.size ? 1 : 0;
  }

  private sync(): void {
    const state = this.state;
    const end = state.changeCount;
    for (let e = this.cursor; e < end; e++) {
      const node = state.changedNode(e);
      if (state.devCount[node]! < BIG_NODE_DEVICES) continue;
      const now = state.freeCount[node] === state.devCount[node] ? 1 : 0;
      if (now !== this.wasFree[node]) {
        this.free += now === 1 ? 1 : -1;
        this.wasFree[node] = now;
      }
    }
    this.cursor = end;
  }

  /** True when the node is a free big node in the reserve and the pod does not need all of it. */
  protects(node: number, cls: PodClass): boolean {
    this.sync();
    const state = this.state;
    return (
      this.free <= this.size &&
      state.devCount[node]! >= BIG_NODE_DEVICES &&
      state.freeCount[node] === state.devCount[node] &&
      cls.devices < state.devCount[node]!
    );
  }
}
