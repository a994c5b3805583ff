import path from 'node:path';
import { SuperpodInputError } from '../../errors.ts';
import type { Inventory } from '../../inventory/types.ts';
import { type EventLoopResult, runEventLoop } from '../../scheduler/event-loop.ts';
import { type ExperimentResult, runFgdExperiment } from '../../scheduler/experiment.ts';
import { typicalPods } from '../../scheduler/frag.ts';
import { clusterFromInventory, workloadFromInventory } from '../../scheduler/inventory.ts';
import { loadNodeShapes, loadOpenbNodes, loadOpenbPods } from '../../scheduler/openb.ts';
import {
  PLACEMENT_POLICY_NAMES,
  type PlacementPolicyName,
  placementPolicyByName,
} from '../../scheduler/placement/index.ts';
import {
  type ExperimentSummary,
  formatComparison,
  formatEventLoop,
  formatExperiment,
  summariseExperiments,
} from '../../scheduler/report.ts';
import { syntheticWorkload } from '../../scheduler/synthetic.ts';
import type { SimCluster, Workload } from '../../scheduler/types.ts';
import { booleanFlags, choiceFlag, integerFlag, stringFlags } from '../args.ts';
import { defineCommand } from '../command.ts';
import { ExitCode } from '../io.ts';
import { ProgressBar } from '../progress.ts';
import { sourceFile, stackFlags } from '../stack-source.ts';

const usage = `Usage: superpod simulate [--nodes <csv> --pods <csv>] [--policy <name>|all] [--seed N] [--seeds N]
                         [--until-demand 130] [--mode experiment|events] [--json]
       superpod simulate [--app <file> | -f <spec>] [--stack <id>] [--synthetic <pods>] ...

Simulates the NPU scheduler: which placement policy leaves the fewest devices idle through fragmentation, and
whether multi-pod jobs find whole racks.

Without --nodes/--pods it runs on the synthesised cluster (the reference stack, or --app/-f) and its
workloads (training jobs with ra-block/sp-block, inference services), or on a seeded synthetic NPU workload
when the stack defines none. With --nodes and --pods it runs on an openb trace (Alibaba cluster-trace-gpu-v2023).

Modes:
  experiment (default)  the FGD paper's experiment: arrivals drawn with the seed until the arrived device
                        demand reaches --until-demand percent of capacity, no departures, metrics at every percent
  events                arrivals and departures in time (trace creation/deletion times, or synthetic), a wait
                        queue with backfill, gang waits and time-averaged rack use

Options:
  --nodes <csv>         openb node list (sn,cpu_milli,memory_mib,gpu,model)
  --pods <csv>          openb pod list (name,cpu_milli,memory_mib,num_gpu,gpu_milli[,gpu_spec,...])
  --shapes <table>      GPU model -> node shape: gpu (default, the paper's cluster), ascend, or a JSON file
  --policy <name>       ${PLACEMENT_POLICY_NAMES.join(', ')}, or all (default: superpod)
  --seed <n>            first seed (default 42, the paper's)
  --seeds <n>           run n seeds from --seed and report means (default 1)
  --until-demand <pct>  arrived demand at which the experiment stops (default 130)
  --synthetic <pods>    use a seeded synthetic NPU workload of about this many pods
  --app <file>          TypeScript app of the cluster (default: the embedded reference stack)
  -f, --file <spec>     a YAML or JSON cluster spec instead of a TypeScript app
  --stack <id>          the stack to simulate when the app has several
  --json                print the result as one JSON object

Exit codes: 0 done, 2 bad usage or input.`;

export const command = defineCommand('simulate', usage, {
  options: {
    ...stringFlags('nodes', 'pods', 'shapes', 'policy', 'seed', 'seeds', 'until-demand', 'mode', 'synthetic'),
    ...stackFlags,
    ...booleanFlags('json'),
  },
  async run({ values }, io) {
    const policies = parsePolicies(values.policy ?? 'superpod');
    const seed = integerFlag('simulate', 'seed', values.seed, { min: 0, max: 2 ** 31 - 1, fallback: 42 })!;
    const seedCount = integerFlag('simulate', 'seeds', values.seeds, { min: 1, max: 1000, fallback: 1 })!;
    const until = integerFlag('simulate', 'until-demand', values['until-demand'], {
      min: 1,
      max: 1000,
      fallback: 130,
    })!;
    const mode = choiceFlag('simulate', 'mode', values.mode, ['experiment', 'events'], 'experiment');
    const synthetic = integerFlag('simulate', 'synthetic', values.synthetic, { min: 1, max: 10_000_000 });
    const input = await loadInput(values, synthetic, seed, mode);
    const json = values.json === true;
    const progress = io.interactive && !json ? new ProgressBar(io) : null;
    const seeds = Array.from({ length: seedCount }, (_, i) => seed + i);
    const typical = typicalPods(input.workload.pods);
    const runOptions = (policy: PlacementPolicyName, s: number) => ({
      policy,
      seed: s,
      typical,
      ...(progress
        ? { onProgress: (done: number, total: number) => progress.update(`${policy} seed ${s}`, done, total) }
        : {}),
    });

    if (mode === 'events') {
      const results: EventLoopResult[] = [];
      for (const policy of policies) {
        for (const s of seeds) results.push(runEventLoop(input.cluster, input.workload, runOptions(policy, s)));
      }
      progress?.clear();
      if (json)
        io.stdout(
          `${JSON.stringify(results.length === 1 ? { ...results[0]!, ...input.describe } : { ...input.describe, runs: results })}\n`,
        );
      else
        for (const r of results)
          io.stdout(formatEventLoop(r, `${input.title} — event loop, policy ${r.policy}, seed ${r.seed}`));
      return ExitCode.ok;
    }

    const runs: ExperimentResult[] = [];
    const summaries: ExperimentSummary[] = [];
    for (const policy of policies) {
      const started = performance.now();
      const policyRuns: ExperimentResult[] = [];
      for (const s of seeds) {
        policyRuns.push(
          runFgdExperiment(input.cluster, input.workload, { ...runOptions(policy, s), untilDemandPercent: until }),
        );
      }
      runs.push(...policyRuns);
      summaries.push(summariseExperiments(policyRuns, (performance.now() - started) / seeds.length));
    }
    progress?.clear();
    if (runs.length === 1) {
      const run = runs[0]!;
      if (json) io.stdout(`${JSON.stringify({ ...run, ...input.describe })}\n`);
      else io.stdout(formatExperiment(run, `${input.title} — FGD experiment, policy ${run.policy}, seed ${run.seed}`));
      return ExitCode.ok;
    }
    if (json) io.stdout(`${JSON.stringify({ ...input.describe, untilDemandPercent: until, summaries, runs })}\n`);
    else io.stdout(formatComparison(summaries, until, `${input.title} — FGD experiment to ${until} % arrived demand`));
    return ExitCode.ok;
  },
});

