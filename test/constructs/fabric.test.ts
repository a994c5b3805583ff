import { describe, expect, it } from 'vitest';
import { Bandwidth, Duration, UnifiedBusFabric } from '../../constructs/index.ts';

describe('UnifiedBusFabric', () => {
  it('fails when a fabric level does not nest in the next', () => {
    expect(() =>
      UnifiedBusFabric.custom({
        name: 'odd',
        x: { maxNpus: 8, bandwidthPerNpu: Bandwidth.gigabytesPerSecond(1), latency: Duration.microseconds(1) },
        y: { maxNpus: 60, bandwidthPerNpu: Bandwidth.gigabytesPerSecond(1), latency: Duration.microseconds(1) },
        z: { maxNpus: 600, bandwidthPerNpu: Bandwidth.gigabytesPerSecond(1), latency: Duration.microseconds(1) },
      }),
    ).toThrow(/whole number of X domains/);
  });
});
