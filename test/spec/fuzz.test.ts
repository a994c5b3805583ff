import { describe, expect, it } from 'vitest';
import { runSpecFuzz } from './spec-fuzz.ts';

describe('spec fuzzing', () => {
  it('turns random and mutated specs into output or one-line input errors, never a crash or partial output', () => {
    const counts = runSpecFuzz({ runs: 150, seed: 20261128 });
    expect(counts.ok + counts.findings + counts.rejected).toBe(150);
    expect(counts.rejected).toBeGreaterThan(0);
  }, 120_000);
});
