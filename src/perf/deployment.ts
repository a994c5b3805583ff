import type { AcceleratorSpec, ModelSpec } from '../catalog/types.ts';
import { SuperpodInputError } from '../errors.ts';
import type { FabricInfo } from '../inventory/types.ts';
import type { Power } from '../units/index.ts';
import { calibrationFor, type FamilyCalibration } from './calibration.ts';
import { defaultFabric, type Fabric, fabricFromInventory, type GroupSpan, spanOf } from './fabric.ts';
import { type HardwareProfile, hardwareProfile, type InputConfidence, peakConfidence } from './hardware.ts';
import { requireNumber } from './input-checks.ts';
import { type ModelShape, modelShape } from './model-shape.ts';
import { type PrecisionChoice, type ResolvedPrecision, resolvePrecision } from './precision.ts';

/**
 * Parallelism of one model instance. Devices per instance = tp x pp x dp: attention and dense layers are split
 * tp ways and replicated dp times (data-parallel attention, each replica serving 1/dp of the sequences); routed
 * experts are spread over ep ranks, each expert split (tp x dp) / ep ways; layers are split into pp stages.
 * Independent copies of the instance are replicas, not dp.
 */
export interface Parallelism {
  readonly tp: number;
  readonly pp: number;
  readonly ep: number;
  readonly dp: number;
}

/** Speculative decoding with draft tokens (DeepSeek MTP, EAGLE): verified in the same forward step. */
export interface SpeculativeDecoding {
  /** Draft tokens proposed per step. */
  readonly draftTokens: number;
  /** Probability each successive draft token is accepted (0..1). */
  readonly acceptanceRate: number;
  /** Transformer layers the draft module runs per draft token (DeepSeek MTP: 1). */
  readonly draftLayers?: number;
}

export interface DeploymentInput {
  readonly accelerator: AcceleratorSpec;
  readonly model: ModelSpec;
  readonly precision: PrecisionChoice;
  readonly parallelism?: Partial<Parallelism>;
  /**
   * Fabric the groups are placed on: the Inventory's SuperPoD fabric (FabricInfo: UB levels and uplink) or levels
   * directly; default from the accelerator's scale-up domain, then 400G RoCE.
   */
  readonly fabric?: Fabric | FabricInfo;
  /** Accelerator TDP, required when the catalogue has none (Ascend 950PR/950DT). */
  readonly tdp?: Power;
  /** Power limit per accelerator (MLPerf MaxQ, nvidia-smi -pl): the chip draws at most this. Default: none. */
  readonly powerCap?: Power;
  readonly speculative?: SpeculativeDecoding;
  /** Memory held back from the KV cache per device: runtime, graphs, communication buffers. Default 3.5 GB (+0.4 GB when devices > 1). */
  readonly runtimeReserveBytes?: number;
  /**
   * Prompt tokens one forward pass takes per data-parallel group (the scheduler's token budget: TRT-LLM max_num_tokens,
   * vLLM max_num_batched_tokens, SGLang chunked_prefill_size); default 8,192, the common engine default.
   */
  readonly prefillChunkTokens?: number;
  /** Expert-parallel load imbalance override (1 = perfectly balanced, e.g. with EPLB and redundant experts). */
  readonly expertImbalance?: number;
}

/** A validated deployment: everything the step, memory and power models read, resolved once. */
export interface Deployment {
  readonly accelerator: AcceleratorSpec;
  readonly model: ModelSpec;
  readonly hw: HardwareProfile;
  readonly cal: FamilyCalibration;
  readonly shape: ModelShape;
  readonly precision: ResolvedPrecision;
  readonly parallelism: Parallelism;
  readonly devices: number;
  /** Ways each routed expert is split: (tp x dp) / ep. */
  readonly moeTp: number;
  readonly layersPerStage: number;
  readonly fabric: Fabric;
  readonly spans: {
    readonly tp: GroupSpan;
    /** All devices of one pipeline stage: the expert-parallel all-to-all group. */
    readonly stage: GroupSpan;
    readonly instance: GroupSpan;
  };
  readonly speculative: Required<SpeculativeDecoding> | null;
  readonly runtimeReserveBytes: number;
  readonly prefillChunkTokens: number;
  readonly expertImbalance: number;
  /** Power limit per accelerator, W; null when none is set. */
  readonly powerCapW: number | null;
  readonly inputs: readonly InputConfidence[];
}

