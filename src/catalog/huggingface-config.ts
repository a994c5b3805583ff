import { SuperpodInputError } from '../errors.ts';
import { escapePointerToken, whereInFile } from './json-text.ts';
import type { ModelArchitecture, Precision } from './types.ts';

export type Family = 'llama' | 'mistral' | 'qwen3' | 'qwen3-moe' | 'deepseek-v3' | 'mixtral' | 'gpt-oss';

const BY_ARCHITECTURE: Readonly<Record<string, Family>> = {
  LlamaForCausalLM: 'llama',
  MistralForCausalLM: 'mistral',
  Qwen3ForCausalLM: 'qwen3',
  Qwen3MoeForCausalLM: 'qwen3-moe',
  DeepseekV3ForCausalLM: 'deepseek-v3',
  MixtralForCausalLM: 'mixtral',
  GptOssForCausalLM: 'gpt-oss',
};

const BY_MODEL_TYPE: Readonly<Record<string, Family>> = {
  llama: 'llama',
  mistral: 'mistral',
  qwen3: 'qwen3',
  qwen3_moe: 'qwen3-moe',
  deepseek_v3: 'deepseek-v3',
  mixtral: 'mixtral',
  gpt_oss: 'gpt-oss',
};

const DTYPES: Readonly<Record<string, Precision>> = {
  bfloat16: 'bf16',
  float16: 'fp16',
  float32: 'fp32',
};

/** Typed, located access to the fields of one config.json. */
export class ConfigReader {
  private readonly fields: Record<string, unknown>;

