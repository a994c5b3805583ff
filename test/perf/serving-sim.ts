import {
  type Deployment,
  decodeStep,
  maxBatchThatFits,
  prefillCosts,
  servingState,
  type Traffic,
  tokensPerDecodeStep,
} from '../../src/perf/index.ts';

/**
 * A step-level simulation of one in-flight-batching engine under Poisson arrivals, to check the closed-form
 * serving model (src/perf/serving.ts: Little's-law decode batch, prefill stretching the steps, M/D/1 prompt queue)
 * against the process it approximates. It takes the same step costs as the closed form (one decode step of the
 * running batch from `decodeStep`, plus each prompt token at the batched prefill cost of `prefillCosts`), so the two
 * differ only in the queueing: arrival bursts, the step a prompt waits for, the batch fluctuating with the load.
 *
 * Each step: every running sequence that has its first token decodes one step; waiting prompts are then taken
 * first come first served into the step's prompt-token budget (`prefillChunkTokens` x dp, the engines' chunked
 * prefill; a prompt longer than what is left is split and continues in the next step), while the running count
 * stays within the batch limit (memory, or the engine's max_num_seqs). A prompt's first token comes at the end of
 * the step that finishes its prefill; its TPOT is the time from there to its last token over the tokens between.
 */
export interface SimulationOptions {
  /** Engine limit on running sequences (max_num_seqs, max_batch_size); default: what fits in memory. */
  readonly maxRunning?: number;
  /** Requests simulated before measuring (the queue filling up). Default 4 x the closed form's decode batch, at least 500. */
  readonly warmupRequests?: number;
  /** Requests measured after the warm-up. Default 2,000. */
  readonly measuredRequests?: number;
  /** Seed of the arrival process (deterministic). Default 1. */
  readonly seed?: number;
}

export interface SimulationResult {
  readonly ttftS: number;
  readonly tpotS: number;
  /** Mean sequences decoding over the measured window, weighted by step time (Little's law's L). */
  readonly meanDecoding: number;
  readonly measured: number;
  /** The queue kept growing: the offered load exceeds what the engine serves. */
  readonly saturated: boolean;
}

/** Mulberry32: a small seeded generator, so that the same inputs give the same figures. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Request {
  readonly index: number;
  readonly arrivalS: number;
  promptLeft: number;
  firstTokenS: number;
}

export function simulateServing(
  d: Deployment,
  traffic: Traffic,
  opts: SimulationOptions & { readonly expectedBatch?: number } = {},
): SimulationResult {
  const perStep = tokensPerDecodeStep(d);
  const context = traffic.inputTokens + traffic.outputTokens / 2;
  const memoryMax = maxBatchThatFits(d, context, traffic.inputTokens);
  const maxRunning = Math.max(1, Math.min(memoryMax, opts.maxRunning ?? Number.POSITIVE_INFINITY));
  const budget = Math.max(1, d.prefillChunkTokens * d.parallelism.dp);
  const perTokenPrefillS = prefillCosts(d, traffic.inputTokens).perPromptS / traffic.inputTokens;
  const warmup = opts.warmupRequests ?? Math.max(500, Math.ceil(4 * (opts.expectedBatch ?? 0)));
  const total = warmup + (opts.measuredRequests ?? 2000);
  const random = seededRandom(opts.seed ?? 1);

  const decodeS = new Map<number, number>();
  const decodeTime = (batch: number) => {
    let t = decodeS.get(batch);
    if (t === undefined) {
      t = decodeStep(d, batch, context).timeS;
      decodeS.set(batch, t);
    }
    return t;
  };

  const arrivals: number[] = [];
  let clock = 0;
  for (let i = 0; i < total; i++) {
    clock += -Math.log(1 - random()) / traffic.requestsPerSecond;
    arrivals.push(clock);
  }

  // With fixed output lengths every decoding sequence advances alike, so a sequence is tracked only by the step
  // it finishes on; the loop costs O(steps + requests).
  const decodeSteps = Math.ceil(Math.max(0, traffic.outputTokens - 1) / perStep);
  const finishing = new Map<number, Request[]>();
  const waiting: Request[] = [];
  let head = 0;
  let prefilling: Request[] = [];
  let decoding = 0;
  let step = 0;
  let next = 0;
  let t = 0;
  let done = 0;
  let ttftSum = 0;
  let tpotSum = 0;
  let measured = 0;
  let decodingArea = 0;
  let windowTime = 0;
  const windowStart = arrivals[Math.min(warmup, total - 1)]!;
  const windowEnd = arrivals[total - 1]!;
  const finish = (r: Request) => {
    done++;
    if (r.index < warmup) return;
    measured++;
    ttftSum += r.firstTokenS - r.arrivalS;
    tpotSum += decodeSteps > 0 ? (t - r.firstTokenS) / (traffic.outputTokens - 1) : 0;
  };

  while (done < total) {
    while (next < total && arrivals[next]! <= t) {
      waiting.push({ index: next, arrivalS: arrivals[next]!, promptLeft: traffic.inputTokens, firstTokenS: 0 });
      next++;
    }
    if (decoding === 0 && prefilling.length === 0 && head === waiting.length) {
      t = arrivals[next]!;
      continue;
    }
    let left = budget;
    let prefillTokens = 0;
    const take = (r: Request) => {
      const n = Math.min(r.promptLeft, left);
      r.promptLeft -= n;
      prefillTokens += n;
      left -= n;
    };
    for (const r of prefilling) if (left > 0) take(r);
    while (left > 0 && head < waiting.length && decoding + prefilling.length < maxRunning) {
      const r = waiting[head++]!;
      take(r);
      prefilling.push(r);
    }
    const stepS = (decoding > 0 ? decodeTime(decoding) : d.cal.stepOverheadS) + prefillTokens * perTokenPrefillS;
    if (t >= windowStart && t < windowEnd) {
      decodingArea += decoding * stepS;
      windowTime += stepS;
    }
    t += stepS;
    for (const r of finishing.get(step) ?? []) {
      decoding--;
      finish(r);
    }
    finishing.delete(step);
    const still: Request[] = [];
    for (const r of prefilling) {
      if (r.promptLeft > 0) {
        still.push(r);
        continue;
      }
      r.firstTokenS = t;
      if (decodeSteps === 0) {
        finish(r);
        continue;
      }
      decoding++;
      const last = step + decodeSteps;
      const list = finishing.get(last);
      if (list) list.push(r);
      else finishing.set(last, [r]);
    }
    prefilling = still;
    step++;
  }
  return {
    ttftS: measured > 0 ? ttftSum / measured : Number.POSITIVE_INFINITY,
    tpotS: measured > 0 ? tpotSum / measured : Number.POSITIVE_INFINITY,
    meanDecoding: windowTime > 0 ? decodingArea / windowTime : 0,
    measured,
    // All arrivals in, the engine still needs more than a tenth of the arrival span to drain: it fell behind.
    saturated: t - windowEnd > 0.1 * windowEnd,
  };
}

export interface PoissonComparisonRow {
  readonly id: string;
  readonly share: number;
  readonly closed: { readonly ttftMs: number; readonly tpotMs: number; readonly batch: number };
  /** Mean over the seeds, and the smallest and largest seed mean. */
  readonly simulated: {
    readonly ttftMs: number;
    readonly tpotMs: number;
    readonly ttftRangeMs: readonly [number, number];
    readonly tpotRangeMs: readonly [number, number];
    readonly saturated: boolean;
  };
}

