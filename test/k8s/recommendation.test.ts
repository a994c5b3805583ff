import { describe, expect, it } from 'vitest';
import { DeviceAllocation, RecommendationService } from '../../constructs/index.ts';
import type { KubeObject } from '../../src/k8s/object.ts';
import { allObjects, synthesizeKubernetes } from '../../src/k8s/synthesize.ts';
import { inputErrorOf } from '../helpers/errors.ts';
import { REC_IMAGE, recommendationHall, recommendationProps } from '../helpers/recommendation.ts';
import { find } from './fixtures.ts';
import { validateObject } from './validate.ts';

function objectsOf(stack: ReturnType<typeof recommendationHall>['stack']): KubeObject[] {
  return allObjects(synthesizeKubernetes(stack.inventory()));
}

const envOf = (container: { env: { name: string; value: string }[] }) =>
  Object.fromEntries(container.env.map((e) => [e.name, e.value]));

describe('RecommendationService on Kubernetes', () => {
  it('runs one-device replicas as a Deployment that requests huawei.com/npu like the pool, behind a Service and a PDB', async () => {
    const { stack } = recommendationHall();
    new RecommendationService(stack, 'dlrm', recommendationProps());
    const objects = objectsOf(stack);
    expect(
      objects.filter((o) => o.metadata.namespace === 'recommendation').map((o) => `${o.kind}/${o.metadata.name}`),
    ).toEqual(['PodGroup/dlrm', 'Deployment/dlrm', 'Service/dlrm', 'PodDisruptionBudget/dlrm']);
    const deployment = find(objects, 'Deployment', 'dlrm');
    expect(deployment.spec.replicas).toBe(4);
    expect(deployment.metadata.labels['app.kubernetes.io/component']).toBe('recommendation');
    const pod = deployment.spec.template;
    expect(pod.metadata.annotations).toEqual({
      'huawei.com/schedule_policy': 'chip1-node8',
      'huawei.com/schedule_minAvailable': '4',
      'scheduling.k8s.io/group-name': 'dlrm',
    });
    expect(pod.spec.priorityClassName).toBe('superpod-serving');
    const container = pod.spec.containers[0];
    expect(container.image).toBe(REC_IMAGE);
    expect(container.resources.limits).toEqual({ cpu: '8', memory: '64Gi', 'huawei.com/npu': '1' });
    expect(envOf(container)).toEqual({
      MODEL_ID: 'dlrm-v2',
      SUPERPOD_ROLE: 'recommendation',
      EMBEDDING_SHARDING: 'auto',
      DEVICES_PER_REPLICA: '1',
      EMBEDDING_PRECISION: 'fp16',
      HOST_OFFLOAD: 'false',
      P99_SLO_MS: '60',
    });
    expect(find(objects, 'PodGroup', 'dlrm').spec.minResources).toEqual({ 'huawei.com/npu': '1' });
    expect(find(objects, 'PodDisruptionBudget', 'dlrm').spec.maxUnavailable).toBe(1);
    expect(objects.some((o) => o.kind === 'PriorityClass' && o.metadata.name === 'superpod-serving')).toBe(true);
    const queue = objects.find((o) => o.kind === 'Queue' && o.metadata.name === 'serving') as
      | { spec: { guarantee: { resource: Record<string, string> } } }
      | undefined;
    expect(queue?.spec.guarantee.resource['huawei.com/npu']).toBe('4');
    for (const object of objects) await validateObject(object);
  }, 30_000);

  it('claims the cards through DRA on a DRA pool, and runs a replica larger than a server as a LeaderWorkerSet', async () => {
    const { stack } = recommendationHall({ allocation: DeviceAllocation.DRA });
    new RecommendationService(
      stack,
      'big',
      recommendationProps({ replicas: 2, devicesPerReplica: 16, sharding: 'table-wise', precision: {} }),
    );
    const objects = objectsOf(stack);
    expect(
      objects.filter((o) => o.metadata.namespace === 'recommendation').map((o) => `${o.kind}/${o.metadata.name}`),
    ).toEqual(['ResourceClaimTemplate/big-npu', 'LeaderWorkerSet/big', 'Service/big', 'PodDisruptionBudget/big']);
    const lws = find(objects, 'LeaderWorkerSet', 'big');
    expect(lws.spec.replicas).toBe(2);
    expect(lws.spec.leaderWorkerTemplate.size).toBe(2);
    const leader = lws.spec.leaderWorkerTemplate.leaderTemplate.spec;
    expect(leader.resourceClaims).toEqual([{ name: 'npu', resourceClaimTemplateName: 'big-npu' }]);
    expect(leader.containers[0].resources.limits).toEqual({ cpu: '64', memory: '512Gi' });
    expect(envOf(leader.containers[0])).toMatchObject({ EMBEDDING_SHARDING: 'table-wise', DEVICES_PER_REPLICA: '16' });
    expect(find(objects, 'PodDisruptionBudget', 'big').spec.maxUnavailable).toBe(2);
    for (const object of objects) await validateObject(object);
  }, 30_000);

  it('fails when a replica spans servers without taking whole servers', () => {
    const { stack } = recommendationHall();
    new RecommendationService(stack, 'odd', recommendationProps({ devicesPerReplica: 12 }));
    expect(inputErrorOf(() => objectsOf(stack)).message).toBe(
      'rec/odd: a recommendation instance needs 12 accelerators (devicesPerReplica), more than the 8 of one node of pool "rec", and an instance spanning nodes must take whole nodes (got 12); use a multiple of 8 accelerators per instance, or at most 8',
    );
  });

  it('fails when the pool has no nodes', () => {
    const { stack } = recommendationHall();
    new RecommendationService(stack, 'lost', recommendationProps({ pool: 'nowhere' }));
    expect(inputErrorOf(() => objectsOf(stack)).message).toBe(
      'rec/lost: pool names node pool "nowhere", which has no nodes in this stack (got "nowhere"); use one of rec',
    );
  });
});
