import { describe, expect, it } from 'vitest';
import { DeviceAllocation, Memory } from '../../constructs/index.ts';
import { synthesizeKubernetes } from '../../src/k8s/synthesize.ts';
import { find, IMAGE, InferenceService, jobProps, objectsOf, pdSlice, serviceProps, TrainingJob } from './fixtures.ts';
import { validateObject } from './validate.ts';

describe('InferenceService on Kubernetes', () => {
  it('runs prefill as a Deployment (one node per instance) and decode as a LeaderWorkerSet (a rack per instance)', async () => {
    const { stack } = pdSlice();
    new InferenceService(stack, 'svc', serviceProps());
    const objects = objectsOf(stack);
    const workloadKinds = objects
      .filter((o) => o.metadata.namespace === 'inference')
      .map((o) => `${o.kind}/${o.metadata.name}`);
    expect(workloadKinds).toEqual([
      'ResourceClaimTemplate/svc-prefill-npu',
      'PodGroup/svc-prefill',
      'Deployment/svc-prefill',
      'Service/svc-prefill',
      'PodDisruptionBudget/svc-prefill',
      'LeaderWorkerSet/svc-decode',
      'Service/svc-decode',
      'PodDisruptionBudget/svc-decode',
    ]);
    const prefill = find(objects, 'Deployment', 'svc-prefill');
    expect(prefill.spec.replicas).toBe(2);
    expect(prefill.spec.strategy.rollingUpdate).toEqual({ maxSurge: 0, maxUnavailable: 1 });
    const prefillPod = prefill.spec.template;
    expect(prefillPod.metadata.annotations).toEqual({ 'scheduling.k8s.io/group-name': 'svc-prefill' });
    expect(prefillPod.spec.schedulerName).toBe('volcano');
    expect(
      prefillPod.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms,
    ).toEqual([{ matchExpressions: [{ key: 'superpod.dev/pool', operator: 'In', values: ['pr'] }] }]);
    const server = prefillPod.spec.containers[0];
    expect(server.image).toBe(IMAGE);
    expect(server.resources.requests).toEqual({ cpu: '64', memory: '512Gi' });
    expect(server.resources.limits).toEqual(server.resources.requests);
    expect(server.startupProbe.failureThreshold).toBe(180);
    expect(server.readinessProbe.httpGet).toEqual({ path: '/health', port: 'http' });
    expect(server.livenessProbe.periodSeconds).toBe(30);
    expect(Object.fromEntries(server.env.map((e: { name: string; value: string }) => [e.name, e.value]))).toMatchObject(
      {
        MODEL_ID: 'deepseek-v3',
        SUPERPOD_ROLE: 'prefill',
        TP_SIZE: '4',
        DP_SIZE: '2',
        EP_SIZE: '8',
      },
    );
    expect(find(objects, 'PodGroup', 'svc-prefill').spec).toEqual({
      minMember: 1,
      queue: 'serving',
      priorityClassName: 'superpod-serving',
    });

    const decode = find(objects, 'LeaderWorkerSet', 'svc-decode');
    expect(decode.metadata.annotations).toEqual({
      'leaderworkerset.sigs.k8s.io/exclusive-topology': 'superpod.dev/ub-rack',
    });
    expect(decode.spec.leaderWorkerTemplate.size).toBe(8);
    expect(decode.spec.leaderWorkerTemplate.restartPolicy).toBe('RecreateGroupOnPodRestart');
    const leader = decode.spec.leaderWorkerTemplate.leaderTemplate;
    const worker = decode.spec.leaderWorkerTemplate.workerTemplate;
    expect(leader.metadata.annotations).toEqual({
      'huawei.com/schedule_policy': 'chip8-node8-ra64-sp',
      'scheduling.volcano.sh/queue-name': 'serving',
    });
    expect(leader.metadata.labels['ring-controller.atlas']).toBe('ascend-npu');
    expect(leader.spec.containers[0].resources.limits['huawei.com/npu']).toBe('8');
    expect(leader.spec.containers[0].readinessProbe).toBeDefined();
    expect(worker.spec.containers[0].readinessProbe).toBeUndefined();
    expect(find(objects, 'Service', 'svc-decode').spec.selector).toEqual({
      'leaderworkerset.sigs.k8s.io/name': 'svc-decode',
      'leaderworkerset.sigs.k8s.io/worker-index': '0',
    });
    expect(find(objects, 'PodDisruptionBudget', 'svc-decode').spec.maxUnavailable).toBe(8);
    for (const object of objects) await validateObject(object);
  }, 30_000);

  it('fails when an Atlas 350 device-plugin pool leaves its pods without a schedule policy for the NPU plugin', () => {
    const { stack } = pdSlice({ prefillAllocation: DeviceAllocation.DEVICE_PLUGIN });
    new InferenceService(stack, 'svc', serviceProps());
    const prefillPod = find(objectsOf(stack), 'Deployment', 'svc-prefill').spec.template;
    expect(prefillPod.metadata.annotations['huawei.com/schedule_policy']).toBe('chip1-node8');
    expect(prefillPod.spec.containers[0].resources.limits['huawei.com/npu']).toBe('8');
  });

  it('runs an aggregated service whose instance fits a node as one Deployment with MindCluster annotations', async () => {
    const { stack } = pdSlice();
    const { prefill: _unused, ...props } = serviceProps();
    new InferenceService(stack, 'qwen', {
      ...props,
      decode: { pool: 'dt', replicas: 4, parallelism: { tp: 8 } },
      container: { image: IMAGE, port: 9000, healthPath: '/v1/health', cpu: 32, memory: Memory.gibibytes(256) },
    });
    const objects = objectsOf(stack);
    const deployment = find(objects, 'Deployment', 'qwen');
    expect(deployment.metadata.labels['app.kubernetes.io/component']).toBe('server');
    expect(deployment.spec.template.metadata.annotations).toEqual({
      'huawei.com/schedule_policy': 'chip8-node8-ra64-sp',
      'huawei.com/schedule_minAvailable': '4',
      'scheduling.k8s.io/group-name': 'qwen',
    });
    const container = deployment.spec.template.spec.containers[0];
    expect(container.resources.limits).toEqual({ cpu: '32', memory: '256Gi', 'huawei.com/npu': '8' });
    expect(container.ports).toEqual([{ name: 'http', containerPort: 9000, protocol: 'TCP' }]);
    expect(container.livenessProbe.httpGet.path).toBe('/v1/health');
    expect(find(objects, 'PodGroup', 'qwen').spec.minResources).toEqual({ 'huawei.com/npu': '8' });
    expect(find(objects, 'Service', 'qwen').spec.ports).toEqual([
      { name: 'http', port: 9000, targetPort: 'http', protocol: 'TCP' },
    ]);
    for (const object of objects) await validateObject(object);
  }, 30_000);

  it('lets the user override the environment the synthesiser sets', () => {
    const { stack } = pdSlice();
    new InferenceService(
      stack,
      'svc',
      serviceProps({ container: { image: IMAGE, env: { MODEL_ID: '/models/dsv3' } } }),
    );
    const env = find(objectsOf(stack), 'Deployment', 'svc-prefill').spec.template.spec.containers[0].env;
    expect(env.filter((e: { name: string }) => e.name === 'MODEL_ID')).toEqual([
      { name: 'MODEL_ID', value: '/models/dsv3' },
    ]);
  });

  it('uses the default scheduler without Volcano objects or annotations when the stack asks for it', async () => {
    const { stack } = pdSlice({ scheduler: 'default' });
    new InferenceService(stack, 'svc', serviceProps());
    new TrainingJob(stack, 'job', { ...jobProps(), raBlock: undefined });
    const objects = objectsOf(stack);
    expect(objects.filter((o) => o.apiVersion.includes('volcano'))).toEqual([]);
    const leader = find(objects, 'LeaderWorkerSet', 'svc-decode').spec.leaderWorkerTemplate.leaderTemplate;
    expect(leader.spec.schedulerName).toBeUndefined();
    expect(leader.metadata.annotations).toBeUndefined();
    const job = find(objects, 'Job', 'job');
    expect(job.apiVersion).toBe('batch/v1');
    expect(job.spec).toMatchObject({ completionMode: 'Indexed', completions: 8, parallelism: 8 });
    expect(job.spec.template.spec.subdomain).toBe('job');
    expect(find(objects, 'Service', 'job').spec.clusterIP).toBe('None');
    for (const object of objects) await validateObject(object);
  }, 30_000);

  it('creates the workload namespaces and priority classes with the platform', () => {
    const { stack } = pdSlice();
    new InferenceService(stack, 'svc', serviceProps());
    new TrainingJob(stack, 'job', jobProps());
    const output = synthesizeKubernetes(stack.inventory());
    const platform = output.files.filter((f) => f.stage === 'platform').flatMap((f) => f.objects);
    expect(platform.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name)).toEqual([
      'inference',
      'training',
    ]);
    expect(platform.filter((o) => o.kind === 'PriorityClass').map((o) => o.metadata.name)).toEqual([
      'superpod-serving',
      'superpod-training',
    ]);
  });

  it('fails when a serving pool does not exist', () => {
    const { stack } = pdSlice();
    new InferenceService(stack, 'svc', serviceProps({ decode: { pool: 'nope', replicas: 1, parallelism: { tp: 8 } } }));
    expect(() => objectsOf(stack)).toThrow(
      /^pd\/svc: decode\.pool names node pool "nope", which has no nodes in this stack \(got "nope"\); use one of dt, pr$/,
    );
  });

  it('fails when an instance spans nodes without taking whole nodes', () => {
    const { stack } = pdSlice();
    new InferenceService(
      stack,
      'svc',
      serviceProps({ decode: { pool: 'dt', replicas: 1, parallelism: { tp: 4, dp: 3 } } }),
    );
    expect(() => objectsOf(stack)).toThrow(
      /a decode instance needs 12 accelerators \(tp x pp x dp\), more than the 8 of one node of pool "dt".*use a multiple of 8/,
    );
  });

  it('fails when two workloads make objects of the same name in one namespace', () => {
    const { stack } = pdSlice();
    new InferenceService(stack, 'a', serviceProps({ name: 'svc' }));
    new InferenceService(stack, 'b', serviceProps({ name: 'svc' }));
    expect(() => objectsOf(stack)).toThrow(
      /^pd\/b: ResourceClaimTemplate "svc-prefill-npu" in namespace "inference" is also made by "pd\/a"/,
    );
  });

  it('fails when a workload of a hand-built inventory has no container', () => {
    const { stack } = pdSlice();
    new InferenceService(stack, 'svc', serviceProps());
    const inventory = stack.inventory();
    const bare = { ...inventory, workloads: inventory.workloads.map((w) => ({ ...w, container: undefined })) };
    expect(() => synthesizeKubernetes(bare)).toThrow(/pd\/svc: the workload has no container image/);
  });
});
