import { describe, expect, it } from 'vitest';
import { Atlas350Server, DeviceAllocation, RackUnits, SuperPod } from '../../constructs/index.ts';
import { daemonSetName } from '../../src/k8s/device-plugin.ts';
import { liquidRack, testStack } from '../helpers/fixtures.ts';
import { objectsOf, pdSlice } from './fixtures.ts';

// The device plugin's objects written out whole, by hand, after MindCluster's `ascendplugin-volcano.yaml` (v26.1.0)
// and NVIDIA's `nvidia-device-plugin.yml`: a changed argument, path, toleration or label fails here, not on a cluster.

const OWNED = { 'app.kubernetes.io/managed-by': 'superpod', 'superpod.dev/stack': 'pd' };
const IMAGE = 'swr.cn-south-1.myhuaweicloud.com/ascendhub/ascend-k8sdeviceplugin:v26.1.0';
const LOG_SETUP =
  'mkdir -p /var/log/mindx-dl && chmod 755 /var/log/mindx-dl && chown root:root /var/log/mindx-dl && ' +
  'mkdir -p /var/log/mindx-dl/devicePlugin && chmod 750 /var/log/mindx-dl/devicePlugin && ' +
  'chown root:root /var/log/mindx-dl/devicePlugin';

const ascendDaemonSet = (volcanoType: boolean) => ({
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: {
    name: 'ascend-device-plugin-dt',
    namespace: 'kube-system',
    labels: { ...OWNED, 'superpod.dev/pool': 'dt' },
  },
  spec: {
    selector: { matchLabels: { name: 'ascend-device-plugin-ds', 'superpod.dev/pool': 'dt' } },
    updateStrategy: { type: 'RollingUpdate' },
    template: {
      metadata: { labels: { name: 'ascend-device-plugin-ds', 'superpod.dev/pool': 'dt' } },
      spec: {
        priorityClassName: 'system-node-critical',
        serviceAccountName: 'ascend-device-plugin-sa',
        hostPID: true,
        nodeSelector: { workerselector: 'dls-worker-node', 'superpod.dev/pool': 'dt' },
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [{ matchExpressions: [{ key: 'servertype', operator: 'NotIn', values: ['soc'] }] }],
            },
          },
        },
        tolerations: [
          { key: 'CriticalAddonsOnly', operator: 'Exists' },
          { key: 'huawei.com/npu', operator: 'Exists', effect: 'NoSchedule' },
          { key: 'huawei.com/Ascend910', operator: 'Exists', effect: 'NoSchedule' },
          { key: 'device-plugin', operator: 'Equal', value: 'v2', effect: 'NoSchedule' },
        ],
        initContainers: [
          {
            name: 'init-log-setup',
            image: IMAGE,
            imagePullPolicy: 'IfNotPresent',
            command: ['sh', '-c', LOG_SETUP],
            securityContext: { runAsUser: 0, runAsNonRoot: false },
            volumeMounts: [{ name: 'log-path', mountPath: '/var/log' }],
          },
        ],
        containers: [
          {
            name: 'device-plugin',
            image: IMAGE,
            imagePullPolicy: 'IfNotPresent',
            command: ['/bin/bash', '-c', '--'],
            args: [
              `device-plugin -volcanoType=${volcanoType} -presetVirtualDevice=true ` +
                '-logFile=/var/log/mindx-dl/devicePlugin/devicePlugin.log -logLevel=0 ' +
                '--enable-healthz=true --healthz-address=11251',
            ],
            securityContext: { privileged: true, readOnlyRootFilesystem: true },
            resources: { requests: { cpu: '500m', memory: '500Mi' }, limits: { cpu: '500m', memory: '500Mi' } },
            livenessProbe: {
              httpGet: { path: '/', port: 11251, scheme: 'HTTP' },
              failureThreshold: 3,
              periodSeconds: 10,
            },
            env: [
              { name: 'MOUNT_BY_RUNTIME_FOR_DP', value: 'true' },
              { name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
              { name: 'HOST_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } },
            ],
            volumeMounts: [
              { name: 'device-plugin', mountPath: '/var/lib/kubelet/device-plugins' },
              { name: 'pod-resource', mountPath: '/var/lib/kubelet/pod-resources' },
              { name: 'hiai-driver', mountPath: '/usr/local/Ascend/driver', readOnly: true },
              { name: 'log-path', mountPath: '/var/log/mindx-dl/devicePlugin', subPath: 'mindx-dl/devicePlugin' },
              { name: 'vnpu-cfg', mountPath: '/etc/vnpu.cfg' },
              { name: 'lock-path', mountPath: '/run/vnpu_cfg_lock' },
              { name: 'tmp', mountPath: '/tmp' },
              { name: 'reset-path', mountPath: '/user/restore/reset' },
              { name: 'datatrace-config', mountPath: '/user/cluster-info/datatrace-config' },
              { name: 'lingqu-log', mountPath: '/var/log/lingqu' },
              { name: 'localtime', mountPath: '/etc/localtime', readOnly: true },
            ],
          },
        ],
        volumes: [
          { name: 'device-plugin', hostPath: { path: '/var/lib/kubelet/device-plugins' } },
          { name: 'pod-resource', hostPath: { path: '/var/lib/kubelet/pod-resources' } },
          { name: 'hiai-driver', hostPath: { path: '/usr/local/Ascend/driver' } },
          { name: 'log-path', hostPath: { path: '/var/log', type: 'Directory' } },
          { name: 'vnpu-cfg', hostPath: { path: '/etc/vnpu.cfg', type: 'File' } },
          { name: 'lock-path', hostPath: { path: '/run/vnpu_cfg_lock', type: 'DirectoryOrCreate' } },
          { name: 'tmp', hostPath: { path: '/tmp' } },
          { name: 'reset-path', hostPath: { path: '/user/restore/reset' } },
          { name: 'datatrace-config', hostPath: { path: '/user/cluster-info/datatrace-config' } },
          { name: 'lingqu-log', hostPath: { path: '/var/log/lingqu' } },
          { name: 'localtime', hostPath: { path: '/etc/localtime', type: 'File' } },
        ],
      },
    },
  },
});