export function resolveDeployment(input: DeploymentInput): Deployment {
  const tdpW = input.tdp?.toWatts();
  const hw = hardwareProfile(input.accelerator, tdpW === undefined ? {} : { tdpW });
  const cal = calibrationFor(hw.family);
  const shape = modelShape(input.model);
  const precision = resolvePrecision(hw, input.precision);
  const parallelism = resolveParallelism(input.parallelism ?? {}, shape);
  const { tp, pp, ep, dp } = parallelism;
  const devices = tp * pp * dp;
  const fabric = !input.fabric
    ? defaultFabric(hw)
    : 'levels' in input.fabric
      ? fabricFromInventory(input.fabric)
      : input.fabric;
  if (fabric.length === 0) {
    throw new SuperpodInputError({
      where: 'fabric',
      problem: 'no fabric level given',
      fix: 'give at least one level, or leave the fabric out to use the accelerator default',
    });
  }
  const speculative = input.speculative ? resolveSpeculative(input.speculative) : null;
  const runtimeReserveBytes = input.runtimeReserveBytes ?? 3.5e9 + (devices > 1 ? 0.4e9 : 0);
  const prefillChunkTokens = input.prefillChunkTokens ?? 8192;
  const useDefault = 'leave it out to use the default';
  requireNumber('deployment.runtimeReserveBytes', runtimeReserveBytes, { min: 0, fix: useDefault });
  requireNumber('deployment.prefillChunkTokens', prefillChunkTokens, { min: 1, fix: useDefault });
  const expertImbalance = input.expertImbalance ?? (ep > 1 ? cal.expertImbalance : 1);
  requireNumber('deployment.expertImbalance', expertImbalance, {
    min: 1,
    problem: 'must be at least 1 (1 = perfectly balanced experts)',
    fix: 'pass 1 for ideal load balancing or leave it out for the calibrated default',
  });
  const powerCapW = input.powerCap?.toWatts() ?? null;
  if (powerCapW !== null && (!Number.isFinite(powerCapW) || powerCapW <= 0)) {
    throw new SuperpodInputError({
      where: 'deployment.powerCap',
      problem: 'must be a positive power',
      value: powerCapW,
      fix: 'give the per-accelerator power limit in W, e.g. 500, or leave it out for none',
    });
  }
  const inputs: InputConfidence[] = [
    ...hw.inputs,
    peakConfidence(input.accelerator, precision.matmul),
    { field: `${input.model.id} architecture`, confidence: input.model.confidence },
  ];
  if (precision.expertMatmul !== precision.matmul)
    inputs.push(peakConfidence(input.accelerator, precision.expertMatmul));
  if (hw.tdpFrom === 'input') inputs.push({ field: `${hw.id} tdpW`, confidence: 'user-supplied' });
  else if (hw.tdpFrom === 'catalogue')
    inputs.push({ field: `${hw.id} tdpW`, confidence: input.accelerator.tdpW.confidence });

  return {
    accelerator: input.accelerator,
    model: input.model,
    hw,
    cal,
    shape,
    precision,
    parallelism,
    devices,
    moeTp: (tp * dp) / ep,
    layersPerStage: Math.ceil(shape.layers / pp),
    fabric,
    spans: { tp: spanOf(fabric, tp), stage: spanOf(fabric, tp * dp), instance: spanOf(fabric, devices) },
    speculative,
    runtimeReserveBytes,
    prefillChunkTokens,
    expertImbalance,
    powerCapW,
    inputs,
  };
}

