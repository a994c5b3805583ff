import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { getAccelerator } from '../../src/catalog/index.ts';
import type { AcceleratorSpec } from '../../src/catalog/types.ts';
import { deviceClasses, draDeviceType } from '../../src/k8s/dra.ts';
import { hardwareLabels, nodeLabels, serverType } from '../../src/k8s/node-labels.ts';
import type { KubeObject } from '../../src/k8s/object.ts';
import { synthesizeKubernetes } from '../../src/k8s/synthesize.ts';
import { smallSlice, testStack } from '../helpers/fixtures.ts';
import { find, InferenceService, type Loose, objectsOf, pdSlice, serviceProps } from './fixtures.ts';

const RELEASED = 'swr.cn-south-1.myhuaweicloud.com/ascendhub/ascend-k8sdeviceplugin:v26.1.0';

function platform(stackProps: Parameters<typeof testStack>[1] = {}) {
  const { stack } = smallSlice();
  const inventory = { ...stack.inventory(), kubernetes: testStack('x', stackProps).inventory().kubernetes };
  return synthesizeKubernetes(inventory).files.flatMap((f) => f.objects);
}

function daemonSet(objects: readonly KubeObject[]): Loose {
  return objects.find((o) => o.kind === 'DaemonSet' && o.metadata.name.startsWith('ascend-device-plugin')) as Loose;
}

describe('MindCluster objects as upstream ships them', () => {
  it('fails when the device plugin image is not the released, fully qualified MindCluster image', () => {
    const pod = daemonSet(platform()).spec.template.spec;
    expect(pod.containers[0].image).toBe(RELEASED);
    expect(pod.containers[0].imagePullPolicy).toBe('IfNotPresent');
    expect(pod.initContainers[0].image).toBe(RELEASED);
  });

  it('takes the registry, repository and tag of the image as inputs, or a whole reference', () => {
    const mirror = daemonSet(platform({ devicePluginImage: { registry: 'mirror.example.com:5000', tag: 'v26.1.1' } }));
    expect(mirror.spec.template.spec.containers[0].image).toBe(
      'mirror.example.com:5000/ascendhub/ascend-k8sdeviceplugin:v26.1.1',
    );
    const whole = daemonSet(platform({ devicePluginImage: 'registry.example.com/dp:7' }));
    expect(whole.spec.template.spec.containers[0].image).toBe('registry.example.com/dp:7');
  });

  it('fails when the Volcano NPU plugin carries the _linux-<arch> suffix the released Volcano no longer registers', () => {
    const conf = (objects: readonly KubeObject[]) =>
      parse(find(objects, 'ConfigMap', 'volcano-scheduler-configmap').data['volcano-scheduler.conf']);
    const names = (objects: readonly KubeObject[]) =>
      conf(objects).tiers[0].plugins.map((p: { name: string }) => p.name);
    expect(names(platform())).toContain('volcano-npu_v26.1.0');
    expect(names(platform({ volcanoNpuPlugin: 'volcano-npu_v26.0.0' }))).toContain('volcano-npu_v26.0.0');
  });

  it('fails when the ClusterRole lacks nodes/proxy get, which -getPodFromKubelet needs', () => {
    const role = platform().find((o) => o.kind === 'ClusterRole') as Loose;
    expect(role.rules).toContainEqual({ apiGroups: [''], resources: ['nodes/proxy'], verbs: ['get'] });
    const binding = platform().find((o) => o.kind === 'ClusterRoleBinding') as Loose;
    expect(binding.metadata.name).toBe('pods-node-ascend-device-plugin-rolebinding');
  });

  it('fails when the DaemonSet lacks the probe, log init container, toleration and host-path types of upstream', () => {
    const pod = daemonSet(platform()).spec.template.spec;
    expect(pod.containers[0].livenessProbe).toEqual({
      httpGet: { path: '/', port: 11251, scheme: 'HTTP' },
      failureThreshold: 3,
      periodSeconds: 10,
    });
    expect(pod.initContainers).toHaveLength(1);
    expect(pod.initContainers[0].name).toBe('init-log-setup');
    expect(pod.initContainers[0].command.join(' ')).toContain(
      'mkdir -p /var/log/mindx-dl/devicePlugin && chmod 750 /var/log/mindx-dl/devicePlugin && chown root:root /var/log/mindx-dl/devicePlugin',
    );
    expect(pod.initContainers[0].volumeMounts).toEqual([{ name: 'log-path', mountPath: '/var/log' }]);
    expect(pod.tolerations).toContainEqual({ key: 'CriticalAddonsOnly', operator: 'Exists' });
    const volume = (name: string) => pod.volumes.find((v: { name: string }) => v.name === name).hostPath;
    expect(volume('log-path')).toEqual({ path: '/var/log', type: 'Directory' });
    expect(volume('vnpu-cfg')).toEqual({ path: '/etc/vnpu.cfg', type: 'File' });
  });
});

