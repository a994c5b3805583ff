import type { IPriorityClass } from 'kubernetes-models/scheduling.k8s.io/v1/PriorityClass';
import type { INamespace } from 'kubernetes-models/v1/Namespace';
import type { Inventory, WorkloadInfo } from '../../inventory/types.ts';
import { ownershipLabels, type Typed } from '../object.ts';

export const PRIORITY_CLASSES = { serving: 'superpod-serving', training: 'superpod-training' } as const;
const SYSTEM_NAMESPACES = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);

type PriorityClassFields = Pick<IPriorityClass, 'value' | 'preemptionPolicy' | 'description'> & { name: string };

const SERVING: PriorityClassFields = {
  name: PRIORITY_CLASSES.serving,
  value: 100000,
  preemptionPolicy: 'PreemptLowerPriority',
  description: 'superpod inference services: may preempt training to keep serving capacity',
};

/** The PriorityClass of each workload kind: serving may preempt training, training never preempts. */
const PRIORITY_CLASS_OF: Record<WorkloadInfo['kind'], PriorityClassFields> = {
  'inference-service': SERVING,
  'recommendation-service': SERVING,
  'training-job': {
    name: PRIORITY_CLASSES.training,
    value: 10000,
    preemptionPolicy: 'Never',
    description: 'superpod training jobs: run on capacity serving does not need',
  },
};

/** Namespaces (other than the system ones) and PriorityClasses the workloads need, applied with the platform. */
export function platformObjects(inventory: Inventory): Array<Typed<INamespace> | Typed<IPriorityClass>> {
  const labels = ownershipLabels(inventory.stack);
  const namespaces = [...new Set(inventory.workloads.map((w) => w.namespace))]
    .filter((ns) => !SYSTEM_NAMESPACES.has(ns))
    .sort()
    .map((name): Typed<INamespace> => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } }));
  const used = new Set(inventory.workloads.map((w) => PRIORITY_CLASS_OF[w.kind]));
  const priorityClasses = [SERVING, PRIORITY_CLASS_OF['training-job']]
    .filter((fields) => used.has(fields))
    .map((fields): Typed<IPriorityClass> => {
      const { name, value, preemptionPolicy, description } = fields;
      return {
        apiVersion: 'scheduling.k8s.io/v1',
        kind: 'PriorityClass',
        metadata: { name, labels },
        value,
        preemptionPolicy,
        description,
      };
    });
  return [...namespaces, ...priorityClasses];
}
