import { stringify } from 'yaml';
import { getAccelerator, getNodeType, isSuperPodNodeType } from '../catalog/index.ts';
import { groupBy } from '../inventory/group.ts';
import type { Inventory, NodeInfo } from '../inventory/types.ts';
import { DEFAULT_VOLCANO_NPU_PLUGIN } from './mindcluster-release.ts';
import type { indexInventory } from './node-labels.ts';
import { type KubeObject, ownershipLabels } from './object.ts';

export const VOLCANO_NAMESPACE = 'volcano-system';
/** The queue Volcano creates itself; superpod never emits (and so never prunes) it. */
export const DEFAULT_QUEUE = 'default';

type Lookup = ReturnType<typeof indexInventory>;

/**
 * `volcano-scheduler-configmap` in the layout MindCluster ships (actions enqueue/allocate/backfill; priority, gang,
 * conformance and the NPU plugin in the first tier; drf, predicates, proportion, nodeorder, binpack in the second),
 * plus DRA in `predicates` when a pool uses DRA and `network-topology-aware` for the HyperNode tree.
 */
export function volcanoSchedulerConfigMap(
  inventory: Inventory,
  opts: { dra: boolean; hyperNodes: boolean },
): KubeObject {
  const superPodSize = physicalSuperPodNodes(inventory);
  // The NPU plugin and its init-params only where there are Ascend pools; a GPU-only cluster gets plain Volcano.
  const ascend = hasAscendPools(inventory);
  const conf = {
    actions: 'enqueue, allocate, backfill',
    tiers: [
      {
        plugins: [
          { name: 'priority' },
          { name: 'gang' },
          { name: 'conformance' },
          ...(ascend ? [{ name: inventory.kubernetes.volcanoNpuPlugin ?? DEFAULT_VOLCANO_NPU_PLUGIN }] : []),
        ],
      },
      {
        plugins: [
          { name: 'drf' },
          opts.dra
            ? { name: 'predicates', arguments: { 'predicate.DynamicResourceAllocationEnable': true } }
            : { name: 'predicates' },
          { name: 'proportion' },
          { name: 'nodeorder' },
          { name: 'binpack' },
          ...(opts.hyperNodes ? [{ name: 'network-topology-aware' }] : []),
        ],
      },
    ],
    configurations: ascend
      ? [
          {
            name: 'init-params',
            arguments: {
              'grace-over-time': '900',
              presetVirtualDevice: 'true',
              'nslb-version': '1.0',
              'shared-tor-num': '2',
              useClusterInfoManager: 'false',
              'self-maintain-available-card': 'true',
              ...(superPodSize === undefined
                ? {}
                : {
                    'super-pod-size': String(superPodSize),
                    'reserve-nodes': String(Math.min(2, Math.max(0, superPodSize - 1))),
                  }),
              forceEnqueue: 'true',
            },
          },
        ]
      : [],
  };
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: 'volcano-scheduler-configmap',
      namespace: VOLCANO_NAMESPACE,
      labels: ownershipLabels(inventory.stack),
    },
    data: { 'volcano-scheduler.conf': stringify(conf, { lineWidth: 0 }) },
  };
}

/**
 * `super-pod-size` as the NPU plugin reads it for the `-sp` policies: the node count of the physical SuperPoD, i.e.
 * its outermost UB level's NPUs over the NPUs of one SuperPoD node (Atlas 950: 8,192 / 8 = 1,024), counting only
 * node types scheduled as SuperPoD nodes (never Atlas 350 card servers). The stack may model a slice of the
 * SuperPoD; the fabric's outermost level (`UnifiedBusFabric.custom`) is the input that sets it. Undefined when no
 * SuperPoD nodes exist.
 */
export function physicalSuperPodNodes(inventory: Inventory): number | undefined {
  const sizes: number[] = [];
  for (const [podId, nodes] of groupBy(inventory.nodes, (n) => n.superPodId)) {
    const podNodes = nodes.filter(onSuperPodFabric);
    const pod = inventory.superPods.find((p) => p.id === podId);
    const top = pod?.fabric.levels.at(-1);
    if (podNodes.length === 0 || !top) continue;
    const npusPerNode = Math.max(...podNodes.map((n) => n.acceleratorCount));
    sizes.push(Math.max(podNodes.length, Math.floor(top.maxNpus / npusPerNode)));
  }
  return sizes.length === 0 ? undefined : Math.max(...sizes);
}

