import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { CliIO } from '../../src/cli/io.ts';
import { main } from '../../src/cli/main.ts';
import { inferenceService, testInventory, trainingJob } from '../scheduler/fixtures/inventory.ts';

vi.mock('../../src/app/default-inventory.ts', () => ({
  loadDefaultInventory: async () =>
    testInventory({
      racksPerPod: 4,
      prefillRacks: 1,
      workloads: [
        trainingJob('pretrain', 8, { raBlock: 64 }),
        inferenceService('chat', { replicas: 4, tp: 8 }, { replicas: 4, tp: 4 }),
      ],
    }),
}));

const fixtures = path.join(import.meta.dirname, '../scheduler/fixtures');
const nodes = path.join(fixtures, 'nodes.csv');
const pods = path.join(fixtures, 'pods.csv');

async function run(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), interactive: false };
  const code = await main(['simulate', ...args], io);
  return { code, stdout, stderr };
}

describe('superpod simulate', () => {
  it('prints one JSON object with the contract fields for an openb trace', async () => {
    const { code, stdout, stderr } = await run(
      '--nodes',
      nodes,
      '--pods',
      pods,
      '--policy',
      'best-fit',
      '--seed',
      '7',
      '--json',
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({ policy: 'best-fit', seed: 7, totalDevices: 60 });
    expect(Object.keys(result.allocationRatio)).toContain('130');
    for (const [key, value] of Object.entries(result.allocationRatio as Record<string, number>)) {
      expect(key).toMatch(/^\d+$/);
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(1);
    }
    expect(typeof result.fragmentationRatio['130']).toBe('number');
    expect(Number.isInteger(result.failedPods)).toBe(true);
  });

  it('stops at --until-demand and prints a readable table without --json', async () => {
    const { code, stdout } = await run('--nodes', nodes, '--pods', pods, '--until-demand', '80', '--policy', 'fgd');
    expect(code).toBe(0);
    expect(stdout).toContain('policy fgd, seed 42');
    expect(stdout).toMatch(/80 %\s+\d+\.\d %/);
    expect(stdout).not.toContain('130 %');
  });

  it('compares every policy over several seeds', async () => {
    const { code, stdout } = await run('--nodes', nodes, '--pods', pods, '--policy', 'all', '--seeds', '2', '--json');
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.summaries.map((s: { policy: string }) => s.policy)).toEqual([
      'random',
      'first-fit',
      'best-fit',
      'dot-product',
      'packing',
      'clustering',
      'fgd',
      'superpod',
    ]);
    expect(result.runs).toHaveLength(16);
  });

  it('runs the event loop on the trace times', async () => {
    const { code, stdout } = await run('--nodes', nodes, '--pods', pods, '--mode', 'events', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ mode: 'event-loop', policy: 'superpod', pods: 80 });
  });

  it('simulates the synthesised cluster and its workloads when no files are given', async () => {
    const { code, stdout } = await run('--json');
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({ stack: 'test-stack', policy: 'superpod', totalDevices: 4 * 64 + 32 });
    expect(result.topology.gangsInOneRack).toBe(1);
    expect(result.rackUse).toHaveLength(5);
    const text = await run('--policy', 'fgd');
    expect(text.stdout).toContain('stack test-stack');
  });

  it('fails when the policy is unknown, listing the valid ones', async () => {
    const { code, stderr } = await run('--nodes', nodes, '--pods', pods, '--policy', 'tetris');
    expect(code).toBe(2);
    expect(stderr).toContain('unknown placement policy');
    expect(stderr).toContain('random, first-fit, best-fit, dot-product, packing, clustering, fgd, superpod');
  });

  it('fails when a CSV row is malformed, naming file, line and column', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'superpod-sim-'));
    const bad = path.join(dir, 'pods.csv');
    writeFileSync(bad, 'name,cpu_milli,memory_mib,num_gpu,gpu_milli\np0,1000,1024,1,1000\np1,1000,1024,two,1000\n');
    const { code, stderr } = await run('--nodes', nodes, '--pods', bad);
    expect(code).toBe(2);
    expect(stderr).toContain(`${bad}:3`);
    expect(stderr).toContain('column "num_gpu"');
    expect(stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('fails when a pod list comes without its node list, or a flag is bad', async () => {
    expect((await run('--pods', pods)).code).toBe(2);
    expect((await run('--nodes', nodes, '--pods', pods, '--until-demand', 'lots')).stderr).toContain('--until-demand');
    expect((await run('--nodes', nodes, '--pods', pods, '--mode', 'later')).stderr).toContain('unknown mode');
  });
});
