import { getAccelerator, getNodeType } from '../catalog/index.ts';
import { SuperpodInputError } from '../errors.ts';
import type {
  InferenceServiceInfo,
  Inventory,
  NodePoolInfo,
  ParallelismInfo,
  ServingPoolInfo,
  TrainingJobInfo,
  WorkloadContainerInfo,
  WorkloadInfo,
} from '../inventory/types.ts';
import { resourceClaimTemplate } from './dra.ts';
import { POOL_LABEL, UB_RACK_LABEL } from './node-labels.ts';
import { type KubeObject, ownershipLabels } from './object.ts';
import { DEFAULT_QUEUE, HYPERNODE_TIERS, type QueueDemand } from './volcano.ts';

const GIB = 2 ** 30;
/** Defaults per accelerator of a pod when the workload does not say. */
const PER_ACCELERATOR = { cpu: 8, memoryBytes: 64 * GIB, sharedMemoryBytes: 8 * GIB } as const;
const LWS = 'leaderworkerset.sigs.k8s.io';
export const PRIORITY_CLASSES = { serving: 'superpod-serving', training: 'superpod-training' } as const;
const SYSTEM_NAMESPACES = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);

/** Facts about a node pool the workload objects need. */
interface PoolFacts {
  readonly pool: NodePoolInfo;
  readonly huawei: boolean;
  readonly resourceName: string;
  /** Accelerators every node of the pool has (the smallest count). */
  readonly perNode: number;
  /** Nodes per rack when every rack of the pool holds the same number, else undefined. */
  readonly nodesPerRack: number | undefined;
  readonly schedulePolicy: string | undefined;
}

export interface WorkloadObjects {
  /** Namespaces and PriorityClasses: built-in kinds the workloads need, applied with the platform. */
  readonly platform: KubeObject[];
  /** Everything else, in apply order per workload. */
  readonly workloads: KubeObject[];
  /** What each Volcano queue needs (for the Queue objects). */
  readonly queues: QueueDemand[];
}

/** Inventory workloads -> Kubernetes objects. Throws SuperpodInputError (at the workload's path) for what cannot run. */
export function workloadObjects(inventory: Inventory, opts: { hyperNodes: boolean }): WorkloadObjects {
  if (inventory.workloads.length === 0) return { platform: [], workloads: [], queues: [] };
  const facts = poolFacts(inventory);
  const volcano = inventory.kubernetes.scheduler === 'volcano';
  const objects: KubeObject[] = [];
  const queues = new Map<string, { pools: Map<string, PoolFacts>; guarantee: Map<string, number>; serving: boolean }>();
  const demand = (queue: string, pool: PoolFacts, serving: number | undefined) => {
    const q = queues.get(queue) ?? { pools: new Map(), guarantee: new Map(), serving: false };
    queues.set(queue, q);
    if (serving !== undefined) q.serving = true;
    if (pool.pool.deviceAllocation !== 'device-plugin') return;
    q.pools.set(pool.pool.name, pool);
    if (serving !== undefined) q.guarantee.set(pool.resourceName, (q.guarantee.get(pool.resourceName) ?? 0) + serving);
  };
  const seen = new Map<string, string>();
  for (const workload of inventory.workloads) {
    const ctx = { inventory, workload, facts, volcano, hyperNodes: opts.hyperNodes };
    const made = workload.kind === 'inference-service' ? inferenceObjects(ctx, demand) : trainingObjects(ctx, demand);
    for (const object of made) {
      const key = `${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name}`;
      const clash = seen.get(key);
      if (clash !== undefined) {
        throw new SuperpodInputError({
          where: workload.path,
          problem: `${object.kind} "${object.metadata.name}" in namespace "${object.metadata.namespace}" is also made by "${clash}"`,
          value: workload.name,
          fix: 'give the workloads distinct names or namespaces',
        });
      }
      seen.set(key, workload.path);
      objects.push(object);
    }
  }
  const labels = ownershipLabels(inventory.stack);
  const namespaces = [...new Set(inventory.workloads.map((w) => w.namespace))]
    .filter((ns) => !SYSTEM_NAMESPACES.has(ns))
    .sort()
    .map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } }));
  const kinds = new Set(inventory.workloads.map((w) => w.kind));
  const priorityClasses: KubeObject[] = [];
  if (kinds.has('inference-service'))
    priorityClasses.push({
      apiVersion: 'scheduling.k8s.io/v1',
      kind: 'PriorityClass',
      metadata: { name: PRIORITY_CLASSES.serving, labels },
      value: 100000,
      preemptionPolicy: 'PreemptLowerPriority',
      description: 'superpod inference services: may preempt training to keep serving capacity',
    });
  if (kinds.has('training-job'))
    priorityClasses.push({
      apiVersion: 'scheduling.k8s.io/v1',
      kind: 'PriorityClass',
      metadata: { name: PRIORITY_CLASSES.training, labels },
      value: 10000,
      preemptionPolicy: 'Never',
      description: 'superpod training jobs: run on capacity serving does not need',
    });
  return {
    platform: [...namespaces, ...priorityClasses],
    workloads: objects,
    queues: volcano
      ? [...queues.entries()].map(([name, q]) => {
          const capability: Record<string, number> = {};
          for (const f of q.pools.values())
            capability[f.resourceName] = (capability[f.resourceName] ?? 0) + f.pool.nodeIds.length * f.perNode;
          return { name, capability, guarantee: Object.fromEntries(q.guarantee), serving: q.serving };
        })
      : [],
  };
}

