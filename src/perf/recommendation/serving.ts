import { significant } from '../../units/text.ts';
import { md1WaitS } from '../serving.ts';
import { type BatchTiming, batchTiming, type RecommendationSetup } from './batch.ts';

/** One standard-normal quantile: the 99th percentile of a Poisson count is about mean + 2.326 sqrt(mean). */
const Z99 = 2.326;

/**
 * 99th-percentile wait in an M/D/1 queue. Heavy-traffic (Kingman) form: the wait is zero with probability 1 - rho
 * and otherwise close to exponential with the M/D/1 mean wait scaled by 1/rho, so P(W > t) = rho exp(-rho t / W)
 * and t99 = (W / rho) ln(100 rho). Zero below rho = 0.01, infinite at rho >= 1.
 */
export function md1P99WaitS(rho: number, serviceS: number): number {
  if (rho <= 0.01) return 0;
  const mean = md1WaitS(rho, serviceS);
  if (!Number.isFinite(mean)) return Number.POSITIVE_INFINITY;
  return (mean / rho) * Math.log(100 * rho);
}

/** Throughput when the queue is always full (MLPerf Offline): the best batch up to the cap. */
export interface OfflineResult {
  readonly itemsPerSecond: number;
  /** Items per batch over the pool. */
  readonly batchItems: number;
  readonly timing: BatchTiming;
}

/** Powers of two from 1 item per device up to the cap. */
function batchCandidates(devices: number, maxItemsPerDevice: number): number[] {
  const out: number[] = [];
  for (let b = 1; b <= maxItemsPerDevice; b *= 2) out.push(b * devices);
  if (out.at(-1) !== maxItemsPerDevice * devices) out.push(maxItemsPerDevice * devices);
  return out;
}

export function offlineThroughput(s: RecommendationSetup, maxItemsPerDevice: number): OfflineResult {
  const groups = instanceCount(s);
  let best: OfflineResult | undefined;
  for (const items of batchCandidates(s.plan.devices.length / groups, maxItemsPerDevice)) {
    const timing = batchTiming(s, items * groups);
    const itemsPerSecond = (items * groups) / timing.intervalS;
    if (!best || itemsPerSecond > best.itemsPerSecond) best = { itemsPerSecond, batchItems: items * groups, timing };
  }
  return best!;
}

/**
 * A replicated layout is `devices` independent servers, each taking 1/devices of the queries; a model-parallel
 * layout is one server whose batches span the pool.
 */
function instanceCount(s: RecommendationSetup): number {
  return s.plan.allToAll ? 1 : s.plan.devices.length;
}

/** Load on the pool: Poisson queries, each of `itemsPerQuery` items (user-item pairs to score). */
export interface RecommendationTraffic {
  readonly queriesPerSecond: number;
  readonly itemsPerQuery: number;
}

export interface ServerState {
  readonly queriesPerSecond: number;
  readonly feasible: boolean;
  readonly reason?: string;
  /** Items per batch over the pool at the 99th percentile of arrivals, and on average. */
  readonly batchItems: number;
  readonly p99BatchItems: number;
  readonly p99LatencyS: number;
  readonly meanLatencyS: number;
  /** Share of time the pool is busy. */
  readonly utilisation: number;
  readonly timing: BatchTiming;
}

/**
 * The pool under Poisson queries with adaptive batching (a batch takes every item queued when the previous one ends,
 * up to `maxBatchItems`; NVIDIA's MLPerf harness and Triton's dynamic batcher work this way). The mean batch is the
 * fixed point of "the items that arrive during one batch" (Little's law, as the LLM decode batch in ../serving.ts);
 * a query waits for the running batch to end and then runs in the next, so p99 = one batch interval + its own
 * batch's latency, both at the 99th-percentile Poisson batch size. When that batch reaches the cap, full batches queue and the p99
 * M/D/1 wait is added; at utilisation 1 the pool is overloaded.
 */
export function serverState(
  s: RecommendationSetup,
  traffic: RecommendationTraffic,
  maxBatchItems: number,
): ServerState {
  const groups = instanceCount(s);
  const lambda = traffic.queriesPerSecond / groups;
  const q = traffic.itemsPerQuery;
  const cap = Math.max(q, Math.floor(maxBatchItems / groups));
  const timeOf = (items: number) => batchTiming(s, items * groups);

  let items = q;
  for (let i = 0; i < 60; i++) {
    const next = Math.min(cap, Math.max(q, lambda * q * timeOf(items).intervalS));
    if (Math.abs(next - items) <= 1e-6 * items) break;
    items = next;
  }
  const meanQueries = Math.max(1, items / q);
  const p99Items = Math.min(cap, (meanQueries + Z99 * Math.sqrt(meanQueries)) * q);
  const mean = timeOf(items);
  const p99 = timeOf(p99Items);
  const utilisation = (lambda * q * mean.intervalS) / items;
  const base = {
    queriesPerSecond: traffic.queriesPerSecond,
    batchItems: items * groups,
    p99BatchItems: p99Items * groups,
    utilisation: Math.min(1, utilisation),
    timing: mean,
  };
  const capped = items >= cap * (1 - 1e-9);
  const capTiming = timeOf(cap);
  const rhoCap = (lambda * q * capTiming.intervalS) / cap;
  if (capped && rhoCap >= 1) {
    return {
      ...base,
      feasible: false,
      reason: `the offered ${significant(traffic.queriesPerSecond)} queries/s need more than the largest batch (${significant(maxBatchItems)} items) can serve`,
      p99LatencyS: Number.POSITIVE_INFINITY,
      meanLatencyS: Number.POSITIVE_INFINITY,
    };
  }
  const queueP99 = capped ? md1P99WaitS(rhoCap, capTiming.intervalS) : 0;
  const queueMean = capped ? md1WaitS(rhoCap, capTiming.intervalS) : 0;
  return {
    ...base,
    feasible: true,
    p99LatencyS: p99.intervalS + p99.timeS + queueP99,
    meanLatencyS: mean.intervalS / 2 + mean.timeS + queueMean,
  };
}

/** Highest query rate whose p99 latency meets the SLO (bisection; p99 grows with the rate). */
export function maxQpsWithinSlo(
  s: RecommendationSetup,
  itemsPerQuery: number,
  p99SloS: number,
  maxBatchItems: number,
): { queriesPerSecond: number; state: ServerState | null } {
  const ok = (qps: number) => {
    const st = serverState(s, { queriesPerSecond: qps, itemsPerQuery }, maxBatchItems);
    return st.feasible && st.p99LatencyS <= p99SloS ? st : null;
  };
  const groups = instanceCount(s);
  const capTiming = batchTiming(s, Math.max(itemsPerQuery * groups, maxBatchItems));
  let hi = (Math.max(itemsPerQuery * groups, maxBatchItems) / capTiming.intervalS / itemsPerQuery) * 1.0001;
  let lo = 0;
  let best: ServerState | null = null;
  if (!ok(Math.min(hi, 1e-6))) return { queriesPerSecond: 0, state: null };
  for (let i = 0; i < 50; i++) {
    const mid = (lo + hi) / 2;
    const st = ok(mid);
    if (st) {
      lo = mid;
      best = st;
    } else {
      hi = mid;
    }
  }
  return { queriesPerSecond: lo, state: best };
}
