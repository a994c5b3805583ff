import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getModel, loadHuggingFaceConfig, parseHuggingFaceConfig } from '../../src/catalog/index.ts';
import { countParameters } from '../../src/catalog/parameters.ts';
import { SuperpodInputError } from '../../src/errors.ts';
import { inputErrorOf } from '../helpers/errors.ts';

const fixtures = join(import.meta.dirname, 'fixtures');

/**
 * perf-model.md §4: parameter counts derived from each config.json (billions). Active counts include the
 * input embedding; for gpt-oss that is the §4 note's 5.71B (OpenAI's 5.13B leaves the input embedding
 * out), for DeepSeek-V3 perf-validation.json's 37.5B (the README rounds to 37B).
 */
const PERF_MODEL_PARAMETERS: ReadonlyArray<[folder: string, id: string, totalB: number, activeB: number]> = [
  ['Llama-3.1-8B', 'llama-3.1-8b', 8.03, 8.03],
  ['Llama-3.1-70B', 'llama-3.1-70b', 70.55, 70.55],
  ['Llama-3.1-405B', 'llama-3.1-405b', 405.85, 405.85],
  ['Qwen3-32B', 'qwen3-32b', 32.76, 32.76],
  ['Qwen3-235B-A22B', 'qwen3-235b-a22b', 235.09, 22.19],
  ['DeepSeek-V3', 'deepseek-v3', 671, 37.5],
  ['Mixtral-8x7B-v0.1', 'mixtral-8x7b', 46.7, 12.88],
  ['gpt-oss-120b', 'gpt-oss-120b', 116.83, 5.71],
];

const within1Percent = (actual: number, expected: number) => Math.abs(actual - expected) / expected < 0.01;

describe('Hugging Face config.json import', () => {
  for (const [folder, id, totalB, activeB] of PERF_MODEL_PARAMETERS) {
    it(`imports ${folder} to the catalogue architecture, counts within 1% of perf-model.md §4`, () => {
      const spec = loadHuggingFaceConfig(join(fixtures, 'hf', folder, 'config.json'), { id });
      expect(spec.id).toBe(id);
      expect(spec.architecture).toEqual(getModel(id).architecture);
      expect(spec.nativeWeightsPrecision).toBe(getModel(id).nativeWeightsPrecision);
      expect(spec.parameters.totalB).toMatchObject({ source: 'S_user_hf_config', confidence: 'estimated' });
      expect(spec.parameters.totalB.note).toContain('derived from the config.json');
      expect(within1Percent(spec.parameters.totalB.value!, totalB), `total ${spec.parameters.totalB.value}`).toBe(true);
      expect(within1Percent(spec.parameters.activeB.value!, activeB), `active ${spec.parameters.activeB.value}`).toBe(
        true,
      );
    });
  }

  it('counts the catalogue architectures to their stored parameter numbers within 1%', () => {
    for (const [, id] of PERF_MODEL_PARAMETERS) {
      const model = getModel(id);
      const count = countParameters(model.architecture);
      expect(within1Percent(count.total / 1e9, model.parameters.totalB.value!), id).toBe(true);
      expect(within1Percent(count.active / 1e9, model.parameters.activeB.value!), id).toBe(true);
    }
  });

  it('reads the DeepSeek MLA, MoE and FP8 fields', () => {
    const spec = loadHuggingFaceConfig(join(fixtures, 'hf', 'DeepSeek-V3'));
    expect(spec.id).toBe('deepseek-v3');
    expect(spec.architecture.attention).toBe('mla');
    expect(spec.architecture.mla).toEqual({
      qLoraRank: 1536,
      kvLoraRank: 512,
      qkNopeHeadDim: 128,
      qkRopeHeadDim: 64,
      vHeadDim: 128,
    });
    expect(spec.architecture.moe).toEqual({
      routedExperts: 256,
      activeExperts: 8,
      sharedExperts: 1,
      expertIntermediateSize: 2048,
      firstDenseLayers: 3,
    });
    expect(spec.nativeWeightsPrecision).toBe('fp8');
  });

  it('reads gpt-oss alternating sliding windows and MXFP4 experts', () => {
    const spec = loadHuggingFaceConfig(join(fixtures, 'hf', 'gpt-oss-120b', 'config.json'));
    expect(spec.architecture.slidingWindow).toEqual({ window: 128, pattern: 'alternate' });
    expect(spec.architecture.headDim).toBe(64);
    expect(spec.nativeWeightsPrecision).toBe('mxfp4');
  });

  it('keeps Qwen3-32B head_dim 128 although heads x head_dim differs from hidden_size', () => {
    const spec = loadHuggingFaceConfig(join(fixtures, 'hf', 'Qwen3-32B', 'config.json'));
    expect(spec.architecture.headDim).toBe(128);
    expect(spec.architecture.heads * spec.architecture.headDim).toBe(8192);
    expect(spec.architecture.hiddenSize).toBe(5120);
  });

  it('imports a small Mistral with tied embeddings, a full sliding window and fp16 weights', () => {
    const spec = loadHuggingFaceConfig(join(fixtures, 'small', 'tiny-mistral'));
    expect(spec.id).toBe('tiny-mistral');
    expect(spec.huggingFaceRepo).toBe('example/tiny-mistral');
    expect(spec.architecture).toMatchObject({
      headDim: 32,
      tieWordEmbeddings: true,
      slidingWindow: { window: 1024, pattern: 'all' },
    });
    expect(spec.nativeWeightsPrecision).toBe('fp16');
    // 1000x256 embedding (tied) + 4 x (attention 256x(256+2x64+256) + FFN 3x256x688 + 2 norms) + final norm
    expect(spec.parameters.totalB.value).toBe(0.003027);
  });

  it('imports Qwen3-MoE leading dense layers from mlp_only_layers and reads `dtype`', () => {
    const spec = loadHuggingFaceConfig(join(fixtures, 'small', 'tiny-qwen3-moe-dense-prefix', 'config.json'));
    expect(spec.architecture.attention).toBe('mha');
    expect(spec.architecture.moe).toMatchObject({ firstDenseLayers: 2, routedExperts: 16, activeExperts: 2 });
    expect(spec.nativeWeightsPrecision).toBe('bf16');
  });

  it('returns a frozen spec', () => {
    const spec = loadHuggingFaceConfig(join(fixtures, 'hf', 'Llama-3.1-8B'));
    expect(Object.isFrozen(spec.architecture)).toBe(true);
  });
});

