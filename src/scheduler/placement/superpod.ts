import { type AscendSchedulePolicy, chooseAscendChips } from '../ascend.ts';
import { type ClusterState, MAX_DEVICES_PER_NODE, type PodClass } from '../state.ts';
import { Hypothetical, quantisedSigmoid } from './fgd.ts';
import type { PlacementFactory } from './placement-policy.ts';

/** Nodes with at least this many devices can host a whole-node distributed pod (8 NPUs on Ascend). */
const BIG_NODE_DEVICES = 8;
/** Share of big nodes kept whole for whole-node pods once free big nodes become scarce. */
const RESERVE_SHARE = 0.03;

/**
 * `superpod`: our topology- and fragmentation-aware policy. Feasible nodes are compared by these keys in
 * order (the first difference decides; the cluster's node order breaks remaining ties):
 *
 * 1. For a share of a device: the least milli left on the device after placement, cluster-wide (best fit in
 *    the share dimension, so small shares fill the remnants big shares leave). For whole NPUs on nodes
 *    whose chips form several interconnect domains (910 HCCS rings, Box16 rings, A3 HiAM pairs): the Volcano
 *    affinity table's unfitness (§1.9), so a request takes the ring or pair it fits best.
 * 2. The FGD score ⌊100·σ(ΔF/1000)⌋, the fragmentation gradient of the paper.
 * 3. Resource balance: how far the node's CPU and memory per idle device are from the pod's CPU and memory
 *    per device, Σ|ln(have/want)| rounded. Pods go where their mix matches the node's, so CPU or memory does
 *    not run out while devices sit idle; CPU-only pods go to nodes without idle devices first. (Inventory
 *    nodes do not model CPU and memory; the key is then 0.)
 * 4. A node that is entirely free and has 8 or more devices comes last for a pod that does not need all of it.
 *
 * Around these keys:
 * - a reserve of whole big nodes: once no more than 3 % of the ≥8-device nodes are entirely free, a pod
 *   that does not need a whole node takes another node if any fits, so 8-device pods still find one;
 * - gangs: all `ra-block`s of a gang go to one SuperPoD when one has enough free racks (the fullest such
 *   SuperPoD), each to its fullest fitting rack, so multi-rack jobs stay inside one UB Z domain.
 *
 * Openb default trace, 10 seeds at 130 % arrived demand: 95.9 % allocated (FGD 95.4 %), 8-GPU pods placed as
 * long as under FGD; what stays idle is mostly the 190-milli remnants of 810-milli pods.
 */
export const superpodPolicy: PlacementFactory = ({ state, frag }) => {
  const what = new Hypothetical(state, frag);
  const reserve = new BigNodeReserve(state);
  return {
    name: 'superpod',
    scope: 'node',
    gangsInOneSuperPod: true,
    reserveActive: () => reserve.active(),
    reserved: (node, cls) => reserve.holds(node, cls),
    score(node, cls) {
      let fit = 0;
      if (cls.share) fit = -leastRemnant(state, node, cls.milli);
      else if (cls.devices > 0 && hasSeveralDomains(state.ascendPolicy[node])) {
        const choice = chooseAscendChips(
          state.ascendPolicy[node]!,
          state.freeMask[node]!,
          cls.devices,
          cls.distributed,
        );
        fit = -(choice?.unfitness ?? MAX_DEVICES_PER_NODE);
      }
      const fgd = what.best(node, cls, quantisedSigmoid).score;
      // Keys are small integers (fit ≥ -1000, fgd 0..100, balance 0..~60, 0/1): one exact float orders them.
      const breaksBigNode = reserve.holds(node, cls) ? 1 : 0;
      return ((fit * 101 + fgd) * 1000 - Math.min(balanceClass(state, node, cls), 999)) * 2 - breaksBigNode;
    },
    // For a share, the default is the fitting device with the least milli left: the one leastRemnant scores.
    devices: (node, cls) => state.defaultDevices(node, cls),
  };
};

/** Nodes whose chips form several interconnect domains (HCCS rings, HiAM pairs): the chip choice matters. */
function hasSeveralDomains(policy: AscendSchedulePolicy | null | undefined): boolean {
  return (
    policy === 'chip4-node8' ||
    policy === 'chip4-node16' ||
    policy === 'chip8-node16' ||
    policy === 'chip2-node8' ||
    policy === 'chip2-node16' ||
    policy === 'chip2-node16-sp'
  );
}

/** The least milli a fitting device of the node keeps after placing `milli` (+∞ when none fits). */
function leastRemnant(state: ClusterState, node: number, milli: number): number {
  const start = state.devStart[node]!;
  const count = state.devCount[node]!;
  let remnant = Number.POSITIVE_INFINITY;
  for (let i = 0; i < count; i++) {
    const left = state.devLeft[start + i]!;
    if (left >= milli) remnant = Math.min(remnant, left - milli);
  }
  return remnant;
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

/** Counts entirely free big nodes from the change log; the reserve is active at or below its size. */
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
    this.size = Math.ceil(RESERVE_SHARE * big);
    this.cursor = state.changeCount;
  }

  /** True while no more than the reserve size of big nodes are entirely free. */
  active(): boolean {
    this.sync();
    return this.free <= this.size;
  }

  private sync(): void {
    const state = this.state;
    const end = state.changeCount;
    // Stryker disable next-line EqualityOperator: replaying one more entry re-reads a node's current state, which changes nothing
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

  /** True when the node is an entirely free big node and the pod does not need all of it. */
  holds(node: number, cls: PodClass): boolean {
    const state = this.state;
    return (
      state.devCount[node]! >= BIG_NODE_DEVICES &&
      state.freeCount[node] === state.devCount[node] &&
      cls.devices < state.devCount[node]!
    );
  }
}
