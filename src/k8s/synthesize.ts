import { getAccelerator } from '../catalog/index.ts';
import type { Inventory } from '../inventory/types.ts';
import { ascendDevicePluginDaemonSet, ascendDevicePluginRbac, nvidiaDevicePluginDaemonSet } from './device-plugin.ts';
import { deviceClasses, draPools, resourceSliceProblems, resourceSlices } from './dra.ts';
import { indexInventory, nodeLabels } from './node-labels.ts';
import type { KubeObject, ManifestFile } from './object.ts';
import { hyperNodes, onSuperPodFabric, volcanoQueues, volcanoSchedulerConfigMap } from './volcano.ts';
import { workloadObjects } from './workloads/index.ts';

/** Labels of one Kubernetes node, applied as a partial Node object or a `kubernetes_labels` resource. */
export interface NodeLabelSet {
  readonly node: string;
  readonly labels: Readonly<Record<string, string>>;
}

export interface KubernetesOutput {
  /** Objects to apply, grouped in files applied in name order (platform files before workload files). */
  readonly files: readonly ManifestFile[];
  /** Labels per node, in inventory order (applied with the platform). */
  readonly nodeLabels: readonly NodeLabelSet[];
}

/**
 * Inventory -> the Kubernetes objects and node labels of the cluster. Pure and deterministic.
 *
 * Platform (built-in kinds): namespaces and priority classes of the workloads, the device plugin's RBAC and one
 * DaemonSet per device-plugin pool, DRA DeviceClasses and one ResourceSlice per node of the DRA pools, the Volcano
 * scheduler ConfigMap. Workloads (custom resources and workloads): Volcano Queues and HyperNodes, then each
 * workload's objects.
 */
export function synthesizeKubernetes(inventory: Inventory): KubernetesOutput {
  const lookup = indexInventory(inventory);
  const pools = [...inventory.nodePools].sort((a, b) => a.name.localeCompare(b.name));
  const pluginPools = pools.filter((p) => p.deviceAllocation === 'device-plugin');
  const huaweiPools = pluginPools.filter((p) => getAccelerator(p.acceleratorId).vendor === 'huawei');
  const nvidiaPools = pluginPools.filter((p) => getAccelerator(p.acceleratorId).vendor === 'nvidia');
  const dra = draPools(inventory);
  const volcano = inventory.kubernetes.scheduler === 'volcano';
  // HyperNodes (and Volcano's network-topology plugin) only where some node sits on a SuperPoD's UB fabric.
  const withHyperNodes = volcano && inventory.nodes.some(onSuperPodFabric);
  const workloads = workloadObjects(inventory, { hyperNodes: withHyperNodes });
  const devicePlugins: KubeObject[] = [
    ...huaweiPools.map((p) => ascendDevicePluginDaemonSet(inventory, p)),
    ...nvidiaPools.map((p) => nvidiaDevicePluginDaemonSet(inventory, p)),
  ];
  const slices = resourceSlices(inventory, dra, lookup);
  for (const slice of slices) {
    const problems = resourceSliceProblems(slice);
    if (problems.length > 0) throw new Error(`ResourceSlice ${slice.metadata.name}: ${problems.join('; ')}`);
  }
  const files: ManifestFile[] = [];
  const add = (file: ManifestFile) => {
    if (file.objects.length > 0) files.push(file);
  };
  add({ name: '00-namespaces.yaml', stage: 'platform', objects: workloads.platform });
  if (huaweiPools.length > 0)
    add({ name: '00-rbac.yaml', stage: 'platform', objects: ascendDevicePluginRbac(inventory) });
  add({ name: '10-device-plugins.yaml', stage: 'platform', objects: devicePlugins });
  add({ name: '15-dra-device-classes.yaml', stage: 'platform', objects: deviceClasses(inventory, dra) });
  add({ name: '16-dra-resource-slices.yaml', stage: 'platform', forEach: 'resource_slices', objects: slices });
  if (volcano)
    add({
      name: '30-volcano-scheduler.yaml',
      stage: 'platform',
      objects: [volcanoSchedulerConfigMap(inventory, { dra: dra.length > 0, hyperNodes: withHyperNodes })],
    });
  add({ name: '40-volcano-queues.yaml', stage: 'workloads', objects: volcanoQueues(inventory, workloads.queues) });
  if (withHyperNodes)
    add({
      name: '41-volcano-hypernodes.yaml',
      stage: 'workloads',
      forEach: 'hypernodes',
      objects: hyperNodes(inventory, lookup),
    });
  add({ name: '50-workloads.yaml', stage: 'workloads', objects: workloads.workloads });
  const labels = inventory.nodes.map((node) => ({ node: node.name, labels: nodeLabels(inventory, node, lookup) }));
  return { files: files.sort((a, b) => a.name.localeCompare(b.name)), nodeLabels: labels };
}

/** Node labels as partial Node objects for `kubectl apply --server-side`. */
export function nodeLabelObjects(labels: readonly NodeLabelSet[]): KubeObject[] {
  return labels.map(({ node, labels: l }) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name: node, labels: l } }));
}

/** Every object of the output in apply order: platform files, node labels, then workload files. */
export function allObjects(output: KubernetesOutput): KubeObject[] {
  const platform = output.files.filter((f) => f.stage === 'platform').flatMap((f) => f.objects);
  const workloads = output.files.filter((f) => f.stage === 'workloads').flatMap((f) => f.objects);
  return [...platform, ...nodeLabelObjects(output.nodeLabels), ...workloads];
}
