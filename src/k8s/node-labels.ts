import { getAccelerator, getNodeType, isSuperPodNodeType } from '../catalog/index.ts';
import type { Inventory, NodeInfo } from '../inventory/types.ts';

export const POOL_LABEL = 'superpod.dev/pool';
export const ROLE_LABEL = 'superpod.dev/role';
/**
 * UnifiedBus level-Y domain of a node, `<superpod index>.<rack index>`: unique in the cluster (the MindCluster
 * `huawei.com/topotree.rackid` repeats across SuperPoDs), so it can be a topology key for LeaderWorkerSet groups.
 */
export const UB_RACK_LABEL = 'superpod.dev/ub-rack';
export const WORKER_SELECTOR = { key: 'workerselector', value: 'dls-worker-node' } as const;

/**
 * The labels a node carries: the Ascend MindCluster set (accelerator, accelerator-type, chip name, servertype,
 * workerselector, topology tree ids) for Huawei nodes, or the NVIDIA one, plus our pool and role, plus the user's.
 * The user's labels come last and win, so an operator can override a convention on purpose.
 */
export function nodeLabels(
  inventory: Inventory,
  node: NodeInfo,
  lookup = indexInventory(inventory),
): Record<string, string> {
  const accelerator = getAccelerator(node.acceleratorId);
  const nodeType = getNodeType(node.nodeTypeId);
  const pod = lookup.pods.get(node.superPodId)!;
  const rack = lookup.racks.get(node.rackId)!;
  const labels: Record<string, string> = {
    accelerator: accelerator.kubernetes.acceleratorLabel,
    'accelerator-type': nodeType.kubernetes.acceleratorType,
  };
  if (accelerator.vendor === 'huawei') {
    if (accelerator.kubernetes.chipName) labels['node.kubernetes.io/npu.chip.name'] = accelerator.kubernetes.chipName;
    const cores = accelerator.kubernetes.aiCores?.value;
    if (cores) labels.servertype = `npu-${cores}`;
    const hbm = accelerator.hbm.capacityGB.value;
    if (hbm) labels['mind-cluster/npu-chip-memory'] = `${Math.round(hbm)}G`;
    labels[WORKER_SELECTOR.key] = WORKER_SELECTOR.value;
    // The SuperPoD topology tree holds SuperPoD nodes only; card servers (Atlas 350) are not in it.
    if (isSuperPodNodeType(nodeType)) {
      labels['huawei.com/topotree.superpodid'] = String(pod.index);
      labels['huawei.com/topotree.rackid'] = String(rack.index);
      labels['huawei.com/topotree.serverid'] = String(node.serverIndex);
    }
  } else {
    labels['nvidia.com/gpu.present'] = 'true';
  }
  labels['node-role.kubernetes.io/worker'] = 'worker';
  labels[POOL_LABEL] = node.pool;
  labels[ROLE_LABEL] = node.role;
  labels['superpod.dev/superpod'] = pod.name;
  labels['superpod.dev/rack'] = rack.name;
  labels[UB_RACK_LABEL] = ubRackDomain(pod.index, rack.index);
  return { ...labels, ...node.labels };
}

export function indexInventory(inventory: Inventory) {
  return {
    pods: new Map(inventory.superPods.map((p) => [p.id, p])),
    racks: new Map(inventory.racks.map((r) => [r.id, r])),
  };
}

/** `<superpod index>.<rack index>`: the cluster-wide id of a rack's UB level-Y domain. */
export function ubRackDomain(superPodIndex: number, rackIndex: number): string {
  return `${superPodIndex}.${rackIndex}`;
}
