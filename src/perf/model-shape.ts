import { attentionProjectionParameters } from '../catalog/parameters.ts';
import type { ModelSpec } from '../catalog/types.ts';
import { SuperpodInputError } from '../errors.ts';

/**
 * The numbers of a model architecture the operators need, derived once: dimensions, parameter counts per
 * component (elements, not bytes) and KV-cache elements per token. Pure arithmetic on the ModelSpec.
 */
export interface ModelShape {
  readonly id: string;
  readonly layers: number;
  /** Leading dense layers of an MoE model; all layers for a dense model. */
  readonly denseLayers: number;
  readonly moeLayers: number;
  readonly hidden: number;
  readonly vocab: number;
  readonly tiedEmbeddings: boolean;
  readonly attention: AttentionShape;
  readonly ffn: { readonly intermediate: number };
  readonly moe?: MoeShape;
  /** Parameters (elements) of one layer's attention block (projections only). */
  readonly attentionParamsPerLayer: number;
  readonly denseFfnParamsPerLayer: number;
  readonly embeddingParams: number;
  readonly lmHeadParams: number;
  readonly totalParams: number;
  /** Parameters touched per token: attention, dense FFN or top-k + shared experts, LM head (embedding excluded). */
  readonly activeParams: number;
}

export interface AttentionShape {
  readonly kind: 'mha' | 'gqa' | 'mla';
  readonly heads: number;
  readonly kvHeads: number;
  /** Query/key dimension per head (MLA: nope + rope). */
  readonly qkHeadDim: number;
  readonly vHeadDim: number;
  readonly mla?: {
    readonly qLoraRank: number | null;
    readonly kvLoraRank: number;
    readonly qkNopeHeadDim: number;
    readonly qkRopeHeadDim: number;
  };
  /** Sliding window in tokens and how many layers use it; 0 layers when the model has none. */
  readonly window: number;
  readonly windowedLayers: number;
  /** KV-cache elements one token adds to one (full-attention) layer, whole model width (before TP). */
  readonly kvElementsPerTokenPerLayer: number;
}

export interface MoeShape {
  readonly routedExperts: number;
  readonly activeExperts: number;
  readonly sharedExperts: number;
  readonly expertIntermediate: number;
  /** Elements of one routed expert (gate, up, down). */
  readonly paramsPerExpert: number;
  readonly routerParamsPerLayer: number;
}

export function modelShape(model: ModelSpec): ModelShape {
  const a = model.architecture;
  const where = `model "${model.id}"`;
  for (const [name, value] of [
    ['layers', a.layers],
    ['hiddenSize', a.hiddenSize],
    ['heads', a.heads],
    ['kvHeads', a.kvHeads],
    ['headDim', a.headDim],
    ['vocabSize', a.vocabSize],
  ] as const) {
    if (!Number.isInteger(value) || value <= 0) {
      throw new SuperpodInputError({
        where,
        problem: `architecture.${name} must be a positive whole number`,
        value,
        fix: 'correct the model definition (Hugging Face config.json)',
      });
    }
  }
  const h = a.hiddenSize;
  const attention = attentionShape(a, where);
  const attentionParamsPerLayer = attentionProjectionParameters(a);
  const denseFfnParamsPerLayer = 3 * h * a.intermediateSize;
  const embeddingParams = a.vocabSize * h;
  const lmHeadParams = a.tieWordEmbeddings ? 0 : a.vocabSize * h;

  let moe: MoeShape | undefined;
  let denseLayers = a.layers;
  if (a.moe) {
    const m = a.moe;
    if (m.routedExperts <= 0 || m.activeExperts <= 0 || m.activeExperts > m.routedExperts) {
      throw new SuperpodInputError({
        where,
        problem: 'architecture.moe needs 0 < activeExperts <= routedExperts',
        value: `${m.activeExperts} of ${m.routedExperts}`,
        fix: 'correct num_experts_per_tok / n_routed_experts in the model definition',
      });
    }
    moe = {
      routedExperts: m.routedExperts,
      activeExperts: m.activeExperts,
      sharedExperts: m.sharedExperts,
      expertIntermediate: m.expertIntermediateSize,
      paramsPerExpert: 3 * h * m.expertIntermediateSize,
      routerParamsPerLayer: h * m.routedExperts,
    };
    denseLayers = Math.min(a.layers, Math.max(0, m.firstDenseLayers));
  }
  const moeLayers = a.layers - denseLayers;
  const moeParamsPerLayer = moe
    ? moe.routedExperts * moe.paramsPerExpert + moe.sharedExperts * moe.paramsPerExpert + moe.routerParamsPerLayer
    : 0;
  const moeActivePerLayer = moe
    ? (moe.activeExperts + moe.sharedExperts) * moe.paramsPerExpert + moe.routerParamsPerLayer
    : 0;
  const totalParams =
    a.layers * attentionParamsPerLayer +
    denseLayers * denseFfnParamsPerLayer +
    moeLayers * moeParamsPerLayer +
    embeddingParams +
    lmHeadParams;
  const activeParams =
    a.layers * attentionParamsPerLayer +
    denseLayers * denseFfnParamsPerLayer +
    moeLayers * moeActivePerLayer +
    (a.tieWordEmbeddings ? embeddingParams : lmHeadParams);

  return {
    id: model.id,
    layers: a.layers,
    denseLayers,
    moeLayers,
    hidden: h,
    vocab: a.vocabSize,
    tiedEmbeddings: a.tieWordEmbeddings,
    attention,
    ffn: { intermediate: a.intermediateSize },
    ...(moe ? { moe } : {}),
    attentionParamsPerLayer,
    denseFfnParamsPerLayer,
    embeddingParams,
    lmHeadParams,
    totalParams,
    activeParams,
  };
}

