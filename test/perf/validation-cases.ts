import { getAccelerator, getModel } from '../../src/catalog/index.ts';
import type { AcceleratorSpec, ModelSpec } from '../../src/catalog/types.ts';
import type { DeploymentInput, Fabric, PrecisionChoice } from '../../src/perf/index.ts';
import { Power } from '../../src/units/index.ts';

/**
 * How each record of perf-validation.json is expressed in the model: hardware, model, formats, parallelism and
 * the scenario that produced the number. Only what the record (or its cited source) states is used; anything else
 * is an assumption listed on the case. Records the model cannot express are listed in NOT_EXPRESSIBLE with why.
 */

export type Group = 'MLPerf' | 'TensorRT-LLM tables' | 'DeepSeek/SGLang' | 'Ascend' | 'silicon references' | 'other';

export type Metric = 'throughput' | 'ttft' | 'tpot';

export interface Expected {
  readonly metric: Metric;
  /** Which measured number: `value`, or a key of the record's `extra`. Read from the file, in `unit`. */
  readonly label: string;
  readonly unit: string;
  /** Factor from the file's unit to `unit` (1,000 for seconds to milliseconds). */
  readonly scale?: number;
}

export type Scenario =
  /** Max-throughput run (all requests queued): batch limited by memory and `maxBatch`; output (or total) tok/s. */
  | {
      readonly kind: 'offline';
      readonly instances: number;
      readonly inputTokens: number;
      readonly outputTokens: number;
      readonly maxBatch?: number;
      readonly count: 'output' | 'total';
    }
  /**
   * Poisson arrivals at `requestsPerSecond` over all instances: mean TTFT and TPOT. `maxBatch`: the engine's limit
   * on running sequences per instance where the submission states it.
   */
  | {
      readonly kind: 'server';
      readonly instances: number;
      readonly requestsPerSecond: number;
      readonly inputTokens: number;
      readonly outputTokens: number;
      readonly maxBatch?: number;
    }
  /** `concurrency` closed-loop clients over all instances: TTFT and TPOT (and output tok/s). */
  | {
      readonly kind: 'closed-loop';
      readonly instances: number;
      readonly concurrency: number;
      readonly inputTokens: number;
      readonly outputTokens: number;
      readonly maxBatch?: number;
    }
  /** One static batch: prefill latency (TTFT) and one decode step (TPOT). */
  | { readonly kind: 'static'; readonly batch: number; readonly inputTokens: number; readonly outputTokens: number }
  /** Prefill-only instance: prompt tokens per second per `per` (node of 8 or one device). */
  | {
      readonly kind: 'prefill';
      readonly tokensPerDevice: number;
      readonly inputTokens: number;
      readonly per: 'node' | 'device';
    }
  /** Decode-only instance at a batch per device and KV length: output tok/s per node or device. */
  | {
      readonly kind: 'decode';
      readonly batchPerDevice: number;
      readonly context: number;
      readonly per: 'node' | 'device';
    }
  /** Decode-only: the largest batch meeting a TPOT bound, output tok/s per device there. */
  | { readonly kind: 'decode-at-tpot'; readonly tpotS: number; readonly context: number };

export interface ValidationCase {
  readonly id: string;
  readonly group: Group;
  readonly hardware: string;
  readonly deployment: () => DeploymentInput;
  readonly scenario: Scenario;
  readonly expected: readonly Expected[];
  /** Per expected label, a scenario variant (e.g. other prompt lengths of the same record). */
  readonly variants?: Readonly<Record<string, Partial<DeploymentInput> & { scenario?: Scenario }>>;
  readonly assumptions: readonly string[];
}

// ---- Hardware and models that are not catalogue entries, derived here from sourced deltas ----

/** H800: H100 silicon with NVLink cut to 400 GB/s (NVIDIA H800 SXM datasheet). */
function h800(): AcceleratorSpec {
  const h100 = getAccelerator('h100-sxm');
  return {
    ...h100,
    id: 'h800',
    name: 'NVIDIA H800 SXM (H100 with 400 GB/s NVLink)',
    scaleUp: {
      ...h100.scaleUp,
      bandwidthGBps: { value: 400, source: 'nvidia-h800-datasheet', confidence: 'vendor-claimed' },
    },
  };
}

