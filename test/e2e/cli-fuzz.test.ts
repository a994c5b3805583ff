import { describe, expect, it } from 'vitest';
import { runCliFuzz, runStackFuzz } from './cli-fuzz.ts';

describe('command-line and TypeScript stack fuzzing', () => {
  it('ends random flags and values with exit 0, 1 or one error line (exit 2), never a crash', async () => {
    const counts = await runCliFuzz({ runs: 40, seed: 20261205 });
    expect(counts.ok + counts.findings + counts.rejected).toBe(40);
    // Both paths are exercised: a run that rejects everything proves nothing about the commands themselves.
    expect(counts.rejected).toBeGreaterThan(0);
    expect(counts.ok + counts.findings).toBeGreaterThanOrEqual(4);
  }, 300_000);

  it('turns random TypeScript stacks into an output or one error line at their file:line, never a crash', async () => {
    const counts = await runStackFuzz({ runs: 12, seed: 20261205 });
    expect(counts.ok + counts.findings + counts.rejected).toBe(12);
    expect(counts.rejected).toBeGreaterThan(0);
    // A good share synthesises, its output complete (checked per case by runStackFuzz).
    expect(counts.ok + counts.findings).toBeGreaterThanOrEqual(3);
  }, 300_000);
});
