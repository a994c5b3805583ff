import { getAccelerator } from '../../src/catalog/index.ts';
import type {
  FabricLevelInfo,
  FabricLevelName,
  InferenceServiceInfo,
  NodeInfo,
  ParallelismInfo,
  WorkloadInfo,
} from '../../src/inventory/types.ts';
import type { RuleContext } from '../../src/policy/index.ts';

/** One pool a workload runs on: a service's prefill or decode pool, or a job's pool. */
export interface WorkloadPool {
  /** `prefill pool x`, `decode pool x`, `pool x` for messages. */
  readonly label: string;
  readonly role: 'prefill' | 'decode' | 'serving' | 'training';
  readonly poolName: string;
  /** The pool's nodes in inventory order (empty when the pool does not exist). */
  readonly nodes: readonly NodeInfo[];
  readonly replicas: number;
  readonly parallelism?: ParallelismInfo;
  /**
   * Accelerators one instance takes: tp x pp x dp for an inference service (the perf model's instance),
   * devicesPerReplica for a recommendation service, npusPerPod for a job.
   */
  readonly devicesPerInstance: number;
}

export function workloadPools(workload: WorkloadInfo, context: RuleContext): WorkloadPool[] {
  const nodesOf = (pool: string) => context.index.nodesByPool.get(pool) ?? [];
  if (workload.kind === 'inference-service') return servicePools(workload, context);
  const job = workload.kind === 'training-job' ? workload : undefined;
  return [
    {
      label: `pool ${workload.pool}`,
      role: job ? 'training' : 'serving',
      poolName: workload.pool,
      nodes: nodesOf(workload.pool),
      replicas: workload.replicas,
      ...(job?.parallelism ? { parallelism: job.parallelism } : {}),
      devicesPerInstance: workload.kind === 'training-job' ? workload.npusPerPod : workload.devicesPerReplica,
    },
  ];
}

export function servicePools(service: InferenceServiceInfo, context: RuleContext): WorkloadPool[] {
  const pools: WorkloadPool[] = [];
  const add = (role: WorkloadPool['role'], p: InferenceServiceInfo['decode']) =>
    pools.push({
      label: `${role} pool ${p.pool}`,
      role,
      poolName: p.pool,
      nodes: context.index.nodesByPool.get(p.pool) ?? [],
      replicas: p.replicas,
      parallelism: p.parallelism,
      devicesPerInstance: instanceDevices(p.parallelism),
    });
  if (service.prefill) add('prefill', service.prefill);
  add(service.prefill ? 'decode' : 'serving', service.decode);
  return pools;
}

/** Devices of one serving instance in the perf model: tp x pp x dp (dp = data-parallel attention inside it). */
export function instanceDevices(p: ParallelismInfo): number {
  return p.tp * p.pp * p.dp;
}

/** `TP 4 x PP 2 x DP 1` */
export function describeParallelism(p: ParallelismInfo): string {
  return `TP ${p.tp} x PP ${p.pp} x DP ${p.dp}${p.ep > 1 ? ` (EP ${p.ep})` : ''}`;
}

/** The scale-up domain accelerators of a pool share at one fabric level, or their node when they have no UB. */
export type ScaleUpDomain =
  | { readonly kind: 'unified-bus'; readonly level: FabricLevelInfo; readonly fabric: string }
  | { readonly kind: 'node'; readonly npus: number; readonly fabric: string; readonly nodeTypeId: string };

/**
 * Where a group of a pool's accelerators can talk over scale-up links. Accelerators on UnifiedBus reach every NPU
 * of the SuperPoD's fabric up to `levelName`; others (HCCS, NVLink, PCIe) only those of their own node.
 */
export function scaleUpDomain(
  nodes: readonly NodeInfo[],
  levelName: FabricLevelName,
  context: RuleContext,
): ScaleUpDomain | null {
  const first = nodes[0];
  if (!first) return null;
  const fabricKind = getAccelerator(first.acceleratorId).scaleUp.fabric;
  if (fabricKind === 'unified-bus') {
    const pod = context.index.superPods.get(first.superPodId);
    const level = pod?.fabric.levels.find((l) => l.name === levelName);
    if (pod && level) return { kind: 'unified-bus', level, fabric: pod.fabric.name };
  }
  const npus = Math.min(...nodes.map((n) => n.acceleratorCount));
  return { kind: 'node', npus, fabric: fabricKind, nodeTypeId: first.nodeTypeId };
}

export function domainNpus(domain: ScaleUpDomain): number {
  return domain.kind === 'unified-bus' ? domain.level.maxNpus : domain.npus;
}

/** `one level-Y UB domain (64 NPUs, the rack)` or `one atlas-800t-a2 node (8 accelerators over hccs)` */
export function describeDomain(domain: ScaleUpDomain): string {
  return domain.kind === 'unified-bus'
    ? `one level-${domain.level.name} UB domain (${domain.level.maxNpus.toLocaleString('en-US')} NPUs, the ${domain.level.scope})`
    : `one ${domain.nodeTypeId} node (${domain.npus} accelerators over ${domain.fabric}; no UnifiedBus between nodes)`;
}
