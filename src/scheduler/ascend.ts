/**
 * Ascend NPU placement rules of the Volcano Ascend plugin (MindCluster `ascend-for-volcano`), as summarised in
 * reference/k8s-scheduling.md §1.9: which NPU counts a pod may ask for on each hardware family, which chips
 * of a node may serve one pod (HCCS rings, HiAM pairs, full meshes), and the best-fit "affinity score"
 * (`affScoreList`: 0 = best fit, higher = worse, `chips` = impossible).
 */

/** Values of `huawei.com/schedule_policy` the simulator knows. */
export const ASCEND_SCHEDULE_POLICIES = [
  'chip4-node8',
  'chip4-node16',
  'chip4-node4',
  'chip1-node2',
  'chip1-node8',
  'chip1-node16',
  'chip8-node8',
  'chip8-node16',
  'chip2-node8',
  'chip2-node16',
  'chip2-node16-sp',
  'chip8-node8-sp',
  'chip8-node8-ra64-sp',
] as const;
export type AscendSchedulePolicy = (typeof ASCEND_SCHEDULE_POLICIES)[number];

export function isAscendSchedulePolicy(value: string): value is AscendSchedulePolicy {
  return (ASCEND_SCHEDULE_POLICIES as readonly string[]).includes(value);
}

/** Hardware each policy describes, for messages and documentation. */
export const ASCEND_POLICY_HARDWARE: Readonly<Record<AscendSchedulePolicy, string>> = {
  'chip4-node8': 'Atlas 800 9000/9010 (910, two HCCS rings of 4); Atlas 350 server with two 4-card UB groups',
  'chip4-node16': 'Atlas 350 server, 16 cards in four 4-card UB groups',
  'chip4-node4': 'Atlas 800 910 half node (one ring of 4)',
  'chip1-node2': 'Atlas 300T 910 card (no HCCS)',
  'chip1-node8': 'PCIe card server, 8 cards, no card-to-card link (e.g. Atlas 350 server)',
  'chip1-node16': 'PCIe card server, 16 cards, no card-to-card link',
  'chip8-node8': 'Atlas 800T A2 (one 8-chip interconnect domain)',
  'chip8-node16': 'Atlas 200T/200I A2 Box16 (two HCCS rings of 8)',
  'chip2-node8': 'Atlas A3 node with 8 dies (4 HiAM pairs)',
  'chip2-node16': 'Atlas 800T/800I A3 SuperPoD server (8 HiAM pairs)',
  'chip2-node16-sp': 'Atlas 900 A3 SuperPoD (8 HiAM pairs, sp-block)',
  'chip8-node8-sp': 'Atlas 850 SuperPoD (8-chip full mesh)',
  'chip8-node8-ra64-sp': 'Atlas 950 SuperPoD (X: 8-chip mesh, Y: 64-chip rack, Z: SuperPoD)',
};

/** Chips per node of each policy. */
export function chipsPerNode(policy: AscendSchedulePolicy): number {
  switch (policy) {
    case 'chip4-node4':
      return 4;
    case 'chip1-node2':
      return 2;
    case 'chip4-node16':
    case 'chip8-node16':
    case 'chip2-node16':
    case 'chip2-node16-sp':
    case 'chip1-node16':
      return 16;
    default:
      return 8;
  }
}

/**
 * NPU counts one pod may request. `distributed` is true for a pod of a multi-pod job (gang).
 * Sources: `SetNpuNumInvalidMap` (910 x8: 3, 5, 6, 7 invalid), `module910bx16/frame.go`, `superpod/frame.go`.
 */
export function validNpuRequests(policy: AscendSchedulePolicy, distributed: boolean): readonly number[] {
  switch (policy) {
    case 'chip4-node8':
      return [1, 2, 4, 8];
    // Assumed by analogy with chip4-node8: within one 4-card group, or whole groups.
    case 'chip4-node16':
      return [1, 2, 4, 8, 12, 16];
    case 'chip4-node4':
      return [1, 2, 4];
    case 'chip1-node2':
      return [1, 2];
    case 'chip1-node8':
    case 'chip8-node8':
      return range(1, 8);
    case 'chip1-node16':
      return range(1, 16);
    case 'chip8-node16':
      return [...range(1, 8), 10, 12, 14, 16];
    case 'chip2-node8':
      return distributed ? [2, 4, 6, 8] : [1, 2, 4, 6, 8];
    case 'chip2-node16':
    case 'chip2-node16-sp':
      return distributed ? [2, 4, 6, 8, 10, 12, 14, 16] : [1, 2, 4, 6, 8, 10, 12, 14, 16];
    case 'chip8-node8-sp':
      return distributed ? [8] : [1, 2, 4, 8];
    case 'chip8-node8-ra64-sp':
      return distributed ? [8] : range(1, 8);
  }
}

