import { describe, expect, it } from 'vitest';
import type { InferenceServiceInfo } from '../../src/inventory/types.ts';
import { predictService } from '../../src/perf/index.ts';
import { findingLine } from '../../src/policy/index.ts';
import { check, cleanInventory, findingOf, inferenceService, openRuleIds } from './fixtures/inventory.ts';

/** The clean base (8 Ascend 950DT nodes, 144 GiB = 154.6 GB each) serving one aggregated service. */
function serving(overrides: Partial<InferenceServiceInfo>) {
  const service = inferenceService(overrides);
  const inv = cleanInventory({ workloads: [service] });
  return { service, inv, report: check(inv), prediction: predictService(inv, service, { allowUnknownPower: true }) };
}

const llama70b = (tp: number, maxBatch?: number): Partial<InferenceServiceInfo> => ({
  modelId: 'llama-3.1-70b',
  decode: { pool: 'decode', replicas: 1, parallelism: { tp, pp: 1, ep: 1, dp: 1 }, ...(maxBatch ? { maxBatch } : {}) },
});

describe('MEM-001 model fits the HBM of each device', () => {
  it('passes Llama 3.1 8B in BF16 on one 950DT: ~20 GB of 144 GB', () => {
    const { report, prediction } = serving({});
    expect(report.evaluations.find((e) => e.ruleId === 'MEM-001')?.status).toBe('pass');
    expect(prediction.pools[0]!.memory.totalGB).toBeGreaterThan(16);
    expect(prediction.pools[0]!.memory.totalGB).toBeLessThan(25);
    expect(openRuleIds(report)).toEqual([]);
  });

  it('fails when Llama 3.1 70B in BF16 (141 GB of weights) serves 32k-token requests on one 144 GiB device', () => {
    // TP 1, batch 1, 32,512 + 256 = 32,768 tokens of context, bytes:
    //   weights 80 x 855,638,016 x 2 B (layers) + 2 x 128,256 x 8,192 x 2 B (embedding, LM head) = 141,104,775,168 -> 141.1 GB
    //   KV 32,768 x 2 x 80 layers x 8 heads x 128 x 2 B                               =  10,737,418,240 -> 10.7
    //   activations 8,192 (prefill chunk) x 2 B x (4 x 8,192 + 2 x 28,672) + 128,256 x 4 = 1,476,908,032 -> 1.5
    //   reserve 3,500,000,000 -> 3.5; total 156,819,101,440 -> 156.8 GB
    // against 144 x 2^30 = 154,618,822,656 B = 154.6 GB. (At the fixture's 1,280 tokens it is ~145.2 GB and fits.)
    const { report } = serving({
      ...llama70b(1),
      traffic: { requestsPerSecond: 1, inputTokens: 32_512, outputTokens: 256 },
    });
    expect(openRuleIds(report)).toEqual(['MEM-001']);
    const finding = findingOf(report, 'MEM-001');
    expect(finding.message).toBe(
      'aggregated pool decode: 156.8 GB per device (weights 141.1 + KV 10.7 + activations 1.5 + reserve 3.5) exceeds the 154.6 GB (144 GiB) of ascend-950dt at a batch of 1 and 32768 tokens of context',
    );
    expect(finding.fix).toMatch(/not even one sequence fits/);
    // The SLO rules do not pile on: the service cannot run, and MEM-001 says why.
    expect(report.evaluations.filter((e) => e.ruleId.startsWith('SLO-')).map((e) => e.status)).toEqual([
      'not-evaluated',
      'not-evaluated',
    ]);
  });

  it('asks to cap maxBatch at the largest batch that fits when the weights fit and the batch does not', () => {
    // Llama 3.1 70B at TP 2 (figures under MEM-002 below): 75,459,020,544 + 400 x 209,971,712 = 159,447,705,344 B
    // = 159.4 GB per device at maxBatch 400; the largest batch that fits 154.6 GB is 377.
    const { report } = serving(llama70b(2, 400));
    expect(openRuleIds(report)).toEqual(['MEM-001']);
    const finding = findingOf(report, 'MEM-001');
    // KV 400 x 209,715,200 = 83.9 GB; activations 1,006,632,960 + 400 x 256,512 = 1.1 GB. The weights' 70.552 GB
    // print as 70.5: the report keeps four significant digits, 70.55, stored as 70.5499..., and one decimal of that is 70.5
    expect(finding.message).toBe(
      'aggregated pool decode: 159.4 GB per device (weights 70.5 + KV 83.9 + activations 1.1 + reserve 3.9) exceeds the 154.6 GB (144 GiB) of ascend-950dt at a batch of 400 and 1280 tokens of context',
    );
    expect(finding.fix).toBe(
      'cap maxBatch at 377, shard wider (TP, PP or EP), or store weights or KV cache in a narrower precision',
    );
    expect(finding.data).toEqual({ maxBatchThatFits: 377 });
  });

  it('fails when the perf model cannot deploy the service (a precision the 950DT does not run)', () => {
    const { report } = {
      report: check(
        cleanInventory({
          workloads: [inferenceService({ precision: { weights: 'nvfp4', activations: 'bf16', kvCache: 'bf16' } })],
        }),
      ),
    };
    expect(openRuleIds(report)).toEqual(['MEM-001']);
    expect(findingLine(findingOf(report, 'MEM-001'))).toBe(
      'MEM-001 service services/chat: the perf model cannot deploy the service as configured: cannot run nvfp4 (weights) — choose one of the formats it executes: bf16, fp16, fp8, mxfp8, mxfp4',
    );
  });
});