describe('node labels: applied versus expected from the hardware', () => {
  it('fails when superpod applies the labels the device plugin writes from the hardware', () => {
    const { stack } = smallSlice();
    const inventory = stack.inventory();
    const hardware = [
      'servertype',
      'node.kubernetes.io/npu.chip.name',
      'mind-cluster/npu-chip-memory',
      'accelerator',
      'huawei.com/topotree.superpodid',
      'huawei.com/topotree.rackid',
      'huawei.com/topotree.serverid',
    ];
    for (const node of inventory.nodes) {
      const applied = nodeLabels(inventory, node);
      for (const key of hardware) expect(applied).not.toHaveProperty(key);
      expect(applied).toMatchObject({ 'accelerator-type': expect.any(String), workerselector: 'dls-worker-node' });
    }
    const dt = inventory.nodes[0]!;
    expect(hardwareLabels(inventory, dt)).toEqual({
      accelerator: 'huawei-npu',
      'node.kubernetes.io/npu.chip.name': 'Ascend950DT',
      servertype: `npu-${getAccelerator(dt.acceleratorId).kubernetes.aiCores!.value}`,
      'mind-cluster/npu-chip-memory': `${Math.round(getAccelerator(dt.acceleratorId).hbm.capacityGiB.value!)}G`,
      'huawei.com/topotree.superpodid': '0',
      'huawei.com/topotree.rackid': '0',
      'huawei.com/topotree.serverid': String(dt.serverIndex),
    });
  });

  it('fails when a server outside a UB SuperPoD node type is expected to carry a rackid', () => {
    const { stack } = smallSlice();
    const inventory = stack.inventory();
    const atlas350 = inventory.nodes.find((n) => n.nodeTypeId === 'atlas-350-server')!;
    expect(hardwareLabels(inventory, atlas350)).not.toHaveProperty('huawei.com/topotree.rackid');
  });

  it('fails when a 910-family server type is written npu-<cores> instead of Ascend910-<cores>', () => {
    const withCores = (id: string): AcceleratorSpec => {
      const a = getAccelerator(id);
      return { ...a, kubernetes: { ...a.kubernetes, aiCores: { value: 24, confidence: 'estimated', source: 'x' } } };
    };
    expect(serverType(withCores('ascend-910b'))).toBe('Ascend910-24');
    expect(serverType(withCores('ascend-950pr'))).toBe('npu-24');
  });
});

describe('DRA as the Ascend driver publishes it', () => {
  it('fails when a 950-generation device is typed by its chip name instead of Ascend910A5', () => {
    expect(draDeviceType(getAccelerator('ascend-950pr'))).toBe('Ascend910A5');
    expect(draDeviceType(getAccelerator('ascend-950dt'))).toBe('Ascend910A5');
    expect(draDeviceType(getAccelerator('atlas-350'))).toBe('Ascend910A5');
  });

  it('fails when the DeviceClass CEL reads our attribute without checking that the device has it', () => {
    const { stack } = pdSlice();
    const inventory = stack.inventory();
    const [cls] = deviceClasses(
      inventory,
      inventory.nodePools.filter((p) => p.deviceAllocation === 'dra'),
    );
    const expression = (cls as Loose).spec.selectors[0].cel.expression as string;
    expect(expression.indexOf("'accelerator' in device.attributes['superpod.dev']")).toBeGreaterThan(0);
    expect(expression.indexOf("'accelerator' in")).toBeLessThan(expression.indexOf('.accelerator =='));
  });
});

describe('decode LeaderWorkerSet on the Ascend plugin', () => {
  it('fails when a rack-sized decode instance carries no ra-block for the Ascend plugin', () => {
    const { stack } = pdSlice();
    new InferenceService(stack, 'svc', serviceProps());
    const lws = find(objectsOf(stack), 'LeaderWorkerSet', 'svc-decode').spec.leaderWorkerTemplate;
    expect(lws.leaderTemplate.metadata.annotations['ra-block']).toBe('64');
    expect(lws.workerTemplate.metadata.annotations['ra-block']).toBe('64');
  });
});