function poolFacts(inventory: Inventory): Map<string, PoolFacts> {
  const byPool = new Map<string, PoolFacts>();
  const nodesById = new Map(inventory.nodes.map((n) => [n.id, n]));
  for (const pool of inventory.nodePools) {
    const accelerator = getAccelerator(pool.acceleratorId);
    const nodes = pool.nodeIds.map((id) => nodesById.get(id)!);
    const perRack = new Map<string, number>();
    for (const n of nodes) perRack.set(n.rackId, (perRack.get(n.rackId) ?? 0) + 1);
    const rackSizes = new Set(perRack.values());
    byPool.set(pool.name, {
      pool,
      huawei: accelerator.vendor === 'huawei',
      resourceName: accelerator.kubernetes.resourceName,
      perNode: nodes.reduce((min, n) => Math.min(min, n.acceleratorCount), Number.POSITIVE_INFINITY),
      nodesPerRack: rackSizes.size === 1 ? [...rackSizes][0] : undefined,
      schedulePolicy: getNodeType(pool.nodeTypeId).kubernetes.schedulePolicy,
    });
  }
  return byPool;
}

interface Context {
  readonly inventory: Inventory;
  readonly workload: WorkloadInfo;
  readonly facts: Map<string, PoolFacts>;
  readonly volcano: boolean;
  readonly hyperNodes: boolean;
}

type Demand = (queue: string, pool: PoolFacts, serving: number | undefined) => void;

function poolOf(ctx: Context, name: string, prop: string): PoolFacts {
  const facts = ctx.facts.get(name);
  if (!facts) {
    const known = [...ctx.facts.keys()].sort();
    throw new SuperpodInputError({
      where: ctx.workload.path,
      problem: `${prop} names node pool "${name}", which has no nodes in this stack`,
      value: name,
      fix: known.length > 0 ? `use one of ${known.join(', ')}` : 'add nodes to the stack first',
    });
  }
  return facts;
}

function devicesOf(p: ParallelismInfo): number {
  return p.tp * p.pp * p.dp;
}

function inferenceObjects(ctx: Context, demand: Demand): KubeObject[] {
  const service = ctx.workload as InferenceServiceInfo;
  const queue = service.queue ?? DEFAULT_QUEUE;
  const phases: Array<['prefill' | 'decode' | 'server', ServingPoolInfo]> = service.prefill
    ? [
        ['prefill', service.prefill],
        ['decode', service.decode],
      ]
    : [['server', service.decode]];
  const objects: KubeObject[] = [];
  for (const [phase, serving] of phases) {
    const facts = poolOf(ctx, serving.pool, `${phase === 'server' ? 'decode' : phase}.pool`);
    const instance = devicesOf(serving.parallelism);
    demand(queue, facts, instance * serving.replicas);
    objects.push(...phaseObjects(ctx, service, phase, serving, facts, instance, queue));
  }
  return objects;
}

