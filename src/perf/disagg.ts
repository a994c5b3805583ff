import { SuperpodInputError } from '../errors.ts';
import type { Deployment } from './deployment.ts';
import { type FabricLevel, spanOf } from './fabric.ts';
import { kvElementsPerSequence } from './model-shape.ts';
import { checkTraffic, goodput, type ServingState, type Slo, servingState, type Traffic } from './serving.ts';
import { prefillStep } from './step.ts';

/**
 * Prefill/decode disaggregation: prompts run on a prefill pool, their KV cache moves over the fabric to a decode
 * pool, which only decodes (Splitwise, DistServe; DeepSeek and SGLang production). TTFT = prefill queueing and
 * prefill on a prefill instance + the part of the KV transfer that the layer-by-layer pipelining does not hide;
 * TPOT comes from the decode pool alone, free of prefill interference.
 */
export interface DisaggregatedInput {
  readonly prefill: Deployment;
  readonly decode: Deployment;
  readonly prefillInstances: number;
  readonly decodeInstances: number;
  /** Total offered load on the service. */
  readonly traffic: Traffic;
  /** Link the KV cache crosses; default: the prefill fabric level that holds both instances. */
  readonly kvLink?: FabricLevel;
  readonly maxDecodeBatch?: number;
}

export interface KvTransfer {
  readonly bytesPerRequest: number;
  readonly link: string;
  /** Whole transfer of one request's KV cache. */
  readonly transferS: number;
  /** Part added to TTFT after layer-wise overlap with the prefill. */
  readonly visibleS: number;
}

export interface DisaggregatedState {
  readonly feasible: boolean;
  readonly reason?: string;
  readonly ttftS: number;
  readonly tpotS: number;
  readonly kvTransfer: KvTransfer;
  readonly prefill: ServingState;
  readonly decode: ServingState;
  /** Prefill instances per decode instance. */
  readonly poolRatio: number;
  readonly prefillDevices: number;
  readonly decodeDevices: number;
  readonly outputTokensPerSecond: number;
}

/** KV transfer of one prompt's cache from a prefill instance to a decode instance. */
export function kvTransfer(
  prefill: Deployment,
  decode: Deployment,
  inputTokens: number,
  link?: FabricLevel,
): KvTransfer {
  if (prefill.model.id !== decode.model.id) {
    throw new SuperpodInputError({
      where: 'disaggregation',
      problem: 'the prefill and decode pools serve different models',
      value: `${prefill.model.id} / ${decode.model.id}`,
      fix: 'use the same model on both pools',
    });
  }
  if (prefill.precision.choice.kvCache !== decode.precision.choice.kvCache) {
    throw new SuperpodInputError({
      where: 'disaggregation',
      problem: 'the prefill and decode pools keep the KV cache in different formats',
      value: `${prefill.precision.choice.kvCache} / ${decode.precision.choice.kvCache}`,
      fix: 'use one KV-cache precision on both pools',
    });
  }
  const bytesPerRequest = (kvElementsPerSequence(prefill.shape, inputTokens) * prefill.precision.kvBits) / 8;
  const level = link ?? spanOf(prefill.fabric, prefill.devices + decode.devices).level;
  // A sequence's cache lives on the tp x pp devices of its data-parallel group, which send their shards (layers,
  // heads) in parallel to the matching decode ranks.
  const holders = (d: Deployment) => d.parallelism.tp * d.parallelism.pp;
  const senders = Math.max(1, Math.min(holders(prefill), holders(decode)));
  const bandwidth = level.bandwidthBps * prefill.cal.collectives.busEfficiency * senders;
  const transferS = prefill.cal.collectives.launchS + level.latencyS + bytesPerRequest / bandwidth;
  const layers = prefill.shape.layers;
  const prefillS = prefillStep(prefill, 1, inputTokens).timeS;
  const visibleS = Math.max(transferS - (prefillS * (layers - 1)) / layers, transferS / layers);
  return { bytesPerRequest, link: level.name, transferS, visibleS };
}

