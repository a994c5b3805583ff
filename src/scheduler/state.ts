import type { AscendSchedulePolicy } from './ascend.ts';
import { chooseAscendChips, lowestBits, popcount } from './ascend.ts';
import type { SimCluster, SimPod } from './types.ts';

/** Milli-units of one whole device. */
export const MILLI = 1000;
/** Devices per node the bit masks can hold. */
export const MAX_DEVICES_PER_NODE = 30;
/** Affinity tags of the GpuClustering policy: 0 none, 1 share, 1 + k for k whole devices. */
export const TAG_COUNT = MAX_DEVICES_PER_NODE + 2;

/**
 * What a policy needs to know about a pod, shared by every pod with the same request: CPU, memory, device
 * count and share, accepted models, pool, and whether it belongs to a multi-pod job. Scores are cached per
 * class (real traces use few distinct request shapes: 151 in the openb default trace).
 */
export interface PodClass extends Pick<SimPod, 'cpuMilli' | 'memoryMiB' | 'devices' | 'milli' | 'models' | 'pool'> {
  readonly id: number;
  /** Pod of a multi-pod job: the Ascend rules for distributed jobs apply. */
  readonly distributed: boolean;
  /** One device shared with others (milli < 1000). */
  readonly share: boolean;
  /** GpuClustering affinity tag. */
  readonly tag: number;
  /** Model accepted, indexed by the state's model id. */
  readonly modelOk: Uint8Array;
  /** Pool id the pod needs, -1 = any. */
  readonly poolId: number;
}

/**
 * Mutable cluster state of one simulation run, in typed arrays (one slot per node or device) so a run over
 * 65,536 nodes and a million pods stays fast and small. Every change bumps the node's version and is
 * appended to a change log that score caches replay.
 */
export class ClusterState {
  readonly spec: SimCluster;
  readonly nodeCount: number;
  readonly cpuLeft: Float64Array;
  readonly memLeft: Float64Array;
  readonly podsLeft: Float64Array;
  readonly devStart: Int32Array;
  readonly devCount: Int32Array;
  /** Milli left on each device, flattened; a node's devices start at devStart[node]. */
  readonly devLeft: Int32Array;
  /** Σ milli left per node. */
  readonly idle: Int32Array;
  /** Bit i set when device i of the node is entirely free. */
  readonly freeMask: Int32Array;
  readonly freeCount: Int32Array;
  readonly modelId: Int32Array;
  readonly modelNames: readonly string[];
  readonly poolId: Int32Array;
  readonly poolNames: readonly string[];
  readonly ascendPolicy: readonly (AscendSchedulePolicy | null)[];
  readonly rackOf: Int32Array;
  readonly superPodOf: Int32Array;
  /** Whole free devices per rack and per SuperPoD. */
  readonly rackFree: Int32Array;
  readonly superPodFree: Int32Array;
  /** Σ milli left per rack. */
  readonly rackIdle: Float64Array;
  readonly rackCapacity: Float64Array;
  /** Racks by whole free devices: bucket f is a bit set of the racks with exactly f free devices. */
  private readonly rackBuckets: Uint32Array[];
  /** Resident GPU pods per (node, affinity tag), and how many distinct tags each node holds. */
  readonly tagCounts: Int32Array;
  readonly tagKinds: Int32Array;
  readonly version: Uint32Array;
  readonly totalDevices: number;
  readonly capacityMilli: number;
  allocatedMilli = 0;
  private log: Int32Array;
  private logLength = 0;
  private readonly classes = new Map<string, PodClass>();
  private readonly classList: PodClass[] = [];

