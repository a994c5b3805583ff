import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DeviceAllocation } from '../../constructs/index.ts';
import type { KubeObject } from '../../src/k8s/object.ts';
import {
  find,
  InferenceService,
  jobProps,
  type Loose,
  objectsOf,
  pdSlice,
  serviceProps,
  TrainingJob,
} from './fixtures.ts';
import { validateCustomResource, validateObject } from './validate.ts';

describe('Volcano objects', () => {
  it('synthesises a TrainingJob to a gang-scheduled Volcano Job with ra-block and the Ascend schedule policy', () => {
    const { stack } = pdSlice();
    new TrainingJob(stack, 'sft', jobProps());
    const job = find(objectsOf(stack), 'Job', 'sft');
    expect(job.apiVersion).toBe('batch.volcano.sh/v1alpha1');
    expect(job.metadata.annotations).toEqual({ 'huawei.com/schedule_policy': 'chip8-node8-ra64-sp', 'ra-block': '64' });
    expect(job.metadata.labels['fault-scheduling']).toBe('grace');
    expect(job.spec).toMatchObject({
      schedulerName: 'volcano',
      queue: 'training',
      minAvailable: 8,
      priorityClassName: 'superpod-training',
      plugins: { env: [], svc: [] },
      // 64 NPUs fit one rack: the job may not leave tier 1 (the UB rack) of the HyperNode tree.
      networkTopology: { mode: 'hard', highestTierAllowed: 1 },
    });
    const [task] = job.spec.tasks;
    expect(task).toMatchObject({ name: 'worker', replicas: 8, minAvailable: 8 });
    expect(task.template.metadata.annotations).toEqual(job.metadata.annotations);
    expect(task.template.spec.restartPolicy).toBe('Never');
    expect(task.template.spec.containers[0].resources.limits['huawei.com/npu']).toBe('8');
    validateCustomResource(job as KubeObject);
  }, 30_000);

  it('lets a job larger than a rack span the SuperPoD tier and carries sp-block', () => {
    const { stack } = pdSlice();
    new TrainingJob(stack, 'big', jobProps({ replicas: 16, raBlock: 64, spBlock: 128 }));
    const job = find(objectsOf(stack), 'Job', 'big');
    expect(job.metadata.annotations['sp-block']).toBe('128');
    expect(job.spec.networkTopology).toEqual({ mode: 'hard', highestTierAllowed: 2 });
  });

  it('puts no hard network-topology constraint on a job whose nodes are in no HyperNode (it would stay Pending)', () => {
    const { stack } = pdSlice({ prefillAllocation: DeviceAllocation.DEVICE_PLUGIN });
    // the two Atlas 350 servers of pool pr are card servers: on no UB level past their chassis, in no HyperNode
    new TrainingJob(stack, 'on-cards', jobProps({ pool: 'pr', replicas: 2, raBlock: undefined }));
    new TrainingJob(stack, 'on-dt', jobProps());
    const objects = objectsOf(stack);
    expect(find(objects, 'Job', 'on-cards').spec.networkTopology).toBeUndefined();
    expect(find(objects, 'Job', 'on-dt').spec.networkTopology).toEqual({ mode: 'hard', highestTierAllowed: 1 });
  });

  it('emits queues: serving guaranteed and not reclaimable, training reclaimable, never the default queue', async () => {
    const { stack } = pdSlice();
    new InferenceService(stack, 'svc', serviceProps());
    new TrainingJob(stack, 'sft', jobProps());
    new TrainingJob(stack, 'other', jobProps({ queue: 'default', namespace: 'default' }));
    const objects = objectsOf(stack);
    const queues = objects.filter((o) => o.kind === 'Queue') as Array<Loose>;
    expect(queues.map((q) => [q.metadata.name, q.spec])).toEqual([
      [
        'serving',
        // Decode holds 64 NPUs of the device-plugin pool; prefill's DRA cards are not counted by Volcano's proportion plugin.
        {
          weight: 1,
          reclaimable: false,
          capability: { 'huawei.com/npu': '64' },
          guarantee: { resource: { 'huawei.com/npu': '64' } },
        },
      ],
      ['training', { weight: 1, reclaimable: true, capability: { 'huawei.com/npu': '64' } }],
    ]);
    for (const q of queues) await validateObject(q as KubeObject);
  });

  it('configures the scheduler with the NPU plugin, DRA in predicates and the network-topology plugin', () => {
    const { stack } = pdSlice();
    const configMap = find(objectsOf(stack), 'ConfigMap', 'volcano-scheduler-configmap');
    expect(configMap.metadata.namespace).toBe('volcano-system');
    const conf = parse(configMap.data['volcano-scheduler.conf']);
    expect(conf.actions).toBe('enqueue, allocate, backfill');
    expect(conf.tiers[0].plugins.map((p: { name: string }) => p.name)).toEqual([
      'priority',
      'gang',
      'conformance',
      'volcano-npu_v26.1.0',
    ]);
    expect(conf.tiers[1].plugins).toEqual([
      { name: 'drf' },
      { name: 'predicates', arguments: { 'predicate.DynamicResourceAllocationEnable': true } },
      { name: 'proportion' },
      { name: 'nodeorder' },
      { name: 'binpack' },
      { name: 'network-topology-aware' },
    ]);
    expect(conf.configurations[0].arguments).toMatchObject({ 'super-pod-size': '1024', presetVirtualDevice: 'true' });
  });

  it('fails when super-pod-size counts the modelled nodes or the Atlas 350 servers instead of the physical SuperPoD', () => {
    const { stack } = pdSlice();
    const conf = parse(
      find(objectsOf(stack), 'ConfigMap', 'volcano-scheduler-configmap').data['volcano-scheduler.conf'],
    );
    // 8 modelled 950DT nodes and 2 Atlas 350 servers; the Atlas 950 SuperPoD has 8,192 / 8 = 1,024 nodes.
    expect(conf.configurations[0].arguments['super-pod-size']).toBe('1024');
    expect(conf.configurations[0].arguments['reserve-nodes']).toBe('2');
  });

  it('leaves DRA out of the scheduler when every pool uses the device plugin', () => {
    const { stack } = pdSlice({ prefillAllocation: DeviceAllocation.DEVICE_PLUGIN });
    const objects = objectsOf(stack);
    const conf = parse(find(objects, 'ConfigMap', 'volcano-scheduler-configmap').data['volcano-scheduler.conf']);
    expect(conf.tiers[1].plugins[1]).toEqual({ name: 'predicates' });
    expect(objects.filter((o) => o.apiVersion.startsWith('resource.k8s.io'))).toEqual([]);
  });

  it('fails when Atlas 350 card servers join a UB HyperNode: one per SuperPoD-node rack (tier 1) and SuperPoD (tier 2)', async () => {
    const { stack } = pdSlice();
    const inventory = stack.inventory();
    const hyperNodes = objectsOf(stack).filter((o) => o.kind === 'HyperNode') as Array<Loose>;
    // pr-rack (rack 0) holds Atlas 350 servers, on no UB level beyond their chassis; dt-rack (rack 1) 950DT nodes.
    expect(hyperNodes.map((h) => [h.metadata.name, h.spec.tier, h.spec.tierName])).toEqual([
      ['ub-rack-0-1', 1, 'ub-rack'],
      ['ub-superpod-0', 2, 'ub-superpod'],
    ]);
    expect(hyperNodes[0]!.spec.members).toEqual(
      inventory.nodes
        .filter((n) => n.pool === 'dt')
        .map((n) => ({ type: 'Node', selector: { exactMatch: { name: n.name } } })),
    );
    expect(hyperNodes[1]!.spec.members).toEqual([
      { type: 'HyperNode', selector: { exactMatch: { name: 'ub-rack-0-1' } } },
    ]);
    for (const h of hyperNodes) await validateObject(h as KubeObject);
  });
});

