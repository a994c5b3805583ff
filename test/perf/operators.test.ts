import { describe, expect, it } from 'vitest';
import { getAccelerator, getModel } from '../../src/catalog/index.ts';
import {
  causalPairs,
  type Operator,
  resolveDeployment,
  type StepShape,
  stepOperators,
  weightBytesPerDevice,
} from '../../src/perf/index.ts';

const llama8b = () =>
  resolveDeployment({
    accelerator: getAccelerator('h100-sxm'),
    model: getModel('llama-3.1-8b'),
    precision: { weights: 'bf16', activations: 'bf16', kvCache: 'bf16' },
  });

function op(ops: Operator[], name: string): Operator {
  const found = ops.find((o) => o.name === name);
  if (!found) throw new Error(`no operator ${name}`);
  return found;
}

const decodeOne: StepShape = { phase: 'decode', batch: 1, newTokens: 1, pastTokens: 99 };

describe('operator FLOPs and bytes (Llama-3.1-8B, BF16, TP1, one sequence)', () => {
  const ops = stepOperators(llama8b(), decodeOne);

  it('QKV projection: 2 x 4096 x (32 + 2 x 8) x 128 FLOPs, weights plus activations in and out', () => {
    const qkv = op(ops, 'qkv_proj');
    expect(qkv.flops).toBe(2 * 4096 * 6144);
    expect(qkv.bytes).toBe(4096 * 6144 * 2 + (4096 + 6144) * 2);
    expect(qkv.count).toBe(32);
  });

  it('decode attention over 100 tokens: 2 x 32 heads x 256 x 100 FLOPs, reads 100 tokens of GQA KV', () => {
    const att = op(ops, 'attention');
    expect(att.flops).toBe(2 * 32 * 2 * 128 * 100);
    // KV of one layer: 100 tokens x 2 (K,V) x 8 heads x 128 x 2 bytes, plus query in and output out.
    expect(att.bytes).toBe(100 * 2 * 8 * 128 * 2 + 2 * 32 * 128 * 2);
  });

  it('output projection, gated FFN and LM head', () => {
    expect(op(ops, 'o_proj').flops).toBe(2 * 4096 * 4096);
    expect(op(ops, 'ffn_gate_up').flops).toBe(2 * 4096 * 2 * 14336);
    expect(op(ops, 'ffn_down').flops).toBe(2 * 14336 * 4096);
    const head = op(ops, 'lm_head');
    expect(head.flops).toBe(2 * 4096 * 128256);
    expect(head.bytes).toBe(4096 * 128256 * 2 + (4096 + 128256) * 2);
    expect(head.count).toBe(1);
  });

  it('all GEMM FLOPs of one token add up to twice the parameters touched (embedding excluded)', () => {
    const gemmFlops = ops.filter((o) => o.kind === 'gemm').reduce((s, o) => s + o.flops * o.count, 0);
    const params = 8.03e9 - 128256 * 4096;
    expect(gemmFlops / 2 / params).toBeCloseTo(1, 2);
  });

  it('prefill attention of a 1,024-token prompt scores 1024 x 1025 / 2 causal pairs', () => {
    const prefill = stepOperators(llama8b(), { phase: 'prefill', batch: 1, newTokens: 1024, pastTokens: 0 });
    expect(op(prefill, 'attention').flops).toBe(2 * 32 * 2 * 128 * ((1024 * 1025) / 2));
    // Only the last prompt position produces logits.
    expect(op(prefill, 'lm_head').rows).toBe(1);
  });
});

describe('the other operators of a decode step (Llama-3.1-8B, BF16, one token)', () => {
  const ops = stepOperators(llama8b(), decodeOne);

  it('memory-only operators move what they read and write', () => {
    // Embedding row read and written: 4096 x 2 bytes each.
    expect(op(ops, 'embedding').bytes).toBe(4096 * 4);
    // Two RMSNorm + residual kernels: x, residual in; x out, three times 4096 x 2 bytes each.
    const norm = op(ops, 'norm_residual');
    expect(norm.bytes).toBe(6 * 4096 * 2);
    expect(norm.kernels).toBe(2);
    // Rotary embedding on Q and K, and the new token's K and V written to the cache.
    expect(op(ops, 'rope_kv_write').bytes).toBe(32 * 128 * 2 * 2 + 2 * 8 * 128 * 2);
    // SwiGLU reads gate and up, writes the product.
    expect(op(ops, 'ffn_activation').bytes).toBe(3 * 14336 * 2);
    // FP32 logits read by the sampler.
    expect(op(ops, 'sampling').bytes).toBe(128256 * 4);
    for (const name of ['embedding', 'norm_residual', 'rope_kv_write', 'ffn_activation', 'sampling']) {
      expect(op(ops, name).flops).toBe(0);
    }
  });

  it('has no collectives on one device; TP adds two all-reduces of tokens x hidden x 2 bytes per layer', () => {
    expect(ops.some((o) => o.kind === 'collective')).toBe(false);
    const tp2 = stepOperators(
      resolveDeployment({
        accelerator: getAccelerator('h100-sxm'),
        model: getModel('llama-3.1-8b'),
        precision: { weights: 'bf16', activations: 'bf16', kvCache: 'bf16' },
        parallelism: { tp: 2 },
      }),
      decodeOne,
    );
    for (const name of ['attention_all_reduce', 'ffn_all_reduce']) {
      const ar = op(tp2, name);
      expect(ar.bytes).toBe(4096 * 2);
      expect(ar.count).toBe(32);
      expect(ar.commS).toBeGreaterThan(0);
    }
    expect(op(tp2, 'qkv_proj').flops).toBe(op(ops, 'qkv_proj').flops / 2);
  });

  it('MoE router and shared expert (DeepSeek-V3, one token)', () => {
    const d = resolveDeployment({
      accelerator: getAccelerator('h200-sxm'),
      model: getModel('deepseek-v3'),
      precision: { weights: 'fp8', activations: 'fp8', kvCache: 'bf16' },
    });
    const moe = stepOperators(d, { phase: 'decode', batch: 1, newTokens: 1, pastTokens: 0 });
    const router = op(moe, 'router');
    expect(router.flops).toBe(2 * 7168 * 256);
    expect(router.bytes).toBe(7168 * 256 * 2 + (7168 + 256) * 2);
    expect(op(moe, 'shared_expert_gate_up').flops).toBe(2 * 7168 * 2 * 2048);
    expect(op(moe, 'shared_expert_down').flops).toBe(2 * 2048 * 7168);
    // The three leading dense layers use the 18,432-wide FFN.
    const dense = op(moe, 'ffn_gate_up');
    expect(dense.count).toBe(3);
    expect(dense.flops).toBe(2 * 7168 * 2 * 18432);
  });
});

