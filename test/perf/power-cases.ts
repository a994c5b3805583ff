import { getAccelerator, getModel, getNodeType } from '../../src/catalog/index.ts';
import type { ModelSpec } from '../../src/catalog/types.ts';
import {
  type DeploymentInput,
  type NodePowerInputs,
  nodePowerInputs,
  type PrecisionChoice,
} from '../../src/perf/index.ts';

import { Power } from '../../src/units/index.ts';
import { llama2_70b, OPENORCA_INPUT, OPENORCA_NOTE } from './validation-cases.ts';

/**
 * How each record of power-validation.json is expressed: deployment (with the power cap the run used), the scenario
 * that produced the number, and, for wall-power records, the node around the accelerators. Anything the record does
 * not state is an assumption listed on the case. Records the model cannot express are in POWER_NOT_EXPRESSIBLE.
 */

export type PowerSource = 'MLPerf' | 'ML.ENERGY';

export type PowerScenario =
  /** Max-throughput run: batch limited by memory and `maxBatch`, prefill then decode of the whole batch. */
  | { readonly kind: 'offline'; readonly maxBatch?: number }
  /** Poisson arrivals at the record's completed request rate, spread over the instances. */
  | { readonly kind: 'server' }
  /** A running batch of `batch` sequences kept full (vLLM max_num_seqs, ML.ENERGY's sweep). */
  | { readonly kind: 'running-batch'; readonly batch: number };

export interface PowerCase {
  readonly id: string;
  readonly source: PowerSource;
  readonly hardware: string;
  readonly deployment: () => DeploymentInput;
  /** Model instances over the record's accelerators. */
  readonly instances: number;
  readonly inputTokens: number;
  readonly scenario: PowerScenario;
  /** Wall-power records: the node around the accelerators. */
  readonly node?: NodePowerInputs;
  /** Why the record's tokens/J cannot be compared, when it cannot (its power still is). */
  readonly tokensPerJouleNotExpressible?: string;
  readonly assumptions: readonly string[];
}

/** The one record a power parameter was fitted on (calibration.ts, Hopper memory share). */
export const POWER_FITTED: readonly string[] = ['mlenergy-llama-3.1-8b-instruct-h100x1-bs8'];

/** GPT-J 6B (EleutherAI/gpt-j-6b config.json): 28 layers, hidden 4096, 16 heads of 256, MLP 16,384, vocab 50,400. */
function gptj(): ModelSpec {
  const m = getModel('llama-3.1-8b');
  return {
    ...m,
    id: 'gpt-j-6b',
    name: 'GPT-J 6B',
    architecture: {
      layers: 28,
      hiddenSize: 4096,
      attention: 'gqa',
      heads: 16,
      kvHeads: 16,
      headDim: 256,
      // A two-matrix GELU MLP of 16,384 has the weights of a gated (three-matrix) MLP of 10,923.
      intermediateSize: 10923,
      vocabSize: 50400,
      tieWordEmbeddings: false,
    },
  };
}

const fp8: PrecisionChoice = { weights: 'fp8', activations: 'fp8', kvCache: 'fp8' };
const h200Node = nodePowerInputs(getNodeType('dgx-h200'), 8);
/** Lenovo SR680a V3, 8x B200 air-cooled: idle at the wall from the same logs' pre-run minimum (2,876-2,888 W). */
const lenovoB200Node: NodePowerInputs = {
  nodeType: 'lenovo-sr680a-v3-b200',
  idleW: 2880,
  idleConfidence: 'measured',
  hostW: null,
  hostConfidence: 'unknown',
  accelerators: 8,
};

const h200MaxQ = (model: () => ModelSpec, capW: number) => (): DeploymentInput => ({
  accelerator: getAccelerator('h200-sxm'),
  model: model(),
  precision: fp8,
  powerCap: Power.watts(capW),
});

const b200 = (): DeploymentInput => ({
  accelerator: getAccelerator('b200'),
  model: llama2_70b(),
  precision: { weights: 'nvfp4', activations: 'nvfp4', kvCache: 'fp8' },
});

const MAXQ_NOTE = 'node idle at the wall 2,380 W (catalogue dgx-h200: the pre-run minimum of these logs)';
const GPTJ_INPUT = 800;
const GPTJ_NOTE = `mean input of the MLPerf CNN/DailyMail set not in the record: ${GPTJ_INPUT} tokens assumed`;
const MIXTRAL_INPUT = 450;
const MIXTRAL_NOTE = `mean input of the Mixtral set not verified: ${MIXTRAL_INPUT} tokens assumed (as the latency case)`;