export function disaggregatedState(input: DisaggregatedInput): DisaggregatedState {
  checkTraffic(input.traffic);
  for (const [name, n] of [
    ['prefillInstances', input.prefillInstances],
    ['decodeInstances', input.decodeInstances],
  ] as const) {
    if (!Number.isSafeInteger(n) || n < 1) {
      throw new SuperpodInputError({
        where: `disaggregation.${name}`,
        problem: 'must be a whole number of at least 1',
        value: n,
        fix: 'give at least one instance per pool',
      });
    }
  }
  const { traffic } = input;
  const kv = kvTransfer(input.prefill, input.decode, traffic.inputTokens, input.kvLink);
  const prefill = servingState(
    input.prefill,
    { ...traffic, requestsPerSecond: traffic.requestsPerSecond / input.prefillInstances },
    { prefillOnly: true },
  );
  const decode = servingState(
    input.decode,
    { ...traffic, requestsPerSecond: traffic.requestsPerSecond / input.decodeInstances },
    { decodeOnly: true, ...(input.maxDecodeBatch === undefined ? {} : { maxBatch: input.maxDecodeBatch }) },
  );
  const feasible = prefill.feasible && decode.feasible;
  const reason = !prefill.feasible
    ? `prefill pool: ${prefill.reason}`
    : !decode.feasible
      ? `decode pool: ${decode.reason}`
      : undefined;
  return {
    feasible,
    ...(reason ? { reason } : {}),
    ttftS: prefill.ttftS + kv.visibleS,
    tpotS: decode.tpotS,
    kvTransfer: kv,
    prefill,
    decode,
    poolRatio: input.prefillInstances / input.decodeInstances,
    prefillDevices: input.prefillInstances * input.prefill.devices,
    decodeDevices: input.decodeInstances * input.decode.devices,
    outputTokensPerSecond: feasible ? traffic.requestsPerSecond * traffic.outputTokens : 0,
  };
}

/** Pool sizes of a disaggregated service that meet the SLO at the load: the prefill:decode ratio. */
export interface PoolSizing {
  readonly feasible: boolean;
  readonly reason?: string;
  readonly prefillInstances: number;
  readonly decodeInstances: number;
  /** Highest rate one instance of each pool sustains within the SLO. */
  readonly prefillRatePerInstance: number;
  readonly decodeRatePerInstance: number;
  readonly kvTransfer: KvTransfer;
}

export function sizePools(
  prefill: Deployment,
  decode: Deployment,
  traffic: Traffic,
  slo: Slo,
  kvLink?: FabricLevel,
): PoolSizing {
  checkTraffic(traffic);
  const kv = kvTransfer(prefill, decode, traffic.inputTokens, kvLink);
  const lengths = { inputTokens: traffic.inputTokens, outputTokens: traffic.outputTokens };
  const ttftBudget = slo.ttftS - kv.visibleS;
  const p = ttftBudget > 0 ? goodput(prefill, lengths, { ...slo, ttftS: ttftBudget }, { prefillOnly: true }) : null;
  const dd = goodput(decode, lengths, slo, { decodeOnly: true });
  const prefillRate = p?.requestsPerSecond ?? 0;
  const decodeRate = dd.requestsPerSecond;
  const base = { prefillRatePerInstance: prefillRate, decodeRatePerInstance: decodeRate, kvTransfer: kv };
  if (prefillRate <= 0) {
    return {
      ...base,
      feasible: false,
      reason: `one prompt's prefill plus KV transfer (${(kv.visibleS * 1e3).toFixed(1)} ms visible) exceeds the ${slo.ttftS * 1e3} ms TTFT SLO`,
      prefillInstances: 0,
      decodeInstances: 0,
    };
  }
  if (decodeRate <= 0) {
    return {
      ...base,
      feasible: false,
      reason: 'no decode batch meets the TPOT SLO',
      prefillInstances: 0,
      decodeInstances: 0,
    };
  }
  return {
    ...base,
    feasible: true,
    prefillInstances: Math.max(1, Math.ceil(traffic.requestsPerSecond / prefillRate)),
    decodeInstances: Math.max(1, Math.ceil(traffic.requestsPerSecond / decodeRate)),
  };
}
