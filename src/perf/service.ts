import { getAccelerator, getModel, getNodeType } from '../catalog/index.ts';
import { SuperpodInputError } from '../errors.ts';
import type { InferenceServiceInfo, Inventory, NodeInfo, ServingPoolInfo } from '../inventory/types.ts';
import { Power } from '../units/index.ts';
import { type PredictionConfidence, predictionConfidence } from './confidence.ts';
import { type Deployment, resolveDeployment } from './deployment.ts';
import { disaggregatedState, type KvTransfer } from './disagg.ts';
import { type Fabric, fabricFromInventory } from './fabric.ts';
import { maxBatchThatFits, memoryBreakdown } from './memory.ts';
import { type NodePowerInputs, nodeBand, nodePowerInputs, nodePowerW } from './node-power.ts';
import { idlePowerW } from './power.ts';
import { type MemoryReport, memoryReport, round, roundedGigabytes } from './predict.ts';
import { goodput, type ServingState, servingState } from './serving.ts';
import { type Interval, intervalOf, scaled, type UncertainMetric } from './uncertainty.ts';

/** Prediction of one pool of an inference service at the service's traffic. */
export interface PoolPrediction {
  readonly role: 'prefill' | 'decode' | 'aggregated';
  readonly pool: string;
  readonly accelerator: string;
  readonly replicas: number;
  readonly devicesPerInstance: number;
  readonly cards: number;
  /** Cards the node pool has, for the policy engine to compare with `cards`. */
  readonly cardsInPool: number;
  readonly requestsPerSecondPerInstance: number;
  /** Sequences per instance at the load (0 for a prefill pool). */
  readonly batch: number;
  /** Memory of the most loaded device at the pool's batch limit (maxBatch, else the load's batch) and full context. */
  readonly memory: MemoryReport;
  readonly feasible: boolean;
  readonly reason?: string;
  /** Mean accelerator power of the pool's cards at the load, W. */
  readonly powerW: number | null;
  /**
   * Mean wall power of the nodes the pool's cards fill (node-power.ts: the node type's measured idle plus the cards'
   * rise, or the nodes' host power plus the cards), W; null when the node's idle and host power are both unknown.
   */
  readonly nodePowerW: number | null;
  readonly nodePowerInterval: Interval | null;
  readonly confidence: PredictionConfidence;
}

export interface ServicePrediction {
  readonly service: string;
  readonly model: string;
  readonly mode: 'aggregated' | 'disaggregated';
  readonly pools: readonly PoolPrediction[];
  readonly feasible: boolean;
  readonly reason?: string;
  /** Mean TTFT and TPOT at the service's traffic, seconds (Infinity when the load cannot be served). */
  readonly ttftS: number;
  readonly tpotS: number;
  readonly meetsSlo: { readonly ttft: boolean; readonly tpot: boolean };
  /** Highest load meeting both SLOs with the service's replicas, and per card. */
  readonly goodput: {
    readonly requestsPerSecond: number;
    readonly outputTokensPerSecondPerCard: number;
  };
  readonly outputTokensPerSecond: number;
  /** Accelerator power of all pools at the load (null when a TDP is unknown and not required). */
  readonly powerW: number | null;
  /** Wall power of the pools' nodes at the load (null when any pool's node power is unknown). */
  readonly nodePowerW: number | null;
  /** Output tokens per joule of accelerator energy. */
  readonly tokensPerJoule: number | null;
  /** p10-p90 ranges (uncertainty.ts): TTFT from the prefill (or only) pool's family, TPOT from the decode pool's. */
  readonly intervals: {
    readonly ttftS: Interval | null;
    readonly tpotS: Interval | null;
    readonly nodePowerW: Interval | null;
  };
  readonly kvTransfer: KvTransfer | null;
}

export interface PredictServiceOptions {
  /** Return null power instead of an input error when an accelerator TDP is unknown. Default false. */
  readonly allowUnknownPower?: boolean;
}

