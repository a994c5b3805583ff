import { describe, expect, it } from 'vitest';
import { Duration, UnifiedBusFabric } from '../../constructs/index.ts';

describe('UnifiedBusFabric', () => {
  it('fails when a fabric level does not nest in the next', () => {
    expect(() =>
      UnifiedBusFabric.custom({
        name: 'odd',
        x: { maxNpus: 8, bandwidthPerNpu: { toBytesPerSecond: () => 1 } as never, latency: Duration.microseconds(1) },
        y: { maxNpus: 60, bandwidthPerNpu: { toBytesPerSecond: () => 1 } as never, latency: Duration.microseconds(1) },
        z: { maxNpus: 600, bandwidthPerNpu: { toBytesPerSecond: () => 1 } as never, latency: Duration.microseconds(1) },
      }),
    ).toThrow(/whole number of X domains/);
  });
});
