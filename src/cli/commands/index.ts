import type { Command } from '../command.ts';

export interface CommandEntry {
  /** One line for `superpod --help`. */
  readonly summary: string;
  readonly load: () => Promise<{ command: Command }>;
}

/**
 * Every command, its summary and its module. Modules load only when their command runs, so `superpod --help` and
 * each command start without the others' dependencies (cdktf, @kubernetes/client-node, d3).
 */
export const commands: Readonly<Record<string, CommandEntry>> = {
  apply: {
    summary: 'server-side apply a stack to the cluster (--dry-run=server, --prune)',
    load: () => import('./apply.ts'),
  },
  catalog: {
    summary: 'list and show accelerators, node types and models; import a Hugging Face config.json',
    load: () => import('./catalog.ts'),
  },
  check: {
    summary: 'check a stack against the policy packs (power, cooling, fabric, ...) and report SARIF, JUnit, JSON',
    load: () => import('./check.ts'),
  },
  compare: {
    summary: 'compare the capacity of two versions of a cluster (a pull-request comment, or JSON)',
    load: () => import('./compare.ts'),
  },
  diff: {
    summary: 'show what apply would change in the live cluster (desired against live)',
    load: () => import('./diff.ts'),
  },
  inventory: {
    summary: 'import a live cluster into an Inventory for the checks and the simulator',
    load: () => import('./inventory.ts'),
  },
  perf: {
    summary: 'predict TTFT, TPOT, throughput, memory, power and cost of one model instance',
    load: () => import('./perf.ts'),
  },
  plan: {
    summary: 'capacity planner: cheapest parallelism and pool sizes meeting TTFT/TPOT SLOs at a traffic',
    load: () => import('./plan.ts'),
  },
  report: {
    summary: 'write the capacity-review report (reports/capacity.html, .md and .json) of a stack',
    load: () => import('./report.ts'),
  },
  simulate: {
    summary: 'simulate NPU scheduling policies on the cluster or an openb trace: allocation, fragmentation, gang waits',
    load: () => import('./simulate.ts'),
  },
  spec: {
    summary: 'write, export and describe YAML/JSON cluster specs',
    load: () => import('./spec.ts'),
  },
  synth: {
    summary: 'synthesise Kubernetes manifests and Terraform JSON into cdktf.out/',
    load: () => import('./synth.ts'),
  },
};