function attentionShape(a: ModelSpec['architecture'], where: string): AttentionShape {
  const windowedLayers = !a.slidingWindow ? 0 : a.slidingWindow.pattern === 'all' ? a.layers : Math.floor(a.layers / 2);
  const window = a.slidingWindow?.window ?? 0;
  if (a.attention === 'mla') {
    if (!a.mla) {
      throw new SuperpodInputError({
        where,
        problem: 'attention is "mla" but architecture.mla is missing',
        fix: 'give kvLoraRank, qkNopeHeadDim, qkRopeHeadDim and vHeadDim (DeepSeek config.json)',
      });
    }
    const m = a.mla;
    return {
      kind: 'mla',
      heads: a.heads,
      // MLA caches one shared latent per token: no per-head KV.
      kvHeads: 1,
      qkHeadDim: m.qkNopeHeadDim + m.qkRopeHeadDim,
      vHeadDim: m.vHeadDim,
      mla: {
        qLoraRank: m.qLoraRank,
        kvLoraRank: m.kvLoraRank,
        qkNopeHeadDim: m.qkNopeHeadDim,
        qkRopeHeadDim: m.qkRopeHeadDim,
      },
      window,
      windowedLayers,
      kvElementsPerTokenPerLayer: m.kvLoraRank + m.qkRopeHeadDim,
    };
  }
  if (a.heads % a.kvHeads !== 0) {
    throw new SuperpodInputError({
      where,
      problem: 'attention heads must be a multiple of KV heads',
      value: `${a.heads} heads, ${a.kvHeads} KV heads`,
      fix: 'correct num_attention_heads / num_key_value_heads in the model definition',
    });
  }
  return {
    kind: a.attention,
    heads: a.heads,
    kvHeads: a.kvHeads,
    qkHeadDim: a.headDim,
    vHeadDim: a.headDim,
    window,
    windowedLayers,
    kvElementsPerTokenPerLayer: 2 * a.kvHeads * a.headDim,
  };
}

/** KV-cache elements of one sequence at `context` tokens, all layers, whole model (before any TP split). */
export function kvElementsPerSequence(shape: ModelShape, context: number): number {
  const att = shape.attention;
  const fullLayers = shape.layers - att.windowedLayers;
  const windowed = att.windowedLayers > 0 ? Math.min(context, att.window) : 0;
  return att.kvElementsPerTokenPerLayer * (fullLayers * context + att.windowedLayers * windowed);
}

/**
 * KV-cache bytes one token adds across the full-attention layers, at `bitsPerElement`, whole model. Sliding-window
 * layers are left out: they hold at most `window` tokens whatever the context.
 */
export function kvBytesPerToken(shape: ModelShape, bitsPerElement: number): number {
  const fullLayers = shape.layers - shape.attention.windowedLayers;
  return (shape.attention.kvElementsPerTokenPerLayer * fullLayers * bitsPerElement) / 8;
}