function phaseObjects(
  ctx: Context,
  service: InferenceServiceInfo,
  phase: 'prefill' | 'decode' | 'server',
  serving: ServingPoolInfo,
  facts: PoolFacts,
  instanceNpus: number,
  queue: string,
): KubeObject[] {
  const container = requireContainer(ctx);
  const name = phase === 'server' ? service.name : `${service.name}-${phase}`;
  const spansNodes = instanceNpus > facts.perNode;
  if (spansNodes && instanceNpus % facts.perNode !== 0) {
    throw new SuperpodInputError({
      where: ctx.workload.path,
      problem: `a ${phase} instance needs ${instanceNpus} accelerators (tp x pp x dp), more than the ${facts.perNode} of one node of pool "${facts.pool.name}", and an instance spanning nodes must take whole nodes`,
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
  const objects: KubeObject[] = [];
  const claimTemplate = dra ? `${name}-npu` : undefined;
  if (claimTemplate)
    objects.push(
      resourceClaimTemplate({
        name: claimTemplate,
        namespace: ns,
        labels,
        acceleratorId: facts.pool.acceleratorId,
        count: npusPerPod,
      }),
    );
  // MindCluster's Volcano plugin handles huawei.com/npu requests only; DRA pods are placed by the DRA allocator.
  const mindCluster = useVolcano && facts.huawei && !dra;
  const ascendAnnotations: Record<string, string> =
    mindCluster && facts.schedulePolicy ? { 'huawei.com/schedule_policy': facts.schedulePolicy } : {};
  const env = {
    MODEL_ID: service.modelId,
    SUPERPOD_ROLE: phase,
    TP_SIZE: String(serving.parallelism.tp),
    PP_SIZE: String(serving.parallelism.pp),
    DP_SIZE: String(serving.parallelism.dp),
    EP_SIZE: String(serving.parallelism.ep),
    WEIGHTS_PRECISION: service.precision.weights,
    KV_CACHE_PRECISION: service.precision.kvCache,
    ...(serving.maxBatch ? { MAX_BATCH_SIZE: String(serving.maxBatch) } : {}),
  };
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
      claimTemplate,
      schedulerName: useVolcano ? 'volcano' : undefined,
      priorityClassName: PRIORITY_CLASSES.serving,
      probes: role === 'serving',
      terminationGracePeriodSeconds: 60,
    });
  const servicePort = { name: 'http', port: container.port ?? 8000, targetPort: 'http', protocol: 'TCP' };
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
      ...(mindCluster ? { 'huawei.com/schedule_minAvailable': String(serving.replicas) } : {}),
    };
    objects.push({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: ns, labels },
      spec: {
        replicas: serving.replicas,
        selector: { matchLabels: { 'app.kubernetes.io/instance': name } },
        // Every NPU is spoken for: roll one instance at a time instead of surging into capacity that is not there.
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } },
        revisionHistoryLimit: 5,
        template: template('serving', {}, annotations),
      },
    });
    objects.push(serviceObject(name, ns, labels, { 'app.kubernetes.io/instance': name }, servicePort));
  } else {
    const annotations: Record<string, string> = {
      ...ascendAnnotations,
      ...(useVolcano ? { 'scheduling.volcano.sh/queue-name': queue } : {}),
    };
    const exclusive = facts.nodesPerRack !== undefined && podsPerInstance === facts.nodesPerRack;
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
        replicas: serving.replicas,
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
  objects.push({
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name, namespace: ns, labels },
    spec: {
      maxUnavailable: spansNodes ? podsPerInstance : 1,
      selector: { matchLabels: { 'app.kubernetes.io/instance': name } },
    },
  });
  return objects;
}

