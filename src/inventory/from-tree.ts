import { SuperpodInputError } from '../errors.ts';
import { formatLocation, type SourceLocation } from '../source-location.ts';
import { toDnsLabel } from './names.ts';
import { type NodePart, partOf, type RackPart, type SuperPodPart, type TreeNode } from './parts.ts';
import type {
  Inventory,
  KubernetesSettings,
  NodeInfo,
  NodePoolInfo,
  RackInfo,
  SuperClusterInfo,
  SuperPodInfo,
  SuppressionInfo,
  WorkloadInfo,
} from './types.ts';

export interface InventoryOptions {
  readonly stack: string;
  readonly kubernetes: KubernetesSettings;
}

interface Context {
  superClusterId?: string;
  pod?: { info: SuperPodPart; id: string; nextRackIndex: number; nextServerIndex: number; rackIndices: Set<number> };
  rack?: { info: RackPart; id: string };
}

/**
 * Walks a construct tree (or any tree of the same shape) from `root` and returns the frozen Inventory. Elements
 * are taken in tree order, so ids, indices and every list are deterministic.
 */
export function inventoryFromTree(root: TreeNode, options: InventoryOptions): Inventory {
  const rootPath = root.node.path;
  const idOf = (tree: TreeNode) => (rootPath ? tree.node.path.slice(rootPath.length + 1) : tree.node.path);
  const superClusters: SuperClusterInfo[] = [];
  const superPods: SuperPodInfo[] = [];
  const racks: RackInfo[] = [];
  const nodes: NodeInfo[] = [];
  const workloads: WorkloadInfo[] = [];
  const suppressions: SuppressionInfo[] = [];
  const podIndices = new Set<number>();
  const nodeNames = new Map<string, string>();
  const pools = new Map<string, { info: Omit<NodePoolInfo, 'nodeIds'>; nodeIds: string[] }>();
  let nextPodIndex = 0;

  const visit = (tree: TreeNode, context: Context) => {
    const parts = partOf(tree);
    let inner = context;
    for (const part of parts) {
      const id = idOf(tree);
      const located = { id, path: tree.node.path, ...('source' in part && part.source ? { source: part.source } : {}) };
      switch (part.kind) {
        case 'super-cluster':
          superClusters.push({ ...located, name: part.name, interPodLink: part.interPodLink });
          inner = { ...inner, superClusterId: id };
          break;
        case 'super-pod': {
          const index = part.index ?? nextPodIndex;
          if (podIndices.has(index)) {
            throw new SuperpodInputError({
              ...at(tree, part.source, 'SuperPoD index is already used by another SuperPoD'),
              value: index,
              fix: 'give each SuperPod a distinct index, or leave index out',
            });
          }
          podIndices.add(index);
          nextPodIndex = Math.max(nextPodIndex, index + 1);
          superPods.push({
            ...located,
            name: part.name,
            index,
            fabric: part.fabric,
            ...(inner.superClusterId ? { superClusterId: inner.superClusterId } : {}),
            ...(part.facilityPowerBudgetW !== undefined ? { facilityPowerBudgetW: part.facilityPowerBudgetW } : {}),
            ...(part.pue !== undefined ? { pue: part.pue } : {}),
            ...(part.designPue !== undefined ? { designPue: part.designPue } : {}),
            ...(part.switchPowerPerRackW !== undefined ? { switchPowerPerRackW: part.switchPowerPerRackW } : {}),
            ...(part.interconnectPowerW !== undefined ? { interconnectPowerW: part.interconnectPowerW } : {}),
            ...(part.heatRejection ? { heatRejection: part.heatRejection } : {}),
          });
          inner = {
            ...inner,
            pod: { info: part, id, nextRackIndex: 0, nextServerIndex: 0, rackIndices: new Set() },
            rack: undefined,
          };
          break;
        }
        case 'rack': {
          const pod = inner.pod;
          if (!pod) throw outside(tree, 'rack', 'SuperPod');
          const index = part.index ?? pod.nextRackIndex;
          if (pod.rackIndices.has(index)) {
            throw new SuperpodInputError({
              ...at(tree, part.source, `rack index is already used in SuperPoD "${pod.id}"`),
              value: index,
              fix: 'give each rack of a SuperPod a distinct index, or leave index out',
            });
          }
          pod.rackIndices.add(index);
          pod.nextRackIndex = Math.max(pod.nextRackIndex, index + 1);
          racks.push({
            ...located,
            name: part.name,
            superPodId: pod.id,
            index,
            heightU: part.heightU,
            reservedU: part.reservedU,
            weightLimitKg: part.weightLimitKg,
            power: part.power,
            cooling: part.cooling,
          });
          inner = { ...inner, rack: { info: part, id } };
          break;
        }
        case 'node': {
          const { pod, rack } = inner;
          if (!pod || !rack) throw outside(tree, 'node', 'Rack800VDC');
          nodes.push(
            nodeInfo(
              part,
              located,
              pod.id,
              pod.info.name,
              rack.id,
              rack.info.name,
              pod.nextServerIndex++,
              tree,
              nodeNames,
              pools,
            ),
          );
          break;
        }
        case 'workload':
          workloads.push({ ...part.workload, ...located } as WorkloadInfo);
          break;
        case 'suppressions':
          for (const s of part.suppressions) suppressions.push({ ...s, target: id });
          break;
      }
    }
    for (const child of tree.node.children) visit(child, inner);
  };
  visit(root, {});

  const nodePools: NodePoolInfo[] = [...pools.values()].map((p) => ({ ...p.info, nodeIds: p.nodeIds }));
  return deepFreeze({
    schemaVersion: 1,
    stack: options.stack,
    kubernetes: options.kubernetes,
    superClusters,
    superPods,
    racks,
    nodes,
    nodePools,
    workloads,
    suppressions,
  });
}