/** B200 inside GB200 (1,200 W): 10 PF FP4, 5 PF FP8, 2.5 PF BF16 dense, 186 GB (hardware.md §4, S_glenn_b200). */
function gb200(): AcceleratorSpec {
  const b200 = getAccelerator('b200');
  const s = (value: number) => ({ value, source: 'S_glenn_b200', confidence: 'vendor-claimed' as const });
  return {
    ...b200,
    id: 'gb200',
    name: 'NVIDIA B200 in GB200 NVL72',
    denseTflops: {
      ...b200.denseTflops,
      bf16: s(2500),
      fp16: s(2500),
      fp8: s(5000),
      int8: s(5000),
      nvfp4: s(10000),
      mxfp4: s(10000),
    },
    hbm: { ...b200.hbm, capacityGiB: s(186) }, // NVIDIA "186 GB", binary like every HBM figure
    tdpW: s(1200),
  };
}

/** NVL72: one NVLink domain of 72 GPUs at 900 GB/s per direction, then 400G RDMA. */
const NVL72_FABRIC: Fabric = [
  {
    name: 'nvlink72',
    kind: 'nvlink',
    maxNpus: 72,
    bandwidthBps: 900e9,
    latencyS: 1.5e-6,
    source: 'S_gb200_aiwiki',
    confidence: 'vendor-claimed',
  },
  {
    name: 'scale-out',
    kind: 'roce',
    maxNpus: Number.POSITIVE_INFINITY,
    bandwidthBps: 50e9,
    latencyS: 4e-6,
    source: 'ConnectX-7 400G',
    confidence: 'estimated',
  },
];

/** Llama-2-70B: the Llama-3.1-70B architecture with a 32k vocabulary (meta-llama/Llama-2-70b-hf config.json). */
export function llama2_70b(): ModelSpec {
  const m = getModel('llama-3.1-70b');
  return { ...m, id: 'llama-2-70b', name: 'Llama-2-70B', architecture: { ...m.architecture, vocabSize: 32000 } };
}

/** Qwen3-8B (Qwen/Qwen3-8B config.json): 36 layers, hidden 4096, 32/8 heads of 128, FFN 12288, vocab 151936. */
function qwen3_8b(): ModelSpec {
  const m = getModel('qwen3-32b');
  return {
    ...m,
    id: 'qwen3-8b',
    name: 'Qwen3-8B',
    architecture: {
      layers: 36,
      hiddenSize: 4096,
      attention: 'gqa',
      heads: 32,
      kvHeads: 8,
      headDim: 128,
      intermediateSize: 12288,
      vocabSize: 151936,
      tieWordEmbeddings: false,
    },
  };
}

const p = (
  weights: PrecisionChoice['weights'],
  kvCache: PrecisionChoice['kvCache'],
  activations = weights,
): PrecisionChoice => ({
  weights,
  activations,
  kvCache,
});

const on =
  (
    accelerator: () => AcceleratorSpec,
    model: () => ModelSpec,
    precision: PrecisionChoice,
    parallelism: DeploymentInput['parallelism'] = {},
    extra: Partial<DeploymentInput> = {},
  ) =>
  (): DeploymentInput => ({ accelerator: accelerator(), model: model(), precision, parallelism, ...extra });

const acc = (id: string) => () => getAccelerator(id);
const mod = (id: string) => () => getModel(id);

/** MLPerf Llama-2-70B OpenOrca set: mean input length not in the record; 295 tokens assumed. */
export const OPENORCA_INPUT = 295;
export const OPENORCA_NOTE = `mean input length of the MLPerf OpenOrca set not verified: ${OPENORCA_INPUT} tokens assumed`;

/**
 * The engine's batch limit of NVIDIA's MLPerf v4.1 Llama-2-70B Server runs: `gpu_batch_size` 1,024 per TP2 instance on
 * H100-SXM and 896 per GPU on H200-SXM (closed/NVIDIA/configs/llama2-70b/Server/__init__.py). Neither binds: the
 * decode batch the load needs is below both.
 */
const NVIDIA_V41_SERVER_CONFIG =
  'batch limit gpu_batch_size from the submission Server config (1,024 H100 TP2, 896 H200)';

/** NVIDIA's MLPerf v4.1 H200 Llama-2-70B Offline runs (MaxP and MaxQ): TP1 x 8 at batch 806 per GPU. */
const H200_LLAMA2_OFFLINE: Scenario = {
  kind: 'offline',
  instances: 8,
  inputTokens: OPENORCA_INPUT,
  outputTokens: 291,
  maxBatch: 806,
  count: 'output',
};

