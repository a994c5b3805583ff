import { describe, expect, it } from 'vitest';
import type { NodeInfo, RackInfo } from '../../src/inventory/types.ts';
import { findingLine } from '../../src/policy/index.ts';
import {
  ATLAS_950_FABRIC,
  atlas350Node,
  check,
  cleanInventory,
  dtNodes,
  findingOf,
  inferenceService,
  inventory,
  openRuleIds,
  rack,
  superPod,
  trainingJob,
} from './fixtures/inventory.ts';

/** Two decode racks of 8 950DT nodes: 128 NPUs in the pool `decode`. */
function twoDecodeRacks(extra: Parameters<typeof inventory>[0] = {}) {
  const nodes = [...dtNodes('pod-a/rack-01', 8), ...dtNodes('pod-a/rack-02', 8)].map((n, i) => ({
    ...n,
    serverIndex: i,
  }));
  return inventory({ racks: [rack('rack-01'), rack('rack-02', { index: 1 })], nodes, ...extra });
}

/** Atlas 800T A2 (Ascend 910B, HCCS inside the node only): 8 x 400 W + 2.56 kW, air-cooled. */
function atlas800Nodes(count: number): NodeInfo[] {
  return dtNodes('pod-a/rack-01', count, (n) => ({
    id: `pod-a/rack-01/a2-${n}`,
    name: `pod-a-rack-01-a2-${n}`,
    pool: 'train910',
    role: 'training',
    nodeTypeId: 'atlas-800t-a2',
    acceleratorId: 'ascend-910b',
    acceleratorTdpW: 400,
    hostPowerW: 2560,
    cooling: 'air',
    liquidFraction: 0,
  }));
}

const parallelism = (tp: number, pp = 1, dp = 1, ep = 1) => ({ tp, pp, ep, dp });

describe('FAB-001 tensor-parallel groups inside one scale-up domain', () => {
  it('passes TP 8 on 950DT nodes', () => {
    const inv = cleanInventory({
      workloads: [inferenceService({ decode: { pool: 'decode', replicas: 1, parallelism: parallelism(8) } })],
    });
    const report = check(inv);
    expect(openRuleIds(report)).toEqual([]);
    expect(report.evaluations.find((e) => e.ruleId === 'FAB-001')?.status).toBe('pass');
  });

  it('fails when a TP group of 16 spans two Atlas 800T A2 nodes without UnifiedBus', () => {
    const service = inferenceService({ decode: { pool: 'train910', replicas: 1, parallelism: parallelism(16) } });
    const report = check(inventory({ nodes: atlas800Nodes(2), workloads: [service] }));
    expect(openRuleIds(report)).toEqual(['FAB-001']);
    expect(findingLine(findingOf(report, 'FAB-001'))).toBe(
      'FAB-001 service services/chat: serving pool train910: a TP group of 16 does not fit one atlas-800t-a2 node (8 accelerators over hccs; no UnifiedBus between nodes) — use TP of at most 8 and pipeline or data parallelism beyond it, or run on UnifiedBus hardware (parameters fabric.maxTpLevel sets the allowed UB level, now Y)',
    );
  });

  // DeepSeek-V3 has 128 attention heads, so TP 128 is a deployable (if unusual) choice.
  it('fails when a TP group of 128 exceeds the 64-NPU level-Y domain', () => {
    const service = inferenceService({
      modelId: 'deepseek-v3',
      decode: { pool: 'decode', replicas: 1, parallelism: parallelism(128) },
    });
    const report = check(twoDecodeRacks({ workloads: [service] }));
    expect(openRuleIds(report)).toEqual(['FAB-001']);
    expect(findingOf(report, 'FAB-001').message).toBe(
      'serving pool decode: a TP group of 128 does not fit one level-Y UB domain (64 NPUs, the rack)',
    );
  });

  it('names every pool whose TP group does not fit, and the smallest domain as the largest TP', () => {
    const service = inferenceService({
      prefill: { pool: 'train910', replicas: 1, parallelism: parallelism(16) },
      decode: { pool: 'train910', replicas: 1, parallelism: parallelism(32) },
    });
    const finding = findingOf(check(inventory({ nodes: atlas800Nodes(4), workloads: [service] })), 'FAB-001');
    expect(finding.message).toBe(
      'prefill pool train910: a TP group of 16 does not fit one atlas-800t-a2 node (8 accelerators over hccs; no UnifiedBus between nodes); decode pool train910: a TP group of 32 does not fit one atlas-800t-a2 node (8 accelerators over hccs; no UnifiedBus between nodes)',
    );
    expect(finding.data).toEqual({ maxTpLevel: 'Y', largestTp: 8 });
  });

  it("holds a TP group to the pool's smallest node when nodes without UnifiedBus differ", () => {
    const nodes = atlas800Nodes(2).map((n, i) => (i === 1 ? { ...n, acceleratorCount: 4 } : n));
    const service = inferenceService({ decode: { pool: 'train910', replicas: 1, parallelism: parallelism(8) } });
    expect(findingOf(check(inventory({ nodes, workloads: [service] })), 'FAB-001').message).toBe(
      'serving pool train910: a TP group of 8 does not fit one atlas-800t-a2 node (4 accelerators over hccs; no UnifiedBus between nodes)',
    );
  });

  it('passes TP 128 once parameters allow level Z', () => {
    const service = inferenceService({
      modelId: 'deepseek-v3',
      decode: { pool: 'decode', replicas: 1, parallelism: parallelism(128) },
    });
    const report = check(twoDecodeRacks({ workloads: [service] }), { parameters: { 'fabric.maxTpLevel': 'Z' } });
    expect(openRuleIds(report)).toEqual([]);
  });
});

