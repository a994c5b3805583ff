import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { UnifiedBusFabric } from '../../constructs/index.ts';
import { loadInventory } from '../../src/app/load-stack.ts';
import { readInventoryFile } from '../../src/deploy/inventory-file.ts';
import { inventoryFromLive } from '../../src/deploy/inventory-import.ts';
import type { Inventory } from '../../src/inventory/types.ts';
import { synthesizeKubernetes } from '../../src/k8s/synthesize.ts';
import { FakeApiServer } from './fake-api-server.ts';
import { cli, SMALL_STACK, seedNodes } from './helpers.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'superpod-import-'));
let base: Inventory;
let server: FakeApiServer | undefined;

beforeAll(async () => {
  base = await loadInventory(SMALL_STACK);
}, 60_000);
afterEach(async () => {
  await server?.stop();
  server = undefined;
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** A cluster whose nodes joined bare and then got the platform stage applied (labels, DRA slices). */
async function builtCluster(
  opts: {
    missing?: string[];
    degraded?: string;
    relabelled?: string;
    reported?: Record<string, Record<string, string>>;
  } = {},
) {
  server = await new FakeApiServer().start();
  seedNodes(server, base, {
    ...(opts.missing ? { missing: opts.missing } : {}),
    ...(opts.reported ? { reported: opts.reported } : {}),
  });
  const kubeconfig = server.kubeconfig(fs.mkdtempSync(path.join(work, 'kube-')));
  const applied = await cli(['apply', '--app', SMALL_STACK, '--kubeconfig', kubeconfig, '--stage', 'platform']);
  expect(applied.code).toBe(0);
  if (opts.degraded) server.get('v1', 'Node', opts.degraded)!.status.allocatable['huawei.com/npu'] = '7';
  if (opts.relabelled) server.get('v1', 'Node', opts.relabelled)!.metadata.labels['superpod.dev/role'] = 'training';
  return { server, kubeconfig };
}

describe('superpod inventory import', () => {
  it('reads back the nodes, pools and topology of the stack the cluster was built from', async () => {
    const { kubeconfig } = await builtCluster();
    const out = path.join(work, 'live.json');
    const run = await cli(['inventory', 'import', '--app', SMALL_STACK, '--kubeconfig', kubeconfig, '--out', out]);
    expect(run.stderr).toBe(
      'warning: 1 nodes carry no accelerator-type label superpod knows (control plane, CPU nodes); not imported\n',
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^small: imported 10 nodes, 80 accelerators in 2 racks, 2 pools from http:\/\/127\.0\.0\.1:\d+ -> /,
    );
    const live = readInventoryFile(out);
    const pick = (i: Inventory) =>
      i.nodes.map((n) => [n.name, n.id, n.rackId, n.pool, n.role, n.acceleratorId, n.acceleratorCount, n.serverIndex]);
    expect(pick(live)).toEqual(pick(base));
    expect(live.nodePools).toEqual(base.nodePools);
    // Racks and workloads come from the base stack (each load of the stack file is a fresh module: `source` differs).
    const strip = <T extends { source?: unknown }>(list: readonly T[]) => list.map(({ source: _s, ...rest }) => rest);
    expect(strip(live.racks)).toEqual(strip(base.racks));
    expect(strip(live.workloads)).toEqual(strip(base.workloads));
    // The imported inventory drives the engines like the stack's: the same node labels come out of synthesis.
    expect(synthesizeKubernetes(live).nodeLabels).toEqual(synthesizeKubernetes(base).nodeLabels);
  }, 60_000);

  it('reports drift: a node that lost an accelerator and a node that never joined', async () => {
    const { kubeconfig } = await builtCluster({ missing: ['pod-a-dt-rack-dt-7'], degraded: 'pod-a-dt-rack-dt-2' });
    const run = await cli(['inventory', 'import', '--app', SMALL_STACK, '--kubeconfig', kubeconfig]);
    expect(run.code).toBe(0);
    expect(run.stderr.split('\n').filter((l) => l.startsWith('warning:'))).toEqual([
      'warning: node pod-a-dt-rack-dt-2: the cluster offers 7 accelerators, the stack installs 8',
      'warning: 1 nodes carry no accelerator-type label superpod knows (control plane, CPU nodes); not imported',
      'warning: 1 nodes of the stack are not in the cluster: pod-a-dt-rack-dt-7',
    ]);
    const live = JSON.parse(run.stdout) as Inventory;
    expect(live.nodes).toHaveLength(9);
    expect(live.nodes.find((n) => n.name === 'pod-a-dt-rack-dt-2')?.acceleratorCount).toBe(7);
  }, 60_000);

  it('reports drift: a label the stack sets that the cluster changed', async () => {
    const { kubeconfig } = await builtCluster({ relabelled: 'pod-a-dt-rack-dt-4' });
    const run = await cli(['inventory', 'import', '--app', SMALL_STACK, '--kubeconfig', kubeconfig]);
    expect(run.code).toBe(0);
    expect(run.stderr.split('\n').filter((l) => l.includes(': label '))).toEqual([
      'warning: node pod-a-dt-rack-dt-4: label superpod.dev/role is "training" in the cluster, "decode" in the stack',
    ]);
  }, 60_000);

  it('fails when the hardware the device plugin reports differs from the stack, and says so', async () => {
    const { kubeconfig } = await builtCluster({
      reported: {
        'pod-a-dt-rack-dt-1': { 'node.kubernetes.io/npu.chip.name': 'Ascend950PR', servertype: 'npu-28' },
        'pod-a-dt-rack-dt-6': { 'huawei.com/topotree.serverid': '' },
      },
    });
    const run = await cli(['inventory', 'import', '--app', SMALL_STACK, '--kubeconfig', kubeconfig]);
    expect(run.code).toBe(0);
    expect(run.stderr.split('\n').filter((l) => l.includes('device plugin'))).toEqual([
      'warning: node pod-a-dt-rack-dt-1: the device plugin reports node.kubernetes.io/npu.chip.name="Ascend950PR", the stack\'s hardware implies "Ascend950DT"',
      'warning: node pod-a-dt-rack-dt-1: the device plugin reports servertype="npu-28", the stack\'s hardware implies "npu-32"',
      'warning: node pod-a-dt-rack-dt-6: the device plugin reports huawei.com/topotree.serverid="", the stack\'s hardware implies "8"',
    ]);
  }, 60_000);

  it('builds placeholder racks from the topology labels alone, and says what is unknown', async () => {
    const { kubeconfig } = await builtCluster();
    const run = await cli(['inventory', 'import', '--kubeconfig', kubeconfig, '--name', 'prod']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      'warning: 2 racks are not in any stack: their power, cooling and size are unknown (0); pass --app with the stack the cluster was built from',
    );
    expect(run.stderr).toContain(
      'warning: 1 nodes carry no accelerator-type label superpod knows (control plane, CPU nodes); not imported',
    );
    const live = JSON.parse(run.stdout) as Inventory;
    expect(live.stack).toBe('prod');
    expect(live.superPods.map((p) => [p.id, p.index, p.fabric.name])).toEqual([['pod-a', 0, 'atlas-950-ub']]);
    expect(live.racks.map((r) => [r.id, r.index, r.power.ratedW])).toEqual([
      ['pod-a/pr-rack', 0, 0],
      ['pod-a/dt-rack', 1, 0],
    ]);
    expect(live.nodePools.map((p) => [p.name, p.deviceAllocation, p.nodeIds.length])).toEqual([
      ['pr', 'dra', 2],
      ['dt', 'device-plugin', 8],
    ]);
    expect(live.nodes[0]).toMatchObject({
      id: 'pod-a/pr-rack/pod-a-pr-rack-pr-0',
      acceleratorCount: 8,
      role: 'prefill',
      labels: {},
    });
  }, 60_000);

  it('fails when the cluster has no accelerator nodes superpod recognises', async () => {
    server = await new FakeApiServer().start();
    server.seed({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'cpu-0', labels: {} }, status: {} });
    const run = await cli([
      'inventory',
      'import',
      '--kubeconfig',
      server.kubeconfig(fs.mkdtempSync(path.join(work, 'k-'))),
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^error: superpod inventory import: the cluster has no accelerator nodes superpod recognises \(got "1 nodes"\)/,
    );
  });

  it('fails when the server is unreachable or the subcommand is unknown', async () => {
    server = await new FakeApiServer().start();
    const kubeconfig = server.kubeconfig(fs.mkdtempSync(path.join(work, 'k-')));
    await server.stop();
    server = undefined;
    const down = await cli(['inventory', 'import', '--kubeconfig', kubeconfig]);
    expect(down.code).toBe(2);
    expect(down.stderr).toMatch(/cannot reach the Kubernetes API server/);
    const unknown = await cli(['inventory', 'export']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(
      'error: superpod inventory: unknown subcommand (got "export"); run `superpod inventory import`\n',
    );
  });
});

describe('inventoryFromLive', () => {
  const node = (name: string, labels: Record<string, string>, npus?: string) => ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels },
    status: { allocatable: npus ? { 'huawei.com/npu': npus } : {} },
  });
  const fabric = UnifiedBusFabric.atlas950().toInfo();

  it('numbers servers without topology labels after the labelled ones, keeps user labels, is deterministic', () => {
    const dt = { 'accelerator-type': '950-SuperPod-Atlas-8', 'node.kubernetes.io/npu.chip.name': 'Ascend950DT' };
    const nodes = [
      node('b', { ...dt, 'huawei.com/topotree.serverid': '0', team: 'llm' }, '8'),
      node('a', { ...dt }, '8'),
    ];
    const first = inventoryFromLive({ nodes, slices: undefined }, { stack: 'x', defaultFabric: fabric });
    const again = inventoryFromLive(
      { nodes: [...nodes].reverse(), slices: undefined },
      { stack: 'x', defaultFabric: fabric },
    );
    expect(JSON.stringify(first)).toBe(JSON.stringify(again));
    expect(first.inventory.nodes.map((n) => [n.name, n.serverIndex, n.labels])).toEqual([
      ['b', 0, { team: 'llm' }],
      ['a', 1, {}],
    ]);
    expect(first.inventory.nodes[0]).toMatchObject({
      nodeTypeId: 'ascend-950dt-node',
      acceleratorCount: 8,
      pool: 'ascend-950dt-node',
    });
  });

  it('tells the Atlas 350 server from the 950PR by chip name and counts DRA devices from the slices', () => {
    const pr = { 'accelerator-type': '350-Atlas-8', 'node.kubernetes.io/npu.chip.name': 'Ascend950PR' };
    const slice = {
      apiVersion: 'resource.k8s.io/v1',
      kind: 'ResourceSlice',
      metadata: { name: 's' },
      spec: { driver: 'npu.huawei.com', nodeName: 'p', devices: [{ name: 'npu-0' }, { name: 'npu-1' }] },
    };
    const { inventory } = inventoryFromLive(
      { nodes: [node('p', pr)], slices: [slice] },
      { stack: 'x', defaultFabric: fabric },
    );
    expect(inventory.nodes[0]).toMatchObject({
      nodeTypeId: 'atlas-350-server',
      acceleratorId: 'atlas-350',
      acceleratorCount: 2,
    });
    expect(inventory.nodePools[0]?.deviceAllocation).toBe('dra');
  });
});
