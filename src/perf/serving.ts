import { type Deployment, tokensPerDecodeStep } from './deployment.ts';
import { requireNumber } from './input-checks.ts';
import { maxBatchThatFits } from './memory.ts';
import { devicePowerW, idlePowerW } from './power.ts';
import { decodeStep, prefillStep } from './step.ts';

/** Offered load on one service: Poisson arrivals of requests with mean input and output lengths. */
export interface Traffic {
  readonly requestsPerSecond: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
}

export interface Slo {
  readonly ttftS: number;
  readonly tpotS: number;
}

/** Steady state of one instance under a load. Times in seconds. */
export interface ServingState {
  /** Requests per second this instance receives. */
  readonly requestsPerSecond: number;
  readonly feasible: boolean;
  /** Why not, when infeasible. */
  readonly reason?: string;
  /** Sequences decoding at once (Little's law). */
  readonly decodeBatch: number;
  readonly maxBatch: number;
  readonly ttftS: number;
  readonly tpotS: number;
  /** Share of device time spent on prefill. */
  readonly prefillShare: number;
  readonly outputTokensPerSecond: number;
  /** Mean power per device, W (null when the TDP is unknown). */
  readonly powerPerDeviceW: number | null;
}

export interface ServingOptions {
  /** Largest batch the operator allows (serving engine max_num_seqs / max_batch_size). */
  readonly maxBatch?: number;
  /** Prefill runs on other instances (disaggregated): no prefill work here, TTFT not computed. */
  readonly decodeOnly?: boolean;
  /** Prefill only (a disaggregated prefill pool): no decode batch. */
  readonly prefillOnly?: boolean;
}

/**
 * KV length a sequence holds on average under steady load. Engines allocate the KV cache in pages as tokens are
 * generated (vLLM PagedAttention, TRT-LLM paged KV), and with arrivals spread over time the running sequences are
 * at every stage of their output, so the cache holds input + output / 2 per sequence on average. A prefill-only
 * instance holds prompts only until their KV cache has moved on.
 */
function heldContext(traffic: Omit<Traffic, 'requestsPerSecond'>, opts: ServingOptions): number {
  return opts.prefillOnly ? traffic.inputTokens : traffic.inputTokens + traffic.outputTokens / 2;
}

export function checkTraffic(t: Traffic, where = 'traffic'): void {
  for (const [name, v, min] of [
    ['requestsPerSecond', t.requestsPerSecond, 0],
    ['inputTokens', t.inputTokens, 1],
    ['outputTokens', t.outputTokens, 1],
  ] as const) {
    requireNumber(`${where}.${name}`, v, {
      min,
      fix: `give ${name} as a plain number, e.g. ${name === 'requestsPerSecond' ? 10 : 1024}`,
    });
  }
}

/** Prefill time of one prompt alone, and the marginal time per prompt when prompts are batched into full chunks. */
export function prefillCosts(d: Deployment, inputTokens: number): { singleS: number; perPromptS: number } {
  const singleS = prefillStep(d, 1, inputTokens).timeS;
  const promptsPerChunk = Math.max(1, Math.floor((d.prefillChunkTokens * d.parallelism.dp) / inputTokens));
  const batched = promptsPerChunk > 1 ? prefillStep(d, promptsPerChunk, inputTokens).timeS / promptsPerChunk : singleS;
  return { singleS, perPromptS: Math.min(singleS, batched) };
}

/** M/D/1 mean wait in queue: rho * D / (2 (1 - rho)). */
export function md1WaitS(rho: number, serviceS: number): number {
  if (rho <= 0) return 0;
  if (rho >= 1) return Number.POSITIVE_INFINITY;
  return (rho * serviceS) / (2 * (1 - rho));
}

/**
 * One instance at `requestsPerSecond`. Decode batch from Little's law (batch = arrivals x decode steps x step
 * time), solved as a fixed point because the step time grows with the batch; prefill work shares the device
 * (chunked prefill), stretching each step by 1 / (1 - prefill share); TTFT = residual of the running step +
 * the step carrying the prompt + M/D/1 queueing of prompts (DistServe).
 */
