import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { AcceleratorNode, Memory, NodeType, RackUnits, SuperPod } from '../../constructs/index.ts';
import { resourceSliceProblems } from '../../src/k8s/dra.ts';
import { hardwareLabels, nodeLabels } from '../../src/k8s/node-labels.ts';
import type { KubeObject } from '../../src/k8s/object.ts';
import { synthesizeKubernetes } from '../../src/k8s/synthesize.ts';
import { toYaml } from '../../src/k8s/yaml.ts';
import { inputErrorOf } from '../helpers/errors.ts';
import { liquidRack, testStack } from '../helpers/fixtures.ts';
import { find, jobProps, type Loose, objectsOf, pdSlice, TrainingJob } from './fixtures.ts';

const sliceWith = (spec: Record<string, unknown>): KubeObject => ({
  apiVersion: 'resource.k8s.io/v1',
  kind: 'ResourceSlice',
  metadata: { name: 's' },
  spec: { driver: 'npu.superpod.dev', pool: { name: 'p', generation: 1, resourceSliceCount: 1 }, ...spec },
});

describe('ResourceSlice checks (resource.k8s.io/v1 validation)', () => {
  it('needs exactly one node selection; false and empty values do not count as set', () => {
    const devices = [{ name: 'npu-0' }];
    expect(resourceSliceProblems(sliceWith({ nodeName: 'n', devices }))).toEqual([]);
    expect(resourceSliceProblems(sliceWith({ allNodes: true, devices }))).toEqual([]);
    expect(
      resourceSliceProblems(sliceWith({ nodeName: 'n', allNodes: false, nodeSelector: undefined, devices })),
    ).toEqual([]);
    expect(resourceSliceProblems(sliceWith({ nodeName: '', perDeviceNodeSelection: true, devices }))).toEqual([]);
    expect(resourceSliceProblems(sliceWith({ devices }))).toEqual([
      'exactly one of nodeName, nodeSelector, allNodes, perDeviceNodeSelection must be set (got 0)',
    ]);
    expect(resourceSliceProblems(sliceWith({ nodeName: 'n', allNodes: true, devices }))).toEqual([
      'exactly one of nodeName, nodeSelector, allNodes, perDeviceNodeSelection must be set (got 2)',
    ]);
  });

  it('needs exactly one of devices and sharedCounters', () => {
    expect(resourceSliceProblems(sliceWith({ nodeName: 'n' }))).toEqual([
      'exactly one of devices and sharedCounters must be set',
    ]);
    expect(resourceSliceProblems(sliceWith({ nodeName: 'n', devices: [], sharedCounters: [] }))).toEqual([
      'exactly one of devices and sharedCounters must be set',
    ]);
    expect(resourceSliceProblems(sliceWith({ nodeName: 'n', sharedCounters: [] }))).toEqual([]);
  });

  it('names each device problem: DNS label, repeated name, one value per attribute, qualified names', () => {
    const problems = resourceSliceProblems(
      sliceWith({
        nodeName: 'n',
        devices: [
          { name: 'npu-0', attributes: { 'superpod.dev/ok': { int: 1 } } },
          { name: 'npu-0' },
          { name: 'NPU_1' },
          { name: `a${'b'.repeat(62)}` }, // 63 characters: the longest DNS label
          { name: `a${'b'.repeat(63)}` },
          { name: 'npu-' },
          { name: 'npu-2', attributes: { 'superpod.dev/two': { int: 1, string: 'x' }, 'superpod.dev/none': {} } },
          { name: 'npu-3', attributes: { 'bad..domain/x': { int: 1 }, '-lead/x': { int: 1 }, 'd-/x': { int: 1 } } },
          { name: 'npu-4', capacity: { 'superpod.dev/memory': { value: '1' }, 'no spaces': { value: '1' } } },
          { name: 'npu-5', attributes: { 'a.b.c/x_Y9': { int: 1 }, plain_name: { bool: true } } },
        ],
      }),
    );
    expect(problems).toEqual([
      'device name "npu-0" is repeated',
      'device name "NPU_1" is not a DNS label',
      `device name "a${'b'.repeat(63)}" is not a DNS label`,
      'device name "npu-" is not a DNS label',
      'device "npu-2": attribute "superpod.dev/two" must have exactly one value',
      'device "npu-2": attribute "superpod.dev/none" must have exactly one value',
      'device "npu-3": attribute name "bad..domain/x" is not a qualified name',
      'device "npu-3": attribute name "-lead/x" is not a qualified name',
      'device "npu-3": attribute name "d-/x" is not a qualified name',
      'device "npu-4": capacity name "no spaces" is not a qualified name',
    ]);
  });
});

