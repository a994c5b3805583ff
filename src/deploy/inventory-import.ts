import { getAccelerator, listNodeTypes } from '../catalog/index.ts';
import type { NodeTypeSpec } from '../catalog/types.ts';
import { SuperpodInputError } from '../errors.ts';
import type {
  FabricInfo,
  Inventory,
  NodeInfo,
  NodePoolInfo,
  NodeRole,
  RackInfo,
  SuperPodInfo,
} from '../inventory/types.ts';
import { NODE_ROLES } from '../inventory/types.ts';
import { NPU_DRA_DRIVER } from '../k8s/dra.ts';
import { DEFAULT_DEVICE_PLUGIN_IMAGE, DEFAULT_VOLCANO_NPU_PLUGIN } from '../k8s/mindcluster-release.ts';
import { hardwareLabels, indexInventory, nodeLabels, POOL_LABEL, ROLE_LABEL } from '../k8s/node-labels.ts';
import type { ClusterClient, LiveObject } from './client.ts';

/** Labels superpod or the platform sets; everything else on a node is kept as the user's own. */
const CONVENTION_PREFIXES = [
  'kubernetes.io/',
  'beta.kubernetes.io/',
  'node.kubernetes.io/',
  'node-role.kubernetes.io/',
  'topology.kubernetes.io/',
  'superpod.dev/',
  'huawei.com/topotree',
  'nvidia.com/',
  'feature.node.kubernetes.io/',
];
const CONVENTION_KEYS = new Set([
  'accelerator',
  'accelerator-type',
  'servertype',
  'workerselector',
  'mind-cluster/npu-chip-memory',
  'host-arch',
]);

export interface LiveState {
  readonly nodes: readonly LiveObject[];
  /** ResourceSlices of the Ascend DRA driver; undefined when the cluster does not serve resource.k8s.io/v1. */
  readonly slices: readonly LiveObject[] | undefined;
}

/** Reads the nodes (and the Ascend DRA driver's ResourceSlices, where DRA is served) of the cluster. */
export async function readLiveState(client: ClusterClient): Promise<LiveState> {
  const nodes = (await client.list('v1', 'Node')) ?? [];
  const slices = await client.list('resource.k8s.io/v1', 'ResourceSlice');
  return { nodes, slices: slices?.filter((s) => (s.spec as { driver?: string })?.driver === NPU_DRA_DRIVER) };
}

export interface ImportOptions {
  /** Name of the imported inventory's stack. */
  readonly stack: string;
  /**
   * The stack the cluster was built from: racks (power, cooling, physical), node chassis data, workloads and
   * suppressions come from it, matched by SuperPoD/rack index and node name. Without it racks are placeholders.
   */
  readonly base?: Inventory;
  /** Fabric for SuperPoDs the base does not describe. */
  readonly defaultFabric: FabricInfo;
}

export interface ImportResult {
  readonly inventory: Inventory;
  /** Facts the cluster could not give or that differ from the base stack, one line each. */
  readonly warnings: readonly string[];
}

interface Placed {
  readonly live: LiveObject;
  readonly labels: Record<string, string>;
  readonly nodeType: NodeTypeSpec;
  readonly count: number;
  readonly dra: boolean;
  readonly podIndex: number;
  readonly podName: string;
  readonly rackIndex: number;
  readonly rackName: string;
  readonly serverIndex: number | undefined;
}

/**
 * Live nodes -> Inventory. A node counts when its `accelerator-type` label names a catalogue node type and it offers
 * accelerators: allocatable `huawei.com/npu` (or the GPU resource), else the devices of its ResourceSlices. SuperPoD,
 * rack and server come from the MindCluster topology-tree labels; pool and role from superpod's labels. Pure:
 * deterministic output for the same input.
 */
