import { describe, expect, it } from 'vitest';
import { getAccelerator, getModel } from '../../src/catalog/index.ts';
import type { ModelSpec } from '../../src/catalog/types.ts';
import {
  kvBytesPerSequencePerDevice,
  maxBatchThatFits,
  memoryBreakdown,
  resolveDeployment,
  weightBytesPerDevice,
} from '../../src/perf/index.ts';

/**
 * Llama 3.1 70B (config.json: hidden 8192, 80 layers, 64 heads, 8 KV heads, head dim 128, FFN 28672, vocab 128256,
 * untied embeddings) in BF16 on an Ascend 950DT. Every expected figure below is worked out by hand from those numbers.
 */
const llama70b = (parallelism: { tp: number; pp?: number; dp?: number }) =>
  resolveDeployment({
    accelerator: getAccelerator('ascend-950dt'),
    model: getModel('llama-3.1-70b'),
    precision: { weights: 'bf16', activations: 'bf16', kvCache: 'bf16' },
    parallelism,
  });

// One layer at TP 8, bytes: attention (q 8192x8x128 + k,v 2x8192x1x128 + o 8x128x8192) x 2 B = 37,748,736;
// FFN 3x8192x28672 / 8 x 2 B = 176,160,768; together 213,909,504.
const LAYER_TP8 = 213_909_504;
// Embedding (and, separately, the LM head): 128256 x 8192 / 8 x 2 B = 262,668,288.
const EMBEDDING_TP8 = 262_668_288;

describe('memory per device, against hand-worked figures', () => {
  it('holds all 80 layers, the embedding and the LM head without pipeline parallelism', () => {
    expect(weightBytesPerDevice(llama70b({ tp: 8 }))).toBe(80 * LAYER_TP8 + 2 * EMBEDDING_TP8);
  });

  it('holds 40 layers and only one of the embedding and the LM head per stage at PP 2', () => {
    // The first stage holds the embedding, the last the LM head; the heaviest stage holds one of them.
    expect(weightBytesPerDevice(llama70b({ tp: 8, pp: 2 }))).toBe(40 * LAYER_TP8 + EMBEDDING_TP8);
    expect(weightBytesPerDevice(llama70b({ tp: 8, pp: 4 }))).toBe(20 * LAYER_TP8 + EMBEDDING_TP8);
  });

  it('splits the KV cache over the layers of a stage and the KV heads of a TP group', () => {
    // 4096 tokens x 80 layers x 2 (K, V) x 8 heads x 128 x 2 B = 1,342,177,280 per sequence on one device;
    // TP 8 splits the 8 KV heads, PP 2 the layers: 83,886,080.
    expect(kvBytesPerSequencePerDevice(llama70b({ tp: 1 }), 4096)).toBe(1_342_177_280);
    expect(kvBytesPerSequencePerDevice(llama70b({ tp: 8, pp: 2 }), 4096)).toBe(83_886_080);
    // TP 16 cannot split 8 KV heads further: each rank keeps one head.
    expect(kvBytesPerSequencePerDevice(llama70b({ tp: 16 }), 4096)).toBe(1_342_177_280 / 8);
  });

  it('gives each data-parallel rank its share of the batch: 10 sequences over DP 4 is 3 on the busiest', () => {
    const d = llama70b({ tp: 8, pp: 2, dp: 4 });
    const m = memoryBreakdown(d, 10, 4096);
    expect(m.kvCacheBytes).toBe(3 * 83_886_080);
    // 8192 prefill tokens (the chunk) x 2 B x (4 x 8192 + 2 x 28672 / 8) + 3 x 128256 / 8 x 4 B of FP32 logits.
    expect(m.activationsBytes).toBe(654_503_808);
    expect(m.weightsBytes).toBe(40 * LAYER_TP8 + EMBEDDING_TP8);
    expect(m.totalBytes).toBe(m.weightsBytes + m.kvCacheBytes + m.activationsBytes + m.reserveBytes);
    expect(m.fits).toBe(m.totalBytes <= m.capacityBytes);
  });
});

