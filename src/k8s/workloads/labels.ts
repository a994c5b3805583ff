import { POOL_LABEL } from '../node-labels.ts';
import { ownershipLabels } from '../object.ts';
import type { PoolFacts, WorkloadContext } from './context.ts';

function appLabels(app: string, instance: string, component: string): Record<string, string> {
  return {
    'app.kubernetes.io/name': app,
    'app.kubernetes.io/instance': instance,
    'app.kubernetes.io/component': component,
  };
}

/** Labels of the objects of a workload: ownership plus the app.kubernetes.io name, instance and component. */
export function objectLabels(
  ctx: WorkloadContext,
  app: string,
  instance: string,
  component: string,
): Record<string, string> {
  return { ...ownershipLabels(ctx.inventory.stack), ...appLabels(app, instance, component) };
}

/** Labels of the pods: what selectors match, the pool, and MindCluster's marker on device-plugin NPU pods. */
export function selectorLabels(
  app: string,
  instance: string,
  component: string,
  facts: PoolFacts,
): Record<string, string> {
  return {
    ...appLabels(app, instance, component),
    'app.kubernetes.io/part-of': 'superpod',
    [POOL_LABEL]: facts.pool.name,
    // MindCluster's marker for pods whose NPUs its components track (`ascend-npu` for huawei.com/npu).
    ...(facts.huawei && facts.pool.deviceAllocation === 'device-plugin'
      ? { 'ring-controller.atlas': 'ascend-npu' }
      : {}),
  };
}
