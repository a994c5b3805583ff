import { describe, expect, it } from 'vitest';
import { resolveDeployment, servingState, type Traffic } from '../../src/perf/index.ts';
import { simulateServing } from './serving-sim.ts';
import { CASES } from './validation-cases.ts';

/**
 * The closed-form serving model (src/perf/serving.ts) against a step-level simulation of the same engine and step
 * costs under Poisson arrivals (serving-sim.ts), on the deployments of the MLPerf Server records: where the closed
 * form's queueing approximations hold and how far. `npm run bench:perf` prints the same comparison at the measured
 * loads, where the simulation also shows the run-to-run spread.
 */
const SERVER = CASES.filter((c) => c.scenario.kind === 'server').map((c) => {
  if (c.scenario.kind !== 'server') throw new Error('unreachable');
  const s = c.scenario;
  return {
    id: c.id,
    d: resolveDeployment(c.deployment()),
    at: (share: number): Traffic => ({
      requestsPerSecond: (share * s.requestsPerSecond) / s.instances,
      inputTokens: s.inputTokens,
      outputTokens: s.outputTokens,
    }),
  };
});

describe('Poisson serving: closed form against a step-level simulation', () => {
  it('covers the three MLPerf Server deployments', () => {
    expect(SERVER.map((s) => s.id)).toHaveLength(3);
  });

  it.each(SERVER.flatMap((s) => [0.3, 0.6].map((share) => ({ ...s, share }))))(
    'matches the simulated TPOT within 2.5% at $share of the $id load',
    ({ d, at, share }) => {
      const closed = servingState(d, at(share));
      const sim = simulateServing(d, at(share), { expectedBatch: closed.decodeBatch, measuredRequests: 4000 });
      expect(sim.saturated).toBe(false);
      expect(Math.abs(closed.tpotS / sim.tpotS - 1)).toBeLessThanOrEqual(0.025);
    },
  );

  it.each(SERVER.flatMap((s) => [0.3, 0.6, 0.9].map((share) => ({ ...s, share }))))(
    'keeps the TTFT within 30% of the simulation at $share of the $id load',
    ({ d, at, share }) => {
      const closed = servingState(d, at(share));
      const sim = simulateServing(d, at(share), { expectedBatch: closed.decodeBatch, measuredRequests: 4000 });
      expect(Math.abs(closed.ttftS / sim.ttftS - 1)).toBeLessThanOrEqual(0.3);
    },
  );

  it("holds Little's law inside the simulation: decoding sequences = rate x decode time", () => {
    const { d, at } = SERVER[1]!;
    const traffic = at(0.6);
    const sim = simulateServing(d, traffic, { measuredRequests: 8000 });
    const expected = traffic.requestsPerSecond * (traffic.outputTokens - 1) * sim.tpotS;
    expect(Math.abs(sim.meanDecoding / expected - 1)).toBeLessThanOrEqual(0.03);
  });

  it('is deterministic: the same seed gives the same figures, another seed other ones', () => {
    const { d, at } = SERVER[2]!;
    const a = simulateServing(d, at(0.6), { measuredRequests: 1000, seed: 7 });
    const b = simulateServing(d, at(0.6), { measuredRequests: 1000, seed: 7 });
    const c = simulateServing(d, at(0.6), { measuredRequests: 1000, seed: 8 });
    expect(b).toEqual(a);
    expect(c.ttftS).not.toBe(a.ttftS);
  });

  it('fails when the offered load exceeds what the engine serves: the queue grows and the closed form refuses', () => {
    const { d, at } = SERVER[1]!;
    const closed = servingState(d, at(1.3));
    expect(closed.feasible).toBe(false);
    const sim = simulateServing(d, at(1.3), { measuredRequests: 2000 });
    expect(sim.saturated).toBe(true);
    expect(sim.ttftS).toBeGreaterThan(10 * servingState(d, at(1)).ttftS);
  });
});