describe('memory of a mixture-of-experts model with latent attention (DeepSeek-V3, FP8, TP 8, EP 8)', () => {
  // config.json: hidden 7168, 61 layers (3 dense, 58 MoE), 128 heads, q_lora_rank 1536, kv_lora_rank 512,
  // qk_nope 128, qk_rope 64, v_head 128, FFN 18432, 256 routed experts + 1 shared of 3 x 7168 x 2048, vocab 129280.
  const deepseek = () =>
    resolveDeployment({
      accelerator: getAccelerator('ascend-950dt'),
      model: getModel('deepseek-v3'),
      precision: { weights: 'fp8', activations: 'fp8', kvCache: 'fp8' },
      parallelism: { tp: 8, ep: 8 },
    });

  it('holds the hand-worked weights: 3 dense layers, 58 MoE layers with 32 local experts, BF16 embeddings', () => {
    // Attention per layer at TP 8 (16 heads), 1 B each: q 7168x1536 + 1536x(16x192) = 15,728,640;
    // kv_a 7168x576 = 4,128,768; kv_b 512x16x256 = 2,097,152; o 16x128x7168 = 14,680,064. Together 36,634,624.
    const attention = 36_634_624;
    const dense = attention + (3 * 7168 * 18432) / 8; // 86,179,840
    // 256 / EP 8 = 32 experts of 44,040,192 each; the shared expert split over TP 8; the router (256 x 7168) in BF16.
    const moe = attention + 32 * 44_040_192 + 44_040_192 / 8 + 256 * 7168 * 2; // 1,455,095,808
    const embeddings = 2 * ((129_280 * 7168) / 8) * 2; // embedding and LM head, BF16, split over TP 8
    expect(dense).toBe(86_179_840);
    expect(moe).toBe(1_455_095_808);
    expect(weightBytesPerDevice(deepseek())).toBe(3 * dense + 58 * moe + embeddings);
  });

  it('keeps the whole latent KV on every TP rank: 576 values per token and layer', () => {
    expect(kvBytesPerSequencePerDevice(deepseek(), 4096)).toBe(4096 * 61 * 576);
  });

  it('sizes FP8 activations at 16 bits, as the kernels keep them', () => {
    const fp8 = memoryBreakdown(llama70bAt('fp8'), 1, 4096).activationsBytes;
    expect(fp8).toBe(memoryBreakdown(llama70bAt('bf16'), 1, 4096).activationsBytes);
    // 4096 prompt tokens x 2 B x (4 x 8192 + 7168) + 128256 / 8 x 4 B of logits.
    expect(fp8).toBe(4096 * 2 * (4 * 8192 + 7168) + (128_256 / 8) * 4);
  });
});

function llama70bAt(format: 'fp8' | 'bf16') {
  return resolveDeployment({
    accelerator: getAccelerator('ascend-950dt'),
    model: getModel('llama-3.1-70b'),
    precision: { weights: format, activations: format, kvCache: format },
    parallelism: { tp: 8 },
  });
}

describe('largest batch that fits', () => {
  // At 131,072 tokens a Llama 3.1 70B sequence holds 5.4 GB of KV per device at TP 8: a few dozen fit in 144 GB.
  const d = llama70b({ tp: 8 });
  const context = 131_072;
  const fits = (b: number) => memoryBreakdown(d, b, context).fits;
  let largest = 0;
  while (fits(largest + 1)) largest++;

  it('equals a linear search, and never exceeds the limit it is given', () => {
    expect(largest).toBeGreaterThan(5);
    expect(maxBatchThatFits(d, context)).toBe(largest);
    for (let limit = 1; limit <= largest + 3; limit++)
      expect(maxBatchThatFits(d, context, context, limit), `limit ${limit}`).toBe(Math.min(limit, largest));
  });

  it('reports the bytes missing when a model does not fit', () => {
    // TP 1, one sequence of 32,768 tokens, bytes:
    //   weights 8 x (80 x 213,909,504 + 2 x 262,668,288)                      = 141,104,775,168
    //   KV 32,768 tokens x 2 (K, V) x 80 layers x 8 heads x 128 x 2 B        =  10,737,418,240
    //   activations: the 8,192-token prefill chunk x 2 B x (4 x 8,192 + 2 x 28,672) = 1,476,395,008,
    //     plus FP32 logits 128,256 x 4 = 513,024                               =   1,476,908,032
    //   runtime reserve (one device)                                           =   3,500,000,000
    //   total                                                                  = 156,819,101,440
    // against 144 GiB = 144 x 2^30 = 154,618,822,656: short by 2,200,278,784. (At 4,096 tokens it fits 144 GiB,
    // though not the 144e9 B a decimal reading would give.)
    const m = memoryBreakdown(llama70b({ tp: 1 }), 1, 32_768);
    expect(m.capacityBytes).toBe(154_618_822_656);
    expect(m.totalBytes).toBe(156_819_101_440);
    expect(m.fits).toBe(false);
    expect(m.shortfallBytes).toBe(2_200_278_784);
    expect(maxBatchThatFits(llama70b({ tp: 1 }), 32_768)).toBe(0);
  });
});