export const CASES: readonly ValidationCase[] = [
  // ---------------- MLPerf ----------------
  {
    id: 'mlperf41-h100x8-llama2-70b-offline',
    group: 'MLPerf',
    hardware: 'h100-sxm',
    deployment: on(acc('h100-sxm'), llama2_70b, p('fp8', 'fp8'), { tp: 2 }),
    scenario: {
      kind: 'offline',
      instances: 4,
      inputTokens: OPENORCA_INPUT,
      outputTokens: 290,
      maxBatch: 896,
      count: 'output',
    },
    expected: [{ metric: 'throughput', label: 'value', unit: 'tok/s' }],
    assumptions: [OPENORCA_NOTE, 'FP8 KV cache (TRT-LLM FP8 recipe)'],
  },
  {
    id: 'mlperf41-h100x8-llama2-70b-server',
    group: 'MLPerf',
    hardware: 'h100-sxm',
    deployment: on(acc('h100-sxm'), llama2_70b, p('fp8', 'fp8'), { tp: 2 }),
    scenario: {
      kind: 'server',
      instances: 4,
      requestsPerSecond: 74.42,
      inputTokens: OPENORCA_INPUT,
      outputTokens: 290,
      maxBatch: 1024,
    },
    expected: [
      { metric: 'ttft', label: 'ttft_mean_ms', unit: 'ms' },
      { metric: 'tpot', label: 'tpot_mean_ms', unit: 'ms' },
    ],
    assumptions: [
      OPENORCA_NOTE,
      'TP2 x 4 as in the Offline config',
      'throughput equals the offered load, so only TTFT/TPOT are compared',
      NVIDIA_V41_SERVER_CONFIG,
    ],
  },
  {
    id: 'mlperf41-h200x8-llama2-70b-offline',
    group: 'MLPerf',
    hardware: 'h200-sxm',
    deployment: on(acc('h200-sxm'), llama2_70b, p('fp8', 'fp8')),
    scenario: H200_LLAMA2_OFFLINE,
    expected: [{ metric: 'throughput', label: 'value', unit: 'tok/s' }],
    assumptions: [OPENORCA_NOTE, 'FP8 KV cache'],
  },
  {
    id: 'mlperf41-h200x8-llama2-70b-server',
    group: 'MLPerf',
    hardware: 'h200-sxm',
    deployment: on(acc('h200-sxm'), llama2_70b, p('fp8', 'fp8')),
    scenario: {
      kind: 'server',
      instances: 8,
      requestsPerSecond: 100.35,
      inputTokens: OPENORCA_INPUT,
      outputTokens: 291,
      maxBatch: 896,
    },
    expected: [
      { metric: 'ttft', label: 'ttft_mean_ms', unit: 'ms' },
      { metric: 'tpot', label: 'tpot_mean_ms', unit: 'ms' },
    ],
    assumptions: [OPENORCA_NOTE, 'TP1 x 8 as in the Offline config', NVIDIA_V41_SERVER_CONFIG],
  },
  {
    id: 'mlperf41-h200x8-maxq-llama2-70b',
    group: 'MLPerf',
    hardware: 'h200-sxm',
    deployment: on(acc('h200-sxm'), llama2_70b, p('fp8', 'fp8'), {}, { powerCap: Power.watts(500) }),
    scenario: H200_LLAMA2_OFFLINE,
    expected: [{ metric: 'throughput', label: 'value', unit: 'tok/s' }],
    assumptions: [OPENORCA_NOTE, 'FP8 KV cache', '500 W power cap per GPU (config power_limit)'],
  },
  {
    id: 'mlperf41-b200x1-llama2-70b-offline',
    group: 'MLPerf',
    hardware: 'b200',
    deployment: on(acc('b200'), llama2_70b, p('nvfp4', 'fp8')),
    scenario: { kind: 'offline', instances: 1, inputTokens: OPENORCA_INPUT, outputTokens: 274, count: 'output' },
    expected: [{ metric: 'throughput', label: 'value', unit: 'tok/s' }],
    assumptions: [OPENORCA_NOTE, 'NVFP4 weights and activations, FP8 KV (precision unverified in the record)'],
  },
  {
    id: 'mlperf41-h100x8-mixtral-offline',
    group: 'MLPerf',
    hardware: 'h100-sxm',
    deployment: on(acc('h100-sxm'), mod('mixtral-8x7b'), p('fp8', 'fp8')),
    scenario: { kind: 'offline', instances: 8, inputTokens: 450, outputTokens: 146, count: 'output' },
    expected: [{ metric: 'throughput', label: 'value', unit: 'tok/s' }],
    assumptions: [
      'mean input length of the Mixtral set (OpenOrca, GSM8K, MBXP) not verified: 450 tokens assumed',
      'FP8, TP1 x 8 (precision and parallelism unverified)',
    ],
  },
  {
    id: 'mlperf50-b200x8-llama2-70b-offline',
    group: 'MLPerf',
    hardware: 'b200',
    deployment: on(acc('b200'), llama2_70b, p('nvfp4', 'fp8')),
    scenario: { kind: 'offline', instances: 8, inputTokens: OPENORCA_INPUT, outputTokens: 272, count: 'output' },
    expected: [{ metric: 'throughput', label: 'value', unit: 'tok/s' }],
    assumptions: [OPENORCA_NOTE, 'one TP1 instance per GPU'],
  },
  {
    id: 'mlperf50-b200x8-llama2-70b-interactive-server',
    group: 'MLPerf',
    hardware: 'b200',
    deployment: on(acc('b200'), llama2_70b, p('nvfp4', 'fp8'), { tp: 2 }),
    scenario: {
      kind: 'server',
      instances: 4,
      requestsPerSecond: 217.93,
      inputTokens: OPENORCA_INPUT,
      outputTokens: 273,
    },
    expected: [
      { metric: 'ttft', label: 'ttft_mean_ms', unit: 'ms' },
      { metric: 'tpot', label: 'tpot_mean_ms', unit: 'ms' },
    ],
    assumptions: [OPENORCA_NOTE, 'TP2 x 4 (parallelism unverified; the smallest TP whose TPOT meets the 40 ms bound)'],
  },
  {
    id: 'mlperf50-b200x8-llama31-405b-offline',
    group: 'MLPerf',
    hardware: 'b200',
    deployment: on(acc('b200'), mod('llama-3.1-405b'), p('nvfp4', 'fp8'), { tp: 8 }),
    scenario: { kind: 'offline', instances: 1, inputTokens: 9400, outputTokens: 657, count: 'output' },
    expected: [{ metric: 'throughput', label: 'value', unit: 'tok/s' }],
    assumptions: ['mean input of the MLPerf 405B set not verified: 9,400 tokens assumed', 'NVFP4, TP8 (unverified)'],
  },
  {
    id: 'mlperf51-gb200nvl72-llama31-405b-offline',
    group: 'MLPerf',
    hardware: 'gb200',
    deployment: on(gb200, mod('llama-3.1-405b'), p('nvfp4', 'fp8'), { tp: 4 }, { fabric: NVL72_FABRIC }),
    scenario: { kind: 'offline', instances: 18, inputTokens: 9400, outputTokens: 652, count: 'output' },
    expected: [{ metric: 'throughput', label: 'value', unit: 'tok/s' }],
    assumptions: [
      'mean input 9,400 tokens assumed',
      'NVFP4, TP4 x 18 instances (unverified)',
      'GB200 B200 at 1,200 W figures',
    ],
  },

  // ---------------- TensorRT-LLM perf-overview tables ----------------
  ...trtllmTable(),

  // ---------------- TensorRT-LLM DeepSeek-R1 guide ----------------
  {
    id: 'trtllm-dsr1-h200x8-maxtput',
    group: 'TensorRT-LLM tables',
    hardware: 'h200-sxm',
    deployment: on(acc('h200-sxm'), mod('deepseek-v3'), p('fp8', 'bf16'), { tp: 1, dp: 8, ep: 8 }),
    scenario: {
      kind: 'closed-loop',
      instances: 1,
      concurrency: 1024,
      inputTokens: 1024,
      outputTokens: 2048,
      maxBatch: 1024,
    },
    expected: [{ metric: 'throughput', label: 'value', unit: 'tok/s' }],
    assumptions: ['BF16 KV cache (the guide names FP8 KV only for its separate FP8-KV variant)'],
  },
  {
    id: 'trtllm-dsr1-b200x8-maxtput',
    group: 'TensorRT-LLM tables',
    hardware: 'b200',
    deployment: on(
      acc('b200'),
      mod('deepseek-v3'),
      { weights: 'fp8', activations: 'nvfp4', kvCache: 'bf16', expertWeights: 'nvfp4' },
      { tp: 1, dp: 8, ep: 8 },
    ),
    scenario: {
      kind: 'closed-loop',
      instances: 1,
      concurrency: 3072,
      inputTokens: 1024,
      outputTokens: 2048,
      maxBatch: 3072,
    },
    expected: [{ metric: 'throughput', label: 'value', unit: 'tok/s' }],
    assumptions: ['NVFP4 experts (W4A4), FP8 attention weights (nvidia/DeepSeek-R1-FP4 layout)'],
  },

  // ---------------- DeepSeek / SGLang large-scale EP ----------------
  {
    id: 'deepseek-prod-h800-decode',
    group: 'DeepSeek/SGLang',
    hardware: 'h800',
    deployment: on(h800, mod('deepseek-v3'), p('fp8', 'bf16'), { tp: 1, dp: 144, ep: 144 }),
    scenario: { kind: 'decode', batchPerDevice: 88, context: 4989, per: 'node' },
    expected: [{ metric: 'throughput', label: 'value', unit: 'tok/s/node' }],
    assumptions: ['88 sequences per GPU (derived: 1,850 tok/s/GPU / 21 tok/s/user)', 'no MTP (not stated)'],
  },
  {
    id: 'deepseek-profile-h800-prefill',
    group: 'DeepSeek/SGLang',
    hardware: 'h800',
    deployment: on(
      h800,
      mod('deepseek-v3'),
      p('fp8', 'bf16'),
      { tp: 1, dp: 32, ep: 32 },
      { prefillChunkTokens: 16384 },
    ),
    scenario: { kind: 'prefill', tokensPerDevice: 16384, inputTokens: 4096, per: 'node' },
    expected: [{ metric: 'throughput', label: 'value', unit: 'tok/s/node' }],
    assumptions: [],
  },
  {
    id: 'deepseek-profile-h800-decode',
    group: 'DeepSeek/SGLang',
    hardware: 'h800',
    deployment: on(h800, mod('deepseek-v3'), p('fp8', 'bf16'), { tp: 1, dp: 128, ep: 128 }),
    scenario: { kind: 'decode', batchPerDevice: 128, context: 4096, per: 'node' },
    expected: [{ metric: 'throughput', label: 'value', unit: 'tok/s/node' }],
    assumptions: ['EP128 over the 16 nodes of the LMSYS table'],
  },
  {
    id: 'sglang-h100-ep32-prefill',
    group: 'DeepSeek/SGLang',
    hardware: 'h100-sxm',
    deployment: on(
      acc('h100-sxm'),
      mod('deepseek-v3'),
      p('fp8', 'bf16'),
      { tp: 1, dp: 32, ep: 32 },
      { prefillChunkTokens: 16384 },
    ),
    scenario: { kind: 'prefill', tokensPerDevice: 16384, inputTokens: 2048, per: 'node' },
    expected: [
      { metric: 'throughput', label: 'value', unit: 'tok/s/node' },
      { metric: 'throughput', label: '1K', unit: 'tok/s/node' },
      { metric: 'throughput', label: '4K', unit: 'tok/s/node' },
    ],
    variants: {
      '1K': { scenario: { kind: 'prefill', tokensPerDevice: 16384, inputTokens: 1024, per: 'node' } },
      '4K': { scenario: { kind: 'prefill', tokensPerDevice: 16384, inputTokens: 4096, per: 'node' } },
    },
    assumptions: [],
  },
  {
    id: 'sglang-h100-ep72-decode',
    group: 'DeepSeek/SGLang',
    hardware: 'h100-sxm',
    deployment: on(acc('h100-sxm'), mod('deepseek-v3'), p('fp8', 'bf16'), { tp: 1, dp: 72, ep: 72 }),
    scenario: { kind: 'decode', batchPerDevice: 256, context: 2000, per: 'node' },
    expected: [{ metric: 'throughput', label: 'value', unit: 'tok/s/node' }],
    assumptions: [],
  },

  // ---------------- Huawei Ascend ----------------
  {
    id: 'cloudmatrix-910c-prefill',
    group: 'Ascend',
    hardware: 'ascend-910c',
    deployment: on(
      acc('ascend-910c'),
      mod('deepseek-v3'),
      p('int8', 'bf16'),
      { tp: 1, dp: 16, ep: 16 },
      { expertImbalance: 1, prefillChunkTokens: 16384 },
    ),
    scenario: { kind: 'prefill', tokensPerDevice: 16384, inputTokens: 4096, per: 'device' },
    expected: [
      { metric: 'throughput', label: 'value', unit: 'tok/s/NPU' },
      { metric: 'throughput', label: 'default_EPLB_tok_s_per_npu', unit: 'tok/s/NPU' },
    ],
    variants: { default_EPLB_tok_s_per_npu: { expertImbalance: 1.18 } },
    assumptions: [
      'prefill instance of 16 NPUs (32 dies), EP16 over packages (size unverified)',
      'perfect EPLB = no expert imbalance',
    ],
  },
  {
    id: 'cloudmatrix-910c-decode-50ms',
    group: 'Ascend',
    hardware: 'ascend-910c',
    deployment: on(
      acc('ascend-910c'),
      mod('deepseek-v3'),
      p('int8', 'bf16'),
      { tp: 1, dp: 160, ep: 160 },
      {
        speculative: { draftTokens: 1, acceptanceRate: 0.7 },
      },
    ),
    scenario: { kind: 'decode', batchPerDevice: 96, context: 4096, per: 'device' },
    expected: [{ metric: 'throughput', label: 'value', unit: 'tok/s/NPU' }],
    assumptions: [
      'EP320 over dies = EP160 over packages',
      'W8A8 for the linear layers, BF16 MLA and KV cache (as DeepSeek serves it)',
    ],
  },
  {
    id: 'cloudmatrix-910c-decode-15ms',
    group: 'Ascend',
    hardware: 'ascend-910c',
    deployment: on(
      acc('ascend-910c'),
      mod('deepseek-v3'),
      p('int8', 'bf16'),
      { tp: 1, dp: 160, ep: 160 },
      {
        speculative: { draftTokens: 1, acceptanceRate: 0.7 },
      },
    ),
    scenario: { kind: 'decode-at-tpot', tpotS: 0.015, context: 4096 },
    expected: [{ metric: 'throughput', label: 'value', unit: 'tok/s/NPU' }],
    assumptions: ['same setup as the 50 ms point (as the record assumes)'],
  },
  {
    id: 'gpustack-910b-qwen3-8b-vllm-4k',
    group: 'Ascend',
    hardware: 'ascend-910b',
    deployment: on(acc('ascend-910b'), qwen3_8b, p('bf16', 'bf16')),
    scenario: { kind: 'offline', instances: 1, inputTokens: 4000, outputTokens: 200, maxBatch: 256, count: 'total' },
    expected: [{ metric: 'throughput', label: 'value', unit: 'tok/s total' }],
    assumptions: ['vLLM max_num_seqs 256 (default); burst of 500 prompts treated as a max-throughput run'],
  },
  // ---------------- NVIDIA silicon references (AIConfigurator ground truth) ----------------
  {
    id: 'aic-silicon-h200x8-dsr1-sglang-1k1k-c16',
    group: 'silicon references',
    hardware: 'h200-sxm',
    deployment: on(acc('h200-sxm'), mod('deepseek-v3'), p('fp8', 'bf16'), { tp: 8 }),
    scenario: { kind: 'closed-loop', instances: 1, concurrency: 16, inputTokens: 1024, outputTokens: 1024 },
    expected: [
      { metric: 'tpot', label: 'value', unit: 'ms' },
      { metric: 'ttft', label: 'ttft_ms', unit: 'ms' },
    ],
    assumptions: ['BF16 KV cache'],
  },
  {
    id: 'aic-silicon-b200x8-dsr1-sglang-1k1k-c16',
    group: 'silicon references',
    hardware: 'b200',
    // SGLang sizes its default chunk by GPU memory: 8,192 tokens below 160 GB (H100, H200), 16,384 above (B200).
    deployment: on(acc('b200'), mod('deepseek-v3'), p('fp8', 'bf16'), { tp: 8 }, { prefillChunkTokens: 16384 }),
    scenario: { kind: 'closed-loop', instances: 1, concurrency: 16, inputTokens: 1024, outputTokens: 1024 },
    expected: [
      { metric: 'tpot', label: 'value', unit: 'ms' },
      { metric: 'ttft', label: 'ttft_ms', unit: 'ms' },
    ],
    assumptions: ['BF16 KV cache', 'SGLang default chunked_prefill_size on a 180 GB GPU: 16,384 (server_args.py)'],
  },
  {
    id: 'aic-silicon-h200x8-dsr1-trtllm-1k8k-c16',
    group: 'silicon references',
    hardware: 'h200-sxm',
    deployment: on(acc('h200-sxm'), mod('deepseek-v3'), p('fp8', 'bf16'), { tp: 8, ep: 8 }),
    scenario: { kind: 'closed-loop', instances: 1, concurrency: 16, inputTokens: 1024, outputTokens: 8192 },
    expected: [
      { metric: 'tpot', label: 'value', unit: 'ms' },
      { metric: 'ttft', label: 'ttft_ms', unit: 'ms' },
    ],
    assumptions: ['BF16 KV cache'],
  },
  {
    id: 'aic-silicon-h200-dsv3-trtllm-disagg-1k1k-c1152',
    group: 'silicon references',
    hardware: 'h200-sxm',
    deployment: on(acc('h200-sxm'), mod('deepseek-v3'), p('fp8', 'bf16'), { tp: 1, dp: 8, ep: 8 }),
    scenario: { kind: 'decode', batchPerDevice: 16, context: 1536, per: 'device' },
    expected: [{ metric: 'tpot', label: 'value', unit: 'ms' }],
    assumptions: [
      'decode workers at their stated 16 sequences per rank, mean KV length 1,536',
      'TTFT (3.3 s) is queue-dominated at concurrency 1,152 and is not compared (perf-model.md §3.3)',
    ],
  },
  {
    id: 'aic-silicon-h100-qwen3-32b-trtllm-1k128-c32',
    group: 'silicon references',
    hardware: 'h100-sxm',
    deployment: on(acc('h100-sxm'), mod('qwen3-32b'), p('fp8', 'fp8')),
    scenario: { kind: 'closed-loop', instances: 1, concurrency: 32, inputTokens: 1024, outputTokens: 128 },
    expected: [
      { metric: 'tpot', label: 'value', unit: 'ms' },
      { metric: 'ttft', label: 'ttft_ms', unit: 'ms' },
    ],
    assumptions: ['FP8 KV cache'],
  },
  {
    id: 'aic-silicon-h100x2-qwen3-32b-vllm-1k1k-c32',
    group: 'silicon references',
    hardware: 'h100-sxm',
    deployment: on(acc('h100-sxm'), mod('qwen3-32b'), p('bf16', 'bf16'), { tp: 2 }),
    scenario: {
      kind: 'closed-loop',
      instances: 1,
      concurrency: 32,
      inputTokens: 1024,
      outputTokens: 1024,
      maxBatch: 1024,
    },
    expected: [
      { metric: 'tpot', label: 'value', unit: 'ms' },
      { metric: 'ttft', label: 'ttft_ms', unit: 'ms' },
    ],
    assumptions: [
      'BF16 (record: "BF16 likely")',
      'vLLM defaults on a GPU of 70 GiB or more: max_num_seqs 1,024, max_num_batched_tokens 8,192 (vllm/engine/arg_utils.py get_batch_defaults)',
    ],
  },

  // ---------------- other ----------------
  {
    id: 'sglang-issue2087-h100x8-llama31-70b-static',
    group: 'other',
    hardware: 'h100-sxm',
    deployment: on(acc('h100-sxm'), mod('llama-3.1-70b'), p('fp8', 'fp8'), { tp: 8 }),
    scenario: { kind: 'static', batch: 32, inputTokens: 1024, outputTokens: 256 },
    expected: [
      { metric: 'ttft', label: 'value', unit: 'ms (prefill of 32 x 1024)', scale: 1e3 },
      { metric: 'tpot', label: 'decode_step_median_s', unit: 'ms', scale: 1e3 },
    ],
    assumptions: [],
  },
];