  constructor(
    parsed: unknown,
    private readonly text: string,
    private readonly fileLabel: string,
  ) {
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new SuperpodInputError({
        where: fileLabel,
        problem: 'a Hugging Face config.json must hold a JSON object',
        value: parsed,
        fix: "pass the model's config.json (an object with hidden_size, num_hidden_layers, ...)",
      });
    }
    this.fields = parsed as Record<string, unknown>;
  }

  has(key: string): boolean {
    return Object.hasOwn(this.fields, key) && this.fields[key] !== null;
  }

  family(): Family {
    const architectures = this.fields.architectures;
    let named: string | undefined;
    if (architectures !== undefined && architectures !== null) {
      if (!Array.isArray(architectures) || !architectures.every((a) => typeof a === 'string')) {
        this.invalid('architectures', architectures, 'must be a list of class names such as ["LlamaForCausalLM"]');
      }
      const list = architectures as string[];
      const known = list.find((a) => Object.hasOwn(BY_ARCHITECTURE, a));
      if (known) return BY_ARCHITECTURE[known]!;
      named = list[0];
    }
    const modelType = this.fields.model_type;
    if (typeof modelType === 'string' && Object.hasOwn(BY_MODEL_TYPE, modelType)) return BY_MODEL_TYPE[modelType]!;
    const shown = named ?? (typeof modelType === 'string' ? modelType : undefined);
    throw new SuperpodInputError({
      where: this.at(named !== undefined ? 'architectures' : 'model_type'),
      problem: shown === undefined ? 'names no model architecture' : 'has an unsupported model architecture',
      value: shown ?? null,
      fix: `supported: ${Object.keys(BY_ARCHITECTURE).join(', ')} (or model_type ${Object.keys(BY_MODEL_TYPE).join(', ')})`,
    });
  }

  positiveInt(key: string, meaning: string, fallback?: number): number {
    const value = this.fields[key];
    if ((value === undefined || value === null) && fallback !== undefined) return fallback;
    if (value === undefined || value === null) {
      throw new SuperpodInputError({
        where: this.fileLabel,
        problem: `required field "${key}" is missing`,
        fix: `add "${key}": ${meaning}`,
      });
    }
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
      this.invalid(key, value, `must be a positive whole number (${meaning})`);
    }
    return value as number;
  }

  positiveIntOrNull(key: string, meaning: string): number | null {
    if (!Object.hasOwn(this.fields, key)) {
      throw new SuperpodInputError({
        where: this.fileLabel,
        problem: `required field "${key}" is missing`,
        fix: `add "${key}": ${meaning}`,
      });
    }
    return this.fields[key] === null ? null : this.positiveInt(key, meaning);
  }

  nonNegativeInt(key: string, meaning: string, fallback: number): number {
    const value = this.fields[key];
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      this.invalid(key, value, `must be a whole number of 0 or more (${meaning})`);
    }
    return value as number;
  }

  /** The first of `keys` present (HF configs use several names for top-k), checked against the expert count. */
  activeExperts(keys: readonly string[], routedExperts: number): number {
    const key = keys.find((k) => this.has(k)) ?? keys[0]!;
    const topK = this.positiveInt(key, 'the experts each token is routed to, e.g. 8');
    if (topK > routedExperts) this.invalid(key, topK, `must not exceed the number of experts (${routedExperts})`);
    return topK;
  }

  optionalString(key: string): string | undefined {
    const value = this.fields[key];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  }

  optionalBoolean(key: string): boolean | undefined {
    const value = this.fields[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') this.invalid(key, value, 'must be true or false');
    return value as boolean;
  }

  headDim(hiddenSize: number, heads: number): number {
    if (this.has('head_dim')) return this.positiveInt('head_dim', 'the width of one attention head, e.g. 128');
    if (hiddenSize % heads !== 0) {
      throw new SuperpodInputError({
        where: this.fileLabel,
        problem: `"head_dim" is missing and hidden_size ${hiddenSize} is not a multiple of num_attention_heads ${heads}`,
        fix: 'add "head_dim" with the width of one attention head',
      });
    }
    return hiddenSize / heads;
  }

  /** Sliding-window attention from `layer_types` when given, else each family's own keys. */
  slidingWindow(family: Family, layers: number): ModelArchitecture['slidingWindow'] {
    const layerTypes = this.fields.layer_types;
    if (layerTypes !== undefined && layerTypes !== null) {
      if (
        !Array.isArray(layerTypes) ||
        layerTypes.length !== layers ||
        !layerTypes.every((t) => t === 'sliding_attention' || t === 'full_attention')
      ) {
        this.invalid(
          'layer_types',
          layerTypes,
          `must list "sliding_attention" or "full_attention" for each of the ${layers} layers`,
        );
      }
      const sliding = (layerTypes as string[]).map((t) => t === 'sliding_attention');
      if (!sliding.some(Boolean)) return undefined;
      const window = this.positiveInt('sliding_window', 'the window in tokens, e.g. 128');
      if (sliding.every(Boolean)) return { window, pattern: 'all' };
      if (sliding.every((s, i) => i === 0 || s !== sliding[i - 1])) return { window, pattern: 'alternate' };
      return this.unsupported(
        'layer_types',
        layerTypes,
        'only all-sliding or alternating sliding/full layers are modelled',
      );
    }
    if (family === 'gpt-oss') {
      // GptOssConfig's default layer_types alternate sliding and full attention.
      return { window: this.positiveInt('sliding_window', 'the window in tokens, e.g. 128'), pattern: 'alternate' };
    }
    if (family === 'mistral' || family === 'mixtral') {
      return this.has('sliding_window')
        ? { window: this.positiveInt('sliding_window', 'the window in tokens, e.g. 4096'), pattern: 'all' }
        : undefined;
    }
    if ((family === 'qwen3' || family === 'qwen3-moe') && this.optionalBoolean('use_sliding_window') === true) {
      return this.unsupported(
        'use_sliding_window',
        true,
        'Qwen sliding windows over max_window_layers are not modelled; set it to false',
      );
    }
    return undefined;
  }

  /** Qwen3-MoE `mlp_only_layers`: dense layers must be the leading ones (like DeepSeek's first_k_dense_replace). */
  leadingDenseLayers(layers: number): number {
    const list = this.fields.mlp_only_layers;
    if (list === undefined || list === null) return 0;
    if (
      !Array.isArray(list) ||
      !list.every((n) => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 && n < layers)
    ) {
      this.invalid('mlp_only_layers', list, `must list layer indexes from 0 to ${layers - 1}`);
    }
    const sorted = [...new Set(list as number[])].sort((a, b) => a - b);
    if (!sorted.every((n, i) => n === i)) {
      this.unsupported('mlp_only_layers', list, 'only leading dense layers (0, 1, ... k-1) are modelled');
    }
    if (sorted.length >= layers) this.invalid('mlp_only_layers', list, 'leaves no MoE layer');
    return sorted.length;
  }

  weightsPrecision(): Precision {
    const quantization = this.fields.quantization_config;
    if (quantization !== undefined && quantization !== null) {
      const method =
        typeof quantization === 'object' && !Array.isArray(quantization)
          ? (quantization as Record<string, unknown>).quant_method
          : undefined;
      if (method === 'fp8') return 'fp8';
      if (method === 'mxfp4') return 'mxfp4';
      return this.unsupported(
        'quantization_config',
        method ?? quantization,
        'supported quant_method values are "fp8" and "mxfp4"; remove quantization_config to import the unquantised model',
      );
    }
    const key = this.has('torch_dtype') ? 'torch_dtype' : 'dtype';
    const dtype = this.fields[key];
    if (dtype === undefined || dtype === null) {
      throw new SuperpodInputError({
        where: this.fileLabel,
        problem: 'required field "torch_dtype" is missing',
        fix: 'add "torch_dtype": "bfloat16" (the dtype the weights ship in)',
      });
    }
    if (typeof dtype !== 'string' || !Object.hasOwn(DTYPES, dtype)) {
      this.invalid(key, dtype, `must be one of ${Object.keys(DTYPES).join(', ')}`);
    }
    return DTYPES[dtype as string]!;
  }

  invalid(key: string, value: unknown, problem: string): never {
    throw new SuperpodInputError({
      where: this.at(key),
      problem: `"${key}" ${problem}`,
      value,
      fix: `correct "${key}" in the config (copy it from the model's published config.json)`,
    });
  }

  unsupported(key: string, value: unknown, fix: string): never {
    throw new SuperpodInputError({ where: this.at(key), problem: `"${key}" is not supported`, value, fix });
  }

  private at(key: string): string {
    return whereInFile(this.fileLabel, this.text, `/${escapePointerToken(key)}`);
  }
}