describe('FAB-002 expert-parallel groups inside one UB domain of the allowed level', () => {
  const moe = inferenceService({
    modelId: 'deepseek-v3',
    decode: { pool: 'decode', replicas: 1, parallelism: parallelism(8, 1, 16, 128) },
  });

  it('passes an EP group of 128 NPUs within the SuperPoD (level Z, the default)', () => {
    const report = check(twoDecodeRacks({ workloads: [moe] }));
    expect(report.evaluations.find((e) => e.ruleId === 'FAB-002')?.status).toBe('pass');
    expect(openRuleIds(report)).toEqual([]);
  });

  it('fails when the EP group of 128 NPUs must stay within a 64-NPU rack (level Y)', () => {
    const report = check(twoDecodeRacks({ workloads: [moe] }), { parameters: { 'fabric.maxEpLevel': 'Y' } });
    expect(openRuleIds(report)).toEqual(['FAB-002']);
    expect(findingOf(report, 'FAB-002').message).toBe(
      'serving pool decode: the expert-parallel group of 128 NPUs (EP 128) does not fit one level-Y UB domain (64 NPUs, the rack)',
    );
    expect(findingOf(report, 'FAB-002').fix).toBe(
      'shrink the expert-parallel group or allow a wider level with parameters fabric.maxEpLevel (now Y)',
    );
    expect(findingOf(report, 'FAB-002').data).toEqual({ maxEpLevel: 'Y' });
  });

  it("counts a training job's group as TP x EP: 8 x 16 = 128 NPUs do not fit a rack, 8 x 8 = 64 do", () => {
    const job = (ep: number) =>
      trainingJob({ modelId: 'deepseek-v3', replicas: 16, parallelism: { tp: 8, pp: 1, ep, dp: 16 } });
    const wide = check(twoDecodeRacks({ workloads: [job(16)] }), { parameters: { 'fabric.maxEpLevel': 'Y' } });
    expect(findingOf(wide, 'FAB-002').message).toBe(
      'pool decode: the expert-parallel group of 128 NPUs (EP 16) does not fit one level-Y UB domain (64 NPUs, the rack)',
    );
    const fits = check(twoDecodeRacks({ workloads: [job(8)] }), { parameters: { 'fabric.maxEpLevel': 'Y' } });
    expect(fits.evaluations.find((e) => e.ruleId === 'FAB-002')?.status).toBe('pass');
  });
});

