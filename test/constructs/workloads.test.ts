import { describe, expect, it } from 'vitest';
import { Duration } from '../../constructs/index.ts';
import { InferenceService, jobProps, objectsOf, pdSlice, serviceProps, TrainingJob } from '../k8s/fixtures.ts';

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
      'an inference service has no props (a JavaScript caller)',
      () => new InferenceService(pdSlice().stack, 'x', undefined as never),
      /^pd\/x: props are required.*pass \{ model, decode, slo, traffic, container \}/,
    ],
    [
      'a training job has no props (a JavaScript caller)',
      () => new TrainingJob(pdSlice().stack, 'x', null as never),
      /^pd\/x: props are required.*pass \{ pool, replicas, container \}/,
    ],
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
