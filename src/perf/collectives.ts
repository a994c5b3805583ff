import type { FamilyCalibration } from './calibration.ts';
import type { GroupSpan } from './fabric.ts';

/**
 * Collective times as latency + size/bandwidth over the fabric level a group spans (GenZ collective_times.py
 * shape, with tree-depth latency for small messages as NCCL's LL/tree protocols give). A group that crosses a
 * level boundary is hierarchical: the inner level moves what stays inside, the outer level (per-accelerator
 * links, one NIC per device) moves what crosses; the slower part sets the time.
 */

function stepLatency(span: GroupSpan, cal: FamilyCalibration): number {
  return span.level.latencyS + cal.collectives.softwareLatencyPerStepS;
}

function bandwidth(bps: number, cal: FamilyCalibration): number {
  return bps * cal.collectives.busEfficiency;
}

/** All-reduce of `bytes` (the full tensor every rank holds). */
export function allReduceS(bytes: number, span: GroupSpan, cal: FamilyCalibration): number {
  const n = span.size;
  if (n <= 1 || bytes <= 0) return 0;
  const latency = cal.collectives.launchS + 2 * Math.ceil(Math.log2(n)) * stepLatency(span, cal);
  if (!span.inner || n <= span.inner.maxNpus) {
    return latency + (2 * (n - 1) * bytes) / (n * bandwidth(span.level.bandwidthBps, cal));
  }
  // Hierarchical: reduce-scatter and all-gather inside, all-reduce of 1/inner of the data across.
  const m = span.inner.maxNpus;
  const groups = Math.ceil(n / m);
  const inside = (2 * (m - 1) * bytes) / (m * bandwidth(span.inner.bandwidthBps, cal));
  const across = (2 * (groups - 1) * (bytes / m)) / (groups * bandwidth(span.level.bandwidthBps, cal));
  return latency + inside + across;
}

/** All-gather (or reduce-scatter) where `bytes` is the full gathered tensor. */
export function allGatherS(bytes: number, span: GroupSpan, cal: FamilyCalibration): number {
  return allReduceS(bytes, span, cal) / 2 + cal.collectives.launchS / 2;
}

/**
 * All-to-all where each rank sends `bytesPerRank` spread evenly over the group (MoE dispatch or combine).
 * Peers are served in a pipeline, so latency grows by a small per-peer term (DeepEP: 77 us at EP8 to 194 us at
 * EP256 for 128-token dispatches). When the group crosses a level, `crossingBytesPerRank` is what leaves the inner
 * domain (default: the share of peers outside it); DeepEP's normal kernels send a token once per remote node and
 * forward it inside the node, which the caller passes here.
 */
export function allToAllS(
  bytesPerRank: number,
  span: GroupSpan,
  cal: FamilyCalibration,
  crossingBytesPerRank?: number,
): number {
  const n = span.size;
  if (n <= 1 || bytesPerRank <= 0) return 0;
  const latency = cal.collectives.launchS + stepLatency(span, cal) + (n - 1) * 0.15e-6;
  if (!span.inner || n <= span.inner.maxNpus) {
    return latency + ((n - 1) / n) * (bytesPerRank / bandwidth(span.level.bandwidthBps, cal));
  }
  const m = span.inner.maxNpus;
  const inside = (((m - 1) / n) * bytesPerRank) / bandwidth(span.inner.bandwidthBps, cal);
  const crossing = crossingBytesPerRank ?? ((n - m) / n) * bytesPerRank;
  const across = crossing / bandwidth(span.level.bandwidthBps, cal);
  return latency + Math.max(inside, across);
}

/** Point-to-point send of `bytes` over the level (pipeline-stage hand-off, KV transfer). */
export function sendS(bytes: number, span: GroupSpan, cal: FamilyCalibration): number {
  if (bytes <= 0) return 0;
  return cal.collectives.launchS + span.level.latencyS + bytes / bandwidth(span.level.bandwidthBps, cal);
}
