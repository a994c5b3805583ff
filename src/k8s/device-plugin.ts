import type { Inventory, NodePoolInfo } from '../inventory/types.ts';
import { POOL_LABEL, WORKER_SELECTOR } from './node-labels.ts';
import { type KubeObject, ownershipLabels } from './object.ts';

export const ASCEND_SERVICE_ACCOUNT = 'ascend-device-plugin-sa';
const NVIDIA_IMAGE = 'nvcr.io/nvidia/k8s-device-plugin:v0.20.0';
const LOG_DIR = '/var/log/mindx-dl/devicePlugin';
/** What upstream's `init-log-setup` runs: the log directory exists, owned by root, 750, before the plugin starts. */
const LOG_SETUP = [
  'mkdir -p /var/log/mindx-dl',
  'chmod 755 /var/log/mindx-dl',
  'chown root:root /var/log/mindx-dl',
  `mkdir -p ${LOG_DIR}`,
  `chmod 750 ${LOG_DIR}`,
  `chown root:root ${LOG_DIR}`,
].join(' && ');

/** ServiceAccount, ClusterRole and binding the Ascend device plugin needs (MindCluster `ascendplugin-volcano.yaml`). */
export function ascendDevicePluginRbac(inventory: Inventory): KubeObject[] {
  const namespace = inventory.kubernetes.devicePluginNamespace;
  const labels = ownershipLabels(inventory.stack);
  const roleName = 'pods-node-ascend-device-plugin-role';
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: ASCEND_SERVICE_ACCOUNT, namespace, labels } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: roleName, labels },
      rules: [
        { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'update', 'watch', 'patch'] },
        { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'patch'] },
        // `-getPodFromKubelet` reads the pods through the kubelet API.
        { apiGroups: [''], resources: ['nodes/proxy'], verbs: ['get'] },
        { apiGroups: [''], resources: ['nodes/status'], verbs: ['get', 'patch', 'update'] },
        { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'create', 'update', 'list', 'watch'] },
        { apiGroups: [''], resources: ['events'], verbs: ['create'] },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      // Upstream's name: a cluster that once applied the upstream manifest keeps one binding, not two.
      metadata: { name: 'pods-node-ascend-device-plugin-rolebinding', labels },
      subjects: [{ kind: 'ServiceAccount', name: ASCEND_SERVICE_ACCOUNT, namespace }],
      roleRef: { kind: 'ClusterRole', name: roleName, apiGroup: 'rbac.authorization.k8s.io' },
    },
  ];
}

/**
 * One Ascend device-plugin DaemonSet for a node pool, in the shape of MindCluster's reference manifest:
 * privileged, hostPID, the kubelet and driver host paths, `-volcanoType=true` when Volcano schedules.
 * `-useAscendDocker` was removed upstream and is never emitted.
 */