function trainingObjects(ctx: Context, demand: Demand): KubeObject[] {
  const job = ctx.workload as TrainingJobInfo;
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
  const dra = facts.pool.deviceAllocation === 'dra';
  const claimTemplate = dra ? `${job.name}-npu` : undefined;
  const objects: KubeObject[] = [];
  if (claimTemplate)
    objects.push(
      resourceClaimTemplate({
        name: claimTemplate,
        namespace: job.namespace,
        labels,
        acceleratorId: facts.pool.acceleratorId,
        count: job.npusPerPod,
      }),
    );
  const mindCluster = facts.huawei && ctx.volcano && !dra;
  const ascend: Record<string, string> = mindCluster
    ? {
        ...(facts.schedulePolicy ? { 'huawei.com/schedule_policy': facts.schedulePolicy } : {}),
        ...(job.raBlock ? { 'ra-block': String(job.raBlock) } : {}),
        ...(job.spBlock ? { 'sp-block': String(job.spBlock) } : {}),
      }
    : {};
  const env = {
    ...(job.modelId ? { MODEL_ID: job.modelId } : {}),
    SUPERPOD_ROLE: 'trainer',
    NPUS_PER_POD: String(job.npusPerPod),
    WORLD_SIZE: String(job.replicas * job.npusPerPod),
    ...(job.parallelism
      ? {
          TP_SIZE: String(job.parallelism.tp),
          PP_SIZE: String(job.parallelism.pp),
          DP_SIZE: String(job.parallelism.dp),
          EP_SIZE: String(job.parallelism.ep),
        }
      : {}),
  };
  const template = podTemplate({
    labels: { ...podLabels, ...(mindCluster ? { 'fault-scheduling': 'grace' } : {}) },
    annotations: ascend,
    npus: job.npusPerPod,
    facts,
    container,
    env,
    claimTemplate,
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
        ...(ctx.hyperNodes && facts.huawei ? { networkTopology: { mode: 'hard', highestTierAllowed: tier } } : {}),
        tasks: [{ name: 'worker', replicas: job.replicas, minAvailable: job.replicas, template }],
      },
    });
    return objects;
  }
  // Without Volcano: an Indexed Job whose pods find each other through a headless Service.
  objects.push({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: job.name, namespace: job.namespace, labels },
    spec: { clusterIP: 'None', selector: { 'app.kubernetes.io/instance': job.name }, publishNotReadyAddresses: true },
  });
  const spec = template.spec as Record<string, unknown>;
  objects.push({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: job.name, namespace: job.namespace, labels },
    spec: {
      completionMode: 'Indexed',
      completions: job.replicas,
      parallelism: job.replicas,
      backoffLimit: 3,
      template: { ...template, spec: { ...spec, subdomain: job.name } },
    },
  });
  return objects;
}

function requireContainer(ctx: Context): WorkloadContainerInfo {
  const container = ctx.workload.container;
  if (!container) {
    throw new SuperpodInputError({
      where: ctx.workload.path,
      problem: 'the workload has no container image, so there is nothing to deploy',
      fix: "set container: { image: '...' } on the construct",
    });
  }
  return container;
}

function objectLabels(ctx: Context, app: string, instance: string, component: string): Record<string, string> {
  return {
    ...ownershipLabels(ctx.inventory.stack),
    'app.kubernetes.io/name': app,
    'app.kubernetes.io/instance': instance,
    'app.kubernetes.io/component': component,
  };
}

function selectorLabels(app: string, instance: string, component: string, facts: PoolFacts): Record<string, string> {
  return {
    'app.kubernetes.io/name': app,
    'app.kubernetes.io/instance': instance,
    'app.kubernetes.io/component': component,
    'app.kubernetes.io/part-of': 'superpod',
    [POOL_LABEL]: facts.pool.name,
    // MindCluster's marker for pods whose NPUs its components track (`ascend-npu` for huawei.com/npu).
    ...(facts.huawei && facts.pool.deviceAllocation === 'device-plugin'
      ? { 'ring-controller.atlas': 'ascend-npu' }
      : {}),
  };
}

function serviceObject(
  name: string,
  namespace: string,
  labels: Record<string, string>,
  selector: Record<string, string>,
  port: Record<string, unknown>,
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace, labels },
    spec: { type: 'ClusterIP', selector, ports: [port] },
  };
}