function nodeInfo(
  part: NodePart,
  located: Pick<NodeInfo, 'id' | 'path' | 'source'>,
  podId: string,
  podName: string,
  rackId: string,
  rackName: string,
  serverIndex: number,
  tree: TreeNode,
  nodeNames: Map<string, string>,
  pools: Map<string, { info: Omit<NodePoolInfo, 'nodeIds'>; nodeIds: string[] }>,
): NodeInfo {
  const name = part.nodeName ?? toDnsLabel(`${podName}-${rackName}-${tree.node.id}`);
  const clash = nodeNames.get(name);
  if (clash !== undefined) {
    throw new SuperpodInputError({
      ...at(tree, part.source, `Kubernetes node name is already used by "${clash}"`),
      value: name,
      fix: 'set a distinct nodeName, or give the rack or node another id',
    });
  }
  nodeNames.set(name, tree.node.path);
  const poolName = part.pool ?? (part.role === 'general' ? part.nodeTypeId : `${part.nodeTypeId}-${part.role}`);
  const pool = pools.get(poolName);
  if (pool && pool.info.nodeTypeId !== part.nodeTypeId) {
    throw new SuperpodInputError({
      ...at(tree, part.source, `node pool "${poolName}" holds ${pool.info.nodeTypeId} nodes, not ${part.nodeTypeId}`),
      value: part.nodeTypeId,
      fix: 'put nodes of another type in their own pool',
    });
  }
  const deviceAllocation = part.deviceAllocation ?? 'device-plugin';
  if (pool && pool.info.deviceAllocation !== deviceAllocation) {
    throw new SuperpodInputError({
      ...at(
        tree,
        part.source,
        `node pool "${poolName}" hands out accelerators with ${pool.info.deviceAllocation}, this node with ${deviceAllocation}`,
      ),
      value: deviceAllocation,
      fix: 'give every node of a pool the same deviceAllocation, or put this node in its own pool',
    });
  }
  if (pool) pool.nodeIds.push(located.id);
  else
    pools.set(poolName, {
      info: {
        name: poolName,
        nodeTypeId: part.nodeTypeId,
        acceleratorId: part.acceleratorId,
        role: part.role,
        deviceAllocation,
      },
      nodeIds: [located.id],
    });
  return {
    ...located,
    name,
    superPodId: podId,
    rackId,
    pool: poolName,
    role: part.role,
    nodeTypeId: part.nodeTypeId,
    acceleratorId: part.acceleratorId,
    acceleratorCount: part.acceleratorCount,
    serverIndex,
    uPosition: part.uPosition,
    heightU: part.heightU,
    acceleratorTdpW: part.acceleratorTdpW,
    hostPowerW: part.hostPowerW,
    weightKg: part.weightKg,
    cooling: part.cooling,
    liquidFraction: part.liquidFraction,
    labels: part.labels,
  };
}

/**
 * Where a clash between two elements is reported: at the line that wrote the element (its spec entry or the
 * `new Rack800VDC(...)` of a stack), with its construct path, or at the construct path alone.
 */
function at(tree: TreeNode, source: SourceLocation | undefined, problem: string): { where: string; problem: string } {
  const line = formatLocation(source);
  return line ? { where: line, problem: `${tree.node.path}: ${problem}` } : { where: tree.node.path, problem };
}

function outside(tree: TreeNode, what: string, parent: string): SuperpodInputError {
  return new SuperpodInputError({
    where: tree.node.path,
    problem: `a ${what} must sit inside a ${parent}`,
    value: tree.node.scope?.node.path ?? '(root)',
    fix: `create it with a ${parent} as its scope`,
  });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