const RBAC = [
  {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: 'ascend-device-plugin-sa', namespace: 'kube-system', labels: OWNED },
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: 'pods-node-ascend-device-plugin-role', labels: OWNED },
    rules: [
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'update', 'watch', 'patch'] },
      { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'patch'] },
      { apiGroups: [''], resources: ['nodes/proxy'], verbs: ['get'] },
      { apiGroups: [''], resources: ['nodes/status'], verbs: ['get', 'patch', 'update'] },
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'create', 'update', 'list', 'watch'] },
      { apiGroups: [''], resources: ['events'], verbs: ['create'] },
    ],
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: 'pods-node-ascend-device-plugin-rolebinding', labels: OWNED },
    subjects: [{ kind: 'ServiceAccount', name: 'ascend-device-plugin-sa', namespace: 'kube-system' }],
    roleRef: {
      kind: 'ClusterRole',
      name: 'pods-node-ascend-device-plugin-role',
      apiGroup: 'rbac.authorization.k8s.io',
    },
  },
];

const named = (objects: ReturnType<typeof objectsOf>, kind: string) => objects.filter((o) => o.kind === kind);

describe('the device plugin objects, whole', () => {
  it('writes the Ascend device plugin DaemonSet of a device-plugin pool as MindCluster ships it (Volcano)', () => {
    const objects = objectsOf(pdSlice().stack);
    expect(named(objects, 'DaemonSet')).toEqual([ascendDaemonSet(true)]);
  });

  it('tells the plugin Volcano is not the scheduler when the default scheduler places the pods', () => {
    const objects = objectsOf(pdSlice({ scheduler: 'default' }).stack);
    expect(named(objects, 'DaemonSet')).toEqual([ascendDaemonSet(false)]);
  });

  it('writes the ServiceAccount, ClusterRole and binding of the plugin once', () => {
    const objects = objectsOf(pdSlice().stack);
    const kinds = new Set(['ServiceAccount', 'ClusterRole', 'ClusterRoleBinding']);
    expect(objects.filter((o) => kinds.has(o.kind))).toEqual(RBAC);
  });

  it('writes no device-plugin RBAC or DaemonSet when every pool takes its NPUs through DRA', () => {
    const stack = testStack('dra-only');
    const rack = liquidRack(new SuperPod(stack, 'pod'), 'r');
    new Atlas350Server(rack, 's', { pool: 'pr', height: RackUnits.of(4), deviceAllocation: DeviceAllocation.DRA });
    const kinds = objectsOf(stack).map((o) => o.kind);
    expect(kinds).not.toContain('DaemonSet');
    expect(kinds).not.toContain('ServiceAccount');
    expect(kinds).not.toContain('ClusterRole');
  });
});

describe('DaemonSet names', () => {
  it('keeps <prefix>-<pool> up to 63 characters', () => {
    const pool = 'p'.repeat(63 - 'ascend-device-plugin-'.length);
    expect(daemonSetName('ascend-device-plugin', pool)).toBe(`ascend-device-plugin-${pool}`);
  });

  it('cuts a longer name to 55 characters, drops trailing dashes and adds a 7-character FNV-1a hash of the pool', () => {
    const pool = `${'a'.repeat(33)}-${'b'.repeat(20)}`; // the cut at 55 ends on the dash
    const name = daemonSetName('ascend-device-plugin', pool);
    // FNV-1a (32 bit) of the pool, in base 36, padded to 7: worked out independently below
    let hash = 0x811c9dc5;
    for (const byte of Buffer.from(pool, 'latin1'))
      hash = Number((BigInt((hash ^ byte) >>> 0) * 16777619n) % 2n ** 32n);
    const suffix = hash.toString(36).padStart(7, '0').slice(0, 7);
    expect(name).toBe(`ascend-device-plugin-${'a'.repeat(33)}-${suffix}`);
    expect(name.length).toBeLessThanOrEqual(63);
    expect(daemonSetName('ascend-device-plugin', `${pool}x`)).not.toBe(name);
  });
});
