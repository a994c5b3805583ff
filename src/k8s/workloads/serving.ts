import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { IService } from 'kubernetes-models/v1/Service';
import type { IServicePort } from 'kubernetes-models/v1/ServicePort';
import { SuperpodInputError } from '../../errors.ts';
import type { InferenceServiceInfo, RecommendationServiceInfo } from '../../inventory/types.ts';
import { UB_RACK_LABEL } from '../node-labels.ts';
import type { KubeObject, Typed } from '../object.ts';
import { type PoolFacts, requireContainer, type WorkloadContext } from './context.ts';
import { objectLabels, selectorLabels } from './labels.ts';
import { PRIORITY_CLASSES } from './platform.ts';
import { mindClusterScheduling, npuClaim, podTemplate } from './pod-template.ts';

const LWS = 'leaderworkerset.sigs.k8s.io';

/** A workload served behind a Service: an inference service's phase or a recommendation service. */
type ServingWorkload = InferenceServiceInfo | RecommendationServiceInfo;

/** One set of identical serving instances on one pool. */
export interface ServingUnit {
  /** Name of the objects (`<service>` or `<service>-<phase>`). */
  readonly name: string;
  /** `app.kubernetes.io/component`: prefill, decode, server, recommendation. */
  readonly component: string;
  readonly replicas: number;
  /** Accelerators one instance takes. */
  readonly instanceNpus: number;
  /** What sets `instanceNpus`, for the error when it cannot be placed (`tp x pp x dp`). */
  readonly instanceNote: string;
  /** Environment the serving framework reads (the user's container env wins). */
  readonly env: Record<string, string>;
}

/**
 * Serving instances on one pool: a Deployment (with a Volcano PodGroup) when an instance fits a node, else a
 * LeaderWorkerSet of whole-node pods; a ClusterIP Service in front and a PodDisruptionBudget of one instance.
 */