function resolveParallelism(p: Partial<Parallelism>, shape: ModelShape): Parallelism {
  const out = { tp: p.tp ?? 1, pp: p.pp ?? 1, ep: p.ep ?? 1, dp: p.dp ?? 1 };
  for (const key of ['tp', 'pp', 'ep', 'dp'] as const) {
    requireNumber(`parallelism.${key}`, out[key], { min: 1, whole: true, fix: `pass ${key} 1 or more` });
  }
  const { tp, pp, ep, dp } = out;
  const att = shape.attention;
  if (att.heads % tp !== 0) {
    throw new SuperpodInputError({
      where: 'parallelism.tp',
      problem: `tensor parallelism must divide the ${att.heads} attention heads of ${shape.id}`,
      value: tp,
      fix: `use a divisor of ${att.heads}, e.g. ${largestDivisorAtMost(att.heads, tp)}`,
    });
  }
  if (att.kind !== 'mla' && tp > att.kvHeads && tp % att.kvHeads !== 0) {
    throw new SuperpodInputError({
      where: 'parallelism.tp',
      problem: `tensor parallelism above the ${att.kvHeads} KV heads must be a multiple of them (KV heads are replicated)`,
      value: tp,
      fix: `use ${att.kvHeads} or a multiple of it`,
    });
  }
  if (pp > shape.layers) {
    throw new SuperpodInputError({
      where: 'parallelism.pp',
      problem: `more pipeline stages than the ${shape.layers} layers of ${shape.id}`,
      value: pp,
      fix: `use at most ${shape.layers} stages`,
    });
  }
  if (!shape.moe && ep > 1) {
    throw new SuperpodInputError({
      where: 'parallelism.ep',
      problem: `expert parallelism needs a mixture-of-experts model; ${shape.id} is dense`,
      value: ep,
      fix: 'use ep 1, or tp/dp to spread the model',
    });
  }
  if ((tp * dp) % ep !== 0) {
    throw new SuperpodInputError({
      where: 'parallelism.ep',
      problem: `expert parallelism must divide the ${tp * dp} devices of a pipeline stage (tp x dp)`,
      value: ep,
      fix: `use a divisor of ${tp * dp}, or raise dp (data-parallel attention) so that tp x dp is a multiple of ep`,
    });
  }
  if (shape.moe && ep > shape.moe.routedExperts * 2) {
    throw new SuperpodInputError({
      where: 'parallelism.ep',
      problem: `expert parallelism above twice the ${shape.moe.routedExperts} routed experts leaves ranks without experts`,
      value: ep,
      fix: `use at most ${shape.moe.routedExperts * 2} (redundant experts allow up to about 2 slots per expert)`,
    });
  }
  return out;
}

function resolveSpeculative(s: SpeculativeDecoding): Required<SpeculativeDecoding> {
  requireNumber('speculative.draftTokens', s.draftTokens, {
    min: 1,
    max: 16,
    whole: true,
    fix: 'use 1 to 3 draft tokens (DeepSeek MTP uses 1)',
  });
  requireNumber('speculative.acceptanceRate', s.acceptanceRate, {
    min: 0,
    max: 1,
    problem: 'must be a probability from 0 to 1',
    fix: 'use the measured acceptance, e.g. 0.7 for DeepSeek MTP',
  });
  const draftLayers = s.draftLayers ?? 1;
  requireNumber('speculative.draftLayers', draftLayers, {
    min: 0,
    whole: true,
    fix: 'use 1 for a DeepSeek MTP module',
  });
  return { draftTokens: s.draftTokens, acceptanceRate: s.acceptanceRate, draftLayers };
}

function largestDivisorAtMost(n: number, limit: number): number {
  for (let d = Math.min(n, limit); d >= 1; d--) if (n % d === 0) return d;
  return 1;
}

/** Expected tokens emitted per sequence per decode step: 1 + a + a^2 + ... + a^d. */
export function tokensPerDecodeStep(d: Deployment): number {
  if (!d.speculative) return 1;
  let sum = 1;
  let p = 1;
  for (let i = 0; i < d.speculative.draftTokens; i++) {
    p *= d.speculative.acceptanceRate;
    sum += p;
  }
  return sum;
}
