/**
 * inventoryFromLive and readLiveState in the test's process, over hand-written nodes: each rule of the import (which
 * nodes count, where a node goes without labels, the defaults without a base stack, the warnings word for word) seen
 * where a mutant can be. test/deploy/inventory-import.test.ts drives the same code through the CLI and a fake API
 * server.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadInventory } from '../../src/app/load-stack.ts';
import { getNodeType } from '../../src/catalog/index.ts';
import type { NodeTypeSpec } from '../../src/catalog/types.ts';
import type { ClusterClient, LiveObject } from '../../src/deploy/client.ts';
import { type ImportOptions, inventoryFromLive, nodeTypeOf, readLiveState } from '../../src/deploy/inventory-import.ts';
import { SuperpodInputError } from '../../src/errors.ts';
import type { FabricInfo, Inventory } from '../../src/inventory/types.ts';
import { hardwareLabels, nodeLabels } from '../../src/k8s/node-labels.ts';
import { SMALL_STACK } from './helpers.ts';

const FABRIC = { name: 'test-fabric' } as unknown as FabricInfo;
const DT = '950-SuperPod-Atlas-8';
const PR = '350-Atlas-8';
const A910 = 'huawei.com/Ascend910';

function node(name: string, labels: Record<string, string>, npus?: string, resource = 'huawei.com/npu'): LiveObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels },
    status: { allocatable: { cpu: '190', ...(npus === undefined ? {} : { [resource]: npus }) } },
  } as LiveObject;
}
const topo = (pod: string, rack: string, server?: string) => ({
  'huawei.com/topotree.superpodid': pod,
  'huawei.com/topotree.rackid': rack,
  ...(server === undefined ? {} : { 'huawei.com/topotree.serverid': server }),
});
const slice = (nodeName: string, devices: number, driver = 'npu.huawei.com'): LiveObject =>
  ({
    apiVersion: 'resource.k8s.io/v1',
    kind: 'ResourceSlice',
    metadata: { name: `${nodeName}-${driver}` },
    spec: { driver, nodeName, devices: Array.from({ length: devices }, (_, i) => ({ name: `npu-${i}` })) },
  }) as LiveObject;

const bare = (nodes: LiveObject[], slices?: LiveObject[], opts: Partial<ImportOptions> = {}) =>
  inventoryFromLive({ nodes, slices }, { stack: 'live', defaultFabric: FABRIC, ...opts });

let base: Inventory;
beforeAll(async () => {
  base = await loadInventory(SMALL_STACK);
}, 60_000);

/** The stack's nodes as they look after `superpod apply --stage platform`: the plugin's labels and superpod's. */
function builtNodes(inventory: Inventory, edit: (name: string, labels: Record<string, string>) => void = () => {}) {
  const dra = new Set(inventory.nodePools.filter((p) => p.deviceAllocation === 'dra').map((p) => p.name));
  return inventory.nodes.map((n) => {
    const labels = { ...hardwareLabels(inventory, n), ...nodeLabels(inventory, n) };
    edit(n.name, labels);
    return node(n.name, labels, dra.has(n.pool) ? undefined : String(n.acceleratorCount));
  });
}
const builtSlices = (inventory: Inventory) =>
  inventory.nodes.filter((n) => n.pool === 'pr').map((n) => slice(n.name, n.acceleratorCount));

describe('readLiveState', () => {
  const client = (nodes: LiveObject[] | undefined, slices: LiveObject[] | undefined) =>
    ({
      list: async (_apiVersion: string, kind: string) => (kind === 'Node' ? nodes : slices),
    }) as unknown as ClusterClient;

  it("keeps the Ascend DRA driver's ResourceSlices and no other driver's", async () => {
    const ours = slice('a', 8);
    const state = await readLiveState(
      client(
        [node('a', {})],
        [ours, slice('b', 8, 'gpu.nvidia.com'), { ...ours, spec: undefined } as unknown as LiveObject],
      ),
    );
    expect(state.nodes.map((n) => n.metadata.name)).toEqual(['a']);
    expect(state.slices).toEqual([ours]);
  });

  it('says "no slices" when the cluster does not serve DRA, and "no nodes" as an empty list', async () => {
    expect(await readLiveState(client(undefined, undefined))).toEqual({ nodes: [], slices: undefined });
  });
});