function parsePolicies(raw: string): PlacementPolicyName[] {
  if (raw === 'all') return [...PLACEMENT_POLICY_NAMES];
  return raw.split(',').map((name) => {
    placementPolicyByName(name.trim(), 'superpod simulate --policy');
    return name.trim() as PlacementPolicyName;
  });
}

interface Input {
  readonly cluster: SimCluster;
  readonly workload: Workload;
  readonly title: string;
  /** Where the run came from, merged into the JSON output. */
  readonly describe: Readonly<Record<string, unknown>>;
}

async function loadInput(
  values: {
    nodes?: string | undefined;
    pods?: string | undefined;
    shapes?: string | undefined;
    app?: string | undefined;
    file?: string | undefined;
    stack?: string | undefined;
  },
  synthetic: number | undefined,
  seed: number,
  mode: string,
): Promise<Input> {
  if (values.pods !== undefined && values.nodes === undefined) {
    throw new SuperpodInputError({
      where: 'superpod simulate --pods',
      problem: 'a pod list needs the node list it runs on',
      fix: 'pass --nodes <csv> as well (e.g. openb_node_list_gpu_node.csv)',
    });
  }
  if (values.nodes !== undefined) {
    if (values.app !== undefined || values.file !== undefined) {
      throw new SuperpodInputError({
        where: 'superpod simulate --nodes',
        problem: 'a node list and an app or spec are exclusive',
        fix: 'simulate either an openb trace (--nodes/--pods) or a stack (--app/-f)',
      });
    }
    const shapes = values.shapes === undefined ? undefined : loadNodeShapes(values.shapes);
    const cluster = loadOpenbNodes(values.nodes, shapes ? { shapes } : {});
    if (values.pods === undefined && synthetic === undefined) {
      throw new SuperpodInputError({
        where: 'superpod simulate --nodes',
        problem: 'no workload: pass a pod list or ask for a synthetic one',
        fix: 'add --pods <csv> or --synthetic <pods>',
      });
    }
    const workload =
      values.pods !== undefined
        ? loadOpenbPods(values.pods)
        : syntheticWorkload({ seed, pods: synthetic!, capacityDevices: totalDevices(cluster) });
    return {
      cluster,
      workload,
      title: `${path.basename(values.nodes)} (${cluster.nodes.length} nodes, ${totalDevices(cluster)} devices), ${workload.name} (${workload.pods.length} pods)`,
      describe: { nodesFile: values.nodes, podsFile: values.pods ?? null, synthetic: synthetic ?? null },
    };
  }
  if (values.shapes !== undefined) {
    throw new SuperpodInputError({
      where: 'superpod simulate --shapes',
      problem: 'node shapes only apply to an openb node list',
      fix: 'drop --shapes or pass --nodes <csv>',
    });
  }
  const inventory = await loadStackInventory(values);
  const cluster = clusterFromInventory(inventory);
  if (cluster.nodes.length === 0) {
    throw new SuperpodInputError({
      where: `stack ${inventory.stack}`,
      problem: 'the stack has no nodes to schedule on',
      fix: 'add nodes to the stack or pass --nodes <csv>',
    });
  }
  const own = workloadFromInventory(inventory);
  const useSynthetic = synthetic !== undefined || own.pods.length === 0;
  const pods = synthetic ?? (mode === 'events' ? 20_000 : 500);
  const workload = useSynthetic ? syntheticWorkload({ seed, pods, capacityDevices: totalDevices(cluster) }) : own;
  return {
    cluster,
    workload,
    title: `stack ${inventory.stack} (${cluster.nodes.length} nodes, ${totalDevices(cluster)} NPUs, ${cluster.racks.length} racks), ${useSynthetic ? `synthetic workload (${workload.pods.length} pods)` : `its workloads (${workload.pods.length} pods)`}`,
    describe: { stack: inventory.stack, synthetic: useSynthetic ? pods : null },
  };
}

async function loadStackInventory(values: {
  app?: string | undefined;
  file?: string | undefined;
  stack?: string | undefined;
}): Promise<Inventory> {
  const source = sourceFile('simulate', values);
  if (source === undefined && values.stack === undefined) {
    const { loadDefaultInventory } = await import('../../app/default-inventory.ts');
    return loadDefaultInventory();
  }
  const { loadInventory } = await import('../../app/load-stack.ts');
  return loadInventory(source, values.stack);
}

function totalDevices(cluster: SimCluster): number {
  return cluster.nodes.reduce((s, n) => s + n.devices, 0);
}
