import { UnifiedBusFabric } from '../../constructs/fabric.ts';
import { DEFAULT_SHELF_EFFICIENCY } from '../../constructs/power.ts';
import { DEFAULT_AIR_CLASS, DEFAULT_COOLANT_CLASS } from '../catalog/cooling-classes.ts';
import { getAccelerator, getNodeType } from '../catalog/index.ts';
import { SuperpodInputError } from '../errors.ts';
import { groupBy } from '../inventory/group.ts';
import { toDnsLabel } from '../inventory/names.ts';
import type { Inventory, NodeInfo, RackInfo, SuperPodInfo } from '../inventory/types.ts';
import { DEFAULT_RESOURCE_SLICES } from '../k8s/dra.ts';
import { DEFAULT_VOLCANO_NPU_PLUGIN } from '../k8s/mindcluster-release.ts';
import { exportHeatRejection } from './build-water.ts';
import { exportWorkload, sourceOf } from './export-workloads.ts';
import { formatQuantity } from './quantities.ts';
import type { ClusterSpec, NodeSpec, RackSpec, SuperPodSpec, SuppressionSpec } from './types.ts';

/**
 * Inventory -> the spec that builds it again. Values equal to what the catalogue or the constructs would pick anyway
 * are left out, runs of identical entries named `x-0, x-1, ...` become one entry with `count`, and each entry keeps
 * the `source` it was written at so reports built from the spec point at the same lines.
 */
export function exportSpec(inventory: Inventory): ClusterSpec {
  const suppressionsOf = groupSuppressions(inventory);
  const last = (id: string) => id.slice(id.lastIndexOf('/') + 1);
  const draPools = new Set(inventory.nodePools.filter((p) => p.deviceAllocation === 'dra').map((p) => p.name));
  const context: ExportContext = { suppressionsOf, last, draPools };
  const racksByPod = groupBy(inventory.racks, (r) => r.superPodId);
  const nodesByRack = groupBy(inventory.nodes, (n) => n.rackId);
  const settings = inventory.kubernetes;
  const superCluster = inventory.superClusters[0];
  let nextPodIndex = 0;
  const pods: SuperPodSpec[] = inventory.superPods.map((pod) => {
    const podIndex = pod.index === nextPodIndex ? undefined : pod.index;
    nextPodIndex = Math.max(nextPodIndex, pod.index + 1);
    const racks = racksByPod.get(pod.id) ?? [];
    let nextRackIndex = 0;
    const rackSpecs = racks.map((rack) => {
      const auto = rack.index === nextRackIndex;
      nextRackIndex = Math.max(nextRackIndex, rack.index + 1);
      return exportRack(nodesByRack.get(rack.id) ?? [], pod, rack, auto ? undefined : rack.index, context);
    });
    return {
      name: last(pod.id),
      ...(pod.name !== toDnsLabel(last(pod.id)) ? { labelName: pod.name } : {}),
      ...(podIndex !== undefined ? { index: podIndex } : {}),
      ...sourceOf(pod),
      ...(isAtlas950(pod) ? {} : { fabric: exportFabric(pod) }),
      ...(pod.pue !== undefined ? { pue: pod.pue } : {}),
      ...(pod.designPue !== undefined ? { designPue: pod.designPue } : {}),
      ...(pod.facilityPowerBudgetW !== undefined
        ? { facilityPowerBudget: formatQuantity('power', pod.facilityPowerBudgetW) }
        : {}),
      ...(pod.switchPowerPerRackW !== undefined
        ? { switchPowerPerRack: formatQuantity('power', pod.switchPowerPerRackW) }
        : {}),
      ...(pod.interconnectPowerW !== undefined
        ? { interconnectPower: formatQuantity('power', pod.interconnectPowerW) }
        : {}),
      ...exportHeatRejection(pod.heatRejection),
      ...suppressionsOf(pod.id),
      racks: compress(rackSpecs),
    };
  });
  return {
    apiVersion: 'superpod.dev/v1alpha1',
    kind: 'ClusterSpec',
    metadata: { name: inventory.stack },
    kubernetes: {
      scheduler: settings.scheduler,
      devicePluginNamespace: settings.devicePluginNamespace,
      devicePluginImage: settings.devicePluginImage,
      ...(settings.volcanoNpuPlugin && settings.volcanoNpuPlugin !== DEFAULT_VOLCANO_NPU_PLUGIN
        ? { volcanoNpuPlugin: settings.volcanoNpuPlugin }
        : {}),
      ...(settings.resourceSlices && settings.resourceSlices !== DEFAULT_RESOURCE_SLICES
        ? { resourceSlices: settings.resourceSlices }
        : {}),
    },
    ...(superCluster
      ? {
          superCluster: {
            name: last(superCluster.id),
            ...(superCluster.name !== toDnsLabel(last(superCluster.id)) ? { labelName: superCluster.name } : {}),
            ...sourceOf(superCluster),
            interPodLink: {
              kind: superCluster.interPodLink.kind === 'roce' ? 'roce' : 'uboe',
              bandwidthPerNpu: formatQuantity('bandwidth', superCluster.interPodLink.bandwidthPerNpuBps),
              latency: formatQuantity('duration', superCluster.interPodLink.latencyS),
            },
          },
        }
      : {}),
    superPods: compress(pods),
    ...(inventory.workloads.length > 0
      ? { workloads: inventory.workloads.map((w) => exportWorkload(w, suppressionsOf, last)) }
      : {}),
  };
}