export function servingState(d: Deployment, traffic: Traffic, opts: ServingOptions = {}): ServingState {
  checkTraffic(traffic);
  const lambda = traffic.requestsPerSecond;
  const perStep = tokensPerDecodeStep(d);
  const context = traffic.inputTokens + traffic.outputTokens / 2;
  const memoryMax = maxBatchThatFits(d, heldContext(traffic, opts), traffic.inputTokens);
  const maxBatch = Math.min(memoryMax, opts.maxBatch ?? Number.POSITIVE_INFINITY);
  const tdp = d.hw.tdpW;
  const base = { requestsPerSecond: lambda, maxBatch };
  if (maxBatch < 1) {
    return infeasible(base, 'the model does not fit in memory at this context with one sequence');
  }

  const pf = opts.decodeOnly ? { singleS: 0, perPromptS: 0 } : prefillCosts(d, traffic.inputTokens);
  const prefillShare = lambda * pf.perPromptS;
  if (!opts.decodeOnly && prefillShare >= 1) {
    return infeasible(base, `prefill alone needs ${fmt(prefillShare * 100)}% of the device time`, prefillShare);
  }
  if (opts.prefillOnly) {
    const wait = md1WaitS(prefillShare, pf.singleS);
    const step = prefillStep(d, 1, traffic.inputTokens);
    return {
      ...base,
      feasible: true,
      decodeBatch: 0,
      ttftS: pf.singleS + wait,
      tpotS: 0,
      prefillShare,
      outputTokensPerSecond: 0,
      powerPerDeviceW:
        tdp === null ? null : devicePowerW(d, step, tdp) * prefillShare + idlePowerW(d, tdp) * (1 - prefillShare),
    };
  }

  const steps = Math.max(0, traffic.outputTokens - 1) / perStep;
  const stretch = 1 / (1 - prefillShare);
  const tpotAt = (b: number) => (decodeStep(d, Math.max(b, 1e-6), context).timeS * stretch) / perStep;
  const demand = (b: number) => lambda * steps * perStep * tpotAt(b) - b;
  let batch = 0;
  if (steps > 0 && lambda > 0) {
    if (demand(maxBatch) > 0) {
      return infeasible(base, `needs more than the ${maxBatch} concurrent sequences that fit`, prefillShare);
    }
    let lo = 0;
    let hi = maxBatch;
    for (let i = 0; i < 40 && hi - lo > 1e-3 * Math.max(1, hi); i++) {
      const mid = (lo + hi) / 2;
      if (demand(mid) > 0) lo = mid;
      else hi = mid;
    }
    batch = hi;
  }
  const decode = decodeStep(d, Math.max(batch, 1e-6), context);
  const tpotS = (decode.timeS * stretch) / perStep;
  let ttftS = 0;
  if (!opts.decodeOnly) {
    const stepS = decode.timeS * stretch;
    const carrying = (batch > 0 ? decode.timeS : 0) + pf.singleS;
    ttftS = (batch > 0 ? stepS / 2 : 0) + carrying + md1WaitS(prefillShare, pf.singleS);
  }
  let powerPerDeviceW: number | null = null;
  if (tdp !== null) {
    const decodeW = devicePowerW(d, decode, tdp);
    const prefillW = opts.decodeOnly ? 0 : devicePowerW(d, prefillStep(d, 1, traffic.inputTokens), tdp);
    powerPerDeviceW =
      batch > 0 || prefillShare > 0 ? prefillShare * prefillW + (1 - prefillShare) * decodeW : idlePowerW(d, tdp);
  }
  return {
    ...base,
    feasible: true,
    decodeBatch: batch,
    ttftS,
    tpotS,
    prefillShare,
    outputTokensPerSecond: lambda * traffic.outputTokens,
    powerPerDeviceW,
  };
}

function infeasible(
  base: { requestsPerSecond: number; maxBatch: number },
  reason: string,
  prefillShare = 0,
): ServingState {
  return {
    ...base,
    feasible: false,
    reason,
    decodeBatch: 0,
    ttftS: Number.POSITIVE_INFINITY,
    tpotS: Number.POSITIVE_INFINITY,
    prefillShare,
    outputTokensPerSecond: 0,
    powerPerDeviceW: null,
  };
}

export function meetsSlo(s: ServingState, slo: Slo, check: { ttft?: boolean; tpot?: boolean } = {}): boolean {
  if (!s.feasible) return false;
  if (check.ttft !== false && s.ttftS > slo.ttftS) return false;
  if (check.tpot !== false && s.tpotS > slo.tpotS) return false;
  return true;
}

/** Goodput of one instance: the highest request rate whose TTFT and TPOT both meet the SLO, and its state there. */
export interface Goodput {
  readonly requestsPerSecond: number;
  readonly requestsPerSecondPerDevice: number;
  readonly outputTokensPerSecondPerDevice: number;
  /** Decode batch at that rate. */
  readonly batch: number;
}

/**
 * Goodput by bisection on the decode batch: for a batch B, Little's law gives the rate in closed form,
 * lambda(B) = B / (steps x t(B) + B x t_prefill), since TPOT = t(B) / (1 - lambda t_prefill); TPOT and TTFT grow
 * with B, so the largest B meeting both SLOs gives the goodput. One decode-step evaluation per bisection step.
 */
