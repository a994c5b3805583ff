import { getAccelerator, getModel, getNodeType, isSuperPodNodeType } from '../../src/catalog/index.ts';
import { BITS_PER_ELEMENT } from '../../src/catalog/types.ts';
import type { NodeInfo } from '../../src/inventory/types.ts';
import { kvBytesPerToken, modelShape } from '../../src/perf/model-shape.ts';
import {
  bytesPerSecond,
  count,
  defineRule,
  fail,
  formatPercent,
  notApplicable,
  notEvaluated,
  pass,
  type RuleContext,
} from '../../src/policy/index.ts';
import { servicePools } from '../shared/workloads.ts';

/**
 * A disaggregated service ships each prompt's KV cache from the prefill pool to the decode pool. The KV bytes per
 * second at the target load must fit the link between the pools (the UB level joining them, else the inter-pod link)
 * at a sustainable utilisation.
 */
export const kvTransfer = defineRule(import.meta.url, 'inference-service', (service, context) => {
  if (!service.prefill) return notApplicable();
  const [prefill, decode] = servicePools(service, context);
  if (!prefill || !decode || prefill.nodes.length === 0 || decode.nodes.length === 0) return notApplicable();
  const link = linkBetween(prefill.nodes, decode.nodes, context);
  if (!link) {
    return notEvaluated(
      'no link between the prefill and decode pools is described (no shared UB level, SuperCluster link or fabric uplink)',
    );
  }
  const bytesPerToken = kvBytesPerToken(
    modelShape(getModel(service.modelId)),
    BITS_PER_ELEMENT[service.precision.kvCache],
  );
  const { requestsPerSecond, inputTokens } = service.traffic;
  const neededBps = requestsPerSecond * inputTokens * bytesPerToken;
  const npus = Math.min(prefill.replicas * prefill.devicesPerInstance, decode.replicas * decode.devicesPerInstance);
  const utilisation = context.param<number>('fabric.kvTransferUtilisation');
  const availableBps = npus * link.perNpuBps;
  if (neededBps <= availableBps * utilisation) return pass();
  return fail(
    `KV transfer needs ${bytesPerSecond(neededBps)} (${requestsPerSecond} req/s x ${count(inputTokens)} prompt tokens x ${(bytesPerToken / 1e6).toFixed(3)} MB per token in ${service.precision.kvCache}), above ${formatPercent(utilisation)} of ${bytesPerSecond(availableBps)} (${count(npus)} NPUs x ${bytesPerSecond(link.perNpuBps)} over ${link.name})`,
    {
      fix: 'place the prefill and decode pools in one SuperPoD, add NPUs on the narrower side, or store the KV cache in a narrower precision',
      data: { neededBps, availableBps, utilisation, link: link.name },
    },
  );
});

/** The link a prefill pool's NPUs reach a decode pool's over, with its bandwidth per NPU in one direction. */
function linkBetween(
  prefill: readonly NodeInfo[],
  decode: readonly NodeInfo[],
  context: RuleContext,
): { name: string; perNpuBps: number } | null {
  const all = [...prefill, ...decode];
  const podIds = new Set(all.map((n) => n.superPodId));
  // Only SuperPoD nodes share the SuperPoD's UB levels; card servers (Atlas 350) reach them over RoCE or UBoE.
  const onUb = all.every(
    (n) =>
      getAccelerator(n.acceleratorId).scaleUp.fabric === 'unified-bus' && isSuperPodNodeType(getNodeType(n.nodeTypeId)),
  );
  const pods = [...podIds].map((id) => context.index.superPods.get(id)).filter((p) => p !== undefined);
  if (podIds.size === 1 && onUb && pods[0]) {
    const sameRack = new Set(all.map((n) => n.rackId)).size === 1;
    const level = pods[0].fabric.levels.find((l) => l.scope === (sameRack ? 'rack' : 'superpod'));
    if (level) return { name: `UB level ${level.name}`, perNpuBps: level.bandwidthPerNpuBps };
  }
  const clusters = new Set(pods.map((p) => p.superClusterId));
  const clusterId = clusters.size === 1 ? [...clusters][0] : undefined;
  const cluster = clusterId ? context.inventory.superClusters.find((c) => c.id === clusterId) : undefined;
  if (cluster)
    return {
      name: `${cluster.interPodLink.kind} between SuperPoDs`,
      perNpuBps: cluster.interPodLink.bandwidthPerNpuBps,
    };
  const uplinks = pods.map((p) => p.fabric.uplink).filter((u) => u !== undefined);
  if (uplinks.length === pods.length && uplinks.length > 0) {
    const slowest = uplinks.reduce((a, b) => (b.bandwidthPerNpuBps < a.bandwidthPerNpuBps ? b : a));
    return { name: `${slowest.kind} uplink`, perNpuBps: slowest.bandwidthPerNpuBps };
  }
  return null;
}
