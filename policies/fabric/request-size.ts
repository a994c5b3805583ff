import { getNodeType } from '../../src/catalog/index.ts';
import type { NodeInfo, TrainingJobInfo } from '../../src/inventory/types.ts';
import { defineRule, fail, notApplicable, pass, type RuleContext } from '../../src/policy/index.ts';
import { type AscendSchedulePolicy, isAscendSchedulePolicy, validNpuRequests } from '../../src/scheduler/ascend.ts';
import { describeParallelism, workloadPools } from '../shared/workloads.ts';

/**
 * NPU counts a pod may request on Ascend nodes under the Volcano Ascend plugin (k8s-scheduling.md §1.9), and the
 * ra-block / sp-block annotations of jobs. A serving instance larger than a node runs as pods of whole nodes.
 */
export const requestSize = defineRule(import.meta.url, 'workload', (workload, context) => {
  const problems: string[] = [];
  let checked = 0;
  for (const pool of workloadPools(workload, context)) {
    const node = pool.nodes[0];
    const policy = node ? schedulePolicy(node) : undefined;
    if (!node || !policy) continue;
    checked++;
    const perNode = node.acceleratorCount;
    const valid = (distributed: boolean) => validNpuRequests(policy, distributed);
    if (workload.kind === 'training-job') {
      const distributed = workload.replicas > 1;
      if (!valid(distributed).includes(workload.npusPerPod)) {
        problems.push(
          `${pool.label}: ${distributed ? `each of ${workload.replicas} pods` : 'the pod'} requests ${workload.npusPerPod} NPUs, but ${policy} ${distributed ? 'distributed' : 'single-pod'} jobs may request ${list(valid(distributed))}`,
        );
      }
      problems.push(...blockProblems(workload, node, context));
      continue;
    }
    const devices = pool.devicesPerInstance;
    const shape = pool.parallelism ? describeParallelism(pool.parallelism) : 'devicesPerReplica';
    if (devices <= perNode) {
      if (!valid(false).includes(devices)) {
        problems.push(
          `${pool.label}: an instance of ${devices} NPUs (${shape}) is not a valid ${policy} request (${list(valid(false))})`,
        );
      }
    } else if (devices % perNode !== 0 || !valid(true).includes(perNode)) {
      problems.push(
        `${pool.label}: an instance of ${devices} NPUs (${shape}) spans nodes, so it must take whole ${perNode}-NPU nodes (${policy} distributed pods request ${list(valid(true))})`,
      );
    }
  }
  if (checked === 0) return notApplicable();
  if (problems.length === 0) return pass();
  return fail(problems.join('; '), {
    fix: 'change the parallelism or NPUs per pod to a size the Ascend scheduler accepts',
  });
});

function schedulePolicy(node: NodeInfo): AscendSchedulePolicy | undefined {
  const policy = getNodeType(node.nodeTypeId).kubernetes.schedulePolicy;
  return policy !== undefined && isAscendSchedulePolicy(policy) ? policy : undefined;
}

/** ra-block: a logical rack of whole nodes inside one level-Y domain; sp-block: whole nodes, dividing the job. */
function blockProblems(job: TrainingJobInfo, node: NodeInfo, context: RuleContext): string[] {
  const problems: string[] = [];
  const perNode = node.acceleratorCount;
  const total = job.replicas * job.npusPerPod;
  const levels = context.index.superPods.get(node.superPodId)?.fabric.levels ?? [];
  const rackLevel = levels.find((l) => l.name === 'Y');
  const podLevel = levels.find((l) => l.name === 'Z');
  if (job.raBlock !== undefined) {
    if (job.raBlock % perNode !== 0 || (rackLevel && job.raBlock > rackLevel.maxNpus)) {
      problems.push(
        `ra-block ${job.raBlock} must be a multiple of ${perNode} NPUs (whole nodes) and at most ${rackLevel?.maxNpus ?? '?'} (one rack)`,
      );
    }
  }
  if (job.spBlock !== undefined) {
    if (job.spBlock % perNode !== 0 || total % job.spBlock !== 0 || (podLevel && job.spBlock > podLevel.maxNpus)) {
      problems.push(
        `sp-block ${job.spBlock} must be a multiple of ${perNode} NPUs, divide the job's ${total} NPUs and be at most ${podLevel?.maxNpus ?? '?'} (one SuperPoD)`,
      );
    }
  }
  return problems;
}

/** `1-8` or `1, 2, 4, 8` */
function list(values: readonly number[]): string {
  const contiguous = values.every((v, i) => i === 0 || v === values[i - 1]! + 1);
  return contiguous && values.length > 2 ? `${values[0]}-${values[values.length - 1]}` : values.join(', ');
}
