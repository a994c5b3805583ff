import { type KubeObject, type ManifestStage, objectKey } from '../k8s/object.ts';
import { type KubernetesOutput, nodeLabelObjects } from '../k8s/synthesize.ts';

/** Which part of a stack a command acts on: the platform, the workloads (custom resources first), or both. */
export type StageChoice = ManifestStage | 'all';

/** Objects applied together; groups go one after another (namespaces before what lives in them). */
export interface DesiredGroup {
  readonly name: string;
  readonly stage: ManifestStage;
  readonly objects: readonly KubeObject[];
}

/** The synthesised objects of a stack as apply groups, in file order: platform files, node labels, workload files. */
export function desiredGroups(output: KubernetesOutput, stage: StageChoice): DesiredGroup[] {
  const wanted = (s: ManifestStage) => stage === 'all' || stage === s;
  const groups: DesiredGroup[] = [];
  for (const file of output.files.filter((f) => f.stage === 'platform'))
    if (wanted('platform')) groups.push({ name: file.name, stage: file.stage, objects: file.objects });
  if (wanted('platform') && output.nodeLabels.length > 0)
    groups.push({ name: '20-node-labels.yaml', stage: 'platform', objects: nodeLabelObjects(output.nodeLabels) });
  for (const file of output.files.filter((f) => f.stage === 'workloads'))
    if (wanted('workloads')) groups.push({ name: file.name, stage: file.stage, objects: file.objects });
  return groups;
}

/** Label selector of the objects a stack owns (every object superpod creates carries both labels). */
export function ownerSelector(stack: string): string {
  return `app.kubernetes.io/managed-by=superpod,superpod.dev/stack=${stack}`;
}

/**
 * Kinds prune looks at: every kind superpod can emit, so an object whose kind the stack no longer emits at all is
 * still found. Never Nodes (superpod only labels them) and never Namespaces (deleting one deletes everything in it,
 * including what superpod does not manage).
 */
export const PRUNABLE_KINDS: ReadonlyArray<{ apiVersion: string; kind: string; stage: ManifestStage }> = [
  { apiVersion: 'v1', kind: 'ServiceAccount', stage: 'platform' },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', stage: 'platform' },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', stage: 'platform' },
  { apiVersion: 'apps/v1', kind: 'DaemonSet', stage: 'platform' },
  { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', stage: 'platform' },
  { apiVersion: 'resource.k8s.io/v1', kind: 'DeviceClass', stage: 'platform' },
  { apiVersion: 'resource.k8s.io/v1', kind: 'ResourceSlice', stage: 'platform' },
  { apiVersion: 'v1', kind: 'ConfigMap', stage: 'platform' },
  { apiVersion: 'scheduling.volcano.sh/v1beta1', kind: 'Queue', stage: 'workloads' },
  { apiVersion: 'topology.volcano.sh/v1alpha1', kind: 'HyperNode', stage: 'workloads' },
  { apiVersion: 'scheduling.volcano.sh/v1beta1', kind: 'PodGroup', stage: 'workloads' },
  { apiVersion: 'resource.k8s.io/v1', kind: 'ResourceClaimTemplate', stage: 'workloads' },
  { apiVersion: 'apps/v1', kind: 'Deployment', stage: 'workloads' },
  { apiVersion: 'leaderworkerset.x-k8s.io/v1', kind: 'LeaderWorkerSet', stage: 'workloads' },
  { apiVersion: 'batch.volcano.sh/v1alpha1', kind: 'Job', stage: 'workloads' },
  { apiVersion: 'batch/v1', kind: 'Job', stage: 'workloads' },
  { apiVersion: 'v1', kind: 'Service', stage: 'workloads' },
  { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', stage: 'workloads' },
];

const NEVER_PRUNED = new Set(['Node', 'Namespace']);

/** The kinds to list for prune at this stage, plus any other kind the desired objects use (except Node, Namespace). */
export function pruneKinds(groups: readonly DesiredGroup[], stage: StageChoice) {
  const kinds = new Map<string, { apiVersion: string; kind: string }>();
  for (const k of PRUNABLE_KINDS)
    if (stage === 'all' || k.stage === stage)
      kinds.set(`${k.apiVersion}/${k.kind}`, { apiVersion: k.apiVersion, kind: k.kind });
  for (const group of groups)
    for (const o of group.objects)
      if (!NEVER_PRUNED.has(o.kind)) kinds.set(`${o.apiVersion}/${o.kind}`, { apiVersion: o.apiVersion, kind: o.kind });
  return [...kinds.values()];
}

/** Identity of an object across desired and live: API group, kind, namespace, name. */
export function identity(object: KubeObject): string {
  const group = object.apiVersion.includes('/') ? object.apiVersion.split('/')[0] : '';
  return `${group}/${objectKey(object)}`;
}

/** `Kind/namespace/name` for messages. */
export function describeObject(object: KubeObject): string {
  return objectKey(object);
}