/**
 * Predicts an inference service of the inventory on its node pools: memory fit per pool, TTFT and TPOT at the
 * service's traffic, goodput, power and tokens per joule. The policy engine calls this for its memory and SLO rules.
 */
export function predictService(
  inventory: Inventory,
  service: InferenceServiceInfo,
  opts: PredictServiceOptions = {},
): ServicePrediction {
  const model = getModel(service.modelId);
  const traffic = service.traffic;
  const slo = service.slo;
  const deploy = (pool: ServingPoolInfo) => poolDeployment(inventory, service, pool, model, opts);
  const decodeSide = deploy(service.decode);
  const decodeReplicas = service.decode.replicas;

  if (!service.prefill) {
    const d = decodeSide.d;
    const perInstance = { ...traffic, requestsPerSecond: traffic.requestsPerSecond / decodeReplicas };
    const opt = service.decode.maxBatch === undefined ? {} : { maxBatch: service.decode.maxBatch };
    const state = servingState(d, perInstance, opt);
    const g = goodput(d, traffic, slo, opt);
    const pool = poolPrediction(
      'aggregated',
      service.decode,
      decodeSide,
      state,
      perInstance.requestsPerSecond,
      traffic,
    );
    const powerW = pool.powerW;
    return finish(
      service,
      model.id,
      'aggregated',
      [pool],
      state.feasible ? undefined : state.reason,
      state.ttftS,
      state.tpotS,
      {
        requestsPerSecond: g.requestsPerSecond * decodeReplicas,
        outputTokensPerSecondPerCard: g.outputTokensPerSecondPerDevice,
      },
      powerW,
      null,
    );
  }

  const prefillSide = deploy(service.prefill);
  const prefillReplicas = service.prefill.replicas;
  const state = disaggregatedState({
    prefill: prefillSide.d,
    decode: decodeSide.d,
    prefillInstances: prefillReplicas,
    decodeInstances: decodeReplicas,
    traffic,
    ...(service.decode.maxBatch === undefined ? {} : { maxDecodeBatch: service.decode.maxBatch }),
  });
  const pools = [
    poolPrediction(
      'prefill',
      service.prefill,
      prefillSide,
      state.prefill,
      traffic.requestsPerSecond / prefillReplicas,
      traffic,
    ),
    poolPrediction(
      'decode',
      service.decode,
      decodeSide,
      state.decode,
      traffic.requestsPerSecond / decodeReplicas,
      traffic,
    ),
  ];
  const lengths = { inputTokens: traffic.inputTokens, outputTokens: traffic.outputTokens };
  const pRate =
    goodput(
      prefillSide.d,
      lengths,
      { ...slo, ttftS: Math.max(1e-9, slo.ttftS - state.kvTransfer.visibleS) },
      { prefillOnly: true },
    ).requestsPerSecond * prefillReplicas;
  const dRate = goodput(decodeSide.d, lengths, slo, { decodeOnly: true }).requestsPerSecond * decodeReplicas;
  const rate = Math.min(pRate, dRate);
  const cards = pools.reduce((s, p) => s + p.cards, 0);
  const powerW = pools.every((p) => p.powerW !== null) ? pools.reduce((s, p) => s + (p.powerW ?? 0), 0) : null;
  return finish(
    service,
    model.id,
    'disaggregated',
    pools,
    state.reason,
    state.ttftS,
    state.tpotS,
    { requestsPerSecond: rate, outputTokensPerSecondPerCard: (rate * traffic.outputTokens) / cards },
    powerW,
    state.kvTransfer,
  );
}

interface PoolSide {
  readonly d: Deployment;
  readonly cardsInPool: number;
  readonly node: NodePowerInputs;
}

/** The deployment a serving pool runs, resolved as `predictService` resolves it (unknown TDPs allowed). */
export function servingDeployment(
  inventory: Inventory,
  service: InferenceServiceInfo,
  pool: ServingPoolInfo,
): Deployment {
  return poolDeployment(inventory, service, pool, getModel(service.modelId), { allowUnknownPower: true }).d;
}

