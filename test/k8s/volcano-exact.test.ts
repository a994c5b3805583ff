import { describe, expect, it } from 'vitest';
import { AcceleratorNode, NodeType, RackUnits, SuperPod } from '../../constructs/index.ts';
import { liquidRack, testStack } from '../helpers/fixtures.ts';
import { objectsOf, pdSlice } from './fixtures.ts';

// Volcano's scheduler configuration and HyperNode tree written out whole, by hand, after MindCluster's
// `volcano-v1.x.yaml` (init-params) and Volcano's network-topology docs.

const OWNED = { 'app.kubernetes.io/managed-by': 'superpod', 'superpod.dev/stack': 'pd' };

const SCHEDULER_CONF = `actions: enqueue, allocate, backfill
tiers:
  - plugins:
      - name: priority
      - name: gang
      - name: conformance
      - name: volcano-npu_v26.1.0
  - plugins:
      - name: drf
      - name: predicates
        arguments:
          predicate.DynamicResourceAllocationEnable: true
      - name: proportion
      - name: nodeorder
      - name: binpack
      - name: network-topology-aware
configurations:
  - name: init-params
    arguments:
      grace-over-time: "900"
      presetVirtualDevice: "true"
      nslb-version: "1.0"
      shared-tor-num: "2"
      useClusterInfoManager: "false"
      self-maintain-available-card: "true"
      super-pod-size: "1024"
      reserve-nodes: "2"
      forceEnqueue: "true"
`;

const node = (name: string) => ({ type: 'Node', selector: { exactMatch: { name } } });

describe('Volcano objects, whole', () => {
  it('writes the scheduler ConfigMap MindCluster expects for an Ascend cluster with DRA and a UB SuperPoD', () => {
    const configMap = objectsOf(pdSlice().stack).find((o) => o.kind === 'ConfigMap');
    expect(configMap).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'volcano-scheduler-configmap', namespace: 'volcano-system', labels: OWNED },
      data: { 'volcano-scheduler.conf': SCHEDULER_CONF },
    });
  });

  it('writes one tier-1 HyperNode per rack of SuperPoD nodes and one tier-2 HyperNode per SuperPoD over them', () => {
    const hyperNodes = objectsOf(pdSlice().stack).filter((o) => o.kind === 'HyperNode');
    expect(hyperNodes).toEqual([
      {
        apiVersion: 'topology.volcano.sh/v1alpha1',
        kind: 'HyperNode',
        // rack 1 of SuperPoD 0: rack 0 holds the Atlas 350 servers, which sit on no UB level past their chassis
        metadata: { name: 'ub-rack-0-1', labels: OWNED },
        spec: {
          tier: 1,
          tierName: 'ub-rack',
          members: [0, 1, 2, 3, 4, 5, 6, 7].map((i) => node(`pod-a-dt-rack-dt-${i}`)),
        },
      },
      {
        apiVersion: 'topology.volcano.sh/v1alpha1',
        kind: 'HyperNode',
        metadata: { name: 'ub-superpod-0', labels: OWNED },
        spec: {
          tier: 2,
          tierName: 'ub-superpod',
          members: [{ type: 'HyperNode', selector: { exactMatch: { name: 'ub-rack-0-1' } } }],
        },
      },
    ]);
  });

  it('gives a GPU-only cluster plain Volcano: no NPU plugin, no init-params, and the NVIDIA device plugin', () => {
    const stack = testStack('gpu');
    const rack = liquidRack(new SuperPod(stack, 'pod'), 'r');
    new AcceleratorNode(rack, 'h', { nodeType: NodeType.DGX_H100, pool: 'h100', height: RackUnits.of(8) });
    const objects = objectsOf(stack);
    const configMap = objects.find((o) => o.kind === 'ConfigMap') as { data: Record<string, string> } | undefined;
    expect(configMap?.data['volcano-scheduler.conf']).toBe(`actions: enqueue, allocate, backfill
tiers:
  - plugins:
      - name: priority
      - name: gang
      - name: conformance
  - plugins:
      - name: drf
      - name: predicates
      - name: proportion
      - name: nodeorder
      - name: binpack
configurations: []
`);
    expect(objects.filter((o) => o.kind === 'HyperNode')).toEqual([]);
    expect(objects.filter((o) => o.kind === 'DaemonSet')).toEqual([
      {
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        metadata: {
          name: 'nvidia-device-plugin-h100',
          namespace: 'kube-system',
          labels: {
            'app.kubernetes.io/managed-by': 'superpod',
            'superpod.dev/stack': 'gpu',
            'superpod.dev/pool': 'h100',
          },
        },
        spec: {
          selector: { matchLabels: { name: 'nvidia-device-plugin-ds', 'superpod.dev/pool': 'h100' } },
          updateStrategy: { type: 'RollingUpdate' },
          template: {
            metadata: { labels: { name: 'nvidia-device-plugin-ds', 'superpod.dev/pool': 'h100' } },
            spec: {
              priorityClassName: 'system-node-critical',
              nodeSelector: { 'superpod.dev/pool': 'h100' },
              tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
              containers: [
                {
                  name: 'nvidia-device-plugin-ctr',
                  image: 'nvcr.io/nvidia/k8s-device-plugin:v0.20.0',
                  env: [{ name: 'FAIL_ON_INIT_ERROR', value: 'false' }],
                  securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
                  volumeMounts: [{ name: 'device-plugin', mountPath: '/var/lib/kubelet/device-plugins' }],
                },
              ],
              volumes: [
                { name: 'device-plugin', hostPath: { path: '/var/lib/kubelet/device-plugins', type: 'Directory' } },
              ],
            },
          },
        },
      },
    ]);
  });
});
