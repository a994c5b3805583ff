import { listNodeTypes } from '../catalog/index.ts';
import { SuperpodInputError } from '../errors.ts';
import type {
  InferenceServiceInfo,
  Inventory,
  NodeInfo,
  RecommendationServiceInfo,
  ServingPoolInfo,
  TrainingJobInfo,
} from '../inventory/types.ts';
import { type AscendSchedulePolicy, isAscendSchedulePolicy, validNpuRequests } from './ascend.ts';
import { MAX_DEVICES_PER_NODE } from './state.ts';
import type { DeviceRules, SimCluster, SimGang, SimNode, SimPod, SimRack, SimSuperPod, Workload } from './types.ts';

/** Node label that overrides the Ascend schedule policy the simulator derives from the node type. */
export const SCHEDULE_POLICY_LABEL = 'huawei.com/schedule_policy';

/** The node type's Ascend rules: `kubernetes.schedulePolicy` of the catalogue's node-types.json, where it is set. */
function catalogueSchedulePolicy(nodeTypeId: string): AscendSchedulePolicy | undefined {
  const policy = listNodeTypes().find((t) => t.id === nodeTypeId)?.kubernetes.schedulePolicy;
  return policy !== undefined && isAscendSchedulePolicy(policy) ? policy : undefined;
}

/**
 * Device rules of an Inventory node: the `huawei.com/schedule_policy` label when set, else the node type's
 * policy, else by accelerator (Ascend 950 → UB mesh of 8, 910B → 8-chip domain, 910C → HiAM pairs, Atlas 350
 * → PCIe cards); anything else (NVIDIA) takes any free devices.
 */
export function deviceRulesOf(node: NodeInfo): DeviceRules {
  const label = node.labels[SCHEDULE_POLICY_LABEL];
  if (label !== undefined && isAscendSchedulePolicy(label)) return { kind: 'ascend', policy: label };
  const byType = catalogueSchedulePolicy(node.nodeTypeId);
  if (byType) return { kind: 'ascend', policy: byType };
  const count = node.acceleratorCount;
  switch (node.acceleratorId) {
    case 'ascend-950dt':
    case 'ascend-950pr':
      return { kind: 'ascend', policy: 'chip8-node8-ra64-sp' };
    case 'ascend-910b':
      return { kind: 'ascend', policy: 'chip8-node8' };
    // MindCluster counts each 910C die as one device: 16 dies = 8 packages (chip2-node16), 8 dies = chip2-node8.
    case 'ascend-910c':
      return { kind: 'ascend', policy: count > 8 ? 'chip2-node16' : 'chip2-node8' };
    case 'atlas-350':
      return { kind: 'ascend', policy: count > 8 ? 'chip1-node16' : 'chip1-node8' };
    default:
      return { kind: 'gpu' };
  }
}

/**
 * The simulator's cluster for an Inventory: every node with its devices, in topology order (SuperPoD index,
 * rack index, server index), with its SuperPoD and rack as the UB Z and Y domains and the node as the X
 * domain. CPU and memory are not modelled (the Inventory does not carry them). Ties go to the first node in
 * that order, which fills racks one after the other.
 */
