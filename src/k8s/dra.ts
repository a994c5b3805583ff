import { getAccelerator } from '../catalog/index.ts';
import type { AcceleratorSpec } from '../catalog/types.ts';
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
  return ids.map((id) => ({
    apiVersion: 'resource.k8s.io/v1',
    kind: 'DeviceClass',
    metadata: { name: deviceClassName(id), labels: ownershipLabels(inventory.stack) },
    spec: {
      selectors: [
        {
          cel: {
            // Guarded: the driver's own devices carry no superpod.dev attributes, and a lookup error aborts allocation.
            expression: `device.driver == '${NPU_DRA_DRIVER}' && 'accelerator' in device.attributes['${ATTRIBUTE_DOMAIN}'] && device.attributes['${ATTRIBUTE_DOMAIN}'].accelerator == '${id}'`,
          },
        },
      ],
    },
  }));
}

/**
 * The ResourceSlices of every node of the DRA pools, in inventory order: one pool per node (named after the node, as
 * the Ascend driver names it), split into slices of at most 128 devices. Each device carries the driver's own
 * attributes (`deviceType`, `physicId`), the accelerator id, the UB coordinates and its HBM as `memory` capacity.
 */
export function resourceSlices(inventory: Inventory, pools: readonly NodePoolInfo[], lookup: Lookup): KubeObject[] {
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
      [UB_NODE_ATTRIBUTE]: { string: `${rackDomain}.${node.serverIndex}` },
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
 * ResourceClaimTemplate for the accelerators of one pod: `count` devices of the accelerator's DeviceClass, all in one
 * UB level-X domain (`matchAttribute`), so a tensor-parallel group never straddles a slower link.
 */
export function resourceClaimTemplate(opts: {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  acceleratorId: string;
  count: number;
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
          constraints: [{ requests: ['npu'], matchAttribute: UB_NODE_ATTRIBUTE }],
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
