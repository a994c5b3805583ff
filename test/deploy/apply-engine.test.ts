/**
 * diffStack and applyStack against an in-memory API server: the engine's decisions (create, update, unchanged,
 * missing node, prune, dry-run namespaces, interruption) checked in the test's process, where each branch can be
 * seen. test/deploy/deploy.test.ts drives the same engine through the CLI against a fake HTTP API server and
 * test/cluster against a real one.
 */
import { describe, expect, it } from 'vitest';
import { type ClusterClient, ClusterError, type LiveObject } from '../../src/deploy/client.ts';
import { applyStack, diffStack, mapLimit, type Outcome } from '../../src/deploy/deploy.ts';
import { type DesiredGroup, identity, ownerSelector } from '../../src/deploy/desired.ts';
import type { KubeObject } from '../../src/k8s/object.ts';

const OWNED = { 'app.kubernetes.io/managed-by': 'superpod', 'superpod.dev/stack': 'lab' };
const obj = (apiVersion: string, kind: string, name: string, namespace?: string, extra = {}): KubeObject =>
  ({
    apiVersion,
    kind,
    metadata: { name, ...(namespace ? { namespace } : {}), labels: { ...OWNED } },
    ...extra,
  }) as KubeObject;

interface Call {
  readonly verb: 'get' | 'apply' | 'list' | 'delete';
  readonly what: string;
  readonly dryRun?: boolean;
  readonly force?: boolean;
}

/** The four requests the engine makes, over a map of live objects; `conflicts` answer 409 unless forced. */
class MemoryCluster {
  readonly live = new Map<string, LiveObject>();
  readonly calls: Call[] = [];
  constructor(
    readonly opts: {
      conflicts?: Set<string>;
      unserved?: Set<string>;
      onApply?: (object: KubeObject, opts: { dryRun: boolean; force: boolean }) => void;
    } = {},
  ) {}

  seed(...objects: KubeObject[]): this {
    for (const o of objects) this.live.set(identity(o), structuredClone(o) as LiveObject);
    return this;
  }

  async get(object: KubeObject) {
    this.calls.push({ verb: 'get', what: identity(object) });
    const found = this.live.get(identity(object));
    return found ? structuredClone(found) : undefined;
  }

  async apply(object: KubeObject, opts: { dryRun: boolean; force: boolean }) {
    this.calls.push({ verb: 'apply', what: identity(object), ...opts });
    this.opts.onApply?.(object, opts);
    if (this.opts.conflicts?.has(identity(object)) && !opts.force)
      throw new ClusterError('conflict', 409, 'Apply failed with 1 conflict: conflict with "kubectl"', object);
    const after = structuredClone(object) as LiveObject;
    if (!opts.dryRun) this.live.set(identity(object), after);
    return structuredClone(after);
  }

  async list(apiVersion: string, kind: string, selector?: string) {
    this.calls.push({ verb: 'list', what: `${apiVersion} ${kind} ${selector}` });
    if (this.opts.unserved?.has(kind)) return undefined;
    return [...this.live.values()].filter((o) => o.apiVersion === apiVersion && o.kind === kind);
  }

  async delete(object: KubeObject, opts: { dryRun: boolean }) {
    this.calls.push({ verb: 'delete', what: identity(object), dryRun: opts.dryRun });
    if (!opts.dryRun) this.live.delete(identity(object));
  }

  get client(): ClusterClient {
    return this as unknown as ClusterClient;
  }
}

const summary = (outcomes: readonly Outcome[]) =>
  outcomes.map((o) => `${o.action} ${identity(o.object)}${'note' in o && o.note ? ` (${o.note})` : ''}`);
const base = { stack: 'lab', stage: 'all' as const, forceConflicts: false };

const namespace = obj('v1', 'Namespace', 'serving');
const queue = obj('scheduling.volcano.sh/v1beta1', 'Queue', 'decode', undefined, { spec: { weight: 1 } });
const service = obj('v1', 'Service', 'decode', 'serving', { spec: { ports: [{ port: 8000 }] } });
const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'dt-0', labels: { role: 'decode' } } } as KubeObject;
const groups: DesiredGroup[] = [
  { name: '00-namespaces.yaml', stage: 'platform', objects: [namespace] },
  { name: '20-node-labels.yaml', stage: 'platform', objects: [node] },
  { name: '40-volcano-queues.yaml', stage: 'workloads', objects: [queue] },
  { name: '50-workloads.yaml', stage: 'workloads', objects: [service] },
];

