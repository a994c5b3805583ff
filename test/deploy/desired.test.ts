import { describe, expect, it } from 'vitest';
import { desiredGroups, identity, pruneKinds } from '../../src/deploy/desired.ts';
import type { KubeObject } from '../../src/k8s/object.ts';
import type { KubernetesOutput } from '../../src/k8s/synthesize.ts';

const object = (apiVersion: string, kind: string, name: string, namespace?: string): KubeObject =>
  ({ apiVersion, kind, metadata: { name, ...(namespace ? { namespace } : {}) } }) as KubeObject;

const namespace = object('v1', 'Namespace', 'serving');
const daemonSet = object('apps/v1', 'DaemonSet', 'ascend-device-plugin', 'kube-system');
const queue = object('scheduling.volcano.sh/v1beta1', 'Queue', 'decode');
const output = (nodeLabels: KubernetesOutput['nodeLabels']): KubernetesOutput => ({
  files: [
    { name: '00-namespaces.yaml', stage: 'platform', objects: [namespace] },
    { name: '10-device-plugins.yaml', stage: 'platform', objects: [daemonSet] },
    { name: '40-volcano-queues.yaml', stage: 'workloads', objects: [queue] },
  ],
  nodeLabels,
});
const labels = [{ node: 'dt-0', labels: { 'superpod.dev/role': 'decode' } }];

describe('desiredGroups', () => {
  it('orders platform files, then the node labels, then workload files, each stage on its own', () => {
    const names = (stage: 'platform' | 'workloads' | 'all') =>
      desiredGroups(output(labels), stage).map((g) => `${g.stage}:${g.name}`);
    expect(names('all')).toEqual([
      'platform:00-namespaces.yaml',
      'platform:10-device-plugins.yaml',
      'platform:20-node-labels.yaml',
      'workloads:40-volcano-queues.yaml',
    ]);
    expect(names('platform')).toEqual([
      'platform:00-namespaces.yaml',
      'platform:10-device-plugins.yaml',
      'platform:20-node-labels.yaml',
    ]);
    expect(names('workloads')).toEqual(['workloads:40-volcano-queues.yaml']);
  });

  it('labels nodes as Node objects carrying only the labels, and makes no group when there are none', () => {
    const group = desiredGroups(output(labels), 'platform').find((g) => g.name === '20-node-labels.yaml');
    expect(group?.objects).toEqual([
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'dt-0', labels: { 'superpod.dev/role': 'decode' } } },
    ]);
    expect(desiredGroups(output([]), 'all').map((g) => g.name)).not.toContain('20-node-labels.yaml');
  });
});

describe('pruneKinds', () => {
  const kinds = (stage: 'platform' | 'workloads' | 'all', groups = desiredGroups(output([]), 'all')) =>
    pruneKinds(groups, stage).map((k) => `${k.apiVersion} ${k.kind}`);

  // Every kind superpod emits, by stage, written out from the synthesiser's documentation (src/k8s/synthesize.ts).
  const PLATFORM = [
    'v1 ServiceAccount',
    'rbac.authorization.k8s.io/v1 ClusterRole',
    'rbac.authorization.k8s.io/v1 ClusterRoleBinding',
    'apps/v1 DaemonSet',
    'scheduling.k8s.io/v1 PriorityClass',
    'resource.k8s.io/v1 DeviceClass',
    'resource.k8s.io/v1 ResourceSlice',
    'v1 ConfigMap',
  ];
  const WORKLOADS = [
    'scheduling.volcano.sh/v1beta1 Queue',
    'topology.volcano.sh/v1alpha1 HyperNode',
    'scheduling.volcano.sh/v1beta1 PodGroup',
    'resource.k8s.io/v1 ResourceClaimTemplate',
    'apps/v1 Deployment',
    'leaderworkerset.x-k8s.io/v1 LeaderWorkerSet',
    'batch.volcano.sh/v1alpha1 Job',
    'batch/v1 Job',
    'v1 Service',
    'policy/v1 PodDisruptionBudget',
  ];

  it('lists every kind of the stage, even those the stack no longer emits, and never Nodes or Namespaces', () => {
    expect(kinds('platform', [])).toEqual(PLATFORM);
    expect(kinds('workloads', [])).toEqual(WORKLOADS);
    expect(kinds('all', [])).toEqual([...PLATFORM, ...WORKLOADS]);
    const withNodes = desiredGroups(output(labels), 'all');
    expect(kinds('all', withNodes)).toEqual([...PLATFORM, ...WORKLOADS]);
  });

  it('adds a kind the desired objects use beyond the table, once', () => {
    const extra = object('example.com/v1', 'Widget', 'w');
    const groups = [{ name: 'x.yaml', stage: 'workloads' as const, objects: [extra, extra, daemonSet] }];
    expect(kinds('workloads', groups)).toEqual([...WORKLOADS, 'example.com/v1 Widget', 'apps/v1 DaemonSet']);
  });
});

describe('identity', () => {
  it('tells objects apart by API group, kind, namespace and name, not by version', () => {
    expect(identity(queue)).toBe('scheduling.volcano.sh/Queue/decode');
    expect(identity(daemonSet)).toBe('apps/DaemonSet/kube-system/ascend-device-plugin');
    expect(identity(namespace)).toBe('/Namespace/serving');
    expect(identity(object('batch/v1', 'Job', 'j', 'serving'))).not.toBe(
      identity(object('batch.volcano.sh/v1alpha1', 'Job', 'j', 'serving')),
    );
    expect(identity(object('scheduling.volcano.sh/v1beta1', 'Queue', 'q'))).toBe(
      identity(object('scheduling.volcano.sh/v1', 'Queue', 'q')),
    );
  });
});