describe('YAML emitter edges', () => {
  it('skips undefined fields, writes null items, nested and empty lists, and quotes what would read back as another type', () => {
    const text = toYaml({
      a: undefined,
      b: null,
      c: [[1, 2], [], {}, null, undefined],
      d: { e: [] },
      f: 'x y',
      g: 'x  y',
    });
    expect(text).toBe(
      [
        'b: null',
        'c:',
        '-',
        '  - 1',
        '  - 2',
        '- []',
        '- {}',
        '- null',
        '- null',
        'd:',
        '  e: []',
        'f: x y',
        'g: "x  y"',
        '',
      ].join('\n'),
    );
    expect(parse(text)).toEqual({ b: null, c: [[1, 2], [], {}, null, null], d: { e: [] }, f: 'x y', g: 'x  y' });
    expect(toYaml([])).toBe('[]\n');
    expect(toYaml({})).toBe('{}\n');
    expect(toYaml({ p: Number.NaN, q: Number.POSITIVE_INFINITY, n: 1 })).toBe('p: "NaN"\nq: "Infinity"\n"n": 1\n');
    expect(toYaml({ s: 'a b#c', t: 'a (b)', u: 'a :b' })).toBe('s: "a b#c"\nt: a (b)\nu: "a :b"\n');
  });
});

describe('training jobs: inputs that cannot be placed', () => {
  it('fails when a pod asks for more NPUs than a node of the pool has', () => {
    const { stack } = pdSlice();
    new TrainingJob(stack, 'wide', jobProps({ npusPerPod: 16 }));
    expect(inputErrorOf(() => synthesizeKubernetes(stack.inventory()))).toMatchObject({
      problem: 'npusPerPod is more than the 8 accelerators of a node of pool "dt"',
      fix: 'request at most 8 per pod and add replicas',
    });
  });

  it('fails when a distributed job on a MindCluster schedule policy takes part of a node; one pod may', () => {
    const { stack } = pdSlice();
    new TrainingJob(stack, 'part', jobProps({ npusPerPod: 4, replicas: 2, raBlock: undefined }));
    const error = inputErrorOf(() => synthesizeKubernetes(stack.inventory()));
    expect(error.problem).toBe(
      'a distributed job on ascend-950dt-node nodes must take whole nodes (chip8-node8-ra64-sp: distributed pods request 8)',
    );
    expect(error.fix).toBe('set npusPerPod to 8');
    const single = pdSlice().stack;
    new TrainingJob(single, 'one', jobProps({ npusPerPod: 4, replicas: 1, raBlock: undefined }));
    expect(find(objectsOf(single), 'Job', 'one').spec.minAvailable).toBe(1);
  });

  it('passes the container command and args through, and writes memory in Mi when it is not whole Gi', () => {
    const { stack } = pdSlice();
    new TrainingJob(
      stack,
      'cmd',
      jobProps({
        container: {
          image: 'registry.example.com/t:1',
          command: ['python'],
          args: ['train.py', '--steps=10'],
          memory: Memory.gibibytes(1.5),
          sharedMemory: Memory.bytes(2 ** 30 + 1),
        },
      }),
    );
    const pod = find(objectsOf(stack), 'Job', 'cmd').spec.tasks[0].template.spec as Loose;
    expect(pod.containers[0].command).toEqual(['python']);
    expect(pod.containers[0].args).toEqual(['train.py', '--steps=10']);
    expect(pod.containers[0].resources.limits.memory).toBe('1536Mi');
    expect(pod.volumes[0].emptyDir).toEqual({ medium: 'Memory', sizeLimit: String(2 ** 30 + 1) });
  });
});

describe('GPU nodes', () => {
  it('carry the NVIDIA labels and no expected Ascend hardware labels; a GPU training job tolerates the GPU taint', () => {
    const stack = testStack('gpu');
    const rack = liquidRack(new SuperPod(stack, 'pod'), 'r');
    new AcceleratorNode(rack, 'h', { nodeType: NodeType.DGX_H100, pool: 'h100', height: RackUnits.of(8) });
    new TrainingJob(stack, 'gpt', jobProps({ pool: 'h100', replicas: 1, raBlock: undefined, queue: 'default' }));
    const inventory = stack.inventory();
    const [node] = inventory.nodes;
    expect(nodeLabels(inventory, node!)).toEqual({
      'accelerator-type': 'dgx-h100',
      accelerator: 'nvidia',
      'nvidia.com/gpu.present': 'true',
      'node-role.kubernetes.io/worker': 'worker',
      'superpod.dev/pool': 'h100',
      'superpod.dev/role': expect.any(String),
      'superpod.dev/superpod': 'pod',
      'superpod.dev/rack': 'r',
      'superpod.dev/ub-rack': '0.0',
    });
    expect(hardwareLabels(inventory, node!)).toEqual({});
    const job = find(objectsOf(stack), 'Job', 'gpt');
    const pod = job.spec.tasks[0].template.spec as Loose;
    expect(pod.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(pod.containers[0].resources.limits['nvidia.com/gpu']).toBe('8');
    expect(job.metadata.annotations).toBeUndefined();
    expect(job.spec.networkTopology).toBeUndefined();
  });
});
