/**
 * FAB-003's block and request checks written out whole on the clean fixture (one SuperPoD of 950DT nodes: 8 NPUs a
 * node, level Y 64 NPUs, level Z 8,192): a training job of 4 pods x 8 NPUs is 32 NPUs.
 */
import { describe, expect, it } from 'vitest';
import { atlas350Node, check, cleanInventory, inferenceService, inventory, trainingJob } from './fixtures/inventory.ts';

function fab003(workload: ReturnType<typeof trainingJob> | ReturnType<typeof inferenceService>) {
  const report = check(cleanInventory({ workloads: [workload] }));
  const evaluation = report.evaluations.find((e) => e.ruleId === 'FAB-003');
  const finding = evaluation?.finding === undefined ? undefined : report.findings[evaluation.finding];
  return { status: evaluation?.status, message: finding?.message, fix: finding?.fix };
}

describe('FAB-003 ra-block and sp-block of a training job', () => {
  it('takes an ra-block of whole nodes inside one rack, and refuses part of a node or more than a rack', () => {
    expect(fab003(trainingJob({ raBlock: 16 })).status).toBe('pass');
    expect(fab003(trainingJob({ raBlock: 64, replicas: 8 })).status).toBe('pass');
    expect(fab003(trainingJob({ raBlock: 12 }))).toEqual({
      status: 'fail',
      message: 'ra-block 12 must be a multiple of 8 NPUs (whole nodes) and at most 64 (one rack)',
      fix: 'change the parallelism or NPUs per pod to a size the Ascend scheduler accepts',
    });
    expect(fab003(trainingJob({ raBlock: 72, replicas: 9 })).message).toBe(
      'ra-block 72 must be a multiple of 8 NPUs (whole nodes) and at most 64 (one rack)',
    );
  });

  it('takes an sp-block of whole nodes that divides the job, and refuses one that does not', () => {
    expect(fab003(trainingJob({ spBlock: 16 })).status).toBe('pass');
    expect(fab003(trainingJob({ spBlock: 32 })).status).toBe('pass');
    expect(fab003(trainingJob({ spBlock: 24 })).message).toBe(
      "sp-block 24 must be a multiple of 8 NPUs, divide the job's 32 NPUs and be at most 8192 (one SuperPoD)",
    );
    expect(fab003(trainingJob({ spBlock: 12 })).message).toMatch(/^sp-block 12 must be a multiple of 8 NPUs/);
    expect(fab003(trainingJob({ raBlock: 12, spBlock: 24 })).message).toBe(
      "ra-block 12 must be a multiple of 8 NPUs (whole nodes) and at most 64 (one rack); sp-block 24 must be a multiple of 8 NPUs, divide the job's 32 NPUs and be at most 8192 (one SuperPoD)",
    );
  });
});

describe('FAB-003 requests', () => {
  it('refuses a single pod larger than a node, listing the range a single-pod job may take', () => {
    expect(fab003(trainingJob({ replicas: 1, npusPerPod: 16 })).message).toBe(
      'pool decode: the pod requests 16 NPUs, but chip8-node8-ra64-sp single-pod jobs may request 1-8',
    );
    expect(fab003(trainingJob({ replicas: 1, npusPerPod: 5 })).status).toBe('pass');
  });

  it('refuses an instance of 3 cards on Atlas 350 4P servers (whole 4-card groups: 1, 2, 4 or 8)', () => {
    const nodes = Array.from({ length: 2 }, (_, n) =>
      atlas350Node('pod-a/rack-01', n, { nodeTypeId: 'atlas-350-4p-server', pool: 'decode' }),
    );
    const service = (tp: number) =>
      inferenceService({ decode: { pool: 'decode', replicas: 1, parallelism: { tp, pp: 1, ep: 1, dp: 1 } } });
    const on4p = (tp: number) => {
      const report = check(inventory({ nodes, workloads: [service(tp)] }));
      return report.evaluations.find((e) => e.ruleId === 'FAB-003')!;
    };
    expect(on4p(4).status).toBe('pass');
    const refused = check(inventory({ nodes, workloads: [service(3)] }));
    expect(refused.findings.find((f) => f.ruleId === 'FAB-003')?.message).toBe(
      'serving pool decode: an instance of 3 NPUs (TP 3 x PP 1 x DP 1) is not a valid chip4-node8 request (1, 2, 4, 8)',
    );
  });

  it('refuses an sp-block larger than the SuperPoD (8,192 NPUs) even when it divides the job', () => {
    expect(fab003(trainingJob({ replicas: 2048, spBlock: 16_384 })).message).toBe(
      "sp-block 16384 must be a multiple of 8 NPUs, divide the job's 16384 NPUs and be at most 8192 (one SuperPoD)",
    );
    expect(fab003(trainingJob({ replicas: 1024, spBlock: 8192 })).status).toBe('pass');
  });

  it('refuses distributed pods that do not take whole nodes, naming the policy and what it accepts', () => {
    expect(fab003(trainingJob({ replicas: 2, npusPerPod: 4 })).message).toBe(
      'pool decode: each of 2 pods requests 4 NPUs, but chip8-node8-ra64-sp distributed jobs may request 8',
    );
  });

  it('takes any instance up to a node, whole nodes beyond, and refuses an instance that spans part of one', () => {
    const service = (tp: number, pp: number) =>
      inferenceService({ decode: { pool: 'decode', replicas: 1, parallelism: { tp, pp, ep: 1, dp: 1 } } });
    expect(fab003(service(3, 1)).status).toBe('pass');
    expect(fab003(service(8, 2)).status).toBe('pass');
    expect(fab003(service(4, 3)).message).toBe(
      'serving pool decode: an instance of 12 NPUs (TP 4 x PP 3 x DP 1) spans nodes, so it must take whole 8-NPU nodes (chip8-node8-ra64-sp distributed pods request 8)',
    );
    const moe = inferenceService({
      modelId: 'deepseek-v3',
      decode: { pool: 'decode', replicas: 1, parallelism: { tp: 4, pp: 3, ep: 12, dp: 1 } },
    });
    expect(fab003(moe).message).toBe(
      'serving pool decode: an instance of 12 NPUs (TP 4 x PP 3 x DP 1 (EP 12)) spans nodes, so it must take whole 8-NPU nodes (chip8-node8-ra64-sp distributed pods request 8)',
    );
  });
});