describe('validation of custom resources against the published CRDs', () => {
  const job = (): KubeObject => {
    const { stack } = pdSlice();
    new TrainingJob(stack, 'sft', jobProps());
    return find(objectsOf(stack), 'Job', 'sft') as KubeObject;
  };

  it('fails when a Volcano Job carries a field its CRD does not declare', () => {
    const bad = structuredClone(job()) as Loose;
    bad.spec.tasks[0].replica = 8;
    expect(() => validateCustomResource(bad as KubeObject)).toThrow(
      /\/spec\/tasks\/0 must NOT have additional properties \(replica\)/,
    );
  }, 30_000);

  it('fails when an enum value is wrong', () => {
    const bad = structuredClone(job()) as Loose;
    bad.spec.networkTopology.mode = 'strict';
    expect(() => validateCustomResource(bad as KubeObject)).toThrow(
      /\/spec\/networkTopology\/mode must be equal to one of the allowed values/,
    );
  });

  it('fails when a HyperNode member has two selectors (the CRD CEL rule)', () => {
    const hyperNode: KubeObject = {
      apiVersion: 'topology.volcano.sh/v1alpha1',
      kind: 'HyperNode',
      metadata: { name: 'h' },
      spec: {
        tier: 1,
        members: [{ type: 'Node', selector: { exactMatch: { name: 'a' }, regexMatch: { pattern: 'a.*' } } }],
      },
    };
    expect(() => validateCustomResource(hyperNode)).toThrow(
      /members\[0\]\.selector needs exactly one of exactMatch, regexMatch, labelMatch/,
    );
  });

  it('fails when a LeaderWorkerSet has an unknown restart policy', () => {
    const lws: KubeObject = {
      apiVersion: 'leaderworkerset.x-k8s.io/v1',
      kind: 'LeaderWorkerSet',
      metadata: { name: 'l' },
      spec: {
        leaderWorkerTemplate: { size: 2, restartPolicy: 'Sometimes', workerTemplate: { spec: { containers: [] } } },
      },
    };
    expect(() => validateCustomResource(lws)).toThrow(/restartPolicy must be equal to one of the allowed values/);
  }, 30_000);

  it('fails when a built-in object carries an unknown field', async () => {
    const { stack } = pdSlice();
    new InferenceService(stack, 'svc', serviceProps());
    const deployment = structuredClone(find(objectsOf(stack), 'Deployment', 'svc-prefill'));
    deployment.spec.template.spec.containers[0].resources.claimz = [];
    await expect(validateObject(deployment as KubeObject)).rejects.toThrow(
      /unknown fields spec\.template\.spec\.containers\[0\]\.resources\.claimz/,
    );
  });
});
