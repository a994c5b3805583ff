import type { AscendSchedulePolicy } from './ascend.ts';

/**
 * Plain data the simulator runs on: a cluster (nodes with devices and topology coordinates) and a workload
 * (pods, optionally grouped in gangs). Both are built from an Inventory, from openb CSV files or by the
 * synthetic generator; the engine never looks at where they came from.
 */

/** How the devices of one node may be combined for one pod. */
export type DeviceRules =
  /** Any free devices of the node (GPU servers of the openb trace, NVIDIA nodes). */
  | { readonly kind: 'gpu' }
  /** The Volcano Ascend plugin's rules for this `huawei.com/schedule_policy` (§1.9). */
  | { readonly kind: 'ascend'; readonly policy: AscendSchedulePolicy };

export interface SimNode {
  readonly name: string;
  /** Device model pods may ask for (`gpu_spec` in openb, the accelerator id for Inventory nodes). */
  readonly model: string;
  /** Catalogue accelerator id, when known. */
  readonly acceleratorId: string | null;
  readonly devices: number;
  /** Allocatable CPU in milli-cores; Infinity when not modelled. */
  readonly cpuMilli: number;
  /** Allocatable memory in MiB; Infinity when not modelled. */
  readonly memoryMiB: number;
  /** Largest number of pods on the node (the FGD simulator uses 1001). */
  readonly maxPods: number;
  /** Node pool; pods that name a pool only go to its nodes. */
  readonly pool: string | null;
  /** Index into SimCluster.superPods, -1 when the node belongs to none. */
  readonly superPod: number;
  /** Index into SimCluster.racks, -1 when the node's rack is unknown. */
  readonly rack: number;
  /** Server index within the SuperPoD (`huawei.com/topotree.serverid`). */
  readonly slot: number;
  readonly rules: DeviceRules;
  /** Where the node was defined: `file.csv:12` or an inventory id. */
  readonly source?: string;
}

export interface SimRack {
  readonly name: string;
  readonly superPod: number;
  /** Node indices, in slot order. */
  readonly nodes: readonly number[];
}

export interface SimSuperPod {
  readonly name: string;
  readonly racks: readonly number[];
  readonly nodes: readonly number[];
}

/** Devices one domain of each UB level holds: X node mesh, Y rack, Z SuperPoD. */
export interface UbLevels {
  readonly x: number;
  readonly y: number;
  readonly z: number;
}

export interface SimCluster {
  readonly name: string;
  readonly nodes: readonly SimNode[];
  readonly racks: readonly SimRack[];
  readonly superPods: readonly SimSuperPod[];
  readonly levels: UbLevels | null;
  /**
   * How equal scores are broken: `seeded` draws one random node order per seed (the FGD simulator's node-name
   * prefix); `ordered` prefers the node listed first (SuperPoD, rack, slot), which packs topology domains.
   */
  readonly tieBreak: 'seeded' | 'ordered';
}

export interface SimPod {
  readonly name: string;
  readonly cpuMilli: number;
  readonly memoryMiB: number;
  /** Devices asked for; 0 for a CPU-only pod. */
  readonly devices: number;
  /** Share of each device in milli (1..1000); 1000 = whole devices; 0 for a CPU-only pod. */
  readonly milli: number;
  /** Device models the pod accepts; null = any. */
  readonly models: readonly string[] | null;
  readonly pool: string | null;
  /** Higher is scheduled first when pods wait (event loop). */
  readonly priority: number;
  /** Arrival time in seconds (event loop); 0 when unknown. */
  readonly arrival: number;
  /** Run time in seconds once placed (event loop); Infinity = never leaves. */
  readonly duration: number;
  /** Index of the pod's gang in Workload.gangs, -1 for a pod on its own. */
  readonly gang: number;
  /** Where the pod was defined: `file.csv:12` or an inventory id. */
  readonly source?: string;
}

export type GangKind = 'training' | 'inference' | 'synthetic';

/** Pods that are placed all together or not at all (Volcano PodGroup with minMember = all). */
export interface SimGang {
  readonly name: string;
  readonly kind: GangKind;
  /** Pod indices into Workload.pods. */
  readonly pods: readonly number[];
  /** Pods per logical rack (Volcano `ra-block` / NPUs per pod); 0 = no rack constraint. */
  readonly rackBlock: number;
  /** Pods per logical SuperPoD (`sp-block` / NPUs per pod); 0 = no SuperPoD constraint. */
  readonly superPodBlock: number;
  readonly source?: string;
}

export interface Workload {
  readonly name: string;
  readonly pods: readonly SimPod[];
  readonly gangs: readonly SimGang[];
}

/** Demand of a pod in milli-devices. */
export function podDemand(pod: SimPod): number {
  return pod.devices * pod.milli;
}