export function servingObjects(
  ctx: WorkloadContext<ServingWorkload>,
  facts: PoolFacts,
  queue: string,
  unit: ServingUnit,
): KubeObject[] {
  const service = ctx.workload;
  const container = requireContainer(ctx);
  const { name, component: phase, instanceNpus } = unit;
  const spansNodes = instanceNpus > facts.perNode;
  if (spansNodes && instanceNpus % facts.perNode !== 0) {
    throw new SuperpodInputError({
      where: ctx.workload.path,
      problem: `a ${phase} instance needs ${instanceNpus} accelerators (${unit.instanceNote}), more than the ${facts.perNode} of one node of pool "${facts.pool.name}", and an instance spanning nodes must take whole nodes`,
      value: instanceNpus,
      fix: `use a multiple of ${facts.perNode} accelerators per instance, or at most ${facts.perNode}`,
    });
  }
  const podsPerInstance = spansNodes ? instanceNpus / facts.perNode : 1;
  const npusPerPod = spansNodes ? facts.perNode : instanceNpus;
  const ns = service.namespace;
  const labels = objectLabels(ctx, service.name, name, phase);
  const podLabels = selectorLabels(service.name, name, phase, facts);
  const useVolcano = ctx.volcano;
  const dra = facts.pool.deviceAllocation === 'dra';
  const claim = npuClaim(ctx.inventory, facts, name, ns, labels, npusPerPod);
  const objects: KubeObject[] = [...claim.objects];
  const { placed: mindCluster, annotations: ascendAnnotations } = mindClusterScheduling(ctx, facts);
  const env = unit.env;
  const template = (
    role: 'serving' | 'worker',
    extraLabels: Record<string, string>,
    annotations: Record<string, string>,
  ) =>
    podTemplate({
      labels: { ...podLabels, ...extraLabels },
      annotations,
      npus: npusPerPod,
      facts,
      container,
      env,
      claimTemplate: claim.claimTemplate,
      schedulerName: useVolcano ? 'volcano' : undefined,
      priorityClassName: PRIORITY_CLASSES.serving,
      probes: role === 'serving',
      terminationGracePeriodSeconds: 60,
    });
  const servicePort: IServicePort = { name: 'http', port: container.port ?? 8000, targetPort: 'http', protocol: 'TCP' };
  if (!spansNodes) {
    const podGroup = useVolcano ? name : undefined;
    if (podGroup)
      objects.push({
        apiVersion: 'scheduling.volcano.sh/v1beta1',
        kind: 'PodGroup',
        metadata: { name: podGroup, namespace: ns, labels },
        spec: {
          minMember: 1,
          queue,
          priorityClassName: PRIORITY_CLASSES.serving,
          ...(dra ? {} : { minResources: { [facts.resourceName]: String(npusPerPod) } }),
        },
      });
    const annotations: Record<string, string> = {
      ...ascendAnnotations,
      ...(podGroup ? { 'scheduling.k8s.io/group-name': podGroup } : {}),
      ...(mindCluster ? { 'huawei.com/schedule_minAvailable': String(unit.replicas) } : {}),
    };
    const deployment: Typed<IDeployment> = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: ns, labels },
      spec: {
        replicas: unit.replicas,
        selector: { matchLabels: { 'app.kubernetes.io/instance': name } },
        // Every NPU is spoken for: roll one instance at a time instead of surging into capacity that is not there.
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } },
        revisionHistoryLimit: 5,
        template: template('serving', {}, annotations),
      },
    };
    objects.push(deployment);
    objects.push(serviceObject(name, ns, labels, { 'app.kubernetes.io/instance': name }, servicePort));
  } else {
    const exclusive = facts.nodesPerRack !== undefined && podsPerInstance === facts.nodesPerRack;
    const annotations: Record<string, string> = {
      ...ascendAnnotations,
      // The Ascend plugin's own rack constraint (default 8): the whole instance's NPUs in one UB rack.
      ...(mindCluster && exclusive ? { 'ra-block': String(instanceNpus) } : {}),
      ...(useVolcano ? { 'scheduling.volcano.sh/queue-name': queue } : {}),
    };
    objects.push({
      apiVersion: 'leaderworkerset.x-k8s.io/v1',
      kind: 'LeaderWorkerSet',
      metadata: {
        name,
        namespace: ns,
        labels,
        // An instance that fills a rack takes one UB level-Y domain to itself, so its all-to-all stays on the rack's UB.
        ...(exclusive ? { annotations: { [`${LWS}/exclusive-topology`]: UB_RACK_LABEL } } : {}),
      },
      spec: {
        replicas: unit.replicas,
        startupPolicy: 'LeaderCreated',
        rolloutStrategy: { type: 'RollingUpdate', rollingUpdateConfiguration: { maxUnavailable: 1, maxSurge: 0 } },
        networkConfig: { subdomainPolicy: 'Shared' },
        leaderWorkerTemplate: {
          size: podsPerInstance,
          restartPolicy: 'RecreateGroupOnPodRestart',
          leaderTemplate: template('serving', { 'superpod.dev/lws-role': 'leader' }, annotations),
          workerTemplate: template('worker', { 'superpod.dev/lws-role': 'worker' }, annotations),
        },
      },
    });
    objects.push(serviceObject(name, ns, labels, { [`${LWS}/name`]: name, [`${LWS}/worker-index`]: '0' }, servicePort));
  }
  const pdb: Typed<IPodDisruptionBudget> = {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name, namespace: ns, labels },
    spec: {
      maxUnavailable: spansNodes ? podsPerInstance : 1,
      selector: { matchLabels: { 'app.kubernetes.io/instance': name } },
    },
  };
  objects.push(pdb);
  return objects;
}

function serviceObject(
  name: string,
  namespace: string,
  labels: Record<string, string>,
  selector: Record<string, string>,
  port: IServicePort,
): Typed<IService> {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace, labels },
    spec: { type: 'ClusterIP', selector, ports: [port] },
  };
}