export function ascendDevicePluginDaemonSet(inventory: Inventory, pool: NodePoolInfo): KubeObject {
  const volcano = inventory.kubernetes.scheduler === 'volcano';
  const args = [
    'device-plugin',
    `-volcanoType=${volcano}`,
    '-presetVirtualDevice=true',
    `-logFile=${LOG_DIR}/devicePlugin.log`,
    '-logLevel=0',
    '--enable-healthz=true',
    '--healthz-address=11251',
  ].join(' ');
  const hostPaths: Array<[name: string, hostPath: string, mountPath: string, extra?: Record<string, unknown>]> = [
    ['device-plugin', '/var/lib/kubelet/device-plugins', '/var/lib/kubelet/device-plugins'],
    ['pod-resource', '/var/lib/kubelet/pod-resources', '/var/lib/kubelet/pod-resources'],
    ['hiai-driver', '/usr/local/Ascend/driver', '/usr/local/Ascend/driver', { readOnly: true }],
    ['log-path', '/var/log', LOG_DIR, { subPath: 'mindx-dl/devicePlugin' }],
    ['vnpu-cfg', '/etc/vnpu.cfg', '/etc/vnpu.cfg'],
    ['lock-path', '/run/vnpu_cfg_lock', '/run/vnpu_cfg_lock'],
    ['tmp', '/tmp', '/tmp'],
    ['reset-path', '/user/restore/reset', '/user/restore/reset'],
    ['datatrace-config', '/user/cluster-info/datatrace-config', '/user/cluster-info/datatrace-config'],
    ['lingqu-log', '/var/log/lingqu', '/var/log/lingqu'],
    ['localtime', '/etc/localtime', '/etc/localtime', { readOnly: true }],
  ];
  const hostPathType: Record<string, string> = {
    'log-path': 'Directory',
    'vnpu-cfg': 'File',
    'lock-path': 'DirectoryOrCreate',
    localtime: 'File',
  };
  return poolDaemonSet(inventory, pool, 'ascend-device-plugin', {
    serviceAccountName: ASCEND_SERVICE_ACCOUNT,
    hostPID: true,
    nodeSelector: { [WORKER_SELECTOR.key]: WORKER_SELECTOR.value, [POOL_LABEL]: pool.name },
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
        image: inventory.kubernetes.devicePluginImage,
        imagePullPolicy: 'IfNotPresent',
        command: ['sh', '-c', LOG_SETUP],
        securityContext: { runAsUser: 0, runAsNonRoot: false },
        volumeMounts: [{ name: 'log-path', mountPath: '/var/log' }],
      },
    ],
    containers: [
      {
        name: 'device-plugin',
        image: inventory.kubernetes.devicePluginImage,
        // The image reference is fully qualified (registry included), so IfNotPresent pulls the released image once.
        imagePullPolicy: 'IfNotPresent',
        command: ['/bin/bash', '-c', '--'],
        args: [args],
        securityContext: { privileged: true, readOnlyRootFilesystem: true },
        resources: { requests: { cpu: '500m', memory: '500Mi' }, limits: { cpu: '500m', memory: '500Mi' } },
        // The health endpoint `--enable-healthz --healthz-address=11251` serves (MindCluster's probe example).
        livenessProbe: { httpGet: { path: '/', port: 11251, scheme: 'HTTP' }, failureThreshold: 3, periodSeconds: 10 },
        env: [
          { name: 'MOUNT_BY_RUNTIME_FOR_DP', value: 'true' },
          { name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
          { name: 'HOST_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } },
        ],
        volumeMounts: hostPaths.map(([name, , mountPath, extra]) => ({ name, mountPath, ...(extra ?? {}) })),
      },
    ],
    volumes: hostPaths.map(([name, hostPath]) => ({
      name,
      hostPath: { path: hostPath, ...(hostPathType[name] ? { type: hostPathType[name] } : {}) },
    })),
  });
}

/** NVIDIA k8s-device-plugin DaemonSet for a comparator GPU pool (`deployments/static/nvidia-device-plugin.yml`). */
export function nvidiaDevicePluginDaemonSet(inventory: Inventory, pool: NodePoolInfo): KubeObject {
  return poolDaemonSet(inventory, pool, 'nvidia-device-plugin', {
    nodeSelector: { [POOL_LABEL]: pool.name },
    tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
    containers: [
      {
        name: 'nvidia-device-plugin-ctr',
        image: NVIDIA_IMAGE,
        env: [{ name: 'FAIL_ON_INIT_ERROR', value: 'false' }],
        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
        volumeMounts: [{ name: 'device-plugin', mountPath: '/var/lib/kubelet/device-plugins' }],
      },
    ],
    volumes: [{ name: 'device-plugin', hostPath: { path: '/var/lib/kubelet/device-plugins', type: 'Directory' } }],
  });
}

/**
 * A node-critical DaemonSet named `<prefix>-<pool>` whose pods (labelled `<prefix>-ds` and the pool) run `podSpec`;
 * the frame both device plugins share.
 */
function poolDaemonSet(
  inventory: Inventory,
  pool: NodePoolInfo,
  prefix: string,
  podSpec: Record<string, unknown>,
): KubeObject {
  const podLabels = { name: `${prefix}-ds`, [POOL_LABEL]: pool.name };
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: {
      name: daemonSetName(prefix, pool.name),
      namespace: inventory.kubernetes.devicePluginNamespace,
      labels: { ...ownershipLabels(inventory.stack), [POOL_LABEL]: pool.name },
    },
    spec: {
      selector: { matchLabels: podLabels },
      updateStrategy: { type: 'RollingUpdate' },
      template: { metadata: { labels: podLabels }, spec: { priorityClassName: 'system-node-critical', ...podSpec } },
    },
  };
}

/** `<prefix>-<pool>`, shortened with a stable hash when it would pass the 63-character label limit. */
export function daemonSetName(prefix: string, pool: string): string {
  const name = `${prefix}-${pool}`;
  if (name.length <= 63) return name;
  let hash = 2166136261;
  for (const ch of pool) hash = Math.imul(hash ^ ch.charCodeAt(0), 16777619) >>> 0;
  const suffix = hash.toString(36).padStart(7, '0').slice(0, 7);
  return `${name.slice(0, 55).replace(/-+$/, '')}-${suffix}`;
}