describe('FAB-003 NPU requests valid for the Ascend topology', () => {
  it('passes a distributed job of 4 pods x 8 NPUs on 950DT nodes', () => {
    const report = check(cleanInventory({ workloads: [trainingJob()] }));
    expect(report.evaluations.find((e) => e.ruleId === 'FAB-003')?.status).toBe('pass');
    expect(openRuleIds(report)).toEqual([]);
  });

  it('fails when each pod of a distributed job requests 4 NPUs on Atlas 950 nodes', () => {
    const report = check(cleanInventory({ workloads: [trainingJob({ npusPerPod: 4 })] }));
    expect(openRuleIds(report)).toEqual(['FAB-003']);
    expect(findingLine(findingOf(report, 'FAB-003'))).toBe(
      'FAB-003 job jobs/pretrain: pool decode: each of 4 pods requests 4 NPUs, but chip8-node8-ra64-sp distributed jobs may request 8 — change the parallelism or NPUs per pod to a size the Ascend scheduler accepts',
    );
  });

  it('fails when a serving instance of 12 NPUs spans nodes without taking whole nodes', () => {
    const service = inferenceService({ decode: { pool: 'decode', replicas: 1, parallelism: parallelism(4, 3) } });
    const report = check(cleanInventory({ workloads: [service] }));
    expect(openRuleIds(report)).toEqual(['FAB-003']);
    expect(findingOf(report, 'FAB-003').message).toBe(
      'serving pool decode: an instance of 12 NPUs (TP 4 x PP 3 x DP 1) spans nodes, so it must take whole 8-NPU nodes (chip8-node8-ra64-sp distributed pods request 8)',
    );
  });

  it('fails when ra-block is not whole nodes and sp-block does not divide the job', () => {
    const report = check(cleanInventory({ workloads: [trainingJob({ raBlock: 12, spBlock: 24 })] }));
    expect(openRuleIds(report)).toEqual(['FAB-003']);
    expect(findingOf(report, 'FAB-003').message).toBe(
      "ra-block 12 must be a multiple of 8 NPUs (whole nodes) and at most 64 (one rack); sp-block 24 must be a multiple of 8 NPUs, divide the job's 32 NPUs and be at most 8192 (one SuperPoD)",
    );
  });

  it('is not applicable on node types without an Ascend schedule policy', () => {
    const nodes = [atlas350Node('pod-a/rack-01', 0, { nodeTypeId: 'dgx-h100', acceleratorId: 'h100-sxm' })];
    const report = check(
      inventory({ nodes, workloads: [trainingJob({ pool: 'prefill', replicas: 1, npusPerPod: 3 })] }),
    );
    expect(report.evaluations.some((e) => e.ruleId === 'FAB-003')).toBe(false);
  });
});

describe('FAB-004 SuperPoD within its fabric size', () => {
  function podOfRacks(rackCount: number) {
    const racks: RackInfo[] = [];
    const nodes: NodeInfo[] = [];
    for (let r = 0; r < rackCount; r++) {
      const id = `rack-${String(r).padStart(3, '0')}`;
      racks.push(rack(id, { index: r, cooling: { ...rack().cooling, cduId: undefined } }));
      nodes.push(...dtNodes(`pod-a/${id}`, 8, (n) => ({ serverIndex: r * 8 + n })));
    }
    return inventory({ superPods: [superPod({ facilityPowerBudgetW: undefined })], racks, nodes });
  }

  it('passes a full Atlas 950 SuperPoD of 8,192 NPUs', () => {
    const report = check(podOfRacks(128));
    expect(report.evaluations.find((e) => e.ruleId === 'FAB-004')?.status).toBe('pass');
    expect(openRuleIds(report)).toEqual([]);
  });

  it('fails when 129 racks hold 8,256 NPUs', () => {
    const report = check(podOfRacks(129));
    expect(openRuleIds(report)).toEqual(['FAB-004']);
    expect(findingLine(findingOf(report, 'FAB-004'))).toBe(
      "FAB-004 superpod pod-a: 8,256 NPUs exceed the atlas-950-ub fabric's level-Z limit of 8,192 — split into SuperPoDs of at most 8,192 NPUs joined by UBoE in a SuperCluster",
    );
  });
});