export function goodput(
  d: Deployment,
  traffic: Omit<Traffic, 'requestsPerSecond'>,
  slo: Slo,
  opts: ServingOptions = {},
): Goodput {
  checkTraffic({ ...traffic, requestsPerSecond: 0 });
  const zero: Goodput = {
    requestsPerSecond: 0,
    requestsPerSecondPerDevice: 0,
    outputTokensPerSecondPerDevice: 0,
    batch: 0,
  };
  const perStep = tokensPerDecodeStep(d);
  const context = traffic.inputTokens + traffic.outputTokens / 2;
  const memoryMax = maxBatchThatFits(d, heldContext(traffic, opts), traffic.inputTokens);
  const maxBatch = Math.min(memoryMax, opts.maxBatch ?? Number.POSITIVE_INFINITY);
  if (maxBatch < 1) return zero;
  const steps = Math.max(1, traffic.outputTokens - 1) / perStep;

  if (opts.prefillOnly) {
    const pf = prefillCosts(d, traffic.inputTokens);
    // TTFT = D + rho D / (2 (1 - rho)) <= S  =>  rho <= 2 (S - D) / (2 (S - D) + D).
    const slack = slo.ttftS - pf.singleS;
    if (slack <= 0) return zero;
    const rho = (2 * slack) / (2 * slack + pf.singleS);
    const rate = rho / pf.perPromptS;
    return {
      requestsPerSecond: rate,
      requestsPerSecondPerDevice: rate / d.devices,
      outputTokensPerSecondPerDevice: (rate * traffic.outputTokens) / d.devices,
      batch: 0,
    };
  }

  const pf = opts.decodeOnly ? { singleS: 0, perPromptS: 0 } : prefillCosts(d, traffic.inputTokens);
  const at = (b: number) => {
    const stepS = decodeStep(d, b, context).timeS;
    const rate = b / (steps * stepS + b * pf.perPromptS);
    const share = rate * pf.perPromptS;
    const tpotS = stepS / (1 - share) / perStep;
    const ttftS = opts.decodeOnly ? 0 : stepS / (1 - share) / 2 + stepS + pf.singleS + md1WaitS(share, pf.singleS);
    return { rate, tpotS, ttftS, ok: tpotS <= slo.tpotS && (opts.decodeOnly || ttftS <= slo.ttftS) };
  };
  if (!at(1).ok) return zero;
  let lo = 1;
  let hi = maxBatch;
  if (at(hi).ok) lo = hi;
  else {
    while (hi - lo > Math.max(0.5, lo * 0.002)) {
      const mid = (lo + hi) / 2;
      if (at(mid).ok) lo = mid;
      else hi = mid;
    }
  }
  const best = at(lo);
  return {
    requestsPerSecond: best.rate,
    requestsPerSecondPerDevice: best.rate / d.devices,
    outputTokensPerSecondPerDevice: (best.rate * traffic.outputTokens) / d.devices,
    batch: lo,
  };
}

/**
 * A closed loop of `concurrency` clients with fixed prompt and output lengths (benchmark tools' --concurrency with
 * deterministic lengths). Prompts are admitted in groups that fill one scheduler step's token budget
 * (`prefillChunkTokens`): a group's prompts arrive together, are prefilled in one pass (TTFT: that pass plus the
 * decode step it joins) and, having the same lengths, finish together, so the groups stay staggered. Every request
 * cycle the instance prefills concurrency / group groups, which stretches the decode steps in between (TPOT).
 */
export function closedLoopState(
  d: Deployment,
  concurrency: number,
  traffic: Omit<Traffic, 'requestsPerSecond'>,
  opts: ServingOptions = {},
): ServingState {
  checkTraffic({ ...traffic, requestsPerSecond: concurrency });
  const perStep = tokensPerDecodeStep(d);
  const context = traffic.inputTokens + traffic.outputTokens / 2;
  const memoryMax = maxBatchThatFits(d, context, traffic.inputTokens);
  const maxBatch = Math.min(memoryMax, opts.maxBatch ?? Number.POSITIVE_INFINITY);
  if (maxBatch < 1) {
    return infeasible(
      { requestsPerSecond: 0, maxBatch },
      'the model does not fit in memory at this context with one sequence',
    );
  }
  const batch = Math.max(1, Math.min(concurrency, maxBatch));
  const budget = d.prefillChunkTokens * d.parallelism.dp;
  const group = Math.max(1, Math.min(batch, Math.floor(budget / traffic.inputTokens)));
  const groupPrefill = prefillStep(d, group, traffic.inputTokens);
  const decode = decodeStep(d, batch, context);
  const steps = Math.max(1, traffic.outputTokens - 1) / perStep;
  const prefillPerCycleS = (batch / group) * groupPrefill.timeS;
  const cycleS = prefillPerCycleS + steps * decode.timeS;
  const tpotS = cycleS / steps / perStep;
  const requestsPerSecond = batch / cycleS;
  // Requests beyond the batch that fits wait for a whole cycle per batch ahead of them.
  const queuedS = concurrency > batch ? ((concurrency / batch - 1) / 2) * cycleS : 0;
  const prefillShare = prefillPerCycleS / cycleS;
  const tdp = d.hw.tdpW;
  return {
    requestsPerSecond,
    maxBatch,
    feasible: true,
    decodeBatch: batch,
    ttftS: groupPrefill.timeS + decode.timeS + queuedS,
    tpotS,
    prefillShare,
    outputTokensPerSecond: requestsPerSecond * traffic.outputTokens,
    powerPerDeviceW:
      tdp === null
        ? null
        : prefillShare * devicePowerW(d, groupPrefill, tdp) + (1 - prefillShare) * devicePowerW(d, decode, tdp),
  };
}

function fmt(x: number): string {
  return x.toFixed(1);
}
