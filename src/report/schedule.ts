import { SuperpodInputError } from '../errors.ts';
import type { Inventory } from '../inventory/types.ts';
import { type ExperimentResult, runFgdExperiment } from '../scheduler/experiment.ts';
import { clusterFromInventory, workloadFromInventory } from '../scheduler/inventory.ts';
import { PLACEMENT_POLICY_NAMES, type PlacementPolicyName } from '../scheduler/placement/index.ts';
import { DEFAULT_SYNTHETIC_MIX, syntheticWorkload } from '../scheduler/synthetic.ts';
import type { Workload } from '../scheduler/types.ts';

/** Largest cluster, in nodes, for which synth's capacity report runs the scheduling experiment. */
export const SYNTH_SCHEDULE_NODE_LIMIT = 2048;

export interface ScheduleOptions {
  /** Placement policies to compare; default all of them, in the scheduler's order. */
  readonly policies?: readonly PlacementPolicyName[];
  /** Seed of the arrival order and of the synthetic mix. @default 1 */
  readonly seed?: number;
  /** Arrived demand, in percent of capacity, at which arrivals stop. @default 130 (the FGD paper) */
  readonly untilDemandPercent?: number;
}

export interface ScheduleFigures {
  /** `stack` when the inventory's own services and jobs were cloned, `synthetic` for the scheduler's default mix. */
  readonly workload: 'stack' | 'synthetic';
  readonly workloadPods: number;
  readonly workloadGangs: number;
  readonly seed: number;
  readonly untilDemandPercent: number;
  readonly runs: readonly ExperimentResult[];
  /** Why nothing was simulated, when nothing was. */
  readonly skipped: string | null;
}

/**
 * The scheduler's synthetic mix sized to the cluster: units of at most half its NPUs (a 256-NPU training gang means
 * nothing on a 96-NPU slice), and about one pod per 8 NPUs (16 to 200) for the experiment to clone from.
 */
function syntheticFor(devices: number, seed: number): Workload {
  const mix = DEFAULT_SYNTHETIC_MIX.filter((m) => m.pods * m.devicesPerPod <= devices / 2);
  const pods = Math.min(200, Math.max(16, Math.round(devices / 8)));
  return syntheticWorkload({ seed, pods, capacityDevices: devices, mix: mix.length > 0 ? mix : DEFAULT_SYNTHETIC_MIX });
}

/**
 * The FGD experiment (fgd-method.md) on the stack's cluster, once per placement policy: arrival units are cloned
 * until the arrived demand reaches `untilDemandPercent` of the NPUs, nothing leaves, and allocation and
 * fragmentation are recorded against the arrived demand. The stack's own services and jobs are the units when it
 * has any, else the scheduler's synthetic Ascend mix.
 */
export function scheduleFigures(inventory: Inventory, options: ScheduleOptions = {}): ScheduleFigures {
  const seed = options.seed ?? 1;
  const untilDemandPercent = options.untilDemandPercent ?? 130;
  const base = { seed, untilDemandPercent };
  const devices = inventory.nodes.reduce((s, n) => s + n.acceleratorCount, 0);
  if (devices === 0) {
    return {
      ...base,
      workload: 'stack',
      workloadPods: 0,
      workloadGangs: 0,
      runs: [],
      skipped: 'the stack has no NPUs',
    };
  }
  let workload: Workload;
  let kind: ScheduleFigures['workload'];
  try {
    const cluster = clusterFromInventory(inventory);
    if (inventory.workloads.length > 0) {
      workload = workloadFromInventory(inventory);
      kind = 'stack';
    } else {
      workload = syntheticFor(devices, seed);
      kind = 'synthetic';
    }
    const policies = options.policies ?? PLACEMENT_POLICY_NAMES;
    const runs = policies.map((policy) => runFgdExperiment(cluster, workload, { policy, seed, untilDemandPercent }));
    return {
      ...base,
      workload: kind,
      workloadPods: workload.pods.length,
      workloadGangs: workload.gangs.length,
      runs,
      skipped: null,
    };
  } catch (error) {
    if (!SuperpodInputError.is(error)) throw error;
    return { ...base, workload: 'stack', workloadPods: 0, workloadGangs: 0, runs: [], skipped: error.message };
  }
}
