import { getAccelerator, getNodeType } from '../catalog/index.ts';
import type { AcceleratorSpec, NodeTypeSpec } from '../catalog/types.ts';
import { SuperpodInputError } from '../errors.ts';
import type { Inventory, NodeInfo, NodePoolInfo } from '../inventory/types.ts';
import { type indexInventory, ubRackDomain } from './node-labels.ts';
import { type KubeObject, ownershipLabels } from './object.ts';

/** Driver name of the Ascend DRA driver (MindCluster `ascend-dynamic-resource-allocation`). */
export const NPU_DRA_DRIVER = 'npu.huawei.com';
/** Domain of the device attributes superpod adds: accelerator id and UnifiedBus coordinates. */
export const ATTRIBUTE_DOMAIN = 'superpod.dev';
/** Attribute naming a device's UB level-X domain (the node's full mesh), unique in the cluster. */
export const UB_NODE_ATTRIBUTE = `${ATTRIBUTE_DOMAIN}/ubNode`;
/** Attribute naming a device's UB level-Y domain (the rack), unique in the cluster. */
export const UB_RACK_ATTRIBUTE = `${ATTRIBUTE_DOMAIN}/ubRack`;
/** Attribute naming a device's UB level-Z domain (the SuperPoD index). */
export const SUPERPOD_ATTRIBUTE = `${ATTRIBUTE_DOMAIN}/superpodId`;
/**
 * Attribute naming a device's UB group inside a server (`<ubNode>.<group>`, unique in the cluster): the 4 Atlas 350
 * cards a UB mezzanine board joins (`350-Atlas-4p-8/16`). Only on node types whose UB group is smaller than the server.
 */
export const UB_GROUP_ATTRIBUTE = `${ATTRIBUTE_DOMAIN}/ubGroup`;

/**
 * Who publishes the ResourceSlices of the DRA pools: `driver` (the Ascend DRA driver's kubelet plugin, the DRA
 * convention; superpod publishes none and selects devices by the driver's `deviceType`) or `superpod` (superpod
 * writes one pool per node with its topology attributes; for planning and clusters without the driver). See
 * docs/dra.md.
 */
export type ResourceSlicePublisher = 'driver' | 'superpod';
/** The publisher when the stack names none. */
export const DEFAULT_RESOURCE_SLICES: ResourceSlicePublisher = 'superpod';

/** The stack's ResourceSlice publisher. */
export function resourceSlicePublisher(inventory: Inventory): ResourceSlicePublisher {
  return inventory.kubernetes.resourceSlices ?? DEFAULT_RESOURCE_SLICES;
}

/** Cards per UB group of a node type whose servers hold more than one group (4 on `350-Atlas-4p-*`), else undefined. */
export function subServerUbGroupSize(nodeType: NodeTypeSpec): number | undefined {
  const size = nodeType.ubGroupSize?.value;
  return size && size > 1 && size < nodeType.acceleratorCount.max ? size : undefined;
}

/** resource.k8s.io/v1 limits (ResourceSliceSpec, Device, DeviceAttribute). */
export const DRA_LIMITS = {
  devicesPerSlice: 128,
  /** With taints or counters in a slice; superpod emits neither. */
  devicesPerSliceWithTaintsOrCounters: 64,
  attributesAndCapacitiesPerDevice: 32,
  stringAttributeLength: 64,
} as const;

type Lookup = ReturnType<typeof indexInventory>;

/** DeviceClass of one accelerator type, e.g. `ascend-950dt.superpod.dev`. */
export function deviceClassName(acceleratorId: string): string {
  return `${acceleratorId}.${ATTRIBUTE_DOMAIN}`;
}

/**
 * `deviceType` as the Ascend DRA driver publishes it (`dmgr.GetDevType()`): `Ascend910A5` for every chip of the 950
 * generation (resource `huawei.com/npu`), so 950PR and 950DT differ only in our `superpod.dev/accelerator`; the
 * catalogue chip name for older generations.
 */
export function draDeviceType(accelerator: AcceleratorSpec): string {
  if (accelerator.kubernetes.resourceName === 'huawei.com/npu') return 'Ascend910A5';
  return accelerator.kubernetes.chipName ?? accelerator.id;
}

/** Pools that hand out accelerators with DRA; throws for a GPU pool (NVIDIA's DRA driver publishes its own slices). */
export function draPools(inventory: Inventory): NodePoolInfo[] {
  const pools = inventory.nodePools.filter((p) => p.deviceAllocation === 'dra');
  for (const pool of pools) {
    if (getAccelerator(pool.acceleratorId).vendor !== 'huawei') {
      const node = inventory.nodes.find((n) => n.pool === pool.name);
      throw new SuperpodInputError({
        where: node?.path ?? pool.name,
        problem: `node pool "${pool.name}" uses DRA, but superpod synthesises ResourceSlices for Ascend NPUs only`,
        value: pool.acceleratorId,
        fix: "use DeviceAllocation.DEVICE_PLUGIN for GPU pools; NVIDIA's DRA driver publishes its own ResourceSlices",
      });
    }
  }
  return [...pools].sort((a, b) => a.name.localeCompare(b.name));
}

