import type { IJob } from 'kubernetes-models/batch/v1/Job';
import type { IService } from 'kubernetes-models/v1/Service';
import { SuperpodInputError } from '../../errors.ts';
import type { TrainingJobInfo } from '../../inventory/types.ts';
import type { KubeObject, Typed } from '../object.ts';
import { HYPERNODE_TIERS } from '../volcano.ts';
import { type Demand, poolOf, requireContainer, type WorkloadContext } from './context.ts';
import { objectLabels, selectorLabels } from './labels.ts';
import { PRIORITY_CLASSES } from './platform.ts';
import { mindClusterScheduling, npuClaim, parallelismEnv, podTemplate } from './pod-template.ts';

/**
 * A training job: under Volcano one Volcano Job (gang-scheduled, network topology on Ascend pools); without it an
 * Indexed Job whose pods find each other through a headless Service.
 */
export function trainingObjects(ctx: WorkloadContext<TrainingJobInfo>, demand: Demand): KubeObject[] {
  const job = ctx.workload;
  const container = requireContainer(ctx);
  const facts = poolOf(ctx, job.pool, 'pool');
  if (job.npusPerPod > facts.perNode) {
    throw new SuperpodInputError({
      where: ctx.workload.path,
      problem: `npusPerPod is more than the ${facts.perNode} accelerators of a node of pool "${facts.pool.name}"`,
      value: job.npusPerPod,
      fix: `request at most ${facts.perNode} per pod and add replicas`,
    });
  }
  if (facts.huawei && job.replicas > 1 && job.npusPerPod !== facts.perNode && facts.schedulePolicy) {
    throw new SuperpodInputError({
      where: ctx.workload.path,
      problem: `a distributed job on ${facts.pool.nodeTypeId} nodes must take whole nodes (${facts.schedulePolicy}: distributed pods request ${facts.perNode})`,
      value: job.npusPerPod,
      fix: `set npusPerPod to ${facts.perNode}`,
    });
  }
  demand(job.queue, facts, undefined);
  const labels = objectLabels(ctx, job.name, job.name, 'trainer');
  const podLabels = selectorLabels(job.name, job.name, 'trainer', facts);
  const claim = npuClaim(ctx.inventory, facts, job.name, job.namespace, labels, job.npusPerPod);
  const objects: KubeObject[] = [...claim.objects];
  const { placed: mindCluster, annotations: schedulePolicy } = mindClusterScheduling(ctx, facts);
  const ascend: Record<string, string> = mindCluster
    ? {
        ...schedulePolicy,
        ...(job.raBlock ? { 'ra-block': String(job.raBlock) } : {}),
        ...(job.spBlock ? { 'sp-block': String(job.spBlock) } : {}),
      }
    : {};
  const env = {
    ...(job.modelId ? { MODEL_ID: job.modelId } : {}),
    SUPERPOD_ROLE: 'trainer',
    NPUS_PER_POD: String(job.npusPerPod),
    WORLD_SIZE: String(job.replicas * job.npusPerPod),
    ...(job.parallelism ? parallelismEnv(job.parallelism) : {}),
  };
  const template = podTemplate({
    labels: { ...podLabels, ...(mindCluster ? { 'fault-scheduling': 'grace' } : {}) },
    annotations: ascend,
    npus: job.npusPerPod,
    facts,
    container,
    env,
    claimTemplate: claim.claimTemplate,
    schedulerName: ctx.volcano ? 'volcano' : undefined,
    priorityClassName: PRIORITY_CLASSES.training,
    probes: false,
    restartPolicy: 'Never',
    terminationGracePeriodSeconds: 30,
  });
  if (ctx.volcano) {
    const total = job.replicas * job.npusPerPod;
    const rackNpus = facts.nodesPerRack === undefined ? undefined : facts.nodesPerRack * facts.perNode;
    const tier = rackNpus !== undefined && total <= rackNpus ? HYPERNODE_TIERS.rack : HYPERNODE_TIERS.superPod;
    objects.push({
      apiVersion: 'batch.volcano.sh/v1alpha1',
      kind: 'Job',
      metadata: {
        name: job.name,
        namespace: job.namespace,
        labels: { ...labels, ...(mindCluster ? { 'fault-scheduling': 'grace' } : {}) },
        ...(Object.keys(ascend).length > 0 ? { annotations: ascend } : {}),
      },
      spec: {
        schedulerName: 'volcano',
        queue: job.queue,
        priorityClassName: PRIORITY_CLASSES.training,
        minAvailable: job.replicas,
        maxRetry: 3,
        policies: [
          { event: 'PodEvicted', action: 'RestartJob' },
          { event: 'PodFailed', action: 'RestartJob' },
        ],
        plugins: { env: [], svc: [] },
        // A hard constraint only where the pool's nodes are HyperNode members: Volcano never binds a job in hard mode
        // to nodes outside the tree (Atlas 350 card servers, GPU servers), so the job would stay Pending.
        ...(ctx.hyperNodes && facts.inHyperNodes
          ? { networkTopology: { mode: 'hard', highestTierAllowed: tier } }
          : {}),
        tasks: [{ name: 'worker', replicas: job.replicas, minAvailable: job.replicas, template }],
      },
    });
    return objects;
  }
  const headless: Typed<IService> = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: job.name, namespace: job.namespace, labels },
    spec: { clusterIP: 'None', selector: { 'app.kubernetes.io/instance': job.name }, publishNotReadyAddresses: true },
  };
  const indexed: Typed<IJob> = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: job.name, namespace: job.namespace, labels },
    spec: {
      completionMode: 'Indexed',
      completions: job.replicas,
      parallelism: job.replicas,
      backoffLimit: 3,
      template: { ...template, spec: { ...template.spec, subdomain: job.name } },
    },
  };
  objects.push(headless, indexed);
  return objects;
}
