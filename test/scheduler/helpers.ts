import { ClusterState, type PodClass } from '../../src/scheduler/state.ts';
import type { DeviceRules, SimCluster, SimGang, SimNode, SimPod, Workload } from '../../src/scheduler/types.ts';

export interface NodeShape {
  readonly devices: number;
  readonly cpuMilli?: number;
  readonly memoryMiB?: number;
  readonly model?: string;
  readonly rules?: DeviceRules;
  readonly rack?: number;
  readonly superPod?: number;
  readonly pool?: string | null;
}

/** A cluster of the given nodes; racks and SuperPoDs are derived from the nodes' indices. */
export function cluster(nodes: readonly NodeShape[], tieBreak: 'seeded' | 'ordered' = 'ordered'): SimCluster {
  const specs: SimNode[] = nodes.map((n, i) => ({
    name: `node-${i}`,
    model: n.model ?? 'G2',
    acceleratorId: null,
    devices: n.devices,
    cpuMilli: n.cpuMilli ?? 96000,
    memoryMiB: n.memoryMiB ?? 393216,
    maxPods: 1001,
    pool: n.pool ?? null,
    superPod: n.superPod ?? (n.rack !== undefined ? 0 : -1),
    rack: n.rack ?? -1,
    slot: i,
    rules: n.rules ?? { kind: 'gpu' },
  }));
  const rackCount = Math.max(0, ...specs.map((n) => n.rack + 1));
  const superPodCount = Math.max(0, ...specs.map((n) => n.superPod + 1));
  const racks = Array.from({ length: rackCount }, (_, r) => ({
    name: `rack-${r}`,
    superPod: specs.find((n) => n.rack === r)?.superPod ?? -1,
    nodes: specs.flatMap((n, i) => (n.rack === r ? [i] : [])),
  }));
  const superPods = Array.from({ length: superPodCount }, (_, s) => ({
    name: `sp-${s}`,
    racks: racks.flatMap((r, i) => (r.superPod === s ? [i] : [])),
    nodes: specs.flatMap((n, i) => (n.superPod === s ? [i] : [])),
  }));
  return { name: 'test', nodes: specs, racks, superPods, levels: null, tieBreak };
}

/** Racks of 8-NPU Atlas 950 nodes: `racks` racks of `nodesPerRack` nodes in `superPods` SuperPoDs. */
export function npuCluster(superPods: number, racksPerPod: number, nodesPerRack = 8): SimCluster {
  const nodes: NodeShape[] = [];
  for (let s = 0; s < superPods; s++) {
    for (let r = 0; r < racksPerPod; r++) {
      for (let n = 0; n < nodesPerRack; n++) {
        nodes.push({
          devices: 8,
          cpuMilli: Number.POSITIVE_INFINITY,
          memoryMiB: Number.POSITIVE_INFINITY,
          model: 'ascend-950dt',
          rules: { kind: 'ascend', policy: 'chip8-node8-ra64-sp' },
          rack: s * racksPerPod + r,
          superPod: s,
        });
      }
    }
  }
  return cluster(nodes);
}

export function pod(devices: number, milli = 1000, extra: Partial<SimPod> = {}): SimPod {
  return {
    name: extra.name ?? `pod-${devices}x${milli}`,
    cpuMilli: 1000,
    memoryMiB: 1024,
    devices,
    milli: devices === 0 ? 0 : milli,
    models: null,
    pool: null,
    priority: 0,
    arrival: 0,
    duration: Number.POSITIVE_INFINITY,
    gang: -1,
    ...extra,
  };
}

/** A workload of lone pods plus gangs given as [pod template, pod count, rack block, sp block]. */
export function workload(
  lone: readonly SimPod[],
  gangs: readonly { template: SimPod; pods: number; rackBlock?: number; superPodBlock?: number }[] = [],
): Workload {
  const pods: SimPod[] = [...lone];
  const gangSpecs: SimGang[] = gangs.map((g, i) => {
    const members: number[] = [];
    for (let k = 0; k < g.pods; k++) {
      members.push(pods.length);
      pods.push({ ...g.template, name: `gang-${i}-${k}`, gang: i });
    }
    return {
      name: `gang-${i}`,
      kind: 'training',
      pods: members,
      rackBlock: g.rackBlock ?? 0,
      superPodBlock: g.superPodBlock ?? 0,
    };
  });
  return { name: 'test', pods, gangs: gangSpecs };
}

/** A state whose devices have the given milli used: [node, device, milli]. */
export function stateWith(spec: SimCluster, used: readonly [number, number, number][] = []): ClusterState {
  const state = new ClusterState(spec);
  for (const [node, device, milli] of used) {
    const p = pod(1, milli, { cpuMilli: 0, memoryMiB: 0 });
    state.place(node, p, state.classOf(p, false), 1 << device);
  }
  return state;
}

export function classOf(state: ClusterState, p: SimPod, distributed = false): PodClass {
  return state.classOf(p, distributed);
}
