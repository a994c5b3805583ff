import { describe, expect, it } from 'vitest';
import { runSoundSpecFuzz, runSpecFuzz } from './spec-fuzz.ts';

describe('spec fuzzing', () => {
  it('turns random and mutated specs into output or one-line input errors, never a crash or partial output', () => {
    const counts = runSpecFuzz({ runs: 150, seed: 20261128 });
    expect(counts.ok + counts.findings + counts.rejected).toBe(150);
    expect(counts.rejected).toBeGreaterThan(0);
  }, 120_000);

  it('synthesises every valid spec it draws, with exactly the nodes the spec describes in the output', () => {
    // Every drawn spec must synthesise (runSoundSpecFuzz throws on a rejected one); the count proves the success
    // path ran, so a synth that rejected everything, or a generator that drew nothing, cannot pass.
    expect(runSoundSpecFuzz({ runs: 25, seed: 20261205 })).toEqual({ sound: 25 });
  }, 120_000);
});