describe('diffStack', () => {
  it('says create, missing node, unchanged or update per object, through dry runs that persist nothing', async () => {
    const edited = obj('scheduling.volcano.sh/v1beta1', 'Queue', 'decode', undefined, { spec: { weight: 4 } });
    const cluster = new MemoryCluster().seed(namespace, edited);
    const report = await diffStack(cluster.client, groups, base);
    expect(summary(report.outcomes)).toEqual([
      'unchanged /Namespace/serving',
      'missing-node /Node/dt-0',
      'update scheduling.volcano.sh/Queue/decode',
      'create /Service/serving/decode',
    ]);
    const update = report.outcomes[2] as Extract<Outcome, { action: 'update' }>;
    expect(update.fields).toEqual([{ path: 'spec.weight', from: 4, to: 1 }]);
    expect(update.conflict).toBeUndefined();
    expect(cluster.calls.filter((c) => c.verb === 'apply').every((c) => c.dryRun === true && !c.force)).toBe(true);
    expect(cluster.live.get(identity(queue))).toEqual(edited);
    expect(report.unservedKinds).toEqual([]);
  });

  it('reports a field another manager owns as an update needing --force-conflicts, with the server message', async () => {
    const edited = obj('scheduling.volcano.sh/v1beta1', 'Queue', 'decode', undefined, { spec: { weight: 4 } });
    const cluster = new MemoryCluster({ conflicts: new Set([identity(queue)]) }).seed(namespace, edited);
    const report = await diffStack(cluster.client, groups.slice(2, 3), base);
    expect(report.outcomes).toEqual([
      {
        action: 'update',
        object: queue,
        fields: [{ path: 'spec.weight', from: 4, to: 1 }],
        conflict: 'Apply failed with 1 conflict: conflict with "kubectl"',
      },
    ]);
    // the forced dry run says what --force-conflicts would do
    expect(cluster.calls.filter((c) => c.verb === 'apply').map((c) => c.force)).toEqual([false, true]);
  });

  it('says unchanged, not a conflict, when the conflicting fields already hold our values', async () => {
    const cluster = new MemoryCluster({ conflicts: new Set([identity(queue)]) }).seed(queue);
    const report = await diffStack(cluster.client, groups.slice(2, 3), base);
    expect(report.outcomes).toEqual([{ action: 'unchanged', object: queue }]);
  });

  it('lets any other failure through', async () => {
    const cluster = new MemoryCluster({
      onApply: () => {
        throw new ClusterError('forbidden', 403, 'queues is forbidden');
      },
    }).seed(queue);
    await expect(diffStack(cluster.client, groups.slice(2, 3), base)).rejects.toThrow('queues is forbidden');
  });

  it('tries the forced dry run after a conflict only, not after another refusal', async () => {
    const cluster = new MemoryCluster({
      onApply: (_, opts) => {
        if (!opts.force) throw new ClusterError('invalid', 422, 'Queue "decode" is invalid');
      },
    }).seed(queue);
    await expect(diffStack(cluster.client, groups.slice(2, 3), base)).rejects.toThrow('Queue "decode" is invalid');
    expect(cluster.calls.filter((c) => c.verb === 'apply')).toHaveLength(1);
  });

  it('lists the objects the stack owns but no longer synthesises for prune, and kinds the cluster does not serve', async () => {
    const stale = obj('v1', 'Service', 'old', 'serving');
    const olderStale = obj('v1', 'Service', 'aaa', 'serving');
    const cluster = new MemoryCluster({ unserved: new Set(['LeaderWorkerSet', 'HyperNode']) }).seed(
      namespace,
      queue,
      service,
      stale,
      olderStale,
    );
    const report = await diffStack(cluster.client, groups, base);
    expect(summary(report.outcomes).filter((s) => s.startsWith('prune'))).toEqual([
      'prune /Service/serving/aaa',
      'prune /Service/serving/old',
    ]);
    expect(report.unservedKinds).toEqual([
      'HyperNode (topology.volcano.sh/v1alpha1)',
      'LeaderWorkerSet (leaderworkerset.x-k8s.io/v1)',
    ]);
    expect(cluster.calls.filter((c) => c.verb === 'list').every((c) => c.what.endsWith(ownerSelector('lab')))).toBe(
      true,
    );
  });
});

