import { getAccelerator } from '../catalog/index.ts';
import type { Inventory } from '../inventory/types.ts';
import { ascendDevicePluginDaemonSet, ascendDevicePluginRbac, nvidiaDevicePluginDaemonSet } from './device-plugin.ts';
import { indexInventory, nodeLabels } from './node-labels.ts';
import type { KubeObject, ManifestFile } from './object.ts';

/** Labels of one Kubernetes node, applied as a partial Node object or a `kubernetes_labels` resource. */
export interface NodeLabelSet {
  readonly node: string;
  readonly labels: Readonly<Record<string, string>>;
}

export interface KubernetesOutput {
  /** Objects to apply, grouped in files applied in name order. */
  readonly files: readonly ManifestFile[];
  /** Labels per node, in inventory order. */
  readonly nodeLabels: readonly NodeLabelSet[];
}

/** Inventory -> the Kubernetes objects and node labels of the cluster. Pure and deterministic. */
export function synthesizeKubernetes(inventory: Inventory): KubernetesOutput {
  const lookup = indexInventory(inventory);
  const pools = [...inventory.nodePools].sort((a, b) => a.name.localeCompare(b.name));
  const huaweiPools = pools.filter((p) => getAccelerator(p.acceleratorId).vendor === 'huawei');
  const nvidiaPools = pools.filter((p) => getAccelerator(p.acceleratorId).vendor === 'nvidia');
  const devicePlugins: KubeObject[] = [
    ...huaweiPools.map((p) => ascendDevicePluginDaemonSet(inventory, p)),
    ...nvidiaPools.map((p) => nvidiaDevicePluginDaemonSet(inventory, p)),
  ];
  const files: ManifestFile[] = [];
  if (huaweiPools.length > 0) files.push({ name: '00-rbac.yaml', objects: ascendDevicePluginRbac(inventory) });
  if (devicePlugins.length > 0) files.push({ name: '10-device-plugins.yaml', objects: devicePlugins });
  const labels = inventory.nodes.map((node) => ({ node: node.name, labels: nodeLabels(inventory, node, lookup) }));
  return { files, nodeLabels: labels };
}

/** Node labels as partial Node objects for `kubectl apply --server-side`. */
export function nodeLabelObjects(labels: readonly NodeLabelSet[]): KubeObject[] {
  return labels.map(({ node, labels: l }) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name: node, labels: l } }));
}