describe('MEM-002 memory leaves headroom', () => {
  // Llama 3.1 70B at TP 2, 1,024 + 256 = 1,280 tokens, batch b, bytes per device:
  //   weights 141,104,775,168 / 2 = 70,552,387,584; reserve 3,500,000,000 + 400,000,000 (TP > 1) = 3,900,000,000
  //   activations 8,192 x 2 B x (4 x 8,192 + 28,672) = 1,006,632,960, plus logits b x 64,128 x 4 = b x 256,512
  //   KV b x 1,280 x 2 x 80 x 4 heads x 128 x 2 B = b x 209,715,200
  //   total = 75,459,020,544 + b x 209,971,712, against 144 GiB = 154,618,822,656 (90% = 139,156,940,390)
  it('passes Llama 3.1 70B at TP 2 with maxBatch 200 (~117.5 GB of 154.6)', () => {
    // 75,459,020,544 + 200 x 209,971,712 = 117,453,362,944 B: 76% of 144 GiB.
    const { report, prediction } = serving(llama70b(2, 200));
    expect(prediction.pools[0]!.memory.totalGB).toBe(117.5);
    expect(report.evaluations.find((e) => e.ruleId === 'MEM-002')?.status).toBe('pass');
  });

  it('fails (warning) when maxBatch 340 fills ~95% of the HBM', () => {
    // 75,459,020,544 + 340 x 209,971,712 = 146,849,402,624 B = 146.8 GB; 146.8 / 154.6 = 95%. It still fits:
    // the largest batch is floor(79,159,802,112 / 209,971,712) = 377.
    const { report, prediction } = serving(llama70b(2, 340));
    expect(openRuleIds(report)).toEqual(['MEM-002']);
    expect(prediction.pools[0]!.memory).toMatchObject({ totalGB: 146.8, capacityGB: 154.6, maxBatch: 377 });
    expect(findingOf(report, 'MEM-002')).toMatchObject({
      level: 'warning',
      message: 'aggregated pool decode: 146.8 of 154.6 GB (144 GiB) per device (95%) leaves less than 10% free',
    });
  });

  it('passes the same service with a 5% headroom parameter', () => {
    const service = inferenceService(llama70b(2, 340));
    const report = check(cleanInventory({ workloads: [service] }), { parameters: { 'memory.headroomFraction': 0.05 } });
    expect(openRuleIds(report)).toEqual([]);
  });
});

describe('SLO-001 predicted time to first token meets the SLO', () => {
  it('passes Llama 3.1 8B at 1 req/s against a 2 s TTFT SLO', () => {
    const { report, prediction } = serving({});
    expect(prediction.ttftS).toBeGreaterThan(0.01);
    expect(prediction.ttftS).toBeLessThan(0.5);
    expect(report.evaluations.find((e) => e.ruleId === 'SLO-001')?.status).toBe('pass');
  });

  it('fails when the TTFT SLO is 50 ms and the 1,024-token prefill alone takes longer', () => {
    const { report, prediction } = serving({ slo: { ttftS: 0.05, tpotS: 0.1 } });
    expect(prediction.ttftS).toBeGreaterThan(0.05);
    expect(openRuleIds(report)).toEqual(['SLO-001']);
    const finding = findingOf(report, 'SLO-001');
    expect(finding.message).toMatch(
      new RegExp(
        `^predicted TTFT ${(prediction.ttftS * 1000).toFixed(1)} ms at 1 req/s of 1,024 input tokens exceeds the SLO of 50\\.0 ms \\(confidence \\S+, weakest input .+, calibration \\S+\\)$`,
      ),
    );
    expect(finding.fix).toBe(
      'even one request at a time misses the SLO: shard the prefill wider (TP) or use faster accelerators',
    );
    expect(finding.data).toMatchObject({ ttftS: prediction.ttftS, sloTtftS: 0.05 });
  });

  it('fails (with SLO-002) when 500 req/s overload the replicas, naming the load that fits', () => {
    const { report, prediction } = serving({
      traffic: { requestsPerSecond: 500, inputTokens: 1024, outputTokens: 256 },
    });
    expect(prediction.feasible).toBe(false);
    expect(openRuleIds(report)).toEqual(['SLO-001', 'SLO-002']);
    expect(findingOf(report, 'SLO-001').message).toMatch(/^the pools cannot serve 500 req\/s of 1,024 input tokens: /);
    expect(findingOf(report, 'SLO-001').fix).toBe(
      `add replicas (${prediction.goodput.requestsPerSecond.toFixed(1)} req/s meet both SLOs with these replicas)`,
    );
  });
});

describe('SLO-002 predicted time per output token meets the SLO', () => {
  it('passes Llama 3.1 8B against a 100 ms TPOT SLO', () => {
    const { report, prediction } = serving({});
    expect(prediction.tpotS).toBeLessThan(0.1);
    expect(report.evaluations.find((e) => e.ruleId === 'SLO-002')?.status).toBe('pass');
  });

  it('fails when Llama 3.1 70B at TP 2 must decode in 20 ms', () => {
    const { report, prediction } = serving({ ...llama70b(2), slo: { ttftS: 2, tpotS: 0.02 } });
    expect(prediction.tpotS).toBeGreaterThan(0.02);
    expect(openRuleIds(report)).toEqual(['SLO-002']);
    expect(findingOf(report, 'SLO-002').message).toMatch(
      new RegExp(
        `^predicted TPOT ${(prediction.tpotS * 1000).toFixed(1)} ms at 1 req/s \\(decode batch \\d+ per instance\\) exceeds the SLO of 20\\.0 ms`,
      ),
    );
  });
});