describe('applyStack', () => {
  it('applies every object, skips nodes that have not joined, and persists', async () => {
    const cluster = new MemoryCluster();
    const seen: string[] = [];
    const report = await applyStack(cluster.client, groups, { ...base, dryRun: false, prune: false }, (o) =>
      seen.push(o.action),
    );
    expect(summary(report.outcomes)).toEqual([
      'create /Namespace/serving',
      'missing-node /Node/dt-0',
      'create scheduling.volcano.sh/Queue/decode',
      'create /Service/serving/decode',
    ]);
    expect(seen).toEqual(['create', 'missing-node', 'create', 'create']);
    expect([...cluster.live.keys()].sort()).toEqual(
      ['/Namespace/serving', '/Service/serving/decode', 'scheduling.volcano.sh/Queue/decode'].sort(),
    );
    expect(report.interrupted).toBeUndefined();
    expect(cluster.calls.some((c) => c.verb === 'list')).toBe(false);
  });

  it('in a dry run, does not send objects of a namespace the same run creates, and says why', async () => {
    const cluster = new MemoryCluster();
    const report = await applyStack(cluster.client, groups, { ...base, dryRun: true, prune: false });
    expect(summary(report.outcomes)).toEqual([
      'create /Namespace/serving',
      'missing-node /Node/dt-0',
      'create scheduling.volcano.sh/Queue/decode',
      'create /Service/serving/decode (not validated: namespace serving is created by this apply)',
    ]);
    expect(cluster.calls.filter((c) => c.verb === 'apply').map((c) => c.what)).toEqual([
      '/Namespace/serving',
      'scheduling.volcano.sh/Queue/decode',
    ]);
    expect(cluster.live.size).toBe(0);
  });

  it('in a dry run, validates objects of a namespace that exists already', async () => {
    const cluster = new MemoryCluster().seed(namespace);
    const report = await applyStack(cluster.client, groups, { ...base, dryRun: true, prune: false });
    expect(summary(report.outcomes)).toContain('create /Service/serving/decode');
    expect(cluster.calls.filter((c) => c.verb === 'apply').map((c) => c.what)).toContain('/Service/serving/decode');
  });

  it('in a real apply, sends the objects of a namespace it has just created', async () => {
    const cluster = new MemoryCluster();
    const report = await applyStack(cluster.client, groups, { ...base, dryRun: false, prune: false });
    expect(summary(report.outcomes)).toContain('create /Service/serving/decode');
  });

  it('prunes owned objects it no longer synthesises, workloads before platform, and reports unserved kinds', async () => {
    const staleQueue = obj('scheduling.volcano.sh/v1beta1', 'Queue', 'old');
    const staleService = obj('v1', 'Service', 'old', 'serving');
    const staleAccount = obj('v1', 'ServiceAccount', 'old', 'kube-system');
    const cluster = new MemoryCluster({ unserved: new Set(['HyperNode']) }).seed(
      staleQueue,
      staleService,
      staleAccount,
    );
    const pruned: string[] = [];
    const report = await applyStack(cluster.client, groups, { ...base, dryRun: false, prune: true }, (o) => {
      if (o.action === 'prune') pruned.push(identity(o.object));
    });
    expect(pruned).toEqual([
      '/Service/serving/old',
      'scheduling.volcano.sh/Queue/old',
      '/ServiceAccount/kube-system/old',
    ]);
    expect(cluster.live.has(identity(staleService))).toBe(false);
    expect(report.unservedKinds).toEqual(['HyperNode (topology.volcano.sh/v1alpha1)']);
  });

  it('sends nothing once interrupted before it starts', async () => {
    const cluster = new MemoryCluster();
    const signal = AbortSignal.abort();
    const report = await applyStack(cluster.client, groups, { ...base, dryRun: false, prune: true, signal });
    expect(report).toEqual({ outcomes: [], unservedKinds: [], interrupted: true });
    expect(cluster.calls).toEqual([]);
  });

  it('finishes the requests in flight when interrupted, sends no more, and does not prune', async () => {
    const controller = new AbortController();
    const cluster = new MemoryCluster({
      onApply: (object) => {
        if (object.kind === 'Queue') controller.abort();
      },
    }).seed(obj('v1', 'Service', 'old', 'serving'));
    const report = await applyStack(cluster.client, groups, {
      ...base,
      dryRun: false,
      prune: true,
      signal: controller.signal,
    });
    expect(summary(report.outcomes)).toEqual([
      'create /Namespace/serving',
      'missing-node /Node/dt-0',
      'create scheduling.volcano.sh/Queue/decode',
    ]);
    expect(report.interrupted).toBe(true);
    expect(report.unservedKinds).toEqual([]);
    expect(cluster.calls.some((c) => c.verb === 'delete' || c.what.includes('Service/serving/decode'))).toBe(false);
  });

  it('starts no other object of a group once interrupted within it', async () => {
    const controller = new AbortController();
    const services = ['a', 'b', 'c'].map((name) => obj('v1', 'Service', name, 'serving'));
    const cluster = new MemoryCluster({ onApply: () => controller.abort() }).seed(namespace);
    const report = await applyStack(
      cluster.client,
      [{ name: '50-workloads.yaml', stage: 'workloads', objects: services }],
      { ...base, dryRun: false, prune: false, signal: controller.signal, concurrency: 1 },
    );
    expect(report.outcomes).toEqual([{ action: 'create', object: services[0] }]);
    expect(report.interrupted).toBe(true);
    expect(cluster.calls.filter((c) => c.verb === 'apply')).toHaveLength(1);
  });

  it('in a dry run, takes only a new Namespace as a namespace this run creates', async () => {
    const sameName = obj('v1', 'ConfigMap', 'serving', 'kube-system');
    const cluster = new MemoryCluster().seed(namespace);
    const report = await applyStack(
      cluster.client,
      [
        { name: '10-config.yaml', stage: 'platform', objects: [sameName] },
        { name: '50-workloads.yaml', stage: 'workloads', objects: [service] },
      ],
      { ...base, dryRun: true, prune: false },
    );
    expect(summary(report.outcomes)).toEqual([
      'create /ConfigMap/kube-system/serving',
      'create /Service/serving/decode',
    ]);
  });

  it('reports no unserved kinds when it does not prune', async () => {
    const cluster = new MemoryCluster({ unserved: new Set(['HyperNode', 'Queue']) });
    const report = await applyStack(cluster.client, groups.slice(0, 1), { ...base, dryRun: false, prune: false });
    expect(report).toEqual({ outcomes: [{ action: 'create', object: namespace }], unservedKinds: [] });
  });

  it('stops pruning when interrupted between deletions', async () => {
    const controller = new AbortController();
    const cluster = new MemoryCluster().seed(
      obj('v1', 'Service', 'a', 'serving'),
      obj('v1', 'Service', 'b', 'serving'),
    );
    const report = await applyStack(
      cluster.client,
      groups,
      { ...base, dryRun: false, prune: true, signal: controller.signal },
      (o) => {
        if (o.action === 'prune') controller.abort();
      },
    );
    expect(summary(report.outcomes).filter((s) => s.startsWith('prune'))).toHaveLength(1);
    expect(report.interrupted).toBe(true);
    expect(cluster.calls.filter((c) => c.verb === 'delete')).toHaveLength(1);
  });
});

describe('mapLimit', () => {
  it('keeps the order of the items whatever order they finish in', async () => {
    const delays = [30, 0, 10];
    const out = await mapLimit(delays, 3, (ms) => new Promise<number>((resolve) => setTimeout(() => resolve(ms), ms)));
    expect(out).toEqual([30, 0, 10]);
  });

  it('starts no item after a failure, and throws the failure of the earliest item', async () => {
    const started: number[] = [];
    const run = mapLimit([1, 2, 3, 4], 1, async (i) => {
      started.push(i);
      if (i === 2) throw new Error(`item ${i}`);
      return i;
    });
    await expect(run).rejects.toThrow('item 2');
    expect(started).toEqual([1, 2]);
    const both = mapLimit([1, 2], 2, async (i) => {
      await new Promise((resolve) => setTimeout(resolve, i === 1 ? 20 : 0));
      throw new Error(`item ${i}`);
    });
    await expect(both).rejects.toThrow('item 1');
  });
});