function poolDeployment(
  inventory: Inventory,
  service: InferenceServiceInfo,
  pool: ServingPoolInfo,
  model: ReturnType<typeof getModel>,
  opts: PredictServiceOptions,
): PoolSide {
  const where = `${service.path}: pool "${pool.pool}"`;
  const nodePool = inventory.nodePools.find((p) => p.name === pool.pool);
  if (!nodePool) {
    throw new SuperpodInputError({
      where,
      problem: 'no node pool of that name in the inventory',
      value: pool.pool,
      fix: `use one of: ${inventory.nodePools.map((p) => p.name).join(', ') || '(none)'}`,
    });
  }
  const poolNodeIds = new Set(nodePool.nodeIds);
  const nodes: NodeInfo[] = inventory.nodes.filter((n) => poolNodeIds.has(n.id));
  const accelerator = getAccelerator(nodePool.acceleratorId);
  const tdps = [...new Set(nodes.map((n) => n.acceleratorTdpW).filter((w): w is number => w !== null))].sort();
  const tdpW = tdps.length > 0 ? Math.max(...tdps) : null;
  if (tdpW === null && accelerator.tdpW.value === null && !opts.allowUnknownPower) {
    throw new SuperpodInputError({
      where,
      problem: `the TDP of ${accelerator.id} is not published and no node of the pool sets it`,
      fix: "set the accelerator TDP on the nodes of the pool (the node construct's tdp prop) to predict power",
    });
  }
  const pod = inventory.superPods.find((p) => p.id === nodes[0]?.superPodId);
  const fabric: Fabric | undefined = pod ? fabricFromInventory(pod.fabric) : undefined;
  const d = resolveDeployment({
    accelerator,
    model,
    precision: service.precision,
    parallelism: pool.parallelism,
    ...(fabric ? { fabric } : {}),
    ...(tdpW === null ? {} : { tdp: Power.watts(tdpW) }),
  });
  const first = nodes[0];
  const catalogueNode = first ? nodePowerInputs(getNodeType(first.nodeTypeId), first.acceleratorCount) : null;
  const node: NodePowerInputs = {
    nodeType: first?.nodeTypeId ?? nodePool.name,
    idleW: catalogueNode?.idleW ?? null,
    idleConfidence: catalogueNode?.idleConfidence ?? 'unknown',
    // The Inventory's host power (set on the node, else the catalogue's) is the fallback when idle is unknown.
    hostW: first?.hostPowerW ?? null,
    hostConfidence: catalogueNode?.hostConfidence ?? 'unknown',
    accelerators: first?.acceleratorCount ?? 8,
  };
  return { d, cardsInPool: nodes.reduce((s, n) => s + n.acceleratorCount, 0), node };
}

function poolPrediction(
  role: PoolPrediction['role'],
  pool: ServingPoolInfo,
  side: PoolSide,
  state: ServingState,
  rate: number,
  traffic: InferenceServiceInfo['traffic'],
): PoolPrediction {
  const d = side.d;
  const finalContext = role === 'prefill' ? traffic.inputTokens : traffic.inputTokens + traffic.outputTokens;
  const maxBatch = maxBatchThatFits(d, finalContext, traffic.inputTokens);
  const loadBatch =
    role === 'prefill'
      ? Math.max(1, Math.ceil(rate * state.ttftS))
      : Math.max(1, pool.maxBatch ?? Math.ceil(state.decodeBatch));
  // An overloaded pool (TTFT without bound) queues requests rather than holding them on the device: its memory is
  // that of the largest batch it can hold, and the SLO checks report the overload.
  const batch = Number.isFinite(loadBatch) ? loadBatch : Math.max(1, maxBatch);
  const mem = memoryBreakdown(d, batch, finalContext, traffic.inputTokens);
  const memory = memoryReport(
    mem,
    batch,
    maxBatch,
    () =>
      `needs ${roundedGigabytes(mem.shortfallBytes)} GB more per device at batch ${batch}; the largest batch that fits is ${maxBatch}`,
  );
  const cards = pool.replicas * d.devices;
  return {
    role,
    pool: pool.pool,
    accelerator: d.hw.id,
    replicas: pool.replicas,
    devicesPerInstance: d.devices,
    cards,
    cardsInPool: side.cardsInPool,
    requestsPerSecondPerInstance: rate,
    batch: role === 'prefill' ? 0 : state.decodeBatch,
    memory,
    feasible: state.feasible,
    ...(state.reason ? { reason: state.reason } : {}),
    powerW: state.powerPerDeviceW === null ? null : round(state.powerPerDeviceW * cards),
    ...poolNodePower(side, state.powerPerDeviceW, cards),
    confidence: predictionConfidence(d),
  };
}

