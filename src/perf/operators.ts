import { allReduceS, allToAllS } from './collectives.ts';
import type { Deployment } from './deployment.ts';
import { widthClass } from './precision.ts';
import type { Operator } from './roofline.ts';

/** What one forward pass processes, for the whole instance. */
export interface StepShape {
  readonly phase: 'prefill' | 'decode';
  /** Sequences in the forward pass (whole instance, all dp groups). May be fractional (an average). */
  readonly batch: number;
  /** New tokens each sequence adds (prompt chunk in prefill; 1, or 1 + drafts, in decode). */
  readonly newTokens: number;
  /** Tokens already in each sequence's KV cache before this pass. */
  readonly pastTokens: number;
}

/** Bytes per activation element moved between kernels: 16-bit unless the activations are wider. */
function activationBytes(d: Deployment): number {
  return Math.max(d.precision.activationBits, 16) / 8;
}

/** Query-key pairs a causal pass scores for one sequence: each new token sees the past plus earlier new tokens, up to `window`. */
export function causalPairs(newTokens: number, pastTokens: number, window: number): number {
  const s = newTokens;
  const c = pastTokens;
  if (window <= 0 || window >= c + s) return s * c + (s * (s + 1)) / 2;
  // Token i (1..s) sees min(c + i, window) keys.
  const ramp = Math.max(0, Math.min(s, window - c));
  const rampPairs = ramp > 0 ? ramp * c + (ramp * (ramp + 1)) / 2 : 0;
  return rampPairs + (s - ramp) * window;
}

/**
 * The operators of one forward pass on one device, over every layer of the model (the pipeline split is applied
 * by the step model). Counts are per pass; FLOPs and bytes per execution on one device.
 */