/**
 * The closed form and the simulation side by side for one deployment and traffic at several shares of that load
 * (seeds 1..`seeds`, `measuredRequests` each after the warm-up).
 */
export function comparePoisson(
  id: string,
  d: Deployment,
  traffic: Traffic,
  shares: readonly number[],
  opts: { readonly seeds?: number; readonly measuredRequests?: number; readonly maxRunning?: number } = {},
): PoissonComparisonRow[] {
  return shares.map((share) => {
    const at = { ...traffic, requestsPerSecond: traffic.requestsPerSecond * share };
    const closed = servingState(d, at, opts.maxRunning === undefined ? {} : { maxBatch: opts.maxRunning });
    const runs = Array.from({ length: opts.seeds ?? 5 }, (_, i) =>
      simulateServing(d, at, {
        seed: i + 1,
        measuredRequests: opts.measuredRequests ?? 4000,
        expectedBatch: closed.decodeBatch,
        ...(opts.maxRunning === undefined ? {} : { maxRunning: opts.maxRunning }),
      }),
    );
    const ms = (xs: number[]) => xs.map((x) => x * 1e3);
    const ttft = ms(runs.map((r) => r.ttftS));
    const tpot = ms(runs.map((r) => r.tpotS));
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    return {
      id,
      share,
      closed: { ttftMs: closed.ttftS * 1e3, tpotMs: closed.tpotS * 1e3, batch: closed.decodeBatch },
      simulated: {
        ttftMs: mean(ttft),
        tpotMs: mean(tpot),
        ttftRangeMs: [Math.min(...ttft), Math.max(...ttft)],
        tpotRangeMs: [Math.min(...tpot), Math.max(...tpot)],
        saturated: runs.some((r) => r.saturated),
      },
    };
  });
}

export function formatPoissonComparison(rows: readonly PoissonComparisonRow[]): string {
  const n = (x: number) => (Number.isFinite(x) ? (x >= 100 ? x.toFixed(0) : x.toFixed(1)) : 'inf');
  const lines = [
    `${'deployment'.padEnd(46)} ${'load'.padStart(5)} ${'closed TTFT'.padStart(11)} ${'sim TTFT (seed range)'.padStart(24)} ${'closed TPOT'.padStart(11)} ${'sim TPOT (seed range)'.padStart(24)}`,
  ];
  for (const r of rows) {
    const s = r.simulated;
    lines.push(
      `${r.id.padEnd(46)} ${`${Math.round(r.share * 100)}%`.padStart(5)} ${n(r.closed.ttftMs).padStart(11)} ${`${n(s.ttftMs)} (${n(s.ttftRangeMs[0])}-${n(s.ttftRangeMs[1])})`.padStart(24)} ${n(r.closed.tpotMs).padStart(11)} ${`${n(s.tpotMs)} (${n(s.tpotRangeMs[0])}-${n(s.tpotRangeMs[1])})`.padStart(24)}${s.saturated ? '  queue grows' : ''}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Highest request rate the closed form finds feasible (bisection), the reference for "share of capacity". */
export function closedFormCapacityRps(d: Deployment, traffic: Omit<Traffic, 'requestsPerSecond'>): number {
  let lo = 0;
  let hi = 1;
  while (servingState(d, { ...traffic, requestsPerSecond: hi }).feasible && hi < 1e6) {
    lo = hi;
    hi *= 2;
  }
  for (let i = 0; i < 30; i++) {
    const mid = (lo + hi) / 2;
    if (servingState(d, { ...traffic, requestsPerSecond: mid }).feasible) lo = mid;
    else hi = mid;
  }
  return lo;
}