/** NPUs a queue may use and must be guaranteed, per extended resource (device-plugin pools only). */
export interface QueueDemand {
  readonly name: string;
  /** Resource name -> quantity the queue's pools hold. */
  readonly capability: Readonly<Record<string, number>>;
  /** Resource name -> quantity serving needs; absent for batch-only queues. */
  readonly guarantee: Readonly<Record<string, number>>;
  /** Whether it serves traffic: serving queues are not reclaimable. */
  readonly serving: boolean;
}

/**
 * Volcano Queues of the workloads (all but `default`). Serving queues get a guarantee of the NPUs their instances need
 * and are not reclaimable; batch queues are reclaimable. Capabilities count the device-plugin pools they use (Volcano's
 * proportion plugin does not count DRA devices).
 */
export function volcanoQueues(inventory: Inventory, demands: readonly QueueDemand[]): KubeObject[] {
  return [...demands]
    .filter((d) => d.name !== DEFAULT_QUEUE)
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((d) => ({
      apiVersion: 'scheduling.volcano.sh/v1beta1',
      kind: 'Queue',
      metadata: { name: d.name, labels: ownershipLabels(inventory.stack) },
      spec: {
        weight: 1,
        reclaimable: !d.serving,
        ...(Object.keys(d.capability).length > 0 ? { capability: quantities(d.capability) } : {}),
        ...(Object.keys(d.guarantee).length > 0 ? { guarantee: { resource: quantities(d.guarantee) } } : {}),
      },
    }));
}

function quantities(values: Readonly<Record<string, number>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => [k, String(v)]),
  );
}

/** Tier numbers of the HyperNode tree: UB level Y (rack) and Z (SuperPoD). Level X is the node itself. */
export const HYPERNODE_TIERS = { rack: 1, superPod: 2 } as const;

export function rackHyperNodeName(superPodIndex: number, rackIndex: number): string {
  return `ub-rack-${superPodIndex}-${rackIndex}`;
}

export function superPodHyperNodeName(superPodIndex: number): string {
  return `ub-superpod-${superPodIndex}`;
}

/** Whether a node sits on its SuperPoD's UB fabric (levels Y and Z), not merely in the SuperPod construct. */
export function onSuperPodFabric(node: NodeInfo): boolean {
  return isSuperPodNodeType(getNodeType(node.nodeTypeId));
}

/**
 * Volcano's network topology as HyperNodes, mirroring the UnifiedBus levels: one tier-1 HyperNode per rack with
 * SuperPoD nodes (its members by exact node name) and one tier-2 HyperNode per SuperPoD over its racks. Card
 * servers (Atlas 350) are on no UB level beyond their chassis and join no HyperNode.
 */
export function hyperNodes(inventory: Inventory, lookup: Lookup): KubeObject[] {
  const labels = ownershipLabels(inventory.stack);
  const nodesByRack = groupBy(inventory.nodes.filter(onSuperPodFabric), (n) => n.rackId);
  const racks = inventory.racks
    .map((rack) => ({ rack, nodes: (nodesByRack.get(rack.id) ?? []).map((n) => n.name) }))
    .filter((r) => r.nodes.length > 0);
  const racksByPod = groupBy(racks, (r) => r.rack.superPodId);
  const objects: KubeObject[] = [];
  for (const { rack, nodes } of racks) {
    const pod = lookup.pods.get(rack.superPodId)!;
    objects.push({
      apiVersion: 'topology.volcano.sh/v1alpha1',
      kind: 'HyperNode',
      metadata: { name: rackHyperNodeName(pod.index, rack.index), labels },
      spec: {
        tier: HYPERNODE_TIERS.rack,
        tierName: 'ub-rack',
        members: nodes.map((name) => ({ type: 'Node', selector: { exactMatch: { name } } })),
      },
    });
  }
  for (const pod of inventory.superPods) {
    const members = (racksByPod.get(pod.id) ?? []).map((r) => ({
      type: 'HyperNode',
      selector: { exactMatch: { name: rackHyperNodeName(pod.index, r.rack.index) } },
    }));
    if (members.length === 0) continue;
    objects.push({
      apiVersion: 'topology.volcano.sh/v1alpha1',
      kind: 'HyperNode',
      metadata: { name: superPodHyperNodeName(pod.index), labels },
      spec: { tier: HYPERNODE_TIERS.superPod, tierName: 'ub-superpod', members },
    });
  }
  return objects;
}

/** Whether any pool holds Huawei accelerators (the NPU plugin and MindCluster annotations apply). */
export function hasAscendPools(inventory: Inventory): boolean {
  return inventory.nodePools.some((p) => getAccelerator(p.acceleratorId).vendor === 'huawei');
}