describe('Hugging Face config.json import failures', () => {
  const malformed = (name: string) => join(fixtures, 'malformed', name);

  it('fails when the file is not JSON, giving line:column of the syntax error', () => {
    const file = malformed('missing-comma.json.txt');
    const error = inputErrorOf(() => loadHuggingFaceConfig(file));
    expect(error.where).toBe(`${file}:4:3`);
    expect(error.problem).toBe("not valid JSON: expected ',' or '}' after a property value, found \"\\\"\"");
  });

  it('fails when a required field is missing, naming it', () => {
    const error = inputErrorOf(() => loadHuggingFaceConfig(malformed('missing-layers.json')));
    expect(error.where).toBe(malformed('missing-layers.json'));
    expect(error.problem).toBe('required field "num_hidden_layers" is missing');
  });

  it('fails when a size is not positive, pointing at the field', () => {
    const error = inputErrorOf(() => loadHuggingFaceConfig(malformed('negative-hidden.json')));
    expect(error.where).toBe(`${malformed('negative-hidden.json')}:4:18`);
    expect(error.problem).toContain('"hidden_size" must be a positive whole number');
    expect(error.value).toBe(-4096);
  });

  it('fails when the architecture is not supported, listing the supported ones', () => {
    const error = inputErrorOf(() => loadHuggingFaceConfig(malformed('unsupported-arch.json')));
    expect(error.problem).toBe('has an unsupported model architecture');
    expect(error.value).toBe('FalconForCausalLM');
    expect(error.fix).toContain('DeepseekV3ForCausalLM');
  });

  it('fails when the file does not exist', () => {
    const error = inputErrorOf(() => loadHuggingFaceConfig(join(fixtures, 'nope', 'config.json')));
    expect(error.problem).toBe('cannot read the model config: no such file or folder (ENOENT)');
  });

  it('fails when the top level is not an object', () => {
    expect(inputErrorOf(() => parseHuggingFaceConfig('[1, 2]', 'x.json')).problem).toContain('must hold a JSON object');
  });

  it('fails when num_key_value_heads does not divide the heads', () => {
    const text = readFileSync(join(fixtures, 'hf', 'Llama-3.1-8B', 'config.json'), 'utf8').replace(
      '"num_key_value_heads": 8',
      '"num_key_value_heads": 5',
    );
    const error = inputErrorOf(() => parseHuggingFaceConfig(text, 'llama.json'));
    expect(error.where).toMatch(/^llama\.json:\d+:\d+$/);
    expect(error.problem).toContain('must divide num_attention_heads (32)');
  });

  it('fails when more experts are active than exist', () => {
    const text = readFileSync(join(fixtures, 'hf', 'Mixtral-8x7B-v0.1', 'config.json'), 'utf8').replace(
      '"num_experts_per_tok": 2',
      '"num_experts_per_tok": 9',
    );
    expect(inputErrorOf(() => parseHuggingFaceConfig(text, 'mixtral.json')).problem).toContain(
      'must not exceed the number of experts (8)',
    );
  });

  it('fails when the quantization method is unsupported', () => {
    const text = readFileSync(join(fixtures, 'hf', 'DeepSeek-V3', 'config.json'), 'utf8').replace(
      '"quant_method": "fp8"',
      '"quant_method": "awq"',
    );
    const error = inputErrorOf(() => parseHuggingFaceConfig(text, 'ds.json'));
    expect(error.problem).toBe('"quantization_config" is not supported');
    expect(error.value).toBe('awq');
  });

  it('fails when the id option is not a valid id', () => {
    const text = readFileSync(join(fixtures, 'hf', 'Qwen3-32B', 'config.json'), 'utf8');
    const error = inputErrorOf(() => parseHuggingFaceConfig(text, 'q.json', { id: 'Qwen 3' }));
    expect(error.where).toBe('q.json');
    expect(error.value).toBe('Qwen 3');
    expect(error.fix).toContain('lower-case letters');
  });
});

