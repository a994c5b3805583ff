/**
 * The helpers the MEM and SLO rules share: which pool's memory counts as overflowing, and which pool's confidence a
 * finding quotes (the weakest: measured, then vendor-claimed, user-supplied, reported, estimated, unknown).
 */
import { describe, expect, it } from 'vitest';
import { confidenceNote, memoryOverflows } from '../../policies/shared/prediction.ts';
import type { ServicePrediction } from '../../src/perf/index.ts';

type Pool = ServicePrediction['pools'][number];

const pool = (memory: { fits: boolean; shortfallGB: number }) => ({ memory }) as unknown as Pool;

describe('memoryOverflows', () => {
  it('is a positive, finite shortfall of a pool that does not fit', () => {
    expect(memoryOverflows(pool({ fits: false, shortfallGB: 12.5 }))).toBe(true);
    expect(memoryOverflows(pool({ fits: false, shortfallGB: 0.001 }))).toBe(true);
  });

  it('is not an unbounded shortfall (an overloaded pool at an unbounded batch), none, or a pool that fits', () => {
    expect(memoryOverflows(pool({ fits: false, shortfallGB: Number.POSITIVE_INFINITY }))).toBe(false);
    expect(memoryOverflows(pool({ fits: false, shortfallGB: 0 }))).toBe(false);
    expect(memoryOverflows(pool({ fits: true, shortfallGB: 12.5 }))).toBe(false);
  });
});

describe('confidenceNote', () => {
  const prediction = (...levels: string[]) =>
    ({
      pools: levels.map((level, i) => ({
        confidence: { level, weakestInput: `input-${i}`, calibration: `calibration-${i}` },
      })),
    }) as unknown as ServicePrediction;

  it('quotes the one pool of a service', () => {
    expect(confidenceNote(prediction('reported'))).toBe(
      'confidence reported, weakest input input-0, calibration calibration-0',
    );
  });

  // [stronger, weaker], written out by hand from the order above
  it.each([
    ['measured', 'vendor-claimed'],
    ['vendor-claimed', 'user-supplied'],
    ['user-supplied', 'reported'],
    ['reported', 'estimated'],
    ['estimated', 'unknown'],
    ['measured', 'unknown'],
  ])('picks %s < %s, whichever pool comes first', (stronger, weaker) => {
    expect(confidenceNote(prediction(stronger, weaker))).toBe(
      `confidence ${weaker}, weakest input input-1, calibration calibration-1`,
    );
    expect(confidenceNote(prediction(weaker, stronger))).toBe(
      `confidence ${weaker}, weakest input input-0, calibration calibration-0`,
    );
  });

  it('keeps the first of two pools of the same confidence', () => {
    expect(confidenceNote(prediction('estimated', 'estimated'))).toBe(
      'confidence estimated, weakest input input-0, calibration calibration-0',
    );
  });
});
