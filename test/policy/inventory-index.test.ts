/**
 * The elements each rule kind is handed and the subject each finding names: words, ids, paths, where a group (a node
 * pool, a CDU) is located, and the lookups rules read, on a small inventory written out here.
 */
import { describe, expect, it } from 'vitest';
import { elementsOf, indexInventory } from '../../src/policy/index.ts';
import { dtNode, inferenceService, inventory, rack, trainingJob } from './fixtures/inventory.ts';

const fixture = () => {
  const racks = [
    rack('rack-01'),
    rack('rack-02', { source: undefined }),
    rack('rack-03', { cooling: { method: 'air', liquidCapacityW: 0, airCapacityW: 40_000 } }),
  ];
  const nodes = [
    dtNode('pod-a/rack-02', 0, { source: undefined, pool: 'decode' }),
    dtNode('pod-a/rack-01', 1, { pool: 'decode' }),
    dtNode('pod-a/rack-01', 2, { pool: 'spare', source: undefined }),
  ];
  return inventory({
    racks,
    nodes,
    workloads: [inferenceService(), trainingJob({ source: undefined })],
  });
};
const subjects = (kind: Parameters<typeof elementsOf>[0]) => {
  const inv = fixture();
  return elementsOf(kind, inv, indexInventory(inv)).map((e) => e.subject);
};

describe('elementsOf', () => {
  it('names located elements by kind word and id, with their path and source when they have one', () => {
    expect(subjects('rack')).toEqual([
      {
        kind: 'rack',
        id: 'pod-a/rack-01',
        path: 'fixture/pod-a/rack-01',
        label: 'rack pod-a/rack-01',
        source: { file: 'stacks/fixture.ts', line: 20, column: 3 },
      },
      { kind: 'rack', id: 'pod-a/rack-02', path: 'fixture/pod-a/rack-02', label: 'rack pod-a/rack-02' },
      {
        kind: 'rack',
        id: 'pod-a/rack-03',
        path: 'fixture/pod-a/rack-03',
        label: 'rack pod-a/rack-03',
        source: { file: 'stacks/fixture.ts', line: 20, column: 3 },
      },
    ]);
    expect(subjects('superpod').map((s) => s.label)).toEqual(['superpod pod-a']);
    expect(subjects('node').map((s) => s.label)).toEqual([
      'node pod-a/rack-02/dt-0',
      'node pod-a/rack-01/dt-1',
      'node pod-a/rack-01/dt-2',
    ]);
    expect(subjects('inference-service').map((s) => s.label)).toEqual(['service services/chat']);
    expect(subjects('training-job')).toEqual([
      { kind: 'training-job', id: 'jobs/pretrain', path: 'fixture/jobs/pretrain', label: 'job jobs/pretrain' },
    ]);
    expect(subjects('workload').map((s) => [s.kind, s.label])).toEqual([
      ['workload', 'service services/chat'],
      ['workload', 'job jobs/pretrain'],
    ]);
    expect(subjects('recommendation-service')).toEqual([]);
    expect(subjects('super-cluster')).toEqual([]);
  });

  it('hands stack rules the inventory once, under the stack name', () => {
    const inv = fixture();
    const [only, ...rest] = elementsOf('stack', inv, indexInventory(inv));
    expect(rest).toEqual([]);
    expect(only!.element).toBe(inv);
    expect(only!.subject).toEqual({ kind: 'stack', id: '', path: 'fixture', label: 'stack fixture' });
  });

  it('names a pool or a CDU by what it groups, located at its first member that has a source', () => {
    expect(subjects('node-pool')).toEqual([
      {
        kind: 'node-pool',
        id: 'pool:decode',
        path: 'fixture/pool:decode',
        label: 'pool decode',
        within: ['pod-a/rack-02/dt-0', 'pod-a/rack-01/dt-1'],
        source: { file: 'stacks/fixture.ts', line: 31, column: 3 },
      },
      {
        kind: 'node-pool',
        id: 'pool:spare',
        path: 'fixture/pool:spare',
        label: 'pool spare',
        within: ['pod-a/rack-01/dt-2'],
      },
    ]);
    expect(subjects('cdu')).toEqual([
      {
        kind: 'cdu',
        id: 'cdu:cdu-1',
        path: 'fixture/cdu:cdu-1',
        label: 'cdu cdu-1',
        within: ['pod-a/rack-01', 'pod-a/rack-02'],
        source: { file: 'stacks/fixture.ts', line: 20, column: 3 },
      },
    ]);
  });
});

describe('indexInventory', () => {
  it('groups nodes by rack and pool, racks by SuperPoD, and workloads by kind', () => {
    const inv = fixture();
    const index = indexInventory(inv);
    // keyed in the order the nodes come; a rack without nodes has no entry
    expect([...index.nodesByRack].map(([r, ns]) => [r, ns.map((n) => n.id)])).toEqual([
      ['pod-a/rack-02', ['pod-a/rack-02/dt-0']],
      ['pod-a/rack-01', ['pod-a/rack-01/dt-1', 'pod-a/rack-01/dt-2']],
    ]);
    expect([...index.nodesByPool.keys()]).toEqual(['decode', 'spare']);
    expect(index.racksByPod.get('pod-a')!.map((r) => r.id)).toEqual([
      'pod-a/rack-01',
      'pod-a/rack-02',
      'pod-a/rack-03',
    ]);
    expect([index.inferenceServices.length, index.trainingJobs.length, index.recommendationServices.length]).toEqual([
      1, 1, 0,
    ]);
    expect([...index.located.keys()]).toEqual([
      'pod-a',
      'pod-a/rack-01',
      'pod-a/rack-02',
      'pod-a/rack-03',
      'pod-a/rack-02/dt-0',
      'pod-a/rack-01/dt-1',
      'pod-a/rack-01/dt-2',
      'services/chat',
      'jobs/pretrain',
    ]);
    expect([index.superPods.size, index.racks.size, index.nodes.size, index.pools.size]).toEqual([1, 3, 3, 2]);
  });
});