interface PodTemplateOptions {
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly npus: number;
  readonly facts: PoolFacts;
  readonly container: WorkloadContainerInfo;
  readonly env: Record<string, string>;
  readonly claimTemplate: string | undefined;
  readonly schedulerName: string | undefined;
  readonly priorityClassName: string;
  readonly probes: boolean;
  readonly restartPolicy?: 'Never';
  readonly terminationGracePeriodSeconds: number;
}

/**
 * A pod template: Guaranteed QoS (requests = limits), the accelerators as an extended resource or a DRA claim,
 * required node affinity to the pool, the NPU taint tolerated, `/dev/shm` in memory, HTTP probes for servers.
 */
function podTemplate(o: PodTemplateOptions): Record<string, unknown> {
  const c = o.container;
  const cpu = String(c.cpuPerPod ?? PER_ACCELERATOR.cpu * o.npus);
  const memory = quantity(c.memoryPerPodBytes ?? PER_ACCELERATOR.memoryBytes * o.npus);
  const shm = quantity(c.sharedMemoryBytes ?? PER_ACCELERATOR.sharedMemoryBytes * o.npus);
  const compute = { cpu, memory };
  const devices = o.claimTemplate ? {} : { [o.facts.resourceName]: String(o.npus) };
  const userEnv = c.env ?? {};
  const env = [
    ...Object.entries(o.env)
      .filter(([k]) => !(k in userEnv))
      .map(([name, value]) => ({ name, value })),
    ...Object.entries(userEnv).map(([name, value]) => ({ name, value })),
  ];
  const http = { path: c.healthPath ?? '/health', port: 'http' };
  const probes = o.probes
    ? {
        ports: [{ name: 'http', containerPort: c.port ?? 8000, protocol: 'TCP' }],
        startupProbe: {
          httpGet: http,
          periodSeconds: 10,
          timeoutSeconds: 5,
          failureThreshold: Math.ceil((c.startupTimeoutS ?? 1800) / 10),
        },
        readinessProbe: { httpGet: http, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
        livenessProbe: { httpGet: http, periodSeconds: 30, timeoutSeconds: 10, failureThreshold: 5 },
      }
    : {};
  const taint = o.facts.huawei ? 'huawei.com/npu' : 'nvidia.com/gpu';
  return {
    metadata: {
      labels: o.labels,
      ...(Object.keys(o.annotations).length > 0 ? { annotations: o.annotations } : {}),
    },
    spec: {
      ...(o.schedulerName ? { schedulerName: o.schedulerName } : {}),
      priorityClassName: o.priorityClassName,
      ...(o.restartPolicy ? { restartPolicy: o.restartPolicy } : {}),
      terminationGracePeriodSeconds: o.terminationGracePeriodSeconds,
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              { matchExpressions: [{ key: POOL_LABEL, operator: 'In', values: [o.facts.pool.name] }] },
            ],
          },
        },
      },
      tolerations: [{ key: taint, operator: 'Exists', effect: 'NoSchedule' }],
      ...(o.claimTemplate ? { resourceClaims: [{ name: 'npu', resourceClaimTemplateName: o.claimTemplate }] } : {}),
      containers: [
        {
          name: 'main',
          image: c.image,
          imagePullPolicy: 'IfNotPresent',
          ...(c.command ? { command: [...c.command] } : {}),
          ...(c.args ? { args: [...c.args] } : {}),
          env,
          ...probes,
          resources: {
            requests: { ...compute, ...devices },
            limits: { ...compute, ...devices },
            ...(o.claimTemplate ? { claims: [{ name: 'npu' }] } : {}),
          },
          volumeMounts: [{ name: 'dshm', mountPath: '/dev/shm' }],
        },
      ],
      volumes: [{ name: 'dshm', emptyDir: { medium: 'Memory', sizeLimit: shm } }],
    },
  };
}

/** Bytes as a Kubernetes quantity: whole GiB or MiB when exact, else bytes. */
function quantity(bytes: number): string {
  const whole = Math.round(bytes);
  if (whole % GIB === 0) return `${whole / GIB}Gi`;
  if (whole % 2 ** 20 === 0) return `${whole / 2 ** 20}Mi`;
  return String(whole);
}
