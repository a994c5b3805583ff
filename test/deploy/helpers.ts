import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getAccelerator } from '../../src/catalog/index.ts';
import type { Inventory } from '../../src/inventory/types.ts';
import { hardwareLabels } from '../../src/k8s/node-labels.ts';
import { runInProcess } from '../helpers/cli.ts';
import type { FakeApiServer } from './fake-api-server.ts';

export const SMALL_STACK = path.join(path.dirname(fileURLToPath(import.meta.url)), 'stacks/small.ts');

/** Runs the CLI in this process (the fake server lives here too) and captures what it prints. */
export const cli = runInProcess;

/**
 * Seeds the nodes of an inventory as a kubelet and the Ascend device plugin would register them: bare names, a
 * hostname label, the labels the plugin writes from the hardware (`reported` overrides them per node), and
 * allocatable accelerators (none on DRA pools, whose devices come through ResourceSlices).
 */
export function seedNodes(
  server: FakeApiServer,
  inventory: Inventory,
  opts: { missing?: readonly string[]; reported?: Record<string, Record<string, string>> } = {},
): void {
  const dra = new Set(inventory.nodePools.filter((p) => p.deviceAllocation === 'dra').map((p) => p.name));
  for (const node of inventory.nodes) {
    if (opts.missing?.includes(node.name)) continue;
    const resource = getAccelerator(node.acceleratorId).kubernetes.resourceName;
    server.seed({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: node.name,
        labels: {
          'kubernetes.io/hostname': node.name,
          'kubernetes.io/arch': 'arm64',
          ...hardwareLabels(inventory, node),
          ...opts.reported?.[node.name],
        },
      },
      status: {
        allocatable: {
          cpu: '190',
          memory: '1500Gi',
          ...(dra.has(node.pool) ? {} : { [resource]: String(node.acceleratorCount) }),
        },
      },
    });
  }
  // Installed with the cluster and with Volcano.
  for (const name of ['kube-system', 'volcano-system'])
    server.seed({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  server.seed({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'control-plane-0', labels: { 'node-role.kubernetes.io/control-plane': '' } },
    status: { allocatable: { cpu: '32', memory: '128Gi' } },
  });
}