export function clusterFromInventory(inventory: Inventory): SimCluster {
  const superPods = [...inventory.superPods].sort((a, b) => a.index - b.index || compare(a.id, b.id));
  const superPodIndex = new Map(superPods.map((sp, i) => [sp.id, i]));
  const racks = [...inventory.racks].sort(
    (a, b) =>
      (superPodIndex.get(a.superPodId) ?? Number.MAX_SAFE_INTEGER) -
        (superPodIndex.get(b.superPodId) ?? Number.MAX_SAFE_INTEGER) ||
      a.index - b.index ||
      compare(a.id, b.id),
  );
  const rackIndex = new Map(racks.map((r, i) => [r.id, i]));
  const nodes = [...inventory.nodes].sort(
    (a, b) =>
      (superPodIndex.get(a.superPodId) ?? -1) - (superPodIndex.get(b.superPodId) ?? -1) ||
      (rackIndex.get(a.rackId) ?? -1) - (rackIndex.get(b.rackId) ?? -1) ||
      a.serverIndex - b.serverIndex ||
      compare(a.id, b.id),
  );
  const rackNodes: number[][] = racks.map(() => []);
  const superPodNodes: number[][] = superPods.map(() => []);
  const specs: SimNode[] = nodes.map((node, i) => {
    if (node.acceleratorCount > MAX_DEVICES_PER_NODE) {
      throw new SuperpodInputError({
        where: node.path,
        problem: `the simulator handles at most ${MAX_DEVICES_PER_NODE} accelerators per node`,
        value: node.acceleratorCount,
        fix: 'split the node or lower acceleratorCount',
      });
    }
    const rack = rackIndex.get(node.rackId) ?? -1;
    const superPod = superPodIndex.get(node.superPodId) ?? -1;
    if (rack >= 0) rackNodes[rack]!.push(i);
    if (superPod >= 0) superPodNodes[superPod]!.push(i);
    return {
      name: node.name,
      model: node.acceleratorId,
      acceleratorId: node.acceleratorId,
      devices: node.acceleratorCount,
      cpuMilli: Number.POSITIVE_INFINITY,
      memoryMiB: Number.POSITIVE_INFINITY,
      maxPods: Number.POSITIVE_INFINITY,
      pool: node.pool,
      superPod,
      rack,
      slot: node.serverIndex,
      rules: deviceRulesOf(node),
      source: node.id,
    };
  });
  const rackSpecs: SimRack[] = racks.map((rack, r) => ({
    name: rack.id,
    superPod: superPodIndex.get(rack.superPodId) ?? -1,
    nodes: rackNodes[r]!,
  }));
  const superPodSpecs: SimSuperPod[] = superPods.map((sp, s) => ({
    name: sp.id,
    racks: rackSpecs.flatMap((rack, r) => (rack.superPod === s ? [r] : [])),
    nodes: superPodNodes[s]!,
  }));
  const fabric = superPods[0]?.fabric;
  const level = (name: 'X' | 'Y' | 'Z') => fabric?.levels.find((l) => l.name === name)?.maxNpus;
  const x = level('X');
  const y = level('Y');
  const z = level('Z');
  return {
    name: inventory.stack,
    nodes: specs,
    racks: rackSpecs,
    superPods: superPodSpecs,
    levels: x !== undefined && y !== undefined && z !== undefined ? { x, y, z } : null,
    tieBreak: 'ordered',
  };
}

/** Defaults of the Kubernetes synthesiser for pods without container sizes: 8 cores and 64 GiB per NPU. */
const CPU_PER_NPU_MILLI = 8000;
const MEMORY_PER_NPU_MIB = 64 * 1024;

/**
 * The Inventory's workloads as simulator pods:
 *  - a training job is one gang of `replicas` pods of `npusPerPod` NPUs on its pool; `raBlock` and `spBlock`
 *    (NPUs per logical rack and SuperPoD, Volcano) become blocks of pods that must share a rack or SuperPoD;
 *  - each replica of an inference service pool (prefill and decode) is one instance of tp × pp × dp NPUs (as
 *    the Kubernetes synthesiser deploys it): one pod when it fits a node, else a gang of whole-node pods,
 *    kept in one rack (the UB Y domain) when the instance fits a rack; a recommendation service's replica is an
 *    instance of devicesPerReplica NPUs.
 * Inference pods have priority 1, training pods 0. Nothing leaves (duration Infinity).
 */
