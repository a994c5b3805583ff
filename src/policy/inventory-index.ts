import { type CduInfo, cdusOf, nodesByRack } from '../facility/index.ts';
import { groupBy } from '../inventory/group.ts';
import type {
  InferenceServiceInfo,
  Inventory,
  Located,
  NodeInfo,
  NodePoolInfo,
  RackInfo,
  RecommendationServiceInfo,
  SuperPodInfo,
  TrainingJobInfo,
} from '../inventory/types.ts';
import type { ElementKind, ElementTypes, Subject } from './types.ts';

/** Lookups over one Inventory, built once per check run so rules stay linear in the inventory size. */
export interface InventoryIndex {
  readonly superPods: ReadonlyMap<string, SuperPodInfo>;
  readonly racks: ReadonlyMap<string, RackInfo>;
  readonly nodes: ReadonlyMap<string, NodeInfo>;
  readonly pools: ReadonlyMap<string, NodePoolInfo>;
  /** Nodes of each rack, in inventory order. */
  readonly nodesByRack: ReadonlyMap<string, readonly NodeInfo[]>;
  /** Racks of each SuperPoD, in inventory order. */
  readonly racksByPod: ReadonlyMap<string, readonly RackInfo[]>;
  /** Nodes of each pool, in inventory order. */
  readonly nodesByPool: ReadonlyMap<string, readonly NodeInfo[]>;
  /** CDUs named by racks, in order of first mention. */
  readonly cdus: readonly CduInfo[];
  readonly inferenceServices: readonly InferenceServiceInfo[];
  readonly recommendationServices: readonly RecommendationServiceInfo[];
  readonly trainingJobs: readonly TrainingJobInfo[];
  /** Every located element by inventory id (pods, racks, nodes, workloads, clusters). */
  readonly located: ReadonlyMap<string, Located>;
}

export function indexInventory(inventory: Inventory): InventoryIndex {
  const located = new Map<string, Located>();
  for (const list of [
    inventory.superClusters,
    inventory.superPods,
    inventory.racks,
    inventory.nodes,
    inventory.workloads,
  ] as const) {
    for (const element of list) located.set(element.id, element);
  }
  return {
    superPods: new Map(inventory.superPods.map((p) => [p.id, p])),
    racks: new Map(inventory.racks.map((r) => [r.id, r])),
    nodes: new Map(inventory.nodes.map((n) => [n.id, n])),
    pools: new Map(inventory.nodePools.map((p) => [p.name, p])),
    nodesByRack: nodesByRack(inventory),
    racksByPod: groupBy(inventory.racks, (r) => r.superPodId),
    nodesByPool: groupBy(inventory.nodes, (n) => n.pool),
    cdus: cdusOf(inventory),
    inferenceServices: inventory.workloads.filter((w): w is InferenceServiceInfo => w.kind === 'inference-service'),
    recommendationServices: inventory.workloads.filter(
      (w): w is RecommendationServiceInfo => w.kind === 'recommendation-service',
    ),
    trainingJobs: inventory.workloads.filter((w): w is TrainingJobInfo => w.kind === 'training-job'),
    located,
  };
}

/** Every element of one kind with its subject, in inventory order. */
export function elementsOf<K extends ElementKind>(
  kind: K,
  inventory: Inventory,
  index: InventoryIndex,
): ReadonlyArray<{ readonly element: ElementTypes[K]; readonly subject: Subject }> {
  return collect(kind, inventory, index) as Array<{ element: ElementTypes[K]; subject: Subject }>;
}

function collect(
  kind: ElementKind,
  inventory: Inventory,
  index: InventoryIndex,
): Array<{ element: unknown; subject: Subject }> {
  const located = (element: Located, word: string) => ({
    element,
    subject: {
      kind,
      id: element.id,
      path: element.path,
      label: `${word} ${element.id}`,
      ...(element.source ? { source: element.source } : {}),
    },
  });
  // A group that is no element of the inventory (a node pool, a CDU): located at its first located member.
  const group = (element: unknown, word: string, name: string, within: readonly string[], first?: Located) => ({
    element,
    subject: {
      kind,
      id: `${word}:${name}`,
      path: `${inventory.stack}/${word}:${name}`,
      label: `${word} ${name}`,
      within,
      ...(first?.source ? { source: first.source } : {}),
    },
  });
  const lists: Partial<Record<ElementKind, readonly [readonly Located[], string]>> = {
    'super-cluster': [inventory.superClusters, 'supercluster'],
    superpod: [inventory.superPods, 'superpod'],
    rack: [inventory.racks, 'rack'],
    node: [inventory.nodes, 'node'],
    'inference-service': [index.inferenceServices, 'service'],
    'recommendation-service': [index.recommendationServices, 'service'],
    'training-job': [index.trainingJobs, 'job'],
  };
  const list = lists[kind];
  if (list) return list[0].map((element) => located(element, list[1]));
  switch (kind) {
    case 'stack':
      return [
        { element: inventory, subject: { kind, id: '', path: inventory.stack, label: `stack ${inventory.stack}` } },
      ];
    case 'workload':
      return inventory.workloads.map((w) => located(w, w.kind === 'training-job' ? 'job' : 'service'));
    case 'node-pool':
      return inventory.nodePools.map((pool) => {
        const first = pool.nodeIds.map((id) => index.nodes.get(id)).find((n) => n?.source);
        return group(pool, 'pool', pool.name, pool.nodeIds, first);
      });
    case 'cdu':
      return index.cdus.map((cdu) =>
        group(
          cdu,
          'cdu',
          cdu.cduId,
          cdu.racks.map((r) => r.id),
          cdu.racks.find((r) => r.source),
        ),
      );
    default:
      throw new Error(`no elements of kind ${kind}`);
  }
}
