import { describe, expect, it } from 'vitest';
import { getModel } from '../../src/catalog/index.ts';
import { kvBytesPerToken, kvElementsPerSequence, modelShape } from '../../src/perf/index.ts';

describe('KV cache per token', () => {
  it('Llama-3.1-70B in BF16: 2 x 80 layers x 8 KV heads x 128 x 2 bytes = 327,680', () => {
    expect(kvBytesPerToken(modelShape(getModel('llama-3.1-70b')), 16)).toBe(327_680);
  });

  it('DeepSeek-V3 MLA in BF16: 61 layers x (512 + 64) x 2 bytes = 70,272', () => {
    expect(kvBytesPerToken(modelShape(getModel('deepseek-v3')), 16)).toBe(70_272);
  });

  it('matches the reference values for the other catalogue models', () => {
    const bf16 = (id: string) => kvBytesPerToken(modelShape(getModel(id)), 16);
    expect(bf16('llama-3.1-8b')).toBe(131_072);
    expect(bf16('llama-3.1-405b')).toBe(516_096);
    expect(bf16('qwen3-32b')).toBe(262_144);
    expect(bf16('qwen3-235b-a22b')).toBe(192_512);
    expect(bf16('mixtral-8x7b')).toBe(131_072);
    // GPT-OSS: the 18 full-attention layers grow with context; the 18 sliding-window layers hold 128 tokens.
    expect(bf16('gpt-oss-120b')).toBe(36_864);
  });

  it('halves in FP8 and caps sliding-window layers at the window', () => {
    expect(kvBytesPerToken(modelShape(getModel('llama-3.1-70b')), 8)).toBe(163_840);
    const oss = modelShape(getModel('gpt-oss-120b'));
    const perLayerToken = 2 * 8 * 64;
    expect(kvElementsPerSequence(oss, 1000)).toBe(perLayerToken * (18 * 1000 + 18 * 128));
    expect(kvElementsPerSequence(oss, 100)).toBe(perLayerToken * 36 * 100);
  });
});

describe('parameter counts from the architecture', () => {
  it('match the published totals', () => {
    const billions = (id: string) => modelShape(getModel(id)).totalParams / 1e9;
    expect(billions('llama-3.1-8b')).toBeCloseTo(8.03, 2);
    expect(billions('llama-3.1-70b')).toBeCloseTo(70.55, 1);
    expect(billions('qwen3-235b-a22b')).toBeCloseTo(235.1, 0);
    expect(billions('deepseek-v3')).toBeCloseTo(671, -1);
    expect(billions('mixtral-8x7b')).toBeCloseTo(46.7, 1);
    expect(billions('gpt-oss-120b')).toBeCloseTo(116.8, 0);
  });

  it('counts only top-k and shared experts as active', () => {
    expect(modelShape(getModel('deepseek-v3')).activeParams / 1e9).toBeCloseTo(37, -1);
    expect(modelShape(getModel('mixtral-8x7b')).activeParams / 1e9).toBeCloseTo(12.9, 0);
  });
});