/** One DeviceClass per accelerator type that a DRA pool holds, selecting that type's devices by CEL. */
export function deviceClasses(inventory: Inventory, pools: readonly NodePoolInfo[]): KubeObject[] {
  const ids = [...new Set(pools.map((p) => p.acceleratorId))].sort();
  const byDriver = resourceSlicePublisher(inventory) === 'driver';
  return ids.map((id) => ({
    apiVersion: 'resource.k8s.io/v1',
    kind: 'DeviceClass',
    metadata: { name: deviceClassName(id), labels: ownershipLabels(inventory.stack) },
    spec: { selectors: [{ cel: { expression: deviceClassExpression(id, byDriver) } }] },
  }));
}

/**
 * CEL of a DeviceClass. On superpod's slices: our `accelerator` attribute. On the driver's slices (`deviceType` and
 * `physicId` only): the driver's `deviceType`, which is `Ascend910A5` for the whole 950 generation, so the pod's node
 * affinity to its pool tells a 950PR from a 950DT. Both guarded: a lookup of a missing attribute is a runtime error,
 * which aborts the allocation of every claim of the class.
 */
function deviceClassExpression(acceleratorId: string, byDriver: boolean): string {
  const [domain, name, value] = byDriver
    ? [NPU_DRA_DRIVER, 'deviceType', draDeviceType(getAccelerator(acceleratorId))]
    : [ATTRIBUTE_DOMAIN, 'accelerator', acceleratorId];
  return `device.driver == '${NPU_DRA_DRIVER}' && '${name}' in device.attributes['${domain}'] && device.attributes['${domain}'].${name} == '${value}'`;
}

/**
 * The ResourceSlices of every node of the DRA pools, in inventory order: one pool per node (named after the node, as
 * the Ascend driver names it), split into slices of at most 128 devices. Each device carries the driver's own
 * attributes (`deviceType`, `physicId`), the accelerator id, the UB coordinates and its HBM as `memory` capacity.
 */
export function resourceSlices(inventory: Inventory, pools: readonly NodePoolInfo[], lookup: Lookup): KubeObject[] {
  if (resourceSlicePublisher(inventory) === 'driver') return [];
  const draPoolNames = new Set(pools.map((p) => p.name));
  const labels = ownershipLabels(inventory.stack);
  const slices: KubeObject[] = [];
  for (const node of inventory.nodes) {
    if (draPoolNames.has(node.pool)) slices.push(...nodeSlices(node, lookup, labels));
  }
  return slices;
}

function nodeSlices(node: NodeInfo, lookup: Lookup, labels: Record<string, string>): KubeObject[] {
  const accelerator = getAccelerator(node.acceleratorId);
  const pod = lookup.pods.get(node.superPodId)!;
  const rack = lookup.racks.get(node.rackId)!;
  const hbm = accelerator.hbm.capacityGiB.value;
  const rackDomain = ubRackDomain(pod.index, rack.index);
  const ubNode = `${rackDomain}.${node.serverIndex}`;
  const groupSize = subServerUbGroupSize(getNodeType(node.nodeTypeId));
  // Assumption: physical ids 0..N-1. The driver names a device `npu-<phyId>` from GetPhysicIDFromLogicID, which the
  // IaC cannot read; a server whose ids are not contiguous from 0 gets different names from the driver.
  const devices = Array.from({ length: node.acceleratorCount }, (_, i) => ({
    name: `npu-${i}`,
    attributes: {
      deviceType: { string: draDeviceType(accelerator) },
      physicId: { int: i },
      [`${ATTRIBUTE_DOMAIN}/accelerator`]: { string: accelerator.id },
      [SUPERPOD_ATTRIBUTE]: { int: pod.index },
      [`${ATTRIBUTE_DOMAIN}/rackId`]: { int: rack.index },
      [`${ATTRIBUTE_DOMAIN}/serverId`]: { int: node.serverIndex },
      [UB_RACK_ATTRIBUTE]: { string: rackDomain },
      [UB_NODE_ATTRIBUTE]: { string: ubNode },
      ...(groupSize ? { [UB_GROUP_ATTRIBUTE]: { string: `${ubNode}.${Math.floor(i / groupSize)}` } } : {}),
    },
    ...(hbm ? { capacity: { memory: { value: `${Math.round(hbm)}Gi` } } } : {}),
  }));
  const count = Math.max(1, Math.ceil(devices.length / DRA_LIMITS.devicesPerSlice));
  return Array.from({ length: count }, (_, i) => ({
    apiVersion: 'resource.k8s.io/v1',
    kind: 'ResourceSlice',
    metadata: { name: `${node.name}-npu-${i}`, labels },
    spec: {
      driver: NPU_DRA_DRIVER,
      pool: { name: node.name, generation: 1, resourceSliceCount: count },
      nodeName: node.name,
      devices: devices.slice(i * DRA_LIMITS.devicesPerSlice, (i + 1) * DRA_LIMITS.devicesPerSlice),
    },
  }));
}

