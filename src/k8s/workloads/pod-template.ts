import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IEnvVar } from 'kubernetes-models/v1/EnvVar';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { IPodTemplateSpec } from 'kubernetes-models/v1/PodTemplateSpec';
import type { Inventory, ParallelismInfo, WorkloadContainerInfo } from '../../inventory/types.ts';
import { claimConstraint, resourceClaimTemplate } from '../dra.ts';
import { POOL_LABEL } from '../node-labels.ts';
import type { KubeObject } from '../object.ts';
import type { PoolFacts, WorkloadContext } from './context.ts';

const GIB = 2 ** 30;
/** Defaults per accelerator of a pod when the workload does not say. */
const PER_ACCELERATOR = { cpu: 8, memoryBytes: 64 * GIB, sharedMemoryBytes: 8 * GIB } as const;
/** Name of the pod's DRA claim and of the container's reference to it. */
const CLAIM = 'npu';

/** A pod template whose spec is always set (the Indexed Job adds its subdomain to it). */
export type PodTemplate = IPodTemplateSpec & { readonly spec: IPodSpec };

export interface PodTemplateOptions {
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
export function podTemplate(o: PodTemplateOptions): PodTemplate {
  const c = o.container;
  const cpu = String(c.cpuPerPod ?? PER_ACCELERATOR.cpu * o.npus);
  const memory = quantity(c.memoryPerPodBytes ?? PER_ACCELERATOR.memoryBytes * o.npus);
  const shm = quantity(c.sharedMemoryBytes ?? PER_ACCELERATOR.sharedMemoryBytes * o.npus);
  const compute = { cpu, memory };
  const devices = o.claimTemplate ? {} : { [o.facts.resourceName]: String(o.npus) };
  const userEnv = c.env ?? {};
  const env: IEnvVar[] = [
    ...Object.entries(o.env)
      .filter(([k]) => !(k in userEnv))
      .map(([name, value]) => ({ name, value })),
    ...Object.entries(userEnv).map(([name, value]) => ({ name, value })),
  ];
  const http = { path: c.healthPath ?? '/health', port: 'http' };
  const probes: Pick<IContainer, 'ports' | 'startupProbe' | 'readinessProbe' | 'livenessProbe'> = o.probes
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
      ...(o.claimTemplate ? { resourceClaims: [{ name: CLAIM, resourceClaimTemplateName: o.claimTemplate }] } : {}),
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
            ...(o.claimTemplate ? { claims: [{ name: CLAIM }] } : {}),
          },
          volumeMounts: [{ name: 'dshm', mountPath: '/dev/shm' }],
        },
      ],
      volumes: [{ name: 'dshm', emptyDir: { medium: 'Memory', sizeLimit: shm } }],
    },
  };
}

/** The DRA claim template of a workload on a DRA pool (named `<name>-npu`); none on a device-plugin pool. */
export function npuClaim(
  inventory: Inventory,
  facts: PoolFacts,
  name: string,
  namespace: string,
  labels: Record<string, string>,
  count: number,
): { readonly claimTemplate: string | undefined; readonly objects: KubeObject[] } {
  if (facts.pool.deviceAllocation !== 'dra') return { claimTemplate: undefined, objects: [] };
  const claimTemplate = `${name}-${CLAIM}`;
  return {
    claimTemplate,
    objects: [
      resourceClaimTemplate({
        name: claimTemplate,
        namespace,
        labels,
        acceleratorId: facts.pool.acceleratorId,
        count,
        matchAttribute: claimConstraint(inventory, facts.pool, count),
      }),
    ],
  };
}

/**
 * Whether MindCluster's Volcano plugin places the pods (it handles huawei.com/npu requests only; DRA pods are placed
 * by the DRA allocator), and the Ascend schedule policy annotation of the pool's node type when it does.
 */
export function mindClusterScheduling(
  ctx: WorkloadContext,
  facts: PoolFacts,
): { readonly placed: boolean; readonly annotations: Record<string, string> } {
  const placed = ctx.volcano && facts.huawei && facts.pool.deviceAllocation !== 'dra';
  return {
    placed,
    annotations: placed && facts.schedulePolicy ? { 'huawei.com/schedule_policy': facts.schedulePolicy } : {},
  };
}

/** The parallelism of an instance as the environment the serving and training frameworks read. */
export function parallelismEnv(p: ParallelismInfo): Record<string, string> {
  return { TP_SIZE: String(p.tp), PP_SIZE: String(p.pp), DP_SIZE: String(p.dp), EP_SIZE: String(p.ep) };
}

/** Bytes as a Kubernetes quantity: whole GiB or MiB when exact, else bytes. */
function quantity(bytes: number): string {
  const whole = Math.round(bytes);
  if (whole % GIB === 0) return `${whole / GIB}Gi`;
  if (whole % 2 ** 20 === 0) return `${whole / 2 ** 20}Mi`;
  return String(whole);
}
