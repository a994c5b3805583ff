import { getAccelerator, getNodeType, isSuperPodNodeType } from '../../catalog/index.ts';
import { SuperpodInputError } from '../../errors.ts';
import type { Inventory, NodePoolInfo, WorkloadContainerInfo, WorkloadInfo } from '../../inventory/types.ts';

/** Facts about a node pool the workload objects need. */
export interface PoolFacts {
  readonly pool: NodePoolInfo;
  readonly huawei: boolean;
  readonly resourceName: string;
  /** Accelerators every node of the pool has (the smallest count). */
  readonly perNode: number;
  /** Nodes per rack when every rack of the pool holds the same number, else undefined. */
  readonly nodesPerRack: number | undefined;
  readonly schedulePolicy: string | undefined;
  /** Whether the pool's nodes sit on a SuperPoD's UB fabric, and so are members of the Volcano HyperNode tree. */
  readonly inHyperNodes: boolean;
}

/** What building one workload's objects reads. */
export interface WorkloadContext<W extends WorkloadInfo = WorkloadInfo> {
  readonly inventory: Inventory;
  readonly workload: W;
  readonly facts: ReadonlyMap<string, PoolFacts>;
  readonly volcano: boolean;
  readonly hyperNodes: boolean;
}

/** Records what a workload asks of a Volcano queue: its pool, and the NPUs serving guarantees (undefined: none). */
export type Demand = (queue: string, pool: PoolFacts, serving: number | undefined) => void;

export function poolFacts(inventory: Inventory): Map<string, PoolFacts> {
  const byPool = new Map<string, PoolFacts>();
  const nodesById = new Map(inventory.nodes.map((n) => [n.id, n]));
  for (const pool of inventory.nodePools) {
    const accelerator = getAccelerator(pool.acceleratorId);
    const nodes = pool.nodeIds.map((id) => nodesById.get(id)!);
    const perRack = new Map<string, number>();
    for (const n of nodes) perRack.set(n.rackId, (perRack.get(n.rackId) ?? 0) + 1);
    const rackSizes = new Set(perRack.values());
    byPool.set(pool.name, {
      pool,
      huawei: accelerator.vendor === 'huawei',
      resourceName: accelerator.kubernetes.resourceName,
      perNode: nodes.reduce((min, n) => Math.min(min, n.acceleratorCount), Number.POSITIVE_INFINITY),
      nodesPerRack: rackSizes.size === 1 ? [...rackSizes][0] : undefined,
      schedulePolicy: getNodeType(pool.nodeTypeId).kubernetes.schedulePolicy,
      inHyperNodes: isSuperPodNodeType(getNodeType(pool.nodeTypeId)),
    });
  }
  return byPool;
}

/** The pool a workload names in `prop`, as an input error at the workload when the stack has no such pool. */
export function poolOf(ctx: WorkloadContext, name: string, prop: string): PoolFacts {
  const facts = ctx.facts.get(name);
  if (!facts) {
    const known = [...ctx.facts.keys()].sort();
    throw new SuperpodInputError({
      where: ctx.workload.path,
      problem: `${prop} names node pool "${name}", which has no nodes in this stack`,
      value: name,
      fix: known.length > 0 ? `use one of ${known.join(', ')}` : 'add nodes to the stack first',
    });
  }
  return facts;
}

export function requireContainer(ctx: WorkloadContext): WorkloadContainerInfo {
  const container = ctx.workload.container;
  if (!container) {
    throw new SuperpodInputError({
      where: ctx.workload.path,
      problem: 'the workload has no container image, so there is nothing to deploy',
      fix: "set container: { image: '...' } on the construct",
    });
  }
  return container;
}