/** A catalogue model with part of its architecture changed, for shapes the catalogue does not hold. */
function variant(id: string, change: (a: ModelSpec['architecture']) => ModelSpec['architecture']): ModelSpec {
  const model = getModel(id);
  return { ...model, architecture: change(model.architecture) };
}

const onAscend = (
  model: ModelSpec,
  format: 'fp8' | 'bf16',
  parallelism: { tp: number; pp?: number; ep?: number; dp?: number },
  extra: { runtimeReserveBytes?: number; speculative?: { draftTokens: number; acceptanceRate: number } } = {},
) =>
  resolveDeployment({
    accelerator: getAccelerator('ascend-950dt'),
    model,
    precision: { weights: format, activations: format, kvCache: format },
    parallelism,
    ...extra,
  });

describe('memory of shapes the defaults leave out', () => {
  // DeepSeek-V3 per-layer figures at TP 8 in elements, from the hand-worked FP8 test above: attention 36,634,624,
  // dense FFN 3 x 7168 x 18432 / 8 = 49,545,216, one routed expert 3 x 7168 x 2048 = 44,040,192, router 256 x 7168.
  const deepseek = getModel('deepseek-v3');

  it('weighs BF16 experts split over two ranks each (TP 8, EP 4: 64 local experts, each split 8 / 4 = 2 ways)', () => {
    const attention = 36_634_624 * 2;
    const dense = attention + 49_545_216 * 2; // 172,359,680
    const moe = attention + ((64 * 44_040_192) / 2) * 2 + (44_040_192 / 8) * 2 + 256 * 7168 * 2; // 2,906,521,600
    const embeddings = 2 * ((129_280 * 7168) / 8) * 2;
    expect(dense).toBe(172_359_680);
    expect(moe).toBe(2_906_521_600);
    expect(weightBytesPerDevice(onAscend(deepseek, 'bf16', { tp: 8, ep: 4 }))).toBe(3 * dense + 58 * moe + embeddings);
  });

  it('projects the query straight from the hidden state when MLA has no query LoRA (DeepSeek-V2-Lite style)', () => {
    const noQueryLora = variant('deepseek-v3', (a) => ({ ...a, mla: { ...a.mla!, qLoraRank: null } }));
    // q becomes 7168 x (16 x 192) = 22,020,096 instead of 15,728,640: attention 42,926,080 at FP8.
    const attention = 36_634_624 - 15_728_640 + 7168 * 16 * 192;
    expect(attention).toBe(42_926_080);
    const dense = attention + 49_545_216;
    const moe = attention + 32 * 44_040_192 + 44_040_192 / 8 + 256 * 7168 * 2;
    const embeddings = 2 * ((129_280 * 7168) / 8) * 2;
    expect(weightBytesPerDevice(onAscend(noQueryLora, 'fp8', { tp: 8, ep: 8 }))).toBe(
      3 * dense + 58 * moe + embeddings,
    );
  });

  it('takes the heaviest pipeline stage as all MoE layers: DeepSeek-V3 at PP 2 holds 31 of them and one end', () => {
    // 61 layers over 2 stages: 31 per stage, all of them MoE (58 MoE layers), none of the 3 dense ones.
    const moe = 1_455_095_808;
    const oneEnd = ((129_280 * 7168) / 8) * 2;
    expect(weightBytesPerDevice(onAscend(deepseek, 'fp8', { tp: 8, ep: 8, pp: 2 }))).toBe(31 * moe + oneEnd);
  });

  it('puts the embedding on a stage even when tied embeddings leave no separate LM head', () => {
    const tied = variant('llama-3.1-8b', (a) => ({ ...a, tieWordEmbeddings: true }));
    // Llama 3.1 8B layer in BF16: attention (4096x32x128 + 2x4096x8x128 + 32x128x4096) x 2 B = 83,886,080,
    // FFN 3x4096x14336 x 2 B = 352,321,536; embedding 128256 x 4096 x 2 B = 1,050,673,152.
    const layer = 83_886_080 + 352_321_536;
    const embedding = 1_050_673_152;
    expect(weightBytesPerDevice(onAscend(tied, 'bf16', { tp: 1 }))).toBe(32 * layer + embedding);
    expect(weightBytesPerDevice(onAscend(tied, 'bf16', { tp: 1, pp: 2 }))).toBe(16 * layer + embedding);
  });

  it('sizes MoE activations by the active experts: DeepSeek-V3 prefilling 4,096 tokens at TP 8', () => {
    // Widest intermediate: 8 active experts x (7168 + 2 x 2048 / 1) = 90,112 (above QKV 128 x 192 / 8 x 3 = 9,216);
    // 4096 tokens x 2 B x (4 x 7168 + 90,112) + 129,280 / 8 x 4 B of logits.
    const m = memoryBreakdown(onAscend(deepseek, 'fp8', { tp: 8, ep: 8 }), 1, 4096);
    expect(m.activationsBytes).toBe(973_143_168);
    // At EP 4 each expert is split over 2 ranks: 8 x (7168 + 2 x 2048 / 2) = 73,728 wide.
    const split = memoryBreakdown(onAscend(deepseek, 'fp8', { tp: 8, ep: 4 }), 1, 4096);
    expect(split.activationsBytes).toBe(4096 * 2 * (4 * 7168 + 73_728) + (129_280 / 8) * 4);
  });

  it('sizes activations by the QKV projection when it is wider than the FFN', () => {
    const narrowFfn = variant('llama-3.1-8b', (a) => ({ ...a, intermediateSize: 4096 }));
    // QKV 32 x 128 x 3 = 12,288 wide, FFN 2 x 4096 = 8,192: 1000 tokens x 2 B x (4 x 4096 + 12,288) + 128,256 x 4 B.
    const m = memoryBreakdown(onAscend(narrowFfn, 'bf16', { tp: 1 }), 1, 2000, 1000);
    expect(m.activationsBytes).toBe(57_857_024);
  });

  it('counts the draft tokens of speculative decoding in the decode step', () => {
    const d = onAscend(
      getModel('llama-3.1-70b'),
      'bf16',
      { tp: 8 },
      { speculative: { draftTokens: 3, acceptanceRate: 0.7 } },
    );
    // One sequence, one prompt token: the decode step verifies 1 + 3 tokens, each with FP32 logits:
    // 4 x 2 B x (4 x 8192 + 2 x 28672 / 8) + 4 x 128,256 / 8 x 4 B = 319,488 + 256,512.
    expect(memoryBreakdown(d, 1, 4096, 1).activationsBytes).toBe(576_000);
  });

  it('fits when the total is exactly the HBM, and is short by 1 byte when one more is reserved', () => {
    // Llama 3.1 70B BF16 at TP 8, one sequence of 4,096 tokens with one prompt token:
    // weights 80 x 213,909,504 + 2 x 262,668,288 = 17,638,096,896; KV 167,772,160;
    // activations 1 x 2 B x (4 x 8192 + 7168) + 128,256 / 8 x 4 B = 79,872 + 64,128; together 17,806,013,056.
    const used = 17_806_013_056;
    const hbm = 154_618_822_656;
    const exact = memoryBreakdown(
      onAscend(getModel('llama-3.1-70b'), 'bf16', { tp: 8 }, { runtimeReserveBytes: hbm - used }),
      1,
      4096,
      1,
    );
    expect(exact.totalBytes).toBe(hbm);
    expect(exact.fits).toBe(true);
    expect(exact.shortfallBytes).toBe(0);
    const over = memoryBreakdown(
      onAscend(getModel('llama-3.1-70b'), 'bf16', { tp: 8 }, { runtimeReserveBytes: hbm - used + 1 }),
      1,
      4096,
      1,
    );
    expect(over.fits).toBe(false);
    expect(over.shortfallBytes).toBe(1);
  });
});
