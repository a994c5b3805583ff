import type { ModelArchitecture } from './types.ts';

/** Parameter counts of a decoder-only transformer, in parameters (not billions). */
export interface ParameterCount {
  readonly total: number;
  /** Parameters one token touches: attention, the routed experts it is sent to, shared experts, embeddings, lm_head. */
  readonly active: number;
}

/**
 * Counts parameters from the architecture alone: embeddings, lm_head (unless tied), attention projections
 * (MLA low-rank projections and their norms for DeepSeek), gated FFNs (three matrices: gate, up, down),
 * MoE routers and experts, RMSNorm weights. Biases and attention sinks are left out (under 0.05% for
 * gpt-oss, zero for the others), which keeps the count a function of `ModelArchitecture` only.
 */
export function countParameters(arch: ModelArchitecture): ParameterCount {
  const h = arch.hiddenSize;
  const embedding = arch.vocabSize * h;
  const lmHead = arch.tieWordEmbeddings ? 0 : arch.vocabSize * h;
  const layerNorms = 2 * h;

  const attention = attentionParameters(arch);
  const denseFfn = 3 * h * arch.intermediateSize;

  let total = embedding + lmHead + h; // + final norm
  let active = total;
  const moe = arch.moe;
  if (!moe) {
    const perLayer = attention + denseFfn + layerNorms;
    total += arch.layers * perLayer;
    active += arch.layers * perLayer;
    return { total, active };
  }
  const expert = 3 * h * moe.expertIntermediateSize;
  const router = h * moe.routedExperts;
  const denseLayers = moe.firstDenseLayers;
  const moeLayers = arch.layers - denseLayers;
  const denseLayer = attention + denseFfn + layerNorms;
  const moeShared = attention + layerNorms + router + moe.sharedExperts * expert;
  total += denseLayers * denseLayer + moeLayers * (moeShared + moe.routedExperts * expert);
  active += denseLayers * denseLayer + moeLayers * (moeShared + moe.activeExperts * expert);
  return { total, active };
}

function attentionParameters(arch: ModelArchitecture): number {
  const mla = arch.mla;
  // MLA's q and kv low-rank projections carry an RMSNorm each.
  const norms = arch.attention === 'mla' && mla ? (mla.qLoraRank ?? 0) + mla.kvLoraRank : 0;
  return attentionProjectionParameters(arch) + norms;
}

/**
 * Weights of one layer's attention projections (q, k, v or MLA's q/kv low-rank pair, output), norms excluded:
 * what a forward pass streams for attention, and what `countParameters` adds the norms to.
 */
export function attentionProjectionParameters(arch: ModelArchitecture): number {
  const h = arch.hiddenSize;
  const mla = arch.mla;
  if (arch.attention === 'mla' && mla) {
    const qkHeadDim = mla.qkNopeHeadDim + mla.qkRopeHeadDim;
    const q =
      mla.qLoraRank === null ? h * arch.heads * qkHeadDim : h * mla.qLoraRank + mla.qLoraRank * arch.heads * qkHeadDim;
    const kvDown = h * (mla.kvLoraRank + mla.qkRopeHeadDim);
    const kvUp = mla.kvLoraRank * arch.heads * (mla.qkNopeHeadDim + mla.vHeadDim);
    const out = arch.heads * mla.vHeadDim * h;
    return q + kvDown + kvUp + out;
  }
  const q = h * arch.heads * arch.headDim;
  const kv = 2 * h * arch.kvHeads * arch.headDim;
  const out = arch.heads * arch.headDim * h;
  return q + kv + out;
}

/** Billions with four significant digits, the way the catalogue stores parameter counts. */
export function toBillions(parameters: number): number {
  return Number((parameters / 1e9).toPrecision(4));
}