/** Wall power of the nodes `cards` fill, every card at `perCardW`, with its range. */
function poolNodePower(
  side: PoolSide,
  perCardW: number | null,
  cards: number,
): { nodePowerW: number | null; nodePowerInterval: Interval | null } {
  const none = { nodePowerW: null, nodePowerInterval: null };
  if (perCardW === null || side.d.hw.tdpW === null) return none;
  const node = nodePowerW(side.node, perCardW, idlePowerW(side.d, side.d.hw.tdpW));
  if (node === null) return none;
  const watts = (node.watts * cards) / side.node.accelerators;
  return { nodePowerW: round(watts), nodePowerInterval: scaled(watts, nodeBand(node, side.d.hw.family)) };
}

function finish(
  service: InferenceServiceInfo,
  model: string,
  mode: ServicePrediction['mode'],
  pools: PoolPrediction[],
  reason: string | undefined,
  ttftS: number,
  tpotS: number,
  good: ServicePrediction['goodput'],
  powerW: number | null,
  kv: KvTransfer | null,
): ServicePrediction {
  const feasible = reason === undefined && pools.every((p) => p.feasible);
  const outputTokensPerSecond = feasible ? service.traffic.requestsPerSecond * service.traffic.outputTokens : 0;
  const family = (p: PoolPrediction) => getAccelerator(p.accelerator).family;
  const range = (value: number | null, metric: UncertainMetric, p: PoolPrediction) =>
    value === null || !Number.isFinite(value) ? null : intervalOf(value, metric, family(p));
  const nodePowerW = pools.every((p) => p.nodePowerW !== null)
    ? round(pools.reduce((s, p) => s + p.nodePowerW!, 0))
    : null;
  const decodePool = pools[pools.length - 1]!;
  const decodeBasis = decodePool.nodePowerInterval?.basis ?? 'measured';
  return {
    service: service.id,
    model,
    mode,
    pools,
    feasible,
    ...(reason ? { reason } : {}),
    ttftS,
    tpotS,
    meetsSlo: { ttft: feasible && ttftS <= service.slo.ttftS, tpot: feasible && tpotS <= service.slo.tpotS },
    goodput: good,
    outputTokensPerSecond,
    powerW,
    nodePowerW,
    intervals: {
      ttftS: range(ttftS, 'ttft', pools[0]!),
      tpotS: range(tpotS, 'tpot', decodePool),
      nodePowerW:
        nodePowerW === null
          ? null
          : {
              p10: round(pools.reduce((s, p) => s + p.nodePowerInterval!.p10, 0)),
              p90: round(pools.reduce((s, p) => s + p.nodePowerInterval!.p90, 0)),
              basis: pools.some((p) => p.nodePowerInterval!.basis === 'extrapolated') ? 'extrapolated' : decodeBasis,
            },
    },
    tokensPerJoule: powerW && powerW > 0 && feasible ? round(outputTokensPerSecond / powerW) : null,
    kvTransfer: kv,
  };
}
