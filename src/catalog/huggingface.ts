import { statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { SuperpodInputError } from '../errors.ts';
import { readInputText } from '../file-errors.ts';
import { escapePointerToken, parseJsonText, whereInFile } from './json-text.ts';
import { deepFreeze } from './load.ts';
import { countParameters, toBillions } from './parameters.ts';
import type { ModelArchitecture, ModelSpec, Precision } from './types.ts';

export interface HuggingFaceImportOptions {
  /** Catalogue id of the imported model; default: from `_name_or_path` or the file's folder name. */
  readonly id?: string;
}

/** Source id every imported value cites (listed in sources.json). */
export const USER_CONFIG_SOURCE = 'S_user_hf_config';

type Family = 'llama' | 'mistral' | 'qwen3' | 'qwen3-moe' | 'deepseek-v3' | 'mixtral' | 'gpt-oss';

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

const ID_PATTERN = /^[a-z0-9]+([.-][a-z0-9]+)*$/;

/** Reads a Hugging Face `config.json` (or a model folder holding one) and turns it into a ModelSpec. */
export function loadHuggingFaceConfig(filePath: string, opts: HuggingFaceImportOptions = {}): ModelSpec {
  const path = statSync(filePath, { throwIfNoEntry: false })?.isDirectory() ? join(filePath, 'config.json') : filePath;
  const text = readInputText(
    path,
    'the model config',
    "pass the path of a Hugging Face model's config.json (or of the folder holding it)",
  );
  return parseHuggingFaceConfig(text, path, opts);
}

/**
 * Turns the text of a Hugging Face `config.json` into a ModelSpec. Pure: no file access.
 * Supports Llama, Mistral, Qwen3 (dense and MoE), DeepSeek-V3 (MLA + MoE), Mixtral and gpt-oss.
 * Parameter counts are derived from the architecture (confidence `estimated`). Every problem is a
 * SuperpodInputError whose `where` is `fileLabel` (with line:column when known).
 */
export function parseHuggingFaceConfig(
  text: string,
  fileLabel: string,
  opts: HuggingFaceImportOptions = {},
): ModelSpec {
  const parsed = parseJsonText(text, fileLabel);
  const config = new ConfigReader(parsed, text, fileLabel);
  const family = config.family();
  const architecture = readArchitecture(config, family);
  const count = countParameters(architecture);
  if (!Number.isFinite(count.total) || count.total > Number.MAX_SAFE_INTEGER) {
    throw new SuperpodInputError({
      where: fileLabel,
      problem: 'the sizes in this config give an impossible parameter count',
      value: count.total,
      fix: 'check hidden_size, intermediate_size, vocab_size and the layer and expert counts',
    });
  }
  const nameOrPath = config.optionalString('_name_or_path');
  const repo = nameOrPath && /^[A-Za-z0-9._-]+\/[A-Za-z0-9._-]+$/.test(nameOrPath) ? nameOrPath : undefined;
  const id = modelId(opts.id, repo, fileLabel);
  const derived = `derived from the config.json ${fileLabel}: embeddings, attention, FFN or experts, norms; biases left out`;
  const spec: ModelSpec = {
    id,
    name: repo ?? nameOrPath ?? id,
    ...(repo ? { huggingFaceRepo: repo } : {}),
    architecture,
    parameters: {
      totalB: { value: toBillions(count.total), source: USER_CONFIG_SOURCE, confidence: 'estimated', note: derived },
      activeB: {
        value: toBillions(count.active),
        source: USER_CONFIG_SOURCE,
        confidence: 'estimated',
        note: architecture.moe
          ? `${derived}; routed experts counted ${architecture.moe.activeExperts} per token`
          : derived,
      },
    },
    nativeWeightsPrecision: config.weightsPrecision(),
    source: USER_CONFIG_SOURCE,
    confidence: 'reported',
  };
  return deepFreeze(spec);
}

function readArchitecture(config: ConfigReader, family: Family): ModelArchitecture {
  const layers = config.positiveInt('num_hidden_layers', 'the number of decoder layers, e.g. 32');
  const hiddenSize = config.positiveInt('hidden_size', 'the model width, e.g. 4096');
  const heads = config.positiveInt('num_attention_heads', 'the number of query heads, e.g. 32');
  const kvHeads = config.positiveInt('num_key_value_heads', 'the number of KV heads, e.g. 8', heads);
  const intermediateSize = config.positiveInt('intermediate_size', 'the FFN width, e.g. 14336');
  const vocabSize = config.positiveInt('vocab_size', 'the vocabulary size, e.g. 128256');
  const tieWordEmbeddings = config.optionalBoolean('tie_word_embeddings') ?? false;

  if (family === 'deepseek-v3') {
    const mla = {
      qLoraRank: config.positiveIntOrNull('q_lora_rank', 'the query low-rank size, e.g. 1536 (null: no compression)'),
      kvLoraRank: config.positiveInt('kv_lora_rank', 'the KV latent size, e.g. 512'),
      qkNopeHeadDim: config.positiveInt('qk_nope_head_dim', 'e.g. 128'),
      qkRopeHeadDim: config.positiveInt('qk_rope_head_dim', 'e.g. 64'),
      vHeadDim: config.positiveInt('v_head_dim', 'e.g. 128'),
    };
    const moeLayerFreq = config.positiveInt('moe_layer_freq', 'the MoE layer frequency, 1', 1);
    if (moeLayerFreq !== 1)
      config.unsupported('moe_layer_freq', moeLayerFreq, 'only every-layer MoE (moe_layer_freq 1) is modelled');
    const routedExperts = config.positiveInt('n_routed_experts', 'the number of routed experts, e.g. 256');
    const firstDenseLayers = config.nonNegativeInt(
      'first_k_dense_replace',
      'the number of leading dense layers, e.g. 3',
      0,
    );
    if (firstDenseLayers >= layers) {
      config.invalid('first_k_dense_replace', firstDenseLayers, `must be below num_hidden_layers (${layers})`);
    }
    const moe = {
      routedExperts,
      activeExperts: config.activeExperts(['num_experts_per_tok'], routedExperts),
      sharedExperts: config.nonNegativeInt('n_shared_experts', 'the number of shared experts, e.g. 1', 0),
      expertIntermediateSize: config.positiveInt('moe_intermediate_size', 'the expert FFN width, e.g. 2048'),
      firstDenseLayers,
    };
    return {
      layers,
      hiddenSize,
      attention: 'mla',
      heads,
      kvHeads,
      headDim: mla.qkNopeHeadDim + mla.qkRopeHeadDim,
      intermediateSize,
      vocabSize,
      tieWordEmbeddings,
      mla,
      moe,
    };
  }

  if (kvHeads > heads || heads % kvHeads !== 0) {
    config.invalid('num_key_value_heads', kvHeads, `must divide num_attention_heads (${heads})`);
  }
  const headDim = config.headDim(hiddenSize, heads);
  const slidingWindow = config.slidingWindow(family, layers);
  const moe = readMoe(config, family, layers, intermediateSize);
  return {
    layers,
    hiddenSize,
    attention: kvHeads === heads ? 'mha' : 'gqa',
    heads,
    kvHeads,
    headDim,
    intermediateSize,
    vocabSize,
    tieWordEmbeddings,
    ...(slidingWindow ? { slidingWindow } : {}),
    ...(moe ? { moe } : {}),
  };
}

function readMoe(config: ConfigReader, family: Family, layers: number, intermediateSize: number) {
  if (family === 'qwen3-moe') {
    const routedExperts = config.positiveInt('num_experts', 'the number of experts, e.g. 128');
    const sparseStep = config.positiveInt('decoder_sparse_step', 'the MoE layer step, 1', 1);
    if (sparseStep !== 1)
      config.unsupported('decoder_sparse_step', sparseStep, 'only every-layer MoE (decoder_sparse_step 1) is modelled');
    return {
      routedExperts,
      activeExperts: config.activeExperts(['num_experts_per_tok'], routedExperts),
      sharedExperts: 0,
      expertIntermediateSize: config.positiveInt('moe_intermediate_size', 'the expert FFN width, e.g. 1536'),
      firstDenseLayers: config.leadingDenseLayers(layers),
    };
  }
  if (family === 'mixtral' || family === 'gpt-oss') {
    const keys = family === 'gpt-oss' ? ['num_local_experts', 'num_experts'] : ['num_local_experts'];
    const key = keys.find((k) => config.has(k)) ?? keys[0]!;
    const routedExperts = config.positiveInt(key, 'the number of experts, e.g. 8');
    const topK = family === 'gpt-oss' ? ['num_experts_per_tok', 'experts_per_token'] : ['num_experts_per_tok'];
    return {
      routedExperts,
      activeExperts: config.activeExperts(topK, routedExperts),
      sharedExperts: 0,
      expertIntermediateSize: intermediateSize,
      firstDenseLayers: 0,
    };
  }
  return undefined;
}

/** Typed, located access to the fields of one config.json. */
class ConfigReader {
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

function modelId(requested: string | undefined, repo: string | undefined, fileLabel: string): string {
  if (requested !== undefined) {
    if (!ID_PATTERN.test(requested)) {
      throw new SuperpodInputError({
        where: fileLabel,
        problem: 'the id requested for the imported model is not valid',
        value: requested,
        fix: 'use lower-case letters, digits, dots and dashes, e.g. my-llama-8b',
      });
    }
    return requested;
  }
  const file = basename(fileLabel);
  const stem =
    repo?.split('/')[1] ?? (file === 'config.json' ? basename(dirname(fileLabel)) : file.replace(/\.json$/i, ''));
  const slug = stem
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/^[.-]+|[.-]+$/g, '')
    .replace(/-\.|\.-/g, '-');
  return ID_PATTERN.test(slug) ? slug : 'imported-model';
}