interface ExportContext {
  readonly suppressionsOf: (id: string) => { suppressions?: SuppressionSpec[] };
  readonly last: (id: string) => string;
  /** Pools that hand accelerators out through DRA. */
  readonly draPools: ReadonlySet<string>;
}

function exportRack(
  rackNodes: readonly NodeInfo[],
  pod: SuperPodInfo,
  rack: RackInfo,
  index: number | undefined,
  context: ExportContext,
): RackSpec {
  const { suppressionsOf, last } = context;
  const power = rack.power;
  const supply = {
    voltage: formatQuantity('voltage', power.voltageV),
    current: formatQuantity('current', power.currentA),
    ...(power.maxUtilisation !== 0.8 ? { maxUtilisation: power.maxUtilisation } : {}),
    ...(power.redundancy === 'a-b' ? { redundancy: 'a-b' as const } : {}),
  };
  const cooling = rack.cooling;
  let nextU = rack.reservedU + 1;
  const nodes = rackNodes.map((node) => {
    const autoPosition = node.uPosition === nextU;
    nextU = Math.max(nextU, node.uPosition + node.heightU);
    return exportNode(node, pod, rack, autoPosition, context);
  });
  return {
    name: last(rack.id),
    ...(rack.name !== toDnsLabel(last(rack.id)) ? { labelName: rack.name } : {}),
    ...(index !== undefined ? { index } : {}),
    ...sourceOf(rack),
    height: rack.heightU,
    reserved: rack.reservedU,
    ...(rack.weightLimitKg !== 1500 ? { weightLimit: formatQuantity('mass', rack.weightLimitKg) } : {}),
    power:
      power.redundancy === 'n+1' && power.shelves
        ? {
            shelvesNPlusOne: {
              count: power.shelves.count,
              rating: formatQuantity('power', power.shelves.ratingW),
              voltage: formatQuantity('voltage', power.voltageV),
              ...(power.maxUtilisation !== 0.8 ? { maxUtilisation: power.maxUtilisation } : {}),
              ...(power.shelves.efficiency !== DEFAULT_SHELF_EFFICIENCY
                ? { efficiency: power.shelves.efficiency }
                : {}),
            },
          }
        : { [power.kind]: supply },
    cooling:
      cooling.method === 'liquid'
        ? {
            directLiquid: {
              liquidCapacity: formatQuantity('power', cooling.liquidCapacityW),
              airCapacity: formatQuantity('power', cooling.airCapacityW),
              ...(cooling.coolantClass && cooling.coolantClass !== DEFAULT_COOLANT_CLASS
                ? { coolantClass: cooling.coolantClass as 'W32' }
                : {}),
              ...airClassOf(cooling),
              ...(cooling.cduId ? { cdu: cooling.cduId } : {}),
              ...(cooling.cduCapacityW !== undefined
                ? { cduCapacity: formatQuantity('power', cooling.cduCapacityW) }
                : {}),
            },
          }
        : {
            air: {
              capacity: formatQuantity('power', cooling.airCapacityW),
              ...airClassOf(cooling),
              ...(cooling.rearDoorHeatExchanger ? { rearDoorHeatExchanger: true } : {}),
            },
          },
    ...suppressionsOf(rack.id),
    nodes: compress(nodes),
  };
}

