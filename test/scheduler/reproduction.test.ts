import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ExperimentResult, runFgdExperiment } from '../../src/scheduler/experiment.ts';
import { typicalPods } from '../../src/scheduler/frag.ts';
import { loadOpenbNodes, loadOpenbPods } from '../../src/scheduler/openb.ts';
import type { PlacementPolicyName } from '../../src/scheduler/placement/index.ts';
import { FGD_REFERENCE, OPENB_DIR, PAPER_SEEDS } from './fgd-reference.ts';

/**
 * Acceptance of issue 5: the FGD paper's allocation at 130 % arrived demand, mean of 10 seeds, reproduced
 * within 1.0 percentage point on the real openb trace; the held-out traces checked the same way; our policy
 * at least as good as FGD. Reads the vendored trace (test/vendor/openb); about 20 s.
 */
const TOLERANCE_PP = 1.0;

const cache = new Map<string, ExperimentResult[]>();

function meanAt(trace: string, policy: PlacementPolicyName, key: string): { mean: number; runs: ExperimentResult[] } {
  const runs = cache.get(`${trace}/${policy}`) ?? runSeeds(trace, policy);
  cache.set(`${trace}/${policy}`, runs);
  return { mean: (100 * runs.reduce((s, r) => s + r.allocationRatio[key]!, 0)) / runs.length, runs };
}

function runSeeds(trace: string, policy: PlacementPolicyName): ExperimentResult[] {
  const cluster = loadOpenbNodes(path.join(OPENB_DIR, 'openb_node_list_gpu_node.csv'));
  const workload = loadOpenbPods(path.join(OPENB_DIR, `openb_pod_list_${trace}.csv`));
  const typical = typicalPods(workload.pods);
  return PAPER_SEEDS.map((seed) => runFgdExperiment(cluster, workload, { policy, seed, typical }));
}

describe('FGD paper reproduction on the openb trace (10 seeds)', () => {
  const defaults = Object.entries(FGD_REFERENCE.default) as [PlacementPolicyName, { at100: number; at130: number }][];

  it.each(defaults)('default trace, %s: allocation at 130 % within 1.0 pp of the paper', (policy, reference) => {
    const { mean } = meanAt('default', policy, '130');
    expect(Math.abs(mean - reference.at130), `${policy}: ${mean.toFixed(2)} vs ${reference.at130}`).toBeLessThanOrEqual(
      TOLERANCE_PP,
    );
  });

  it.each([
    ['gpushare40', 'best-fit'],
    ['gpushare40', 'fgd'],
    ['multigpu30', 'best-fit'],
    ['multigpu30', 'fgd'],
  ] as const)('held-out %s trace, %s: allocation at 130 % within 1.0 pp', (trace, policy) => {
    const reference = FGD_REFERENCE[trace][policy].at130;
    const { mean } = meanAt(trace, policy, '130');
    expect(Math.abs(mean - reference), `${trace} ${policy}: ${mean.toFixed(2)} vs ${reference}`).toBeLessThanOrEqual(
      TOLERANCE_PP,
    );
  });

  it('superpod allocates at least as much as FGD on the default trace, with the same topology quality', () => {
    const ours = meanAt('default', 'superpod', '130');
    const fgd = meanAt('default', 'fgd', '130');
    expect(ours.mean).toBeGreaterThanOrEqual(fgd.mean);
    expect(ours.mean).toBeGreaterThan(95.5);
    for (const run of [...ours.runs, ...fgd.runs]) expect(run.topology.podsInOneX).toBe(1);
    const eightGpuFailures = (runs: ExperimentResult[]) =>
      runs.reduce((s, r) => s + (r.failedByKind['8-device'] ?? 0), 0);
    // Big pods still find whole nodes: no more 8-GPU failures than under FGD (5 % slack for float ties).
    expect(eightGpuFailures(ours.runs)).toBeLessThanOrEqual(1.05 * eightGpuFailures(fgd.runs));
  });
}, 300_000);