describe('FAB-005 rack within one level-Y UB domain', () => {
  it('passes 64 NPUs in a rack', () => {
    expect(check(cleanInventory()).evaluations.find((e) => e.ruleId === 'FAB-005')?.status).toBe('pass');
  });

  it('fails when 9 nodes put 72 NPUs in a rack', () => {
    const report = check(inventory({ nodes: dtNodes('pod-a/rack-01', 9) }));
    expect(openRuleIds(report)).toEqual(['FAB-005']);
    expect(findingOf(report, 'FAB-005').message).toBe('72 UB NPUs exceed one level-Y domain of 64 NPUs');
    expect(findingOf(report, 'FAB-005').fix).toBe('keep at most 64 NPUs (8 nodes of 8) in a rack and move the rest');
    expect(findingOf(report, 'FAB-005').data).toEqual({ npus: 72, maxNpus: 64 });
  });

  it('counts only UnifiedBus NPUs: two Atlas 800T A2 (HCCS) nodes beside 64 UB NPUs pass, alone they are not checked', () => {
    const a2 = atlas800Nodes(10).slice(8);
    const mixed = check(inventory({ nodes: [...dtNodes('pod-a/rack-01', 8), ...a2] }));
    expect(mixed.evaluations.find((e) => e.ruleId === 'FAB-005')?.status).toBe('pass');
    const alone = check(inventory({ nodes: a2 }));
    expect(alone.evaluations.some((e) => e.ruleId === 'FAB-005')).toBe(false);
  });
});