export function workloadFromInventory(inventory: Inventory): Workload {
  const pods: SimPod[] = [];
  const gangs: SimGang[] = [];
  const rackDevices = new Map<string, number>();
  for (const node of inventory.nodes) {
    rackDevices.set(node.rackId, (rackDevices.get(node.rackId) ?? 0) + node.acceleratorCount);
  }
  const pools = new Map<string, PoolSize>();
  for (const node of inventory.nodes) {
    const size = pools.get(node.pool) ?? { nodeDevices: 0, rackDevices: 0 };
    pools.set(node.pool, {
      nodeDevices: Math.max(size.nodeDevices, node.acceleratorCount),
      rackDevices: Math.max(size.rackDevices, rackDevices.get(node.rackId) ?? 0),
    });
  }
  for (const workload of inventory.workloads) {
    if (workload.kind === 'training-job') addTrainingJob(workload, pods, gangs);
    else addServingInstances(workload, pools, pods, gangs);
  }
  return { name: inventory.stack, pods, gangs };
}

function addTrainingJob(job: TrainingJobInfo, pods: SimPod[], gangs: SimGang[]): void {
  const npus = job.npusPerPod;
  const total = job.replicas * npus;
  const blockPods = (value: number | undefined, name: 'raBlock' | 'spBlock'): number => {
    if (value === undefined) return 0;
    if (!Number.isInteger(value) || value <= 0 || value % npus !== 0) {
      throw new SuperpodInputError({
        where: job.path,
        problem: `${name} must be a positive multiple of npusPerPod (${npus})`,
        value,
        fix: `set ${name} to a multiple of ${npus}, e.g. ${npus * Math.max(1, Math.round((value || npus) / npus))}`,
      });
    }
    if (total % value !== 0) {
      throw new SuperpodInputError({
        where: job.path,
        problem: `the job's ${total} NPUs (${job.replicas} x ${npus}) are not divisible by ${name}`,
        value,
        fix: `use a replica count whose NPUs are a multiple of ${value}, or another ${name}`,
      });
    }
    return value / npus;
  };
  const rackBlock = blockPods(job.raBlock, 'raBlock');
  const superPodBlock = blockPods(job.spBlock, 'spBlock');
  if (rackBlock > 0 && superPodBlock > 0 && superPodBlock % rackBlock !== 0) {
    throw new SuperpodInputError({
      where: job.path,
      problem: 'spBlock must be a multiple of raBlock (a logical SuperPoD holds whole logical racks)',
      value: { raBlock: job.raBlock, spBlock: job.spBlock },
      fix: 'make spBlock a multiple of raBlock',
    });
  }
  const gang = gangs.length;
  const members: number[] = [];
  const { cpuMilli, memoryMiB } = podSize(job, npus);
  for (let r = 0; r < job.replicas; r++) {
    members.push(pods.length);
    pods.push({
      name: `${job.name}-worker-${r}`,
      cpuMilli,
      memoryMiB,
      devices: npus,
      milli: npus > 0 ? 1000 : 0,
      models: null,
      pool: job.pool,
      priority: 0,
      arrival: 0,
      duration: Number.POSITIVE_INFINITY,
      gang,
      source: job.id,
    });
  }
  gangs.push({ name: job.name, kind: 'training', pods: members, rackBlock, superPodBlock, source: job.id });
}

interface PoolSize {
  readonly nodeDevices: number;
  readonly rackDevices: number;
}

/** One set of identical serving instances: a phase of an inference service, or a recommendation service. */
interface ServingSet {
  readonly role: string;
  readonly pool: string;
  readonly replicas: number;
  readonly npus: number;
  /** What sets `npus`, and its value, for the error when an instance cannot be split into whole nodes. */
  readonly what: string;
  readonly value: unknown;
}

