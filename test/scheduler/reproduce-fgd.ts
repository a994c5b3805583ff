/**
 * Prints the full FGD-paper comparison table on the openb trace: every policy, mean of the paper's 10 seeds,
 * allocation at 100 % and 130 % arrived demand, fragmentation amount at 130 % and ratio at 90 %, against the
 * published numbers; then the held-out traces.
 *
 *   npx tsx test/scheduler/reproduce-fgd.ts [--dir <openb dir>] [--seeds 10] [--traces default,gpushare40,multigpu30]
 *
 * The trace directory defaults to the vendored test/vendor/openb.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type ExperimentResult, runFgdExperiment } from '../../src/scheduler/experiment.ts';
import { typicalPods } from '../../src/scheduler/frag.ts';
import { loadOpenbNodes, loadOpenbPods } from '../../src/scheduler/openb.ts';
import { PLACEMENT_POLICY_NAMES, type PlacementPolicyName } from '../../src/scheduler/placement/index.ts';
import { FGD_REFERENCE, FGD_REFERENCE_FRAGMENTATION, OPENB_DIR, PAPER_SEEDS } from './fgd-reference.ts';

const { values } = parseArgs({
  options: { dir: { type: 'string' }, seeds: { type: 'string' }, traces: { type: 'string' } },
});
const dir = values.dir ?? OPENB_DIR;
const seeds = PAPER_SEEDS.slice(0, Number(values.seeds ?? PAPER_SEEDS.length));
const traces = (values.traces ?? 'default,gpushare40,multigpu30').split(',');
const cluster = loadOpenbNodes(path.join(dir, 'openb_node_list_gpu_node.csv'));

const mean = (runs: readonly ExperimentResult[], f: (r: ExperimentResult) => number | undefined) =>
  runs.reduce((s, r) => s + (f(r) ?? Number.NaN), 0) / runs.length;
const num = (x: number | undefined, digits = 2) => (x === undefined || Number.isNaN(x) ? '-' : x.toFixed(digits));
const delta = (ours: number, paper: number | undefined) =>
  paper === undefined ? '' : `${ours - paper >= 0 ? '+' : ''}${(ours - paper).toFixed(2)}`;

for (const trace of traces) {
  const workload = loadOpenbPods(path.join(dir, `openb_pod_list_${trace}.csv`));
  const typical = typicalPods(workload.pods);
  const reference = (FGD_REFERENCE as Record<string, Record<string, { at100?: number; at130: number }>>)[trace] ?? {};
  console.log(
    `\nopenb_pod_list_${trace}: ${workload.pods.length} pods on ${cluster.nodes.length} nodes, mean of ${seeds.length} seeds (${seeds[0]}..${seeds[seeds.length - 1]})`,
  );
  console.log(
    `${'policy'.padEnd(12)}${'alloc@100'.padStart(10)}${'paper'.padStart(8)}${'alloc@130'.padStart(11)}${'paper'.padStart(8)}${'Δ'.padStart(7)}` +
      `${'frag@130'.padStart(10)}${'paper'.padStart(8)}${'ratio@90'.padStart(10)}${'paper'.padStart(8)}${'failed'.padStart(8)}${'8-GPU'.padStart(7)}${'ms/run'.padStart(8)}`,
  );
  for (const policy of PLACEMENT_POLICY_NAMES as PlacementPolicyName[]) {
    const started = performance.now();
    const runs = seeds.map((seed) => runFgdExperiment(cluster, workload, { policy, seed, typical }));
    const ms = (performance.now() - started) / runs.length;
    const at100 = 100 * mean(runs, (r) => r.allocationRatio['100']);
    const at130 = 100 * mean(runs, (r) => r.allocationRatio['130']);
    const fragAmount = 100 * mean(runs, (r) => r.fragmentationAmount['130']);
    const fragRatio = 100 * mean(runs, (r) => r.fragmentationRatio['90']);
    const paper = reference[policy];
    const paperFrag =
      trace === 'default'
        ? (FGD_REFERENCE_FRAGMENTATION as Record<string, { amountAt130: number; ratioAt90: number }>)[policy]
        : undefined;
    console.log(
      `${policy.padEnd(12)}${num(at100).padStart(10)}${num(paper?.at100).padStart(8)}${num(at130).padStart(11)}${num(paper?.at130).padStart(8)}` +
        `${delta(at130, paper?.at130).padStart(7)}${num(fragAmount).padStart(10)}${num(paperFrag?.amountAt130).padStart(8)}` +
        `${num(fragRatio).padStart(10)}${num(paperFrag?.ratioAt90).padStart(8)}${num(
          mean(runs, (r) => r.failedPods),
          0,
        ).padStart(8)}` +
        `${num(
          mean(runs, (r) => r.failedByKind['8-device'] ?? 0),
          1,
        ).padStart(7)}${num(ms, 0).padStart(8)}`,
    );
  }
}
