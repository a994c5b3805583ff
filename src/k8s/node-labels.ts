import { getAccelerator, getNodeType, isSuperPodNodeType } from '../catalog/index.ts';
import type { AcceleratorSpec } from '../catalog/types.ts';
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
 * The labels superpod applies to a node: the ones the operator owns (MindCluster's `accelerator-type` and
 * `workerselector` for Huawei nodes, the NVIDIA marker for GPU nodes), our pool, role and topology names, and the
 * user's. The labels the Ascend device plugin writes from the hardware are `hardwareLabels`, expectations that are
 * checked, never applied: applying them would fight the plugin for the fields. The user's labels come last and win.
 */
export function nodeLabels(inventory: Inventory, node: NodeInfo, lookup = indexInventory(inventory)) {
  return ownedLabels(node, placeNode(node, lookup));
}

function ownedLabels(node: NodeInfo, { accelerator, nodeType, pod, rack }: NodePlace): Record<string, string> {
  const labels: Record<string, string> = { 'accelerator-type': nodeType.kubernetes.acceleratorType };
  if (accelerator.vendor === 'huawei') {
    labels[WORKER_SELECTOR.key] = WORKER_SELECTOR.value;
  } else {
    labels.accelerator = accelerator.kubernetes.acceleratorLabel;
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

/**
 * The labels the Ascend device plugin writes on a Huawei node from the hardware it finds (MindCluster
 * `pkg/server/manager.go`): accelerator, chip name, servertype, chip memory and the topology-tree ids. superpod
 * expects these values from the declared hardware and compares them with live nodes (`inventory import`) and with
 * user labels (K8S-003); it never applies them. `rackid` only on SuperPoD node types, where the plugin sets it.
 * Empty for other vendors.
 */
export function hardwareLabels(inventory: Inventory, node: NodeInfo, lookup = indexInventory(inventory)) {
  return deviceLabels(node, placeNode(node, lookup));
}

function deviceLabels(node: NodeInfo, { accelerator, nodeType, pod, rack }: NodePlace): Record<string, string> {
  if (accelerator.vendor !== 'huawei') return {};
  const labels: Record<string, string> = { accelerator: accelerator.kubernetes.acceleratorLabel };
  if (accelerator.kubernetes.chipName) labels['node.kubernetes.io/npu.chip.name'] = accelerator.kubernetes.chipName;
  const servertype = serverType(accelerator);
  if (servertype) labels.servertype = servertype;
  const hbm = accelerator.hbm.capacityGiB.value;
  if (hbm) labels['mind-cluster/npu-chip-memory'] = `${Math.round(hbm)}G`;
  // The SuperPoD topology tree holds SuperPoD nodes only; card servers (Atlas 350) are not in it.
  if (isSuperPodNodeType(nodeType)) {
    labels['huawei.com/topotree.superpodid'] = String(pod.index);
    labels['huawei.com/topotree.rackid'] = String(rack.index);
    labels['huawei.com/topotree.serverid'] = String(node.serverIndex);
  }
  return labels;
}

/**
 * The device plugin's `servertype`: `Ascend910-<AI cores>` on the 910 family (resource `huawei.com/Ascend910`),
 * `npu-<AI cores>` on the 950 generation (`huawei.com/npu`); undefined when the AI-core count is unknown.
 */
export function serverType(accelerator: AcceleratorSpec): string | undefined {
  const cores = accelerator.kubernetes.aiCores?.value;
  if (!cores) return undefined;
  return accelerator.kubernetes.resourceName === 'huawei.com/Ascend910' ? `Ascend910-${cores}` : `npu-${cores}`;
}

type NodePlace = ReturnType<typeof placeNode>;

/** A node's hardware from the catalogue and the SuperPoD and rack it stands in. */
function placeNode(node: NodeInfo, lookup: InventoryIndex) {
  return {
    accelerator: getAccelerator(node.acceleratorId),
    nodeType: getNodeType(node.nodeTypeId),
    pod: lookup.pods.get(node.superPodId)!,
    rack: lookup.racks.get(node.rackId)!,
  };
}

export type InventoryIndex = ReturnType<typeof indexInventory>;

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