function servingSets(service: InferenceServiceInfo | RecommendationServiceInfo): ServingSet[] {
  if (service.kind === 'recommendation-service') {
    const npus = service.devicesPerReplica;
    return [
      { role: 'serve', pool: service.pool, replicas: service.replicas, npus, what: 'devicesPerReplica', value: npus },
    ];
  }
  const phases: [string, ServingPoolInfo][] = service.prefill
    ? [
        ['prefill', service.prefill],
        ['decode', service.decode],
      ]
    : [['serve', service.decode]];
  return phases.map(([role, pool]) => {
    const { tp, pp, dp } = pool.parallelism;
    return {
      role,
      pool: pool.pool,
      replicas: pool.replicas,
      npus: tp * pp * dp,
      what: 'tp x pp x dp',
      value: pool.parallelism,
    };
  });
}

function addServingInstances(
  service: InferenceServiceInfo | RecommendationServiceInfo,
  pools: ReadonlyMap<string, PoolSize>,
  pods: SimPod[],
  gangs: SimGang[],
): void {
  for (const { role, pool: poolName, replicas, npus, what, value } of servingSets(service)) {
    const pool = { pool: poolName, replicas };
    const size = pools.get(pool.pool) ?? { nodeDevices: 0, rackDevices: 0 };
    const nodeDevices = size.nodeDevices;
    // An instance larger than a node is split into whole-node pods (Ascend distributed pods take 8 NPUs).
    const split = nodeDevices > 0 && npus > nodeDevices;
    if (split && npus % nodeDevices !== 0) {
      throw new SuperpodInputError({
        where: `${service.path} ${role}`,
        problem: `an instance of ${what} = ${npus} NPUs spans nodes of ${nodeDevices} NPUs but is not a multiple of it`,
        value,
        fix: `choose ${what} as a multiple of ${nodeDevices}, or at most ${nodeDevices}`,
      });
    }
    const podNpus = split ? nodeDevices : npus;
    const podsPerInstance = split ? npus / nodeDevices : 1;
    const { cpuMilli, memoryMiB } = podSize(service, podNpus);
    for (let r = 0; r < pool.replicas; r++) {
      const gang = podsPerInstance > 1 ? gangs.length : -1;
      const members: number[] = [];
      for (let k = 0; k < podsPerInstance; k++) {
        members.push(pods.length);
        pods.push({
          name: `${service.name}-${role}-${r}${podsPerInstance > 1 ? `-${k}` : ''}`,
          cpuMilli,
          memoryMiB,
          devices: podNpus,
          milli: podNpus > 0 ? 1000 : 0,
          models: null,
          pool: pool.pool,
          priority: 1,
          arrival: 0,
          duration: Number.POSITIVE_INFINITY,
          gang,
          source: service.id,
        });
      }
      if (gang >= 0) {
        gangs.push({
          name: `${service.name}-${role}-${r}`,
          kind: 'inference',
          pods: members,
          rackBlock: npus <= size.rackDevices ? podsPerInstance : 0,
          superPodBlock: 0,
          source: service.id,
        });
      }
    }
  }
}

/** The container sizes a workload may carry (`WorkloadInfo.container`, set when the workload is deployed). */
interface ContainerSizes {
  readonly cpuPerPod?: number;
  readonly memoryPerPodBytes?: number;
}

function podSize(workload: object, npus: number): { cpuMilli: number; memoryMiB: number } {
  const container = (workload as { container?: ContainerSizes }).container;
  const per = Math.max(npus, 1);
  return {
    cpuMilli: container?.cpuPerPod !== undefined ? Math.round(container.cpuPerPod * 1000) : CPU_PER_NPU_MILLI * per,
    memoryMiB:
      container?.memoryPerPodBytes !== undefined
        ? Math.round(container.memoryPerPodBytes / 2 ** 20)
        : MEMORY_PER_NPU_MIB * per,
  };
}

/** NPU counts a pod may ask for on nodes with these rules (for messages). */
export function validRequestsOf(rules: DeviceRules, devices: number, distributed: boolean): readonly number[] {
  if (rules.kind === 'gpu') return Array.from({ length: devices }, (_, i) => i + 1);
  return validNpuRequests(rules.policy, distributed).filter((n) => n <= devices);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