describe('Hugging Face import properties', () => {
  const base = JSON.parse(readFileSync(join(fixtures, 'hf', 'Qwen3-235B-A22B', 'config.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  const keys = Object.keys(base).concat([
    'architectures',
    'layer_types',
    'n_routed_experts',
    'q_lora_rank',
    'quantization_config',
  ]);

  /** true when the text was accepted (and checked), false when it was rejected with our input error. */
  const onlyOurErrors = (text: string): boolean => {
    try {
      const spec = parseHuggingFaceConfig(text, 'random.json');
      expect(spec.parameters.totalB.value).toBeGreaterThan(0);
      expect(Number.isFinite(spec.parameters.activeB.value)).toBe(true);
      return true;
    } catch (error) {
      if (!SuperpodInputError.is(error)) throw error;
      return false;
    }
  };

  it('throws only SuperpodInputError for any JSON object, none of which is a config', () => {
    fc.assert(
      fc.property(fc.object({ maxDepth: 3 }), (obj) => {
        expect(onlyOurErrors(JSON.stringify(obj))).toBe(false);
      }),
      { numRuns: 300, seed: 1 },
    );
  });

  it('returns a ModelSpec or throws SuperpodInputError when real config fields get random values', () => {
    let accepted = 0;
    const field = fc.tuple(fc.constantFrom(...keys), fc.jsonValue({ maxDepth: 2 }));
    const arch = fc.constantFrom(
      'LlamaForCausalLM',
      'Qwen3MoeForCausalLM',
      'DeepseekV3ForCausalLM',
      'MixtralForCausalLM',
      'GptOssForCausalLM',
      'MistralForCausalLM',
    );
    fc.assert(
      fc.property(arch, fc.array(field, { maxLength: 6 }), fc.boolean(), (architecture, changes, drop) => {
        const config: Record<string, unknown> = { ...base, architectures: [architecture] };
        for (const [key, value] of changes) {
          if (drop) delete config[key];
          else config[key] = value;
        }
        if (onlyOurErrors(JSON.stringify(config))) accepted++;
      }),
      { numRuns: 500, seed: 1 },
    );
    // A share of the cases must reach the ModelSpec assertions, or a parser that rejected everything would pass:
    expect(accepted).toBeGreaterThanOrEqual(80); // 107 of 500 with this seed
  });

  it('throws only SuperpodInputError for any text, none of which is a config', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        expect(onlyOurErrors(text)).toBe(false);
      }),
      { numRuns: 300, seed: 1 },
    );
  });
});