function exportNode(
  node: NodeInfo,
  pod: SuperPodInfo,
  rack: RackInfo,
  autoPosition: boolean,
  { suppressionsOf, last, draPools }: ExportContext,
): NodeSpec {
  const type = getNodeType(node.nodeTypeId);
  const accelerator = getAccelerator(node.acceleratorId);
  const id = last(node.id);
  const defaultPool = node.role === 'general' ? node.nodeTypeId : `${node.nodeTypeId}-${node.role}`;
  const defaultName = toDnsLabel(`${pod.name}-${rack.name}-${id}`);
  return {
    name: id,
    ...sourceOf(node),
    type: node.nodeTypeId,
    ...(node.acceleratorCount !== type.acceleratorCount.default ? { acceleratorCount: node.acceleratorCount } : {}),
    ...(node.role !== 'general' ? { role: node.role } : {}),
    ...(node.pool !== defaultPool ? { pool: node.pool } : {}),
    ...(node.name !== defaultName ? { nodeName: node.name } : {}),
    ...(node.acceleratorTdpW !== null && node.acceleratorTdpW !== accelerator.tdpW.value
      ? { acceleratorPower: formatQuantity('power', node.acceleratorTdpW) }
      : {}),
    ...(node.hostPowerW !== null && node.hostPowerW !== type.hostPowerW.value
      ? { hostPower: formatQuantity('power', node.hostPowerW) }
      : {}),
    ...(node.weightKg !== null && node.weightKg !== type.weightKg.value
      ? { weight: formatQuantity('mass', node.weightKg) }
      : {}),
    ...(node.heightU !== type.heightU.value ? { height: node.heightU } : {}),
    ...(autoPosition ? {} : { position: node.uPosition }),
    ...(node.liquidFraction !== (type.liquidFraction.value ?? 0.8) ? { liquidFraction: node.liquidFraction } : {}),
    ...(Object.keys(node.labels).length > 0 ? { labels: { ...node.labels } } : {}),
    ...(draPools.has(node.pool) ? { deviceAllocation: 'dra' as const } : {}),
    ...suppressionsOf(node.id),
  };
}

function airClassOf(cooling: RackInfo['cooling']): { airClass?: 'A1' } {
  return cooling.airClass && cooling.airClass !== DEFAULT_AIR_CLASS ? { airClass: cooling.airClass as 'A1' } : {};
}

function isAtlas950(pod: SuperPodInfo): boolean {
  return JSON.stringify(pod.fabric) === JSON.stringify(UnifiedBusFabric.atlas950().toInfo());
}

function exportFabric(pod: SuperPodInfo): Exclude<SuperPodSpec['fabric'], 'atlas950' | undefined> {
  const [x, y, z] = pod.fabric.levels;
  const level = (l: NonNullable<typeof x>) => ({
    maxNpus: l.maxNpus,
    bandwidthPerNpu: formatQuantity('bandwidth', l.bandwidthPerNpuBps),
    latency: formatQuantity('duration', l.latencyS),
    source: l.source,
    confidence: l.confidence as 'estimated',
  });
  const uplink = pod.fabric.uplink;
  return {
    name: pod.fabric.name,
    x: level(x!),
    y: level(y!),
    z: level(z!),
    ...(uplink
      ? {
          uplink: {
            kind: uplink.kind === 'roce' ? ('roce' as const) : ('uboe' as const),
            bandwidthPerNpu: formatQuantity('bandwidth', uplink.bandwidthPerNpuBps),
            latency: formatQuantity('duration', uplink.latencyS),
            source: uplink.source,
            confidence: uplink.confidence as 'estimated',
          },
        }
      : {}),
  };
}

function groupSuppressions(inventory: Inventory): (id: string) => { suppressions?: SuppressionSpec[] } {
  const byTarget = new Map<string, SuppressionSpec[]>();
  const exportable = new Set(
    [...inventory.superPods, ...inventory.racks, ...inventory.nodes, ...inventory.workloads].map((e) => e.id),
  );
  for (const s of inventory.suppressions) {
    if (!exportable.has(s.target)) {
      throw new SuperpodInputError({
        where: s.target || inventory.stack,
        problem: `suppression of ${s.ruleId} sits on an element a spec cannot hold`,
        fix: 'attach it to a SuperPod, rack or node',
      });
    }
    byTarget.set(s.target, [...(byTarget.get(s.target) ?? []), { rule: s.ruleId, reason: s.reason }]);
  }
  return (id) => (byTarget.has(id) ? { suppressions: byTarget.get(id)! } : {});
}

/**
 * Folds runs of entries that differ only in a trailing number counting from 0 (`dt-0`, `dt-1`, ...) into one entry
 * `dt-{i}` with `count`. Entries with an explicit index or position never fold (they would collide).
 */
export function compress<T extends { name: string; count?: number; index?: number; position?: number }>(
  entries: T[],
): T[] {
  const out: T[] = [];
  let i = 0;
  while (i < entries.length) {
    const first = entries[i]!;
    const match = /^(.*?)(0)$/.exec(first.name);
    if (!match || first.count !== undefined || first.index !== undefined || first.position !== undefined) {
      out.push(first);
      i++;
      continue;
    }
    const prefix = match[1]!;
    const body = JSON.stringify({ ...first, name: '' });
    let n = 1;
    while (i + n < entries.length) {
      const next = entries[i + n]!;
      if (next.name !== `${prefix}${n}` || JSON.stringify({ ...next, name: '' }) !== body) break;
      n++;
    }
    if (n > 1 && !prefix.includes('{i}')) {
      const { name: _name, ...rest } = first;
      out.push({ name: `${prefix}{i}`, count: n, ...rest } as unknown as T);
      i += n;
    } else {
      out.push(first);
      i++;
    }
  }
  return out;
}
