import type { Deployment } from './deployment.ts';
import { kvElementsPerSequence } from './model-shape.ts';

/** Memory of the most loaded device of an instance, bytes. */
export interface MemoryBreakdown {
  readonly weightsBytes: number;
  readonly kvCacheBytes: number;
  readonly activationsBytes: number;
  readonly reserveBytes: number;
  readonly totalBytes: number;
  readonly capacityBytes: number;
  readonly fits: boolean;
  /** Bytes missing when it does not fit (0 when it fits). */
  readonly shortfallBytes: number;
}

/** Weight bytes on the most loaded device (heaviest pipeline stage). */
export function weightBytesPerDevice(d: Deployment): number {
  const { shape, precision: pr, parallelism } = d;
  const { tp, ep, pp } = parallelism;
  const h = shape.hidden;
  const att = shape.attention;
  const wb = pr.weightBits / 8;
  let attention: number;
  // Stryker disable next-line ConditionalExpression: model-shape sets att.mla only on kind 'mla'; the test narrows the type
  if (att.kind === 'mla' && att.mla) {
    const m = att.mla;
    const hq = att.heads / tp;
    const qOut = hq * att.qkHeadDim;
    const q = m.qLoraRank === null ? h * qOut : h * m.qLoraRank + m.qLoraRank * qOut;
    const kvA = h * (m.kvLoraRank + m.qkRopeHeadDim);
    const kvB = m.kvLoraRank * hq * (m.qkNopeHeadDim + att.vHeadDim);
    attention = (q + kvA + kvB + hq * att.vHeadDim * h) * wb;
  } else {
    const hq = att.heads / tp;
    const hkv = Math.max(1, att.kvHeads / tp);
    attention = (h * hq * att.qkHeadDim + 2 * h * hkv * att.qkHeadDim + hq * att.vHeadDim * h) * wb;
  }
  const denseLayer = attention + (shape.denseFfnParamsPerLayer / tp) * wb;
  let moeLayer = 0;
  if (shape.moe) {
    const m = shape.moe;
    const localExperts = Math.ceil(m.routedExperts / ep);
    moeLayer =
      attention +
      ((localExperts * m.paramsPerExpert) / d.moeTp) * (pr.expertBits / 8) +
      ((m.sharedExperts * m.paramsPerExpert) / tp) * wb +
      m.routerParamsPerLayer * 2;
  }
  const perStage = d.layersPerStage;
  const moeInStage = Math.min(perStage, shape.moeLayers);
  const denseInStage = Math.min(shape.denseLayers, perStage - moeInStage);
  const layers = moeInStage * moeLayer + denseInStage * denseLayer;
  const embedding = (shape.embeddingParams / tp) * (pr.embeddingBits / 8);
  const lmHead = (shape.lmHeadParams / tp) * (pr.embeddingBits / 8);
  const ends = pp > 1 ? Math.max(embedding, lmHead) : embedding + lmHead;
  return layers + ends;
}

/** KV-cache bytes one sequence at `context` tokens holds on one device. MLA's latent is replicated on every TP rank. */
export function kvBytesPerSequencePerDevice(d: Deployment, context: number): number {
  const { shape, parallelism } = d;
  const att = shape.attention;
  // Stryker disable next-line ConditionalExpression: MLA shapes have kvHeads 1 (model-shape.ts), where both branches give 1
  const headShare = att.kind === 'mla' ? 1 : Math.max(1, att.kvHeads / parallelism.tp) / att.kvHeads;
  const stageShare = d.layersPerStage / shape.layers;
  return kvElementsPerSequence(shape, context) * headShare * stageShare * (d.precision.kvBits / 8);
}

/** Transient activations of the largest forward pass: one layer's widest intermediates, plus FP32 logits. */
export function activationBytesPerDevice(d: Deployment, batch: number, inputTokens: number): number {
  const { shape, parallelism } = d;
  const { tp, dp } = parallelism;
  const a = Math.max(d.precision.activationBits, 16) / 8;
  const seqs = Math.ceil(batch / dp);
  const prefillTokens = Math.min(seqs * Math.max(inputTokens, 1), d.prefillChunkTokens);
  const decodeTokens = seqs * (1 + (d.speculative?.draftTokens ?? 0));
  const tokens = Math.max(prefillTokens, decodeTokens);
  const att = shape.attention;
  const qkvWidth = ((att.heads * att.qkHeadDim) / tp) * 3;
  let widest = Math.max(qkvWidth, (2 * shape.ffn.intermediate) / tp);
  if (shape.moe) {
    const m = shape.moe;
    widest = Math.max(widest, m.activeExperts * (shape.hidden + (2 * m.expertIntermediate) / d.moeTp));
  }
  const logits = Math.max(seqs, decodeTokens) * (shape.vocab / tp) * 4;
  return tokens * a * (4 * shape.hidden + widest) + logits;
}

export function memoryBreakdown(d: Deployment, batch: number, context: number, inputTokens = context): MemoryBreakdown {
  const weightsBytes = weightBytesPerDevice(d);
  const seqs = Math.ceil(batch / d.parallelism.dp);
  const kvCacheBytes = seqs * kvBytesPerSequencePerDevice(d, context);
  const activationsBytes = activationBytesPerDevice(d, batch, inputTokens);
  const reserveBytes = d.runtimeReserveBytes;
  const totalBytes = weightsBytes + kvCacheBytes + activationsBytes + reserveBytes;
  const capacityBytes = d.hw.hbmBytes;
  return {
    weightsBytes,
    kvCacheBytes,
    activationsBytes,
    reserveBytes,
    totalBytes,
    capacityBytes,
    fits: totalBytes <= capacityBytes,
    shortfallBytes: Math.max(0, totalBytes - capacityBytes),
  };
}

/** Largest batch (sequences per instance) whose KV cache at `context` tokens fits; 0 when not even one does. */
export function maxBatchThatFits(d: Deployment, context: number, inputTokens = context, limit = 1_000_000): number {
  const fits = (b: number) => memoryBreakdown(d, b, context, inputTokens).fits;
  if (!fits(1)) return 0;
  // Batches move in steps of dp (one sequence per data-parallel group).
  const step = d.parallelism.dp;
  let lo = 1;
  let hi = step;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: fits is monotonic in the batch, so doubling past the limit still ends at the limit below
  while (hi < limit && fits(hi)) {
    lo = hi;
    hi *= 2;
  }
  // Stryker disable next-line ConditionalExpression: below the limit the loop stopped at a batch that does not fit, so fits(limit) is false (monotonic)
  if (hi >= limit && fits(limit)) return limit;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}