export function inventoryFromLive(state: LiveState, opts: ImportOptions): ImportResult {
  const warnings: string[] = [];
  const devicesByNode = new Map<string, number>();
  for (const slice of state.slices ?? []) {
    const spec = slice.spec as { nodeName?: string; devices?: unknown[] };
    if (spec.nodeName)
      devicesByNode.set(spec.nodeName, (devicesByNode.get(spec.nodeName) ?? 0) + (spec.devices?.length ?? 0));
  }
  const base = opts.base;
  const baseNodes = new Map(base?.nodes.map((n) => [n.name, n]) ?? []);
  const baseLookup = base && indexInventory(base);
  const placed: Placed[] = [];
  const skipped: string[] = [];
  for (const live of [...state.nodes].sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))) {
    const name = live.metadata.name;
    const labels = { ...((live.metadata.labels as Record<string, string> | undefined) ?? {}) };
    const nodeType = nodeTypeOf(labels);
    if (!nodeType) {
      skipped.push(name);
      continue;
    }
    const accelerator = getAccelerator(nodeType.acceleratorId);
    const status = (live.status ?? {}) as { allocatable?: Record<string, string>; capacity?: Record<string, string> };
    const allocatable = wholeNumber(status.allocatable?.[accelerator.kubernetes.resourceName]);
    const sliced = devicesByNode.get(name) ?? 0;
    const count = allocatable > 0 ? allocatable : sliced;
    if (count === 0) {
      warnings.push(
        `node ${name}: ${nodeType.id} offers no ${accelerator.kubernetes.resourceName} and no DRA devices; skipped`,
      );
      continue;
    }
    const installed = baseNodes.get(name)?.acceleratorCount;
    if (installed !== undefined && installed !== count)
      warnings.push(`node ${name}: the cluster offers ${count} accelerators, the stack installs ${installed}`);
    const baseNode = baseNodes.get(name);
    if (base && baseNode)
      warnings.push(
        ...labelDrift(name, labels, nodeLabels(base, baseNode, baseLookup)),
        ...hardwareDrift(name, labels, hardwareLabels(base, baseNode, baseLookup)),
      );
    const basePod = baseNode && base?.superPods.find((p) => p.id === baseNode.superPodId);
    const baseRack = baseNode && base?.racks.find((r) => r.id === baseNode.rackId);
    const podIndex = intLabel(labels['huawei.com/topotree.superpodid']) ?? basePod?.index ?? 0;
    const rackIndex = intLabel(labels['huawei.com/topotree.rackid']) ?? baseRack?.index ?? 0;
    placed.push({
      live,
      labels,
      nodeType,
      count,
      dra: allocatable === 0,
      podIndex,
      podName: labels['superpod.dev/superpod'] ?? basePod?.name ?? `superpod-${podIndex}`,
      rackIndex,
      rackName: labels['superpod.dev/rack'] ?? baseRack?.name ?? `rack-${rackIndex}`,
      serverIndex: intLabel(labels['huawei.com/topotree.serverid']),
    });
  }
  if (skipped.length > 0)
    warnings.push(
      `${skipped.length} nodes carry no accelerator-type label superpod knows (control plane, CPU nodes); not imported`,
    );
  if (placed.length === 0) {
    throw new SuperpodInputError({
      where: 'superpod inventory import',
      problem: 'the cluster has no accelerator nodes superpod recognises',
      value: `${state.nodes.length} nodes`,
      fix: 'label the nodes with accelerator-type (e.g. 950-SuperPod-Atlas-8), or apply a stack first: superpod apply --stage platform',
    });
  }
  placed.sort(
    (a, b) =>
      a.podIndex - b.podIndex ||
      a.rackIndex - b.rackIndex ||
      (a.serverIndex ?? Number.MAX_SAFE_INTEGER) - (b.serverIndex ?? Number.MAX_SAFE_INTEGER) ||
      a.live.metadata.name.localeCompare(b.live.metadata.name),
  );

  const superPods = new Map<number, SuperPodInfo>();
  const racks = new Map<string, RackInfo>();
  const nodes: NodeInfo[] = [];
  const pools = new Map<string, { info: Omit<NodePoolInfo, 'nodeIds'>; nodeIds: string[] }>();
  const nextServer = new Map<number, number>();
  const usedServers = new Map<number, Set<number>>();
  for (const p of placed) if (p.serverIndex !== undefined) addTo(usedServers, p.podIndex, p.serverIndex);
  const nextU = new Map<string, number>();
  let placeholderRacks = 0;
  for (const p of placed) {
    let pod = superPods.get(p.podIndex);
    if (!pod) {
      const from = base?.superPods.find((x) => x.index === p.podIndex);
      pod = from ?? {
        id: p.podName,
        path: `${opts.stack}/${p.podName}`,
        name: p.podName,
        index: p.podIndex,
        fabric: opts.defaultFabric,
      };
      superPods.set(p.podIndex, pod);
    }
    const rackKey = `${p.podIndex}.${p.rackIndex}`;
    let rack = racks.get(rackKey);
    if (!rack) {
      const from = base?.racks.find((r) => r.superPodId === pod.id && r.index === p.rackIndex);
      if (!from) placeholderRacks++;
      rack = from ?? placeholderRack(opts.stack, pod, p);
      racks.set(rackKey, rack);
    }
    const name = p.live.metadata.name;
    const baseNode = baseNodes.get(name);
    const role = NODE_ROLES.includes(p.labels[ROLE_LABEL] as NodeRole)
      ? (p.labels[ROLE_LABEL] as NodeRole)
      : (baseNode?.role ?? 'general');
    const poolName =
      p.labels[POOL_LABEL] ?? baseNode?.pool ?? (role === 'general' ? p.nodeType.id : `${p.nodeType.id}-${role}`);
    let serverIndex = p.serverIndex;
    if (serverIndex === undefined) {
      let next = nextServer.get(p.podIndex) ?? 0;
      while (usedServers.get(p.podIndex)?.has(next)) next++;
      serverIndex = next;
      nextServer.set(p.podIndex, next + 1);
      addTo(usedServers, p.podIndex, next);
    }
    const accelerator = getAccelerator(p.nodeType.acceleratorId);
    const heightU = baseNode?.heightU ?? p.nodeType.heightU.value ?? 0;
    const uPosition = baseNode?.uPosition ?? nextU.get(rack.id) ?? rack.reservedU + 1;
    nextU.set(rack.id, Math.max(nextU.get(rack.id) ?? 0, uPosition + heightU));
    const id = baseNode?.id ?? `${rack.id}/${name}`;
    const pool = pools.get(poolName);
    const deviceAllocation = p.dra ? 'dra' : 'device-plugin';
    if (pool && (pool.info.nodeTypeId !== p.nodeType.id || pool.info.deviceAllocation !== deviceAllocation)) {
      warnings.push(
        `node ${name}: pool "${poolName}" mixes node types or device allocations; the node keeps the pool's`,
      );
    }
    if (pool) pool.nodeIds.push(id);
    else
      pools.set(poolName, {
        info: { name: poolName, nodeTypeId: p.nodeType.id, acceleratorId: accelerator.id, role, deviceAllocation },
        nodeIds: [id],
      });
    nodes.push({
      id,
      path: baseNode?.path ?? `${opts.stack}/${id}`,
      name,
      superPodId: pod.id,
      rackId: rack.id,
      pool: poolName,
      role,
      nodeTypeId: p.nodeType.id,
      acceleratorId: accelerator.id,
      acceleratorCount: p.count,
      serverIndex,
      uPosition,
      heightU,
      acceleratorTdpW: baseNode?.acceleratorTdpW ?? accelerator.tdpW.value,
      hostPowerW: baseNode?.hostPowerW ?? p.nodeType.hostPowerW.value,
      weightKg: baseNode?.weightKg ?? p.nodeType.weightKg.value,
      cooling: baseNode?.cooling ?? p.nodeType.cooling,
      liquidFraction:
        baseNode?.liquidFraction ?? p.nodeType.liquidFraction.value ?? (p.nodeType.cooling === 'liquid' ? 0.8 : 0),
      labels: userLabels(p.labels),
    });
  }
  if (placeholderRacks > 0)
    warnings.push(
      `${placeholderRacks} racks are not in ${base ? 'the base stack' : 'any stack'}: their power, cooling and size are unknown (0); pass --app with the stack the cluster was built from`,
    );
  if (base) {
    const live = new Set(nodes.map((n) => n.name));
    const missing = base.nodes.filter((n) => !live.has(n.name)).map((n) => n.name);
    if (missing.length > 0)
      warnings.push(
        `${missing.length} nodes of the stack are not in the cluster: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', ...' : ''}`,
      );
  }
  const inventory: Inventory = {
    schemaVersion: 1,
    stack: opts.stack,
    kubernetes: base?.kubernetes ?? {
      scheduler: 'volcano',
      devicePluginNamespace: 'kube-system',
      devicePluginImage: DEFAULT_DEVICE_PLUGIN_IMAGE,
      volcanoNpuPlugin: DEFAULT_VOLCANO_NPU_PLUGIN,
    },
    superClusters: base?.superClusters ?? [],
    superPods: [...superPods.values()],
    racks: [...racks.values()],
    nodes,
    nodePools: [...pools.values()].map((p) => ({ ...p.info, nodeIds: p.nodeIds })),
    workloads: base?.workloads ?? [],
    suppressions: base?.suppressions ?? [],
  };
  return { inventory, warnings };
}