export function stepOperators(d: Deployment, step: StepShape): Operator[] {
  const { shape, precision: pr, parallelism } = d;
  const { tp, dp, ep } = parallelism;
  const h = shape.hidden;
  const att = shape.attention;
  const a = activationBytes(d);
  const kvb = pr.kvBits / 8;
  const seqs = step.batch / dp;
  const tokens = seqs * step.newTokens;
  const instanceTokens = tokens * dp;
  const ops: Operator[] = [];
  const widthDense = widthClass(pr.matmul);

  const gemm = (
    name: string,
    count: number,
    rows: number,
    k: number,
    n: number,
    bits = pr.weightBits,
    peak = pr.matmulPeak,
    width = widthDense,
  ): void => {
    if (count <= 0 || rows <= 0) return;
    ops.push({
      name,
      kind: 'gemm',
      count,
      flops: 2 * rows * k * n,
      bytes: (k * n * bits) / 8 + rows * (k + n) * a,
      rows,
      peakFlops: peak,
      width,
      kernels: 1,
    });
  };
  const elementwise = (name: string, count: number, bytes: number, kernels: number): void => {
    if (count <= 0 || bytes <= 0) return;
    ops.push({ name, kind: 'elementwise', count, flops: 0, bytes, rows: tokens, peakFlops: 1, width: 'wide', kernels });
  };
  const collective = (name: string, count: number, bytes: number, seconds: number, overlappable = false): void => {
    if (count <= 0 || seconds <= 0) return;
    ops.push({
      name,
      kind: 'collective',
      count,
      flops: 0,
      bytes,
      rows: tokens,
      peakFlops: 1,
      width: 'wide',
      kernels: 0,
      commS: seconds,
      overlappable,
    });
  };

  const L = shape.layers;
  const hq = att.heads / tp;
  const windowedLayers = att.windowedLayers;
  const fullLayers = L - windowedLayers;

  // Embedding lookup.
  elementwise('embedding', 1, tokens * h * (a + a), 1);

  // Attention projections.
  if (att.kind === 'mla' && att.mla) {
    const m = att.mla;
    if (m.qLoraRank === null) gemm('q_proj', L, tokens, h, hq * att.qkHeadDim);
    else {
      gemm('q_a_proj', L, tokens, h, m.qLoraRank);
      gemm('q_b_proj', L, tokens, m.qLoraRank, hq * att.qkHeadDim);
    }
    // The compressed KV projection is replicated on every TP rank.
    gemm('kv_a_proj', L, tokens, h, m.kvLoraRank + m.qkRopeHeadDim);
    if (step.phase === 'prefill') {
      // MHA form: expand the latent of every context token into per-head keys and values.
      const contextRows = seqs * (step.pastTokens + step.newTokens);
      gemm('kv_b_proj', L, contextRows, m.kvLoraRank, hq * (m.qkNopeHeadDim + att.vHeadDim));
      const pairs = seqs * causalPairs(step.newTokens, step.pastTokens, 0);
      ops.push({
        name: 'attention',
        kind: 'attention',
        count: L,
        flops: 2 * hq * (att.qkHeadDim + att.vHeadDim) * pairs,
        bytes:
          tokens * hq * (att.qkHeadDim + att.vHeadDim) * a +
          contextRows * hq * (att.qkHeadDim + att.vHeadDim) * a +
          tokens * att.kvElementsPerTokenPerLayer * kvb,
        rows: tokens,
        peakFlops: pr.attentionPeak,
        width: widthClass(pr.attention),
        kernels: 1,
      });
    } else {
      // Absorbed form (FlashMLA): queries move into the latent space, attention reads the shared latent once.
      gemm('q_absorb', L, tokens, m.qkNopeHeadDim, hq * m.kvLoraRank, pr.weightBits);
      const context = step.pastTokens + step.newTokens;
      ops.push({
        name: 'attention',
        kind: 'attention',
        count: L,
        flops: 2 * hq * (2 * m.kvLoraRank + m.qkRopeHeadDim) * context * tokens,
        bytes:
          seqs * context * att.kvElementsPerTokenPerLayer * kvb +
          tokens * hq * (m.kvLoraRank * 2 + m.qkRopeHeadDim) * a,
        rows: tokens,
        peakFlops: pr.attentionPeak,
        width: widthClass(pr.attention),
        kernels: 2,
      });
      gemm('v_absorb', L, tokens, m.kvLoraRank, hq * att.vHeadDim, pr.weightBits);
    }
    gemm('o_proj', L, tokens, hq * att.vHeadDim, h);
  } else {
    const hkv = Math.max(1, att.kvHeads / tp);
    const d = att.qkHeadDim;
    gemm('qkv_proj', L, tokens, h, (hq + 2 * hkv) * d);
    const kvPerTokenLayer = 2 * hkv * d * kvb;
    const attentionOp = (name: string, count: number, window: number): void => {
      if (count <= 0) return;
      if (step.phase === 'prefill') {
        const pairs = seqs * causalPairs(step.newTokens, step.pastTokens, window);
        const visiblePast = window > 0 ? Math.min(step.pastTokens, window) : step.pastTokens;
        ops.push({
          name,
          kind: 'attention',
          count,
          flops: 2 * hq * 2 * d * pairs,
          bytes: tokens * 2 * hq * d * a + (tokens + seqs * visiblePast) * kvPerTokenLayer,
          rows: tokens,
          peakFlops: pr.attentionPeak,
          width: widthClass(pr.attention),
          kernels: 1,
        });
      } else {
        const context = step.pastTokens + step.newTokens;
        const visible = window > 0 ? Math.min(context, window) : context;
        ops.push({
          name,
          kind: 'attention',
          count,
          flops: 2 * hq * 2 * d * visible * tokens,
          bytes: seqs * visible * kvPerTokenLayer + tokens * 2 * hq * d * a,
          rows: tokens,
          peakFlops: pr.attentionPeak,
          width: widthClass(pr.attention),
          kernels: 1,
        });
      }
    };
    attentionOp('attention', fullLayers, 0);
    attentionOp('attention_window', windowedLayers, att.window);
    gemm('o_proj', L, tokens, hq * att.vHeadDim, h);
  }
  // RMSNorm + residual (two fused kernels per layer) and rotary embedding + KV-cache write.
  elementwise('norm_residual', L, 6 * tokens * h * a, 2);
  elementwise('rope_kv_write', L, tokens * (hq * att.qkHeadDim * 2 * a + att.kvElementsPerTokenPerLayer * kvb), 1);

  const tpAllReduce = tp > 1 ? allReduceS(tokens * h * 2, d.spans.tp, d.cal) : 0;
  collective('attention_all_reduce', L, tokens * h * 2, tpAllReduce);

  // Dense FFN layers.
  const inter = shape.ffn.intermediate / tp;
  gemm('ffn_gate_up', shape.denseLayers, tokens, h, 2 * inter);
  elementwise('ffn_activation', shape.denseLayers, 3 * tokens * inter * a, 1);
  gemm('ffn_down', shape.denseLayers, tokens, inter, h);
  collective('ffn_all_reduce', shape.denseLayers, tokens * h * 2, tpAllReduce);

  // MoE layers.
  const moe = shape.moe;
  if (moe && shape.moeLayers > 0) {
    const Lm = shape.moeLayers;
    gemm('router', Lm, tokens, h, moe.routedExperts, 16, pr.widePeak, 'wide');
    const e = moe.routedExperts;
    const k = moe.activeExperts;
    const assignments = instanceTokens * k;
    const localExperts = e / ep;
    const touchedFraction = 1 - (1 - k / e) ** instanceTokens;
    const touched = Math.min(localExperts, Math.max(localExperts * touchedFraction, instanceTokens > 0 ? 1 : 0));
    const expertShard = moe.expertIntermediate / d.moeTp;
    const rowsPerDevice = (assignments / ep) * d.expertImbalance;
    const rowsPerExpert = assignments / e;
    ops.push({
      name: 'routed_experts',
      kind: 'gemm',
      count: Lm,
      flops: 2 * rowsPerDevice * 3 * h * expertShard,
      bytes: (touched * 3 * h * expertShard * pr.expertBits) / 8 + rowsPerDevice * (2 * h + 3 * expertShard) * a,
      rows: rowsPerExpert,
      peakFlops: pr.expertMatmulPeak,
      width: widthClass(pr.expertMatmul),
      kernels: 3,
    });
    // Routing top-k, token permutation and the weighted combine.
    elementwise('moe_permute', Lm, 4 * (assignments / (tp * dp)) * h * a, 2);
    if (moe.sharedExperts > 0) {
      const shared = (moe.sharedExperts * moe.expertIntermediate) / tp;
      gemm('shared_expert_gate_up', Lm, tokens, h, 2 * shared);
      gemm('shared_expert_down', Lm, tokens, shared, h);
    }
    if (dp > 1 && tp * dp > 1) {
      // Data-parallel attention: tokens travel to their experts and back (dispatch in 8 bits when the activations are).
      const sentTokens = tokens / tp;
      const dispatchBits = Math.min(16, Math.max(8, pr.activationBits));
      const dispatchBytes = (sentTokens * k * h * dispatchBits) / 8;
      const combineBytes = sentTokens * k * h * 2;
      const span = d.spans.stage;
      // Prefill uses throughput kernels that send a token once per remote node and fan out over the node fabric;
      // decode uses low-latency kernels that send every expert copy directly (DeepEP normal vs low-latency modes).
      let crossingShare: number | undefined;
      if (step.phase === 'prefill' && span.inner && span.size > span.inner.maxNpus) {
        const nodes = span.size / span.inner.maxNpus;
        const distinctNodes = nodes * (1 - (1 - 1 / nodes) ** k);
        crossingShare = (distinctNodes * (nodes - 1)) / nodes / k;
      }
      const overlap = sentTokens >= TWO_BATCH_OVERLAP_MIN_TOKENS;
      const a2a = (bytes: number) =>
        allToAllS(bytes, span, d.cal, crossingShare === undefined ? undefined : bytes * crossingShare);
      collective('moe_dispatch', Lm, dispatchBytes, a2a(dispatchBytes), overlap);
      collective('moe_combine', Lm, combineBytes, a2a(combineBytes), overlap);
    } else {
      collective('moe_all_reduce', Lm, tokens * h * 2, tpAllReduce);
    }
  }

  // LM head: only the positions that produce a token (last prompt token in prefill).
  const logitRows = step.phase === 'prefill' ? seqs : tokens;
  gemm('lm_head', 1, logitRows, h, shape.vocab / tp, 16, pr.widePeak, 'wide');
  elementwise('sampling', 1, logitRows * (shape.vocab / tp) * 4, 1);
  return ops;
}

/**
 * Below this many tokens per device, splitting the batch in two to overlap MoE communication with compute costs
 * more than it saves (LMSYS 2025-05-05: no decode gain under 64-128 tokens per device).
 */
export const TWO_BATCH_OVERLAP_MIN_TOKENS = 96;