  constructor(spec: SimCluster) {
    this.spec = spec;
    const n = spec.nodes.length;
    this.nodeCount = n;
    this.cpuLeft = new Float64Array(n);
    this.memLeft = new Float64Array(n);
    this.podsLeft = new Float64Array(n);
    this.devStart = new Int32Array(n);
    this.devCount = new Int32Array(n);
    this.idle = new Int32Array(n);
    this.freeMask = new Int32Array(n);
    this.freeCount = new Int32Array(n);
    this.modelId = new Int32Array(n);
    this.poolId = new Int32Array(n);
    this.rackOf = new Int32Array(n);
    this.superPodOf = new Int32Array(n);
    this.version = new Uint32Array(n);
    this.tagCounts = new Int32Array(n * TAG_COUNT);
    this.tagKinds = new Int32Array(n);
    this.rackFree = new Int32Array(spec.racks.length);
    this.rackIdle = new Float64Array(spec.racks.length);
    this.rackCapacity = new Float64Array(spec.racks.length);
    this.superPodFree = new Int32Array(spec.superPods.length);
    const models = new Map<string, number>();
    const pools = new Map<string, number>();
    const ascend: (AscendSchedulePolicy | null)[] = [];
    let devices = 0;
    for (let i = 0; i < n; i++) {
      const node = spec.nodes[i]!;
      this.devStart[i] = devices;
      this.devCount[i] = node.devices;
      devices += node.devices;
      this.cpuLeft[i] = node.cpuMilli;
      this.memLeft[i] = node.memoryMiB;
      this.podsLeft[i] = node.maxPods;
      this.idle[i] = node.devices * MILLI;
      this.freeMask[i] = (1 << node.devices) - 1;
      this.freeCount[i] = node.devices;
      this.modelId[i] = intern(models, node.model);
      this.poolId[i] = node.pool === null ? -1 : intern(pools, node.pool);
      this.rackOf[i] = node.rack;
      this.superPodOf[i] = node.superPod;
      ascend.push(node.rules.kind === 'ascend' ? node.rules.policy : null);
      // Stryker disable next-line ConditionalExpression: a typed array ignores index -1; the check says what is meant
      if (node.rack >= 0) {
        this.rackFree[node.rack]! += node.devices;
        this.rackIdle[node.rack]! += node.devices * MILLI;
        this.rackCapacity[node.rack]! += node.devices * MILLI;
      }
      // Stryker disable next-line ConditionalExpression: a typed array ignores index -1; the check says what is meant
      if (node.superPod >= 0) this.superPodFree[node.superPod]! += node.devices;
    }
    this.devLeft = new Int32Array(devices).fill(MILLI);
    this.totalDevices = devices;
    this.capacityMilli = devices * MILLI;
    let maxRackDevices = 0;
    for (let r = 0; r < spec.racks.length; r++) maxRackDevices = Math.max(maxRackDevices, this.rackFree[r]!);
    // Stryker disable next-line ArithmeticOperator: more words than racks need stay zero, and a zero word is skipped
    const words = Math.ceil(spec.racks.length / 32);
    this.rackBuckets = Array.from({ length: maxRackDevices + 1 }, () => new Uint32Array(words));
    for (let r = 0; r < spec.racks.length; r++) this.rackBuckets[this.rackFree[r]!]![r >>> 5]! |= 1 << (r & 31);
    this.modelNames = [...models.keys()];
    this.poolNames = [...pools.keys()];
    this.ascendPolicy = ascend;
    this.log = new Int32Array(1024);
  }

  /** The class of a pod (created on first use). */
  classOf(pod: SimPod, distributed: boolean): PodClass {
    const models = pod.devices > 0 && pod.models !== null ? [...pod.models].sort() : null;
    const key = [
      pod.cpuMilli,
      pod.memoryMiB,
      pod.devices,
      pod.milli,
      models?.join('|') ?? '*',
      // Stryker disable next-line StringLiteral: pool names are DNS labels, never '' (nor '*')
      pod.pool ?? '*',
      distributed ? 1 : 0,
    ].join('|');
    let cls = this.classes.get(key);
    if (cls === undefined) {
      const modelOk = new Uint8Array(this.modelNames.length);
      // Stryker disable next-line EqualityOperator: a typed array ignores a write one past its end
      for (let m = 0; m < modelOk.length; m++) {
        modelOk[m] = models === null || models.includes(this.modelNames[m]!) ? 1 : 0;
      }
      const share = pod.devices === 1 && pod.milli < MILLI;
      cls = {
        id: this.classList.length,
        cpuMilli: pod.cpuMilli,
        memoryMiB: pod.memoryMiB,
        devices: pod.devices,
        milli: pod.milli,
        models,
        pool: pod.pool,
        distributed,
        share,
        tag: pod.devices === 0 ? 0 : share ? 1 : Math.min(1 + pod.devices, TAG_COUNT - 1),
        modelOk,
        poolId: this.poolIdOf(pod.pool),
      };
      this.classes.set(key, cls);
      this.classList.push(cls);
    }
    return cls;
  }