/** One warning per label the stack sets on a node that the cluster does not carry with the same value. */
function labelDrift(node: string, live: Record<string, string>, desired: Record<string, string>): string[] {
  return Object.entries(desired)
    .filter(([key, value]) => live[key] !== value)
    .map(([key, value]) =>
      live[key] === undefined
        ? `node ${node}: label ${key} is missing in the cluster, "${value}" in the stack`
        : `node ${node}: label ${key} is "${live[key]}" in the cluster, "${value}" in the stack`,
    );
}

/**
 * One warning per label the device plugin writes from the hardware that differs from what the stack's hardware
 * implies: a wrong card, chip or topology position in the stack, or a node the plugin has not labelled yet.
 */
function hardwareDrift(node: string, live: Record<string, string>, expected: Record<string, string>): string[] {
  return Object.entries(expected)
    .filter(([key, value]) => live[key] !== value)
    .map(([key, value]) =>
      live[key] === undefined
        ? `node ${node}: the device plugin has not written label ${key}; the stack's hardware implies "${value}"`
        : `node ${node}: the device plugin reports ${key}="${live[key]}", the stack's hardware implies "${value}"`,
    );
}

/**
 * The catalogue node type a node's labels name: `accelerator-type`, and the chip name where several types share one
 * (MindCluster labels Atlas 800T A2 servers `module-910b-8` whichever 910B chip they hold).
 */