describe('inventoryFromLive without a base stack', () => {
  it('places nodes by the topology labels, numbers the rest, and fills units from the bottom of each rack', () => {
    const { inventory, warnings } = bare([
      node('z-dt', { 'accelerator-type': DT, ...topo('0', '1', '5') }, '8'),
      node('y-dt', { 'accelerator-type': DT, ...topo('0', '1') }, '8'),
      node('x-dt', { 'accelerator-type': DT, ...topo('0', '1') }, '8'),
      node('w-dt', { 'accelerator-type': DT, ...topo('1', '0', '0') }, '8'),
      node('cpu-0', { 'kubernetes.io/hostname': 'cpu-0' }),
      node('cpu-1', {}),
    ]);
    expect(warnings).toEqual([
      '2 nodes carry no accelerator-type label superpod knows (control plane, CPU nodes); not imported',
      '2 racks are not in any stack: their power, cooling and size are unknown (0); pass --app with the stack the cluster was built from',
    ]);
    expect(inventory.superPods).toEqual([
      { id: 'superpod-0', path: 'live/superpod-0', name: 'superpod-0', index: 0, fabric: FABRIC },
      { id: 'superpod-1', path: 'live/superpod-1', name: 'superpod-1', index: 1, fabric: FABRIC },
    ]);
    expect(inventory.racks.map((r) => [r.id, r.path, r.name, r.superPodId, r.index, r.cooling.method])).toEqual([
      ['superpod-0/rack-1', 'live/superpod-0/rack-1', 'rack-1', 'superpod-0', 1, 'liquid'],
      ['superpod-1/rack-0', 'live/superpod-1/rack-0', 'rack-0', 'superpod-1', 0, 'liquid'],
    ]);
    // Labelled servers first (5), then the rest by name take the free indexes of their SuperPoD: 0, 1.
    const dtHeight = getNodeType('ascend-950dt-node').heightU.value ?? 0;
    expect(
      inventory.nodes.map((n) => [n.name, n.id, n.path, n.serverIndex, n.uPosition, n.pool, n.role, n.liquidFraction]),
    ).toEqual([
      ['z-dt', 'superpod-0/rack-1/z-dt', 'live/superpod-0/rack-1/z-dt', 5, 1, 'ascend-950dt-node', 'general', 0.8],
      [
        'x-dt',
        'superpod-0/rack-1/x-dt',
        'live/superpod-0/rack-1/x-dt',
        0,
        1 + dtHeight,
        'ascend-950dt-node',
        'general',
        0.8,
      ],
      [
        'y-dt',
        'superpod-0/rack-1/y-dt',
        'live/superpod-0/rack-1/y-dt',
        1,
        1 + 2 * dtHeight,
        'ascend-950dt-node',
        'general',
        0.8,
      ],
      ['w-dt', 'superpod-1/rack-0/w-dt', 'live/superpod-1/rack-0/w-dt', 0, 1, 'ascend-950dt-node', 'general', 0.8],
    ]);
    expect(inventory.kubernetes).toMatchObject({ scheduler: 'volcano', devicePluginNamespace: 'kube-system' });
    expect([inventory.superClusters, inventory.workloads, inventory.suppressions]).toEqual([[], [], []]);
  });

  it('stacks nodes in a rack one above the other by their height', () => {
    const a2 = (name: string) => node(name, { 'accelerator-type': 'module-910b-8', ...topo('0', '0') }, '8', A910);
    const { inventory } = bare([a2('b'), a2('a')]);
    expect(inventory.nodes.map((n) => [n.name, n.uPosition, n.heightU])).toEqual([
      ['a', 1, 4],
      ['b', 5, 4],
    ]);
  });

  it('reads topology indexes only from whole numbers', () => {
    const { inventory } = bare([
      node('a', { 'accelerator-type': DT, ...topo('12', '1x', 'x3') }, '8'),
      node('b', { 'accelerator-type': DT, ...topo('x1', '3') }, '8'),
    ]);
    expect(inventory.superPods.map((p) => p.index)).toEqual([0, 12]);
    expect(inventory.nodes.map((n) => [n.name, n.rackId, n.serverIndex])).toEqual([
      ['b', 'superpod-0/rack-3', 0],
      ['a', 'superpod-12/rack-0', 0],
    ]);
  });

  it('counts allocatable accelerators, else the DRA devices of the node, and skips a node with neither', () => {
    const { inventory, warnings } = bare(
      [
        node('dra', { 'accelerator-type': PR }),
        node('plugin', { 'accelerator-type': DT }, '8'),
        node('odd', { 'accelerator-type': DT }, '8x'),
        node('empty', { 'accelerator-type': DT }, 'x8'),
      ],
      [
        slice('dra', 6),
        slice('dra', 2),
        slice('odd', 4),
        { ...slice('nobody', 8), spec: { devices: [{}] } } as LiveObject,
      ],
    );
    expect(warnings[0]).toBe('node empty: ascend-950dt-node offers no huawei.com/npu and no DRA devices; skipped');
    expect(inventory.nodes.map((n) => [n.name, n.acceleratorCount])).toEqual([
      ['dra', 8],
      ['odd', 4],
      ['plugin', 8],
    ]);
    expect(inventory.nodePools.map((p) => [p.name, p.deviceAllocation, p.nodeIds])).toEqual([
      ['atlas-350-server', 'dra', ['superpod-0/rack-0/dra']],
      ['ascend-950dt-node', 'dra', ['superpod-0/rack-0/odd', 'superpod-0/rack-0/plugin']],
    ]);
    expect(warnings).toContain(
      'node plugin: pool "ascend-950dt-node" mixes node types or device allocations; the node keeps the pool\'s',
    );
  });

  it('warns when a pool label joins two node types', () => {
    const { warnings } = bare([
      node('a', { 'accelerator-type': DT, 'superpod.dev/pool': 'shared' }, '8'),
      node('b', { 'accelerator-type': 'module-910b-8', 'superpod.dev/pool': 'shared' }, '8', A910),
    ]);
    expect(warnings).toEqual([
      'node b: pool "shared" mixes node types or device allocations; the node keeps the pool\'s',
      '1 racks are not in any stack: their power, cooling and size are unknown (0); pass --app with the stack the cluster was built from',
    ]);
  });

  it("names pools by node type and role, takes roles it knows, and keeps only the user's own labels", () => {
    const { inventory } = bare([
      node(
        'a',
        {
          'accelerator-type': DT,
          'superpod.dev/role': 'decode',
          'superpod.dev/superpod': 'pod-east',
          'superpod.dev/rack': 'r7',
          team: 'search',
          'a.example.com/tier': 'gold',
          accelerator: 'huawei-Ascend950',
          servertype: 'npu-32',
          workerselector: 'dls-worker-node',
          'host-arch': 'huawei-arm',
          'mind-cluster/npu-chip-memory': '128G',
          'kubernetes.io/hostname': 'a',
          'beta.kubernetes.io/arch': 'arm64',
          'node-role.kubernetes.io/worker': 'worker',
          'topology.kubernetes.io/zone': 'z',
          'huawei.com/topotree.serverid': '0',
          'nvidia.com/gpu.present': 'true',
          'feature.node.kubernetes.io/cpu': 'x',
          'node.kubernetes.io/npu.chip.name': 'Ascend950DT',
        },
        '8',
      ),
      node('b', { 'accelerator-type': DT, 'superpod.dev/role': 'chef' }, '8'),
    ]);
    expect(inventory.nodes.map((n) => [n.name, n.role, n.pool, n.labels])).toEqual([
      ['a', 'decode', 'ascend-950dt-node-decode', { 'a.example.com/tier': 'gold', team: 'search' }],
      ['b', 'general', 'ascend-950dt-node', {}],
    ]);
    expect(Object.keys(inventory.nodes[0]!.labels)).toEqual(['a.example.com/tier', 'team']);
    expect(inventory.superPods[0]).toMatchObject({ id: 'pod-east', name: 'pod-east' });
    expect(inventory.racks[0]).toMatchObject({ id: 'pod-east/r7', name: 'r7' });
  });

  it('fails when no node is an accelerator node superpod knows, and says how to label one', () => {
    let error: unknown;
    try {
      bare([node('cpu-0', {}), node('gpu', { 'accelerator-type': 'no-such-type' }, '8')]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SuperpodInputError);
    expect((error as SuperpodInputError).message).toBe(
      'superpod inventory import: the cluster has no accelerator nodes superpod recognises (got "2 nodes"); label the nodes with accelerator-type (e.g. 950-SuperPod-Atlas-8), or apply a stack first: superpod apply --stage platform',
    );
  });
});

describe('inventoryFromLive with the base stack', () => {
  it('is silent about a cluster built from the stack, and takes names, places and chassis from the stack', () => {
    const { inventory, warnings } = inventoryFromLive(
      { nodes: builtNodes(base).reverse(), slices: builtSlices(base) },
      { stack: 'live', base, defaultFabric: FABRIC },
    );
    expect(warnings).toEqual([]);
    expect(inventory.nodes.map((n) => [n.id, n.path, n.uPosition, n.pool])).toEqual(
      base.nodes.map((n) => [n.id, n.path, n.uPosition, n.pool]),
    );
    expect(inventory.superPods).toEqual(base.superPods);
    expect(inventory.kubernetes).toEqual(base.kubernetes);
  });

  it('places a node without topology labels where the stack put it', () => {
    const strip = (_: string, labels: Record<string, string>) => {
      for (const key of Object.keys(labels))
        if (key.startsWith('huawei.com/topotree') || key === 'superpod.dev/superpod' || key === 'superpod.dev/rack')
          delete labels[key];
    };
    const { inventory, warnings } = inventoryFromLive(
      { nodes: builtNodes(base, strip), slices: builtSlices(base) },
      { stack: 'live', base, defaultFabric: FABRIC },
    );
    expect(inventory.racks.map((r) => r.id)).toEqual(base.racks.map((r) => r.id));
    expect(inventory.nodes.map((n) => [n.name, n.rackId])).toEqual(base.nodes.map((n) => [n.name, n.rackId]));
    // Each stripped label is drift the import reports, in node-name order.
    expect(warnings.length).toBeGreaterThan(0);
    expect(
      warnings.every((w) => / is missing in the cluster, "| the device plugin has not written label /.test(w)),
    ).toBe(true);
    const named = warnings.map((w) => w.slice(0, w.indexOf(':')));
    expect(named).toEqual([...named].sort((a, b) => a.localeCompare(b)));
    expect(warnings).toContain(
      `node pod-a-dt-rack-dt-0: label superpod.dev/rack is missing in the cluster, "dt-rack" in the stack`,
    );
    expect(warnings).toContain(
      `node pod-a-dt-rack-dt-0: the device plugin has not written label huawei.com/topotree.rackid; the stack's hardware implies "1"`,
    );
  });

  it('says which nodes of the stack are missing, five by name, and which racks the stack lacks', () => {
    const nodes = builtNodes(base, (name, labels) => {
      if (name === 'pod-a-dt-rack-dt-0') labels['huawei.com/topotree.rackid'] = '7';
    }).filter((n) => ['pod-a-dt-rack-dt-0', 'pod-a-dt-rack-dt-1'].includes(n.metadata.name));
    const { warnings } = inventoryFromLive({ nodes, slices: [] }, { stack: 'live', base, defaultFabric: FABRIC });
    expect(warnings).toEqual([
      'node pod-a-dt-rack-dt-0: the device plugin reports huawei.com/topotree.rackid="7", the stack\'s hardware implies "1"',
      '1 racks are not in the base stack: their power, cooling and size are unknown (0); pass --app with the stack the cluster was built from',
      '8 nodes of the stack are not in the cluster: pod-a-pr-rack-pr-0, pod-a-pr-rack-pr-1, pod-a-dt-rack-dt-2, pod-a-dt-rack-dt-3, pod-a-dt-rack-dt-4, ...',
    ]);
    const gone = new Set([3, 4, 5, 6, 7].map((i) => `pod-a-dt-rack-dt-${i}`));
    const five = builtNodes(base).filter((n) => !gone.has(n.metadata.name));
    expect(
      inventoryFromLive({ nodes: five, slices: builtSlices(base) }, { stack: 'live', base, defaultFabric: FABRIC })
        .warnings,
    ).toEqual([`5 nodes of the stack are not in the cluster: ${[...gone].join(', ')}`]);
  });
});

describe('nodeTypeOf', () => {
  const a2 = getNodeType('atlas-800t-a2');
  // A second server labelled like the A2 but holding another chip, listed first.
  const twin = { ...a2, id: 'twin', acceleratorId: getNodeType('atlas-350-server').acceleratorId } as NodeTypeSpec;
  const catalogue = [twin, a2];
  const typeOf = (labels: Record<string, string>) => nodeTypeOf(labels, catalogue)?.id;

  it('breaks a tie between node types that share an accelerator-type by the chip name, else takes the first', () => {
    expect(typeOf({ 'accelerator-type': 'module-910b-8', 'node.kubernetes.io/npu.chip.name': '910B2' })).toBe(
      'atlas-800t-a2',
    );
    expect(typeOf({ 'accelerator-type': 'module-910b-8', 'node.kubernetes.io/npu.chip.name': 'Ascend950PR' })).toBe(
      'twin',
    );
    expect(typeOf({ 'accelerator-type': 'module-910b-8', 'node.kubernetes.io/npu.chip.name': '910C' })).toBe('twin');
    expect(typeOf({ 'accelerator-type': 'module-910b-8' })).toBe('twin');
  });

  it('knows no node without an accelerator-type it lists', () => {
    expect(typeOf({ 'accelerator-type': 'none' })).toBeUndefined();
    expect(typeOf({ 'accelerator-type': '' })).toBeUndefined();
    expect(typeOf({})).toBeUndefined();
    expect(nodeTypeOf({ 'accelerator-type': 'module-910b-8' })?.id).toBe('atlas-800t-a2');
  });
});
