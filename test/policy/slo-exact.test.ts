/**
 * SLO-002 when the pools can serve the load but too slowly: the finding's figures must agree with each other and
 * with the service (the predicted TPOT above the SLO, the rate that meets it below the target), the fix must fit the
 * case (more replicas, more decode replicas, or nothing but a faster setup), and an SLO equal to the prediction
 * passes.
 */
import { describe, expect, it } from 'vitest';
import { check, cleanInventory, findingOf, inferenceService } from './fixtures/inventory.ts';

function slo002(overrides: Parameters<typeof inferenceService>[0]) {
  const report = check(cleanInventory({ workloads: [inferenceService(overrides)] }));
  return {
    status: report.evaluations.find((e) => e.ruleId === 'SLO-002')!.status,
    finding: () => findingOf(report, 'SLO-002'),
  };
}

const at = (requestsPerSecond: number, tpotS: number) => ({
  slo: { ttftS: 2, tpotS },
  traffic: { requestsPerSecond, inputTokens: 1024, outputTokens: 256 },
});

describe('SLO-002 on pools that serve the load too slowly', () => {
  it('reports the predicted TPOT above the SLO, the decode batch, and a lower rate that meets it', () => {
    const { status, finding } = slo002(at(10, 0.012));
    expect(status).toBe('fail');
    const { message, fix, data } = finding();
    const { tpotS, sloTpotS, goodputRequestsPerSecond } = data as unknown as Record<
      'tpotS' | 'sloTpotS' | 'goodputRequestsPerSecond',
      number
    >;
    expect(sloTpotS).toBe(0.012);
    expect(tpotS).toBeGreaterThan(sloTpotS);
    expect(goodputRequestsPerSecond).toBeGreaterThan(0);
    expect(goodputRequestsPerSecond).toBeLessThan(10);
    expect(message).toMatch(
      new RegExp(
        `^predicted TPOT ${(tpotS * 1e3).toFixed(1)} ms at 10 req/s \\(decode batch [1-9]\\d* per instance\\) exceeds the SLO of 12\\.0 ms \\(confidence \\S+, weakest input .+, calibration .+\\)$`,
      ),
    );
    expect(fix).toBe(
      `add replicas, cap maxBatch, or lower the load (${goodputRequestsPerSecond.toFixed(1)} req/s meet both SLOs with these replicas)`,
    );
  });

  it('passes an SLO equal to the prediction, to the last bit', () => {
    const { tpotS } = slo002(at(10, 0.012)).finding().data as unknown as Record<
      'tpotS' | 'sloTpotS' | 'goodputRequestsPerSecond',
      number
    >;
    expect(slo002(at(10, tpotS)).status).toBe('pass');
    expect(slo002(at(10, tpotS * (1 - 1e-12))).status).toBe('fail');
  });

  it('asks for a faster setup when even one sequence at a time misses the SLO', () => {
    const { finding } = slo002(at(1, 0.001));
    expect(finding().message).toMatch(/^predicted TPOT \S+ ms at 1 req\/s \(decode batch 1 per instance\)/);
    expect(finding().fix).toBe(
      'even one sequence at a time misses the SLO: shard wider (TP) or use accelerators with more memory bandwidth',
    );
    expect(
      (finding().data as unknown as Record<'tpotS' | 'sloTpotS' | 'goodputRequestsPerSecond', number>)
        .goodputRequestsPerSecond,
    ).toBe(0);
  });

  it('asks for decode replicas when prefill and decode are separate pools, and reads the batch of the decode pool', () => {
    const disaggregated = {
      ...at(14, 0.0085),
      prefill: { pool: 'decode', replicas: 1, parallelism: { tp: 1, pp: 1, ep: 1, dp: 1 } },
    };
    const { status, finding } = slo002(disaggregated);
    expect(status).toBe('fail');
    expect(finding().fix).toMatch(/^add decode replicas, cap maxBatch, or lower the load \(\d+\.\d req\/s meet/);
    const batch = Number(/decode batch (\d+) per instance/.exec(finding().message)![1]);
    expect(batch).toBeGreaterThan(1);
  });
});

function slo001(overrides: Parameters<typeof inferenceService>[0]) {
  const report = check(cleanInventory({ workloads: [inferenceService(overrides)] }));
  const evaluation = report.evaluations.find((e) => e.ruleId === 'SLO-001')!;
  const finding = evaluation.finding === undefined ? undefined : report.findings[evaluation.finding];
  return { status: evaluation.status, finding };
}

const ttft = (requestsPerSecond: number, ttftS: number) => ({
  slo: { ttftS, tpotS: 0.1 },
  traffic: { requestsPerSecond, inputTokens: 1024, outputTokens: 256 },
});
const OWN_PREFILL = { prefill: { pool: 'decode', replicas: 1, parallelism: { tp: 1, pp: 1, ep: 1, dp: 1 } } };
type TtftData = Record<'ttftS' | 'sloTtftS' | 'goodputRequestsPerSecond', number>;

describe('SLO-001 on pools that serve the load too slowly', () => {
  it('reports the predicted TTFT above the SLO and a lower rate that meets it', () => {
    const { status, finding } = slo001(ttft(10, 0.1));
    expect(status).toBe('fail');
    const data = finding!.data as unknown as TtftData;
    expect(data.sloTtftS).toBe(0.1);
    expect(data.ttftS).toBeGreaterThan(0.1);
    expect(data.goodputRequestsPerSecond).toBeGreaterThan(0);
    expect(data.goodputRequestsPerSecond).toBeLessThan(10);
    expect(finding!.message).toMatch(
      /^predicted TTFT \d+ ms at 10 req\/s of 1,024 input tokens exceeds the SLO of 100 ms \(confidence \S+, weakest input .+, calibration .+\)$/,
    );
    expect(finding!.fix).toBe(
      `add replicas or lower the load (${data.goodputRequestsPerSecond.toFixed(1)} req/s meet both SLOs with these replicas)`,
    );
  });

  it('asks for prefill replicas when prefill has its own pool, and for a faster setup when one request misses', () => {
    expect(slo001({ ...ttft(10, 0.1), ...OWN_PREFILL }).finding!.fix).toMatch(
      /^add prefill replicas or lower the load \(\d+\.\d req\/s meet both SLOs/,
    );
    const { finding } = slo001(ttft(1, 0.01));
    expect(finding!.fix).toBe(
      'even one request at a time misses the SLO: shard the prefill wider (TP) or use faster accelerators',
    );
    expect((finding!.data as unknown as TtftData).goodputRequestsPerSecond).toBe(0);
  });

  it('passes an SLO equal to the prediction, to the last bit', () => {
    const { ttftS } = slo001(ttft(10, 0.1)).finding!.data as unknown as TtftData;
    expect(slo001(ttft(10, ttftS)).status).toBe('pass');
  });
});