/** Valid request sizes as bit masks (bit n = n NPUs), per policy: [standalone, distributed]. */
const VALID_MASKS = new Map<AscendSchedulePolicy, readonly [number, number]>(
  ASCEND_SCHEDULE_POLICIES.map((policy) => [
    policy,
    [
      validNpuRequests(policy, false).reduce((m, n) => m | (1 << n), 0),
      validNpuRequests(policy, true).reduce((m, n) => m | (1 << n), 0),
    ],
  ]),
);

export function isValidNpuRequest(policy: AscendSchedulePolicy, npus: number, distributed: boolean): boolean {
  if (npus < 0 || npus > 30) return false;
  return ((VALID_MASKS.get(policy)![distributed ? 1 : 0] >>> npus) & 1) === 1;
}

/**
 * The best-fit "degree of unfitness" of `affScoreList[requested-1][free-1]`: free − requested when the request
 * fits, `impossible` (8 on 8-chip nodes) when it does not. `affScoreList[5] = [8,8,8,8,8,0,1,2]`.
 */
export function affinityScore(requested: number, free: number, impossible = 8): number {
  return free >= requested ? free - requested : impossible;
}

/** Ring preference of the 910 x8 module (`getNPUAllocPriorityArray`): free-chip counts of a ring, best first. */
const RING_PRIORITY: Readonly<Record<number, readonly number[]>> = {
  1: [1, 3, 2, 4],
  2: [2, 4, 3],
  4: [4],
};

/** Chips chosen for one pod on one node, and how badly the choice fits (0 = perfect). */
export interface ChipChoice {
  /** Bit mask of the chips (bit i = chip i). */
  readonly mask: number;
  readonly unfitness: number;
}

/**
 * Chooses `npus` free chips on a node under the policy's interconnect rules, or null when the node cannot
 * serve the request. `freeMask` has bit i set when chip i is entirely free.
 */
export function chooseAscendChips(
  policy: AscendSchedulePolicy,
  freeMask: number,
  npus: number,
  distributed: boolean,
): ChipChoice | null {
  if (!isValidNpuRequest(policy, npus, distributed)) return null;
  const chips = chipsPerNode(policy);
  const all = (1 << chips) - 1;
  const free = freeMask & all;
  const freeCount = popcount(free);
  if (freeCount < npus) return null;
  if (npus === chips) return free === all ? { mask: all, unfitness: 0 } : null;
  switch (policy) {
    case 'chip4-node8':
    case 'chip4-node4':
      return chooseInRings(free, npus, 4, chips / 4);
    case 'chip4-node16':
      return npus <= 4 ? chooseInRings(free, npus, 4, 4) : chooseWholeRings(free, npus, 4, 4);
    case 'chip8-node16':
      if (npus <= 8) return chooseBestFitRing(free, npus, 8, 2);
      return chooseMirrored(free, npus, 8, freeCount);
    case 'chip2-node8':
    case 'chip2-node16':
    case 'chip2-node16-sp':
      return choosePairs(free, npus, chips, freeCount);
    default:
      return { mask: lowestBits(free, npus), unfitness: affinityScore(npus, freeCount, chips) };
  }
}

/** 910 rings of 4: a request of at most 4 chips stays in one ring, chosen by `RING_PRIORITY`. */
function chooseInRings(free: number, npus: number, ringSize: number, rings: number): ChipChoice | null {
  if (npus > ringSize) {
    // 8 chips on an 8-chip node: handled by the caller (whole node); nothing else spans rings.
    return null;
  }
  const priority = RING_PRIORITY[npus];
  if (!priority) return null;
  let best: ChipChoice | null = null;
  for (let r = 0; r < rings; r++) {
    const ringMask = ((1 << ringSize) - 1) << (r * ringSize);
    const ringFree = free & ringMask;
    const rank = priority.indexOf(popcount(ringFree));
    if (rank < 0) continue;
    if (best === null || rank < best.unfitness) best = { mask: lowestBits(ringFree, npus), unfitness: rank };
  }
  return best;
}