function trtllmTable(): ValidationCase[] {
  const row = (
    id: string,
    hardware: string,
    model: () => ModelSpec,
    precision: PrecisionChoice,
    parallelism: DeploymentInput['parallelism'],
    input: number,
    output: number,
  ): ValidationCase => ({
    id,
    group: 'TensorRT-LLM tables',
    hardware,
    deployment: on(acc(hardware), model, precision, parallelism),
    scenario: { kind: 'offline', instances: 1, inputTokens: input, outputTokens: output, count: 'output' },
    expected: [{ metric: 'throughput', label: 'value', unit: 'tok/s' }],
    assumptions: ['KV cache in the weight format (FP8 or FP8 for FP4 runs), batch limited by KV memory'],
  });
  const l8 = mod('llama-3.1-8b');
  const l70 = mod('llama-3.1-70b');
  const l405 = mod('llama-3.1-405b');
  const q235 = mod('qwen3-235b-a22b');
  return [
    row('trtllm-perf-h100-llama31-8b-1k1k', 'h100-sxm', l8, p('fp8', 'fp8'), {}, 1000, 1000),
    row('trtllm-perf-h100-llama31-8b-2k128', 'h100-sxm', l8, p('fp8', 'fp8'), {}, 2048, 128),
    row('trtllm-perf-h200-llama31-8b-1k1k', 'h200-sxm', l8, p('fp8', 'fp8'), {}, 1000, 1000),
    row('trtllm-perf-h100-llama33-70b-1k1k', 'h100-sxm', l70, p('fp8', 'fp8'), { tp: 2 }, 1000, 1000),
    row('trtllm-perf-h200-llama33-70b-1k1k', 'h200-sxm', l70, p('fp8', 'fp8'), {}, 1000, 1000),
    row('trtllm-perf-h200-llama33-70b-2k128', 'h200-sxm', l70, p('fp8', 'fp8'), {}, 2048, 128),
    row('trtllm-perf-b200-llama33-70b-1k1k', 'b200', l70, p('nvfp4', 'fp8'), {}, 1000, 1000),
    row('trtllm-perf-h200-llama31-405b-1k1k', 'h200-sxm', l405, p('fp8', 'fp8'), { tp: 8 }, 1000, 1000),
    row('trtllm-perf-h100-llama31-405b-1k1k', 'h100-sxm', l405, p('fp8', 'fp8'), { tp: 8 }, 1000, 1000),
    row('trtllm-perf-h200-qwen3-235b-1k1k', 'h200-sxm', q235, p('fp8', 'fp8'), { tp: 8, ep: 8 }, 1000, 1000),
    row('trtllm-perf-b200-qwen3-235b-1k1k', 'b200', q235, p('nvfp4', 'fp8'), { tp: 8, ep: 8 }, 1000, 1000),
  ];
}

