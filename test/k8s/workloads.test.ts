import { describe, expect, it } from 'vitest';
import { Duration, Memory } from '../../constructs/index.ts';
import { synthesizeKubernetes } from '../../src/k8s/synthesize.ts';
import { terraformSafe } from '../../src/terraform/superpod-stack.ts';
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

describe('Terraform output of workload objects', () => {
  it('escapes Terraform template sequences so literals reach the cluster as written', () => {
    const object = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'x' },
      data: { a: 'echo ${HOME} %{ if }', b: 'plain', 'k${x}': '$ {' },
    };
    expect(terraformSafe(object)).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'x' },
      data: { a: 'echo $${HOME} %%{ if }', b: 'plain', 'k$${x}': '$ {' },
    });
  });
});

describe('InferenceService and TrainingJob constructs', () => {
  it('put the SLOs, traffic and precisions the perf model reads into the Inventory', () => {
    const { stack } = pdSlice();
    new InferenceService(stack, 'svc', serviceProps({ precision: { weights: 'mxfp4' } }));
    const [service] = stack.inventory().workloads;
    expect(service).toMatchObject({
      kind: 'inference-service',
      id: 'svc',
      path: 'pd/svc',
      name: 'svc',
      modelId: 'deepseek-v3',
      precision: { weights: 'mxfp4', activations: 'bf16', kvCache: 'bf16' },
      prefill: { pool: 'pr', replicas: 2, parallelism: { tp: 4, pp: 1, ep: 8, dp: 2 } },
      decode: { pool: 'dt', replicas: 1, parallelism: { tp: 1, pp: 1, ep: 64, dp: 64 } },
      slo: { ttftS: 2, tpotS: 0.05 },
      traffic: { requestsPerSecond: 4, inputTokens: 4096, outputTokens: 1024 },
      queue: 'serving',
    });
    expect(service!.source?.file).toMatch(/workloads\.test\.ts$/);
  });

  const failing: Array<[string, () => void, RegExp]> = [
    [
      'the model is a bare string',
      () => new InferenceService(pdSlice().stack, 'x', serviceProps({ model: 'deepseek-v3' as never })),
      /^pd\/x: model must be a Model \(got "deepseek-v3"\)/,
    ],
    [
      'the SLO is a bare number',
      () =>
        new InferenceService(
          pdSlice().stack,
          'x',
          serviceProps({ slo: { timeToFirstToken: 2 as never, timePerOutputToken: Duration.milliseconds(50) } }),
        ),
      /^pd\/x: slo\.timeToFirstToken must be a Duration value object \(got 2\)/,
    ],
    [
      'ep does not divide tp x dp',
      () =>
        new InferenceService(
          pdSlice().stack,
          'x',
          serviceProps({ decode: { pool: 'dt', replicas: 1, parallelism: { tp: 8, ep: 3 } } }),
        ),
      /^pd\/x: decode\.parallelism\.ep must divide tp x dp \(8\)/,
    ],
    [
      'the traffic is zero',
      () =>
        new InferenceService(
          pdSlice().stack,
          'x',
          serviceProps({ traffic: { requestsPerSecond: 0, inputTokens: 1, outputTokens: 1 } }),
        ),
      /^pd\/x: traffic\.requestsPerSecond must be a positive number \(got 0\)/,
    ],
    [
      'the image is missing',
      () => new InferenceService(pdSlice().stack, 'x', serviceProps({ container: {} as never })),
      /^pd\/x: container\.image is required/,
    ],
    [
      'the name is longer than 40 characters',
      () => new InferenceService(pdSlice().stack, 'x', serviceProps({ name: 'n'.repeat(41) })),
      /^pd\/x: name must be at most 40 characters/,
    ],
    [
      'the precision is unknown',
      () => new InferenceService(pdSlice().stack, 'x', serviceProps({ precision: { weights: 'fp6' as never } })),
      /^pd\/x: precision\.weights is not a known precision \(got "fp6"\)/,
    ],
    [
      'raBlock is not a multiple of the pod size',
      () => new TrainingJob(pdSlice().stack, 'j', jobProps({ raBlock: 12 })),
      /^pd\/j: raBlock must be a multiple of the 8 accelerators of a pod and divide the job's 64 accelerators \(8 x 8\) \(got 12\); use one of 8, 16, 32, 64/,
    ],
    [
      'spBlock is not a multiple of raBlock',
      () => new TrainingJob(pdSlice().stack, 'j', jobProps({ replicas: 16, raBlock: 64, spBlock: 32 })),
      /^pd\/j: spBlock must be a multiple of the 64 accelerators of an ra-block/,
    ],
  ];
  for (const [name, make, expected] of failing) {
    it(`fails when ${name}`, () => {
      expect(make).toThrow(expected);
    });
  }

  it('fails when a training pod asks for more accelerators than a node has', () => {
    const { stack } = pdSlice();
    new TrainingJob(stack, 'j', jobProps({ npusPerPod: 16, replicas: 4, raBlock: undefined }));
    expect(() => objectsOf(stack)).toThrow(
      /^pd\/j: npusPerPod is more than the 8 accelerators of a node of pool "dt" \(got 16\)/,
    );
  });

  it('fails when a distributed Ascend 950 job does not take whole nodes', () => {
    const { stack } = pdSlice();
    new TrainingJob(stack, 'j', jobProps({ npusPerPod: 4, replicas: 2, raBlock: undefined }));
    expect(() => objectsOf(stack)).toThrow(
      /distributed job on ascend-950dt-node nodes must take whole nodes \(chip8-node8-ra64-sp/,
    );
  });
});