export function nodeTypeOf(
  labels: Record<string, string>,
  types: readonly NodeTypeSpec[] = listNodeTypes(),
): NodeTypeSpec | undefined {
  const type = labels['accelerator-type'];
  if (!type) return undefined;
  const matches = types.filter((t) => t.kubernetes.acceleratorType === type);
  const chip = labels['node.kubernetes.io/npu.chip.name'];
  return (
    matches.find((t) => chip !== undefined && getAccelerator(t.acceleratorId).kubernetes.chipName === chip) ??
    matches[0]
  );
}

function placeholderRack(stack: string, pod: SuperPodInfo, p: Placed): RackInfo {
  const id = `${pod.id}/${p.rackName}`;
  return {
    id,
    path: `${stack}/${id}`,
    name: p.rackName,
    superPodId: pod.id,
    index: p.rackIndex,
    heightU: 0,
    reservedU: 0,
    weightLimitKg: 0,
    power: { kind: 'feed', voltageV: 0, currentA: 0, ratedW: 0, maxUtilisation: 0.8, usableW: 0, redundancy: 'none' },
    cooling: { method: p.nodeType.cooling, liquidCapacityW: 0, airCapacityW: 0 },
  };
}

function userLabels(labels: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(labels)
      .filter(([k]) => !CONVENTION_KEYS.has(k) && !CONVENTION_PREFIXES.some((prefix) => k.startsWith(prefix)))
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

function intLabel(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}

/** Whole number of a Kubernetes quantity of countable devices (`8`); 0 when absent or not whole. */
function wholeNumber(value: string | undefined): number {
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : 0;
}

function addTo(map: Map<number, Set<number>>, key: number, value: number): void {
  const set = map.get(key) ?? new Set<number>();
  set.add(value);
  map.set(key, set);
}