  /** -1 for any pool; -2 for a pool no node has, which matches nothing. */
  private poolIdOf(pool: string | null): number {
    if (pool === null) return -1;
    const index = this.poolNames.indexOf(pool);
    return index < 0 ? -2 : index;
  }

  get classCount(): number {
    return this.classList.length;
  }

  /** Filter: can the node host a pod of this class now (pool, CPU, memory, pod count, model, devices)? */
  feasible(node: number, cls: PodClass): boolean {
    if (cls.poolId !== -1 && this.poolId[node] !== cls.poolId) return false;
    if (this.cpuLeft[node]! < cls.cpuMilli || this.memLeft[node]! < cls.memoryMiB || this.podsLeft[node]! < 1) {
      return false;
    }
    if (cls.devices === 0) return true;
    if (cls.modelOk[this.modelId[node]!] !== 1) return false;
    if (cls.share) {
      // Stryker disable next-line ConditionalExpression: a shortcut; no device of the node has more than the node's total
      if (this.idle[node]! < cls.milli) return false;
      const start = this.devStart[node]!;
      const end = start + this.devCount[node]!;
      for (let d = start; d < end; d++) if (this.devLeft[d]! >= cls.milli) return true;
      return false;
    }
    if (this.freeCount[node]! < cls.devices) return false;
    const policy = this.ascendPolicy[node];
    if (policy == null) return true;
    return chooseAscendChips(policy, this.freeMask[node]!, cls.devices, cls.distributed) !== null;
  }

  /**
   * Devices a pod of this class takes on the node when the policy has no opinion: for a share, the device
   * with the least milli left that fits (lowest index on ties); for whole devices, the lowest free indices,
   * or the chips the Ascend rules choose.
   */
  defaultDevices(node: number, cls: PodClass): number {
    // Stryker disable next-line ConditionalExpression: lowestBits and the Ascend rules also give 0 for 0 devices
    if (cls.devices === 0) return 0;
    if (cls.share) {
      const start = this.devStart[node]!;
      const count = this.devCount[node]!;
      let best = -1;
      let bestLeft = MILLI + 1;
      for (let i = 0; i < count; i++) {
        const left = this.devLeft[start + i]!;
        if (left >= cls.milli && left < bestLeft) {
          best = i;
          bestLeft = left;
        }
      }
      return best < 0 ? 0 : 1 << best;
    }
    const policy = this.ascendPolicy[node];
    if (policy == null) return lowestBits(this.freeMask[node]!, cls.devices);
    return chooseAscendChips(policy, this.freeMask[node]!, cls.devices, cls.distributed)?.mask ?? 0;
  }

  /** Books a pod on the node's devices in `mask`. */
  place(node: number, pod: SimPod, cls: PodClass, mask: number): void {
    this.cpuLeft[node]! -= pod.cpuMilli;
    this.memLeft[node]! -= pod.memoryMiB;
    this.podsLeft[node]! -= 1;
    if (cls.devices > 0) {
      const start = this.devStart[node]!;
      let taken = 0;
      let m = mask >>> 0;
      while (m !== 0) {
        const bit = m & -m;
        const i = 31 - Math.clz32(bit);
        if (this.devLeft[start + i] === MILLI) taken |= bit;
        this.devLeft[start + i]! -= cls.milli;
        m = (m ^ bit) >>> 0;
      }
      const used = cls.devices * cls.milli;
      this.idle[node]! -= used;
      this.allocatedMilli += used;
      const newlyBusy = popcount(taken);
      this.freeMask[node] = this.freeMask[node]! & ~taken;
      this.freeCount[node]! -= newlyBusy;
      const rack = this.rackOf[node]!;
      if (rack >= 0) {
        this.moveRack(rack, this.rackFree[rack]! - newlyBusy);
        this.rackIdle[rack]! -= used;
      }
      const sp = this.superPodOf[node]!;
      // Stryker disable next-line ConditionalExpression: a typed array ignores index -1; the check says what is meant
      if (sp >= 0) this.superPodFree[sp]! -= newlyBusy;
      const slot = node * TAG_COUNT + cls.tag;
      if (this.tagCounts[slot]!++ === 0) this.tagKinds[node]! += 1;
    }
    this.touch(node);
  }