/**
 * Points a calibration parameter was fitted on (`id` or `id label`), reported apart from the held-out ones: the
 * Ascend 910 compute efficiency (src/perf/calibration.ts). Every other point is held out.
 */
export const FITTED: readonly string[] = ['gpustack-910b-qwen3-8b-vllm-4k', 'cloudmatrix-910c-prefill'];

/** Records the model cannot express, with the reason. */
export const NOT_EXPRESSIBLE: Readonly<Record<string, string>> = {
  'mlperf51-gb200nvl72-deepseek-r1-offline':
    'input length, precision and parallelism of the DeepSeek-R1 MLPerf run all unverified (three unknowns on one number)',
  'mlperf51-gb200nvl72-deepseek-r1-server': 'as the Offline run: input length, precision and parallelism unverified',
  'trtllm-dsr1-b200x8-minlat': 'MTP-3 speculative decoding whose acceptance on the unpublished dataset is unknown',
  'trtllm-dsr1-h200x8-minlat': 'MTP-3 speculative decoding whose acceptance on the unpublished dataset is unknown',
  'deepseek-prod-h800-prefill': 'production prompt-length mix and KV-cache hit pattern unknown',
  'xdeepserve-910c-decode': 'conditions (model, batch, parallelism, lengths) not stated in the abstract',
  'vllm-wideep-h200-dsr1': 'lengths, concurrency and deployment not transcribed',
  'gpustack-910b-qwen3-8b-mindie-sharegpt':
    'a 1,000-prompt burst of ShareGPT, whose heavy-tailed lengths make the tail of the run (few long requests at low batch) set the throughput; a mean-length model cannot express it, and the MindIE batch limit is not given',
};
