import { describe, expect, it } from 'vitest';
import { getAccelerator, getModel } from '../../src/catalog/index.ts';
import {
  kvBytesPerSequencePerDevice,
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