/** NVIDIA's MLPerf v4.1 8x H200 MaxQ runs: model, per-GPU cap, assumed mean input and Offline batch per GPU. */
const H200_MAXQ_RUNS = [
  { slug: 'gptj', model: gptj, capW: 350, input: GPTJ_INPUT, note: GPTJ_NOTE, maxBatch: undefined },
  { slug: 'llama2-70b', model: llama2_70b, capW: 500, input: OPENORCA_INPUT, note: OPENORCA_NOTE, maxBatch: 806 },
  {
    slug: 'mixtral-8x7b',
    model: () => getModel('mixtral-8x7b'),
    capW: 500,
    input: MIXTRAL_INPUT,
    note: MIXTRAL_NOTE,
    maxBatch: 3072,
  },
] as const;

const BEAM_SEARCH =
  'MLPerf GPT-J decodes with beam search (4 beams), which the model does not express; the capped power is compared';

const mlperf: PowerCase[] = [
  ...H200_MAXQ_RUNS.flatMap((run) =>
    (['offline', 'server'] as const).map(
      (kind): PowerCase => ({
        id: `mlperf41-nv-h200maxq-${run.slug}-${kind}`,
        source: 'MLPerf',
        hardware: 'h200-sxm',
        deployment: h200MaxQ(run.model, run.capW),
        instances: 8,
        inputTokens: run.input,
        scenario: kind === 'offline' && run.maxBatch ? { kind, maxBatch: run.maxBatch } : { kind },
        node: h200Node,
        ...(run.slug === 'gptj' ? { tokensPerJouleNotExpressible: BEAM_SEARCH } : {}),
        assumptions: [run.note, `FP8, TP1 x 8, ${run.capW} W cap (record)`, MAXQ_NOTE],
      }),
    ),
  ),
  ...['offline', 'server-99', 'server-999'].map(
    (kind): PowerCase => ({
      id: `mlperf51-lenovo-b200-llama2-70b-${kind}`,
      source: 'MLPerf',
      hardware: 'b200',
      deployment: b200,
      instances: 8,
      inputTokens: OPENORCA_INPUT,
      scenario: kind === 'offline' ? { kind: 'offline', maxBatch: 2048 } : { kind: 'server' },
      node: lenovoB200Node,
      assumptions: [
        OPENORCA_NOTE,
        'NVFP4 weights and activations, FP8 KV, TP1 x 8, no cap (record)',
        'node idle at the wall 2,880 W (the pre-run minimum of these logs)',
      ],
    }),
  ),
];

const LM_ARENA_INPUT = 250;
const LM_ARENA_NOTE = `mean prompt of the LM-Arena chat set not in the record: ${LM_ARENA_INPUT} tokens assumed`;

const SWEEPS: readonly { model: string; slug: string; tp: number; precision: PrecisionChoice; batches: number[] }[] = [
  {
    model: 'llama-3.1-8b',
    slug: 'llama-3.1-8b-instruct-h100x1',
    tp: 1,
    precision: { weights: 'bf16', activations: 'bf16', kvCache: 'bf16' },
    batches: [8, 16, 32, 64, 96, 128, 192, 256, 384, 512, 768],
  },
  {
    model: 'llama-3.1-70b',
    slug: 'llama-3.1-70b-instruct-h100x4',
    tp: 4,
    precision: { weights: 'bf16', activations: 'bf16', kvCache: 'bf16' },
    batches: [8, 16, 32, 64, 96, 128, 192, 256, 384, 512, 768, 1024],
  },
  {
    model: 'llama-3.1-405b',
    slug: 'llama-3.1-405b-instruct-fp8-h100x8',
    tp: 8,
    precision: { weights: 'fp8', activations: 'fp8', kvCache: 'bf16' },
    batches: [8, 16, 32, 64, 96, 128, 192, 256],
  },
];

const mlenergy: PowerCase[] = SWEEPS.flatMap((s) =>
  s.batches.map(
    (batch): PowerCase => ({
      id: `mlenergy-${s.slug}-bs${batch}`,
      source: 'ML.ENERGY',
      hardware: 'h100-sxm',
      deployment: () => ({
        accelerator: getAccelerator('h100-sxm'),
        model: getModel(s.model),
        precision: s.precision,
        parallelism: { tp: s.tp },
      }),
      instances: 1,
      inputTokens: LM_ARENA_INPUT,
      scenario: { kind: 'running-batch', batch },
      assumptions: [LM_ARENA_NOTE, 'running batch = max_num_seqs (the record gives the mean running batch)'],
    }),
  ),
);

export const POWER_CASES: readonly PowerCase[] = [...mlperf, ...mlenergy];

export const POWER_NOT_EXPRESSIBLE: Readonly<Record<string, string>> = {
  'splitwise-powermodel-h100':
    'a simulator constant for decode at an unstated batch and model; its idle (75 W) and prompt (700 W) constants are the Hopper calibration instead',
  'splitwise-powermodel-a100':
    'A100 (Ampere) is not in the accelerator catalogue; a simulator constant at an unstated batch',
};