describe('causal pairs', () => {
  it('counts a triangle without a window and a capped band with one', () => {
    expect(causalPairs(4, 0, 0)).toBe(10);
    expect(causalPairs(2, 3, 0)).toBe(2 * 3 + 3);
    // 200 tokens, window 128: the first 128 see 1..128 keys, the other 72 see 128 each.
    expect(causalPairs(200, 0, 128)).toBe((128 * 129) / 2 + 72 * 128);
    expect(causalPairs(10, 500, 128)).toBe(10 * 128);
  });
});

describe('MLA (DeepSeek-V3)', () => {
  const d = (tp: number) =>
    resolveDeployment({
      accelerator: getAccelerator('h200-sxm'),
      model: getModel('deepseek-v3'),
      precision: { weights: 'fp8', activations: 'fp8', kvCache: 'bf16' },
      parallelism: { tp, ep: tp },
    });

  it('absorbed decode attention reads the 576-element latent once per token of context', () => {
    const ops = stepOperators(d(1), { phase: 'decode', batch: 2, newTokens: 1, pastTokens: 999 });
    const att = op(ops, 'attention');
    expect(att.flops).toBe(2 * 128 * (2 * 512 + 64) * 1000 * 2);
    expect(att.bytes).toBe(2 * 1000 * 576 * 2 + 2 * 128 * (512 * 2 + 64) * 2);
  });

  it('does not split the latent KV cache across tensor-parallel ranks', () => {
    const one = op(stepOperators(d(1), decodeOne), 'attention');
    const eight = op(stepOperators(d(8), decodeOne), 'attention');
    const kvRead = (o: Operator, heads: number) => o.bytes - heads * (512 * 2 + 64) * 2;
    expect(kvRead(eight, 16)).toBe(kvRead(one, 128));
    // Heads are split, so the FLOPs are.
    expect(eight.flops).toBe(one.flops / 8);
  });

  it('routed experts: FLOPs of top-8 of 256 experts, weights of the experts the batch touches', () => {
    const ops = stepOperators(d(1), { phase: 'decode', batch: 1, newTokens: 1, pastTokens: 0 });
    const experts = op(ops, 'routed_experts');
    expect(experts.flops).toBe(2 * 8 * 3 * 7168 * 2048);
    // One token touches 8 experts: 8 x 3 x 7168 x 2048 FP8 weights.
    const weights = 8 * 3 * 7168 * 2048;
    expect(experts.bytes).toBeGreaterThan(weights);
    expect(experts.bytes).toBeLessThan(weights * 1.01);
    expect(experts.count).toBe(58);
  });

  it('a large batch touches every expert: expected experts = E (1 - (1 - k/E)^tokens)', () => {
    const ops = stepOperators(d(1), { phase: 'decode', batch: 512, newTokens: 1, pastTokens: 0 });
    const experts = op(ops, 'routed_experts');
    const allWeights = 256 * 3 * 7168 * 2048;
    const touched = 1 - (1 - 8 / 256) ** 512;
    expect(experts.bytes).toBeGreaterThan(allWeights * touched);
  });
});

describe('weights in memory', () => {
  it('GPT-OSS-120B with MXFP4 experts and BF16 attention, embeddings and head is about 65.2 GB', () => {
    const d = resolveDeployment({
      accelerator: getAccelerator('ascend-950dt'),
      model: getModel('gpt-oss-120b'),
      precision: { weights: 'bf16', activations: 'bf16', kvCache: 'bf16', expertWeights: 'mxfp4' },
      tdp: undefined,
    });
    const experts = 36 * 128 * 3 * 2880 * 2880 * (4.25 / 8);
    expect(experts / 1e9).toBeCloseTo(60.91, 2);
    const rest = (36 * (2880 * 4096 * 2 + 2 * 2880 * 512 + 2880 * 128) + 2 * 201088 * 2880) * 2;
    expect(weightBytesPerDevice(d)).toBeCloseTo(experts + rest, -3);
    expect(weightBytesPerDevice(d) / 1e9).toBeCloseTo(65.17, 1);
  });

  it('all-MXFP4 linear layers shrink only the attention part further', () => {
    const d = resolveDeployment({
      accelerator: getAccelerator('ascend-950dt'),
      model: getModel('gpt-oss-120b'),
      precision: { weights: 'mxfp4', activations: 'mxfp4', kvCache: 'mxfp8' },
    });
    expect(weightBytesPerDevice(d) / 1e9).toBeCloseTo(63.8, 1);
  });
});