describe('FAB-006 KV transfer bandwidth between prefill and decode pools', () => {
  /**
   * Llama 3.1 8B, prefill on 16 Atlas 350 cards in pod-b (16 instances of TP 1), decode on 8 950DT NPUs in pod-a (8
   * instances). The pods meet over pod-b's uplink, here a slow 8 Gb/s (1 GB/s) per NPU: 8 NPUs on the smaller side
   * give 8 GB/s, 5.6 GB/s usable at 70%. KV per token: 32 layers x 8 heads x 128 x 2 (K, V) x 2 bytes = 131,072 B.
   */
  function disaggregated(requestsPerSecond: number) {
    const slowUplink = { ...ATLAS_950_FABRIC, uplink: { ...ATLAS_950_FABRIC.uplink!, bandwidthPerNpuBps: 1e9 } };
    const podB = superPod({ id: 'pod-b', path: 'fixture/pod-b', name: 'pod-b', index: 1, fabric: slowUplink });
    const rackB = rack('rack-01', { id: 'pod-b/rack-01', path: 'fixture/pod-b/rack-01', superPodId: 'pod-b' });
    const prefill = [0, 1].map((n) =>
      atlas350Node('pod-b/rack-01', n, { superPodId: 'pod-b', name: `pod-b-rack-01-pr-${n}` }),
    );
    const service = inferenceService({
      prefill: { pool: 'prefill', replicas: 16, parallelism: parallelism(1) },
      decode: { pool: 'decode', replicas: 8, parallelism: parallelism(1) },
      traffic: { requestsPerSecond, inputTokens: 1024, outputTokens: 256 },
    });
    return inventory({
      superPods: [superPod(), podB],
      racks: [rack(), rackB],
      nodes: [...dtNodes('pod-a/rack-01', 8), ...prefill],
      workloads: [service],
    });
  }

  it('passes at 20 req/s: 2.7 GB/s within 70% of 8 GB/s', () => {
    const report = check(disaggregated(20));
    expect(report.evaluations.find((e) => e.ruleId === 'FAB-006')?.status).toBe('pass');
    expect(openRuleIds(report)).toEqual([]);
  });

  it('fails when 50 req/s of 1,024-token prompts need 6.7 GB/s over the slow uplink', () => {
    const report = check(disaggregated(50));
    expect(openRuleIds(report)).toEqual(['FAB-006']);
    expect(findingLine(findingOf(report, 'FAB-006'))).toBe(
      'FAB-006 service services/chat: KV transfer needs 6.7 GB/s (50 req/s x 1,024 prompt tokens x 0.131 MB per token in bf16), above 70% of 8.0 GB/s (8 NPUs x 1.0 GB/s over uboe uplink) — place the prefill and decode pools in one SuperPoD, add NPUs on the narrower side, or store the KV cache in a narrower precision',
    );
  });

  it('does not apply when a pool has no nodes (K8S-005 reports it)', () => {
    for (const [prefillPool, decodePool] of [
      ['nowhere', 'decode'],
      ['decode', 'nowhere'],
    ]) {
      const service = inferenceService({
        prefill: { pool: prefillPool!, replicas: 1, parallelism: parallelism(8) },
        decode: { pool: decodePool!, replicas: 1, parallelism: parallelism(8) },
      });
      const report = check(cleanInventory({ workloads: [service] }));
      expect(report.evaluations.some((e) => e.ruleId === 'FAB-006')).toBe(false);
    }
  });

  it('uses the UB level when both pools are SuperPoD nodes of one SuperPoD', () => {
    const service = inferenceService({
      prefill: { pool: 'prefill', replicas: 1, parallelism: parallelism(8) },
      decode: { pool: 'decode', replicas: 1, parallelism: parallelism(8) },
    });
    const prefill = dtNodes('pod-a/rack-02', 1, (n) => ({
      id: `pod-a/rack-02/pdt-${n}`,
      name: `pod-a-rack-02-pdt-${n}`,
      rackId: 'pod-a/rack-02',
      pool: 'prefill',
      role: 'prefill',
    }));
    const inv = inventory({
      racks: [rack(), rack('rack-02', { index: 1 })],
      nodes: [...dtNodes('pod-a/rack-01', 1), ...prefill],
      workloads: [service],
    });
    const evaluation = check(inv).evaluations.find((e) => e.ruleId === 'FAB-006');
    expect(evaluation?.status).toBe('pass');
  });

  it('fails when Atlas 350 servers count as on the SuperPoD UB fabric because a SuperPod construct holds them', () => {
    const service = inferenceService({
      prefill: { pool: 'prefill', replicas: 1, parallelism: parallelism(8) },
      decode: { pool: 'decode', replicas: 1, parallelism: parallelism(8) },
    });
    const noUplink = { ...ATLAS_950_FABRIC, uplink: undefined };
    const inv = inventory({
      superPods: [superPod({ fabric: noUplink })],
      racks: [rack(), rack('rack-02', { index: 1 })],
      nodes: [...dtNodes('pod-a/rack-01', 1), atlas350Node('pod-a/rack-02', 0)],
      workloads: [service],
    });
    const evaluation = check(inv).evaluations.find((e) => e.ruleId === 'FAB-006');
    // No UB level joins a card server to the SuperPoD, and this pod has no uplink or SuperCluster link.
    expect(evaluation?.status).toBe('not-evaluated');
  });

  it('is not applicable to an aggregated service', () => {
    const report = check(cleanInventory({ workloads: [inferenceService()] }));
    expect(report.evaluations.some((e) => e.ruleId === 'FAB-006')).toBe(false);
  });
});