  /** Undoes `place` (a pod leaves, or a gang is rolled back). */
  release(node: number, pod: SimPod, cls: PodClass, mask: number): void {
    this.cpuLeft[node]! += pod.cpuMilli;
    this.memLeft[node]! += pod.memoryMiB;
    this.podsLeft[node]! += 1;
    if (cls.devices > 0) {
      const start = this.devStart[node]!;
      let freed = 0;
      let m = mask >>> 0;
      while (m !== 0) {
        const bit = m & -m;
        const i = 31 - Math.clz32(bit);
        this.devLeft[start + i]! += cls.milli;
        if (this.devLeft[start + i] === MILLI) freed |= bit;
        m = (m ^ bit) >>> 0;
      }
      const used = cls.devices * cls.milli;
      this.idle[node]! += used;
      this.allocatedMilli -= used;
      const nowFree = popcount(freed);
      this.freeMask[node] = this.freeMask[node]! | freed;
      this.freeCount[node]! += nowFree;
      const rack = this.rackOf[node]!;
      if (rack >= 0) {
        this.moveRack(rack, this.rackFree[rack]! + nowFree);
        this.rackIdle[rack]! += used;
      }
      const sp = this.superPodOf[node]!;
      // Stryker disable next-line ConditionalExpression: a typed array ignores index -1; the check says what is meant
      if (sp >= 0) this.superPodFree[sp]! += nowFree;
      const slot = node * TAG_COUNT + cls.tag;
      if (--this.tagCounts[slot]! === 0) this.tagKinds[node]! -= 1;
    }
    this.touch(node);
  }

  private moveRack(rack: number, free: number): void {
    const old = this.rackFree[rack]!;
    // Stryker disable next-line ConditionalExpression: moving a rack to its own bucket clears and sets the same bit
    if (old === free) return;
    const word = rack >>> 5;
    const bit = 1 << (rack & 31);
    this.rackBuckets[old]![word]! &= ~bit;
    this.rackBuckets[free]![word]! |= bit;
    this.rackFree[rack] = free;
  }

  /**
   * The rack with the fewest whole free devices that still has `need`, lowest index first, skipping racks
   * `skip` rejects; -1 when none. O(buckets × racks / 32) at worst instead of a scan of every rack.
   */
  fullestRackWith(need: number, skip: (rack: number) => boolean): number {
    for (let free = Math.max(0, need); free < this.rackBuckets.length; free++) {
      const bucket = this.rackBuckets[free]!;
      for (let w = 0; w < bucket.length; w++) {
        let bits = bucket[w]!;
        while (bits !== 0) {
          const low = bits & -bits;
          const rack = (w << 5) + (31 - Math.clz32(low));
          if (!skip(rack)) return rack;
          bits ^= low;
        }
      }
    }
    return -1;
  }

  private touch(node: number): void {
    this.version[node]! += 1;
    if (this.logLength === this.log.length) {
      const grown = new Int32Array(this.log.length * 2);
      grown.set(this.log);
      this.log = grown;
    }
    this.log[this.logLength++] = node;
  }

  /** Number of changes so far; a cache that saw `n` changes replays entries n..changeCount-1. */
  get changeCount(): number {
    return this.logLength;
  }

  changedNode(entry: number): number {
    return this.log[entry]!;
  }
}

function intern(map: Map<string, number>, key: string): number {
  let id = map.get(key);
  if (id === undefined) {
    id = map.size;
    map.set(key, id);
  }
  return id;
}
