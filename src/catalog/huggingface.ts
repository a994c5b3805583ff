import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { SuperpodInputError } from '../errors.ts';
import { ConfigReader, type Family } from './huggingface-config.ts';
import { parseJsonText } from './json-text.ts';
import { deepFreeze } from './load.ts';
import { countParameters, toBillions } from './parameters.ts';
import type { ModelArchitecture, ModelSpec } from './types.ts';

export interface HuggingFaceImportOptions {
  /** Catalogue id of the imported model; default: from `_name_or_path` or the file's folder name. */
  readonly id?: string;
}

/** Source id every imported value cites (listed in sources.json). */
export const USER_CONFIG_SOURCE = 'S_user_hf_config';

const ID_PATTERN = /^[a-z0-9]+([.-][a-z0-9]+)*$/;

/** Reads a Hugging Face `config.json` (or a model folder holding one) and turns it into a ModelSpec. */
export function loadHuggingFaceConfig(filePath: string, opts: HuggingFaceImportOptions = {}): ModelSpec {
  let path = filePath;
  let text: string;
  try {
    if (statSync(path).isDirectory()) path = join(path, 'config.json');
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SuperpodInputError({
      where: path,
      problem: code === 'ENOENT' ? 'file not found' : `cannot read the file (${code ?? 'read error'})`,
      fix: "pass the path of a Hugging Face model's config.json (or of the folder holding it)",
    });
  }
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