/** Requests of several whole rings (a 16-card Atlas 350 server's 4-card UB groups): the first free rings. */
function chooseWholeRings(free: number, npus: number, ringSize: number, rings: number): ChipChoice | null {
  const ringMask = (1 << ringSize) - 1;
  let mask = 0;
  let freeRings = 0;
  for (let r = 0; r < rings; r++) {
    const ring = ringMask << (r * ringSize);
    if ((free & ring) !== ring) continue;
    freeRings++;
    if (popcount(mask) < npus) mask |= ring;
  }
  if (popcount(mask) < npus) return null;
  return { mask: mask >>> 0, unfitness: freeRings - npus / ringSize };
}

/** Box16 rings of 8: a request of at most 8 chips stays in the ring where it fits best. */
function chooseBestFitRing(free: number, npus: number, ringSize: number, rings: number): ChipChoice | null {
  let best: ChipChoice | null = null;
  for (let r = 0; r < rings; r++) {
    const ringMask = ((1 << ringSize) - 1) << (r * ringSize);
    const ringFree = free & ringMask;
    const count = popcount(ringFree);
    if (count < npus) continue;
    const unfitness = count - npus;
    if (best === null || unfitness < best.unfitness) best = { mask: lowestBits(ringFree, npus), unfitness };
  }
  return best;
}

/** Box16 requests of 10, 12 or 14 chips: half in each ring, at identical positions. */
function chooseMirrored(free: number, npus: number, ringSize: number, freeCount: number): ChipChoice | null {
  const lower = free & ((1 << ringSize) - 1);
  const upper = (free >>> ringSize) & ((1 << ringSize) - 1);
  const both = lower & upper;
  const half = npus / 2;
  if (popcount(both) < half) return null;
  const positions = lowestBits(both, half);
  return { mask: (positions | (positions << ringSize)) >>> 0, unfitness: affinityScore(npus, freeCount, 16) };
}

/** A3 HiAM pairs (2k, 2k+1): even requests take whole free pairs; one chip goes to a half-used pair first. */
function choosePairs(free: number, npus: number, chips: number, freeCount: number): ChipChoice | null {
  const unfitness = affinityScore(npus, freeCount, chips);
  if (npus === 1) {
    for (let p = 0; p < chips; p += 2) {
      const pair = (free >>> p) & 3;
      if (pair === 1 || pair === 2) return { mask: (pair === 1 ? 1 : 2) << p, unfitness };
    }
    return { mask: lowestBits(free, 1), unfitness };
  }
  if (npus % 2 !== 0) return null;
  let mask = 0;
  let pairs = 0;
  for (let p = 0; p < chips && pairs < npus / 2; p += 2) {
    if (((free >>> p) & 3) === 3) {
      mask |= 3 << p;
      pairs++;
    }
  }
  return pairs === npus / 2 ? { mask: mask >>> 0, unfitness } : null;
}

/** The `count` lowest set bits of `mask`. */
export function lowestBits(mask: number, count: number): number {
  let out = 0;
  let left = count;
  let m = mask >>> 0;
  while (left > 0 && m !== 0) {
    const bit = m & -m;
    out |= bit;
    m = (m ^ bit) >>> 0;
    left--;
  }
  return out >>> 0;
}

export function popcount(x: number): number {
  let v = x >>> 0;
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i <= to; i++) out.push(i);
  return out;
}

/**
 * Interconnect domain (HCCS ring, HiAM pair group) of a chip, used to judge whether a pod's chips share one
 * X domain: rings of 4 (910 x8), 4-card UB groups (Atlas 350 4p), rings of 8 (Box16); everything else is one domain per node.
 */
export function ascendDomainOf(policy: AscendSchedulePolicy, chip: number): number {
  switch (policy) {
    case 'chip4-node8':
    case 'chip4-node16':
      return chip >> 2;
    case 'chip8-node16':
      return chip >> 3;
    default:
      return 0;
  }
}