/**
 * The attribute a claim of `count` cards on `pool` must match, if any: the UB group (`superpod.dev/ubGroup`) when the
 * pool's servers hold several groups and the claim fits in one (1 < count <= group size), so its cards talk over UB
 * rather than PCIe. A claim for more cards than a group cannot match one value, so it has no constraint; a claim is
 * always served from one node, so a node-level constraint would do nothing. None on the driver's slices, which lack
 * our attributes (a device without the attribute never satisfies matchAttribute).
 */
export function claimConstraint(inventory: Inventory, pool: NodePoolInfo, count: number): string | undefined {
  if (resourceSlicePublisher(inventory) === 'driver') return undefined;
  const size = subServerUbGroupSize(getNodeType(pool.nodeTypeId));
  return size !== undefined && count > 1 && count <= size ? UB_GROUP_ATTRIBUTE : undefined;
}

/**
 * ResourceClaimTemplate for the accelerators of one pod: `count` devices of the accelerator's DeviceClass, and with
 * `matchAttribute` all of them sharing that attribute's value (`claimConstraint`).
 */
export function resourceClaimTemplate(opts: {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  acceleratorId: string;
  count: number;
  matchAttribute?: string | undefined;
}): KubeObject {
  return {
    apiVersion: 'resource.k8s.io/v1',
    kind: 'ResourceClaimTemplate',
    metadata: { name: opts.name, namespace: opts.namespace, labels: opts.labels },
    spec: {
      spec: {
        devices: {
          requests: [
            {
              name: 'npu',
              exactly: {
                deviceClassName: deviceClassName(opts.acceleratorId),
                allocationMode: 'ExactCount',
                count: opts.count,
              },
            },
          ],
          ...(opts.matchAttribute ? { constraints: [{ requests: ['npu'], matchAttribute: opts.matchAttribute }] } : {}),
        },
      },
    },
  };
}

const QUALIFIED_NAME =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z_][A-Za-z0-9_]{0,31}$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * Rules of resource.k8s.io/v1 ResourceSliceSpec that the OpenAPI schema does not express (the API server enforces
 * them in Go): exactly one of nodeName/nodeSelector/allNodes/perDeviceNodeSelection, devices or sharedCounters,
 * at most 128 devices, at most 32 attributes and capacities per device, DNS-label device names unique in the slice,
 * qualified attribute names, exactly one value per attribute, strings of at most 64 characters.
 */
export function resourceSliceProblems(slice: KubeObject): string[] {
  const spec = (slice.spec ?? {}) as Record<string, unknown>;
  const problems: string[] = [];
  const selectors = ['nodeName', 'nodeSelector', 'allNodes', 'perDeviceNodeSelection'].filter(
    (k) => spec[k] !== undefined && spec[k] !== false && spec[k] !== '',
  );
  if (selectors.length !== 1)
    problems.push(
      `exactly one of nodeName, nodeSelector, allNodes, perDeviceNodeSelection must be set (got ${selectors.length})`,
    );
  const devices = (spec.devices ?? []) as Array<Record<string, unknown>>;
  if ((spec.devices === undefined) === (spec.sharedCounters === undefined))
    problems.push('exactly one of devices and sharedCounters must be set');
  const limited = devices.some((d) => d.taints !== undefined || d.consumesCounters !== undefined);
  const max = limited ? DRA_LIMITS.devicesPerSliceWithTaintsOrCounters : DRA_LIMITS.devicesPerSlice;
  if (devices.length > max) problems.push(`${devices.length} devices exceed the ${max} a slice may hold`);
  const names = new Set<string>();
  for (const device of devices) {
    const name = String(device.name);
    if (!DNS_LABEL.test(name)) problems.push(`device name "${name}" is not a DNS label`);
    if (names.has(name)) problems.push(`device name "${name}" is repeated`);
    names.add(name);
    const attributes = (device.attributes ?? {}) as Record<string, Record<string, unknown>>;
    const capacity = (device.capacity ?? {}) as Record<string, unknown>;
    const entries = Object.keys(attributes).length + Object.keys(capacity).length;
    if (entries > DRA_LIMITS.attributesAndCapacitiesPerDevice)
      problems.push(
        `device "${name}" has ${entries} attributes and capacities, more than ${DRA_LIMITS.attributesAndCapacitiesPerDevice}`,
      );
    for (const [key, value] of Object.entries(attributes)) {
      if (!QUALIFIED_NAME.test(key)) problems.push(`device "${name}": attribute name "${key}" is not a qualified name`);
      const set = Object.keys(value);
      if (set.length !== 1) problems.push(`device "${name}": attribute "${key}" must have exactly one value`);
      if (typeof value.string === 'string' && value.string.length > DRA_LIMITS.stringAttributeLength)
        problems.push(
          `device "${name}": attribute "${key}" is longer than ${DRA_LIMITS.stringAttributeLength} characters`,
        );
    }
    for (const key of Object.keys(capacity))
      if (!QUALIFIED_NAME.test(key)) problems.push(`device "${name}": capacity name "${key}" is not a qualified name`);
  }
  return problems;
}
