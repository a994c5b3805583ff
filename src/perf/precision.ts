import { BITS_PER_ELEMENT, type Precision } from '../catalog/types.ts';
import { SuperpodInputError } from '../errors.ts';
import type { HardwareProfile } from './hardware.ts';

/** Numeric formats of one deployment: weights, activations and KV cache are chosen separately. */
export interface PrecisionChoice {
  /** Linear layers (attention projections, dense FFN, shared experts). Embeddings and LM head stay 16-bit. */
  readonly weights: Precision;
  /** Activations entering the matmuls: with the weights, decides which tensor-core rate applies. */
  readonly activations: Precision;
  readonly kvCache: Precision;
  /** Routed-expert weights when they differ from `weights` (GPT-OSS ships MXFP4 experts, BF16 attention). */
  readonly expertWeights?: Precision;
}

/** A validated precision choice with the bits and peak rates the operators use. */
export interface ResolvedPrecision {
  readonly choice: Required<PrecisionChoice>;
  readonly weightBits: number;
  readonly expertBits: number;
  readonly activationBits: number;
  readonly kvBits: number;
  /** Embedding and LM-head weights: 16-bit in every deployment modelled here. */
  readonly embeddingBits: number;
  /** Format the dense matmuls run in: the wider of weights and activations. */
  readonly matmul: Precision;
  readonly expertMatmul: Precision;
  /** Format the attention kernels run in: the wider of activations and KV cache. */
  readonly attention: Precision;
  readonly matmulPeak: number;
  readonly expertMatmulPeak: number;
  readonly attentionPeak: number;
  /** Peak of the 16-bit format, for the LM head and router. */
  readonly widePeak: number;
}

export const PRECISIONS = Object.keys(BITS_PER_ELEMENT) as Precision[];

export function isPrecision(x: string): x is Precision {
  return (PRECISIONS as string[]).includes(x);
}

/** The wider (more bits) of two formats; on a tie the first. */
export function wider(a: Precision, b: Precision): Precision {
  return BITS_PER_ELEMENT[b] > BITS_PER_ELEMENT[a] ? b : a;
}

/** Width class of a format, for the efficiency curves. */
export function widthClass(p: Precision): 'wide' | 'eight' | 'four' {
  const bits = BITS_PER_ELEMENT[p];
  if (bits >= 12) return 'wide';
  if (bits >= 6) return 'eight';
  return 'four';
}

/**
 * Checks every format against what the accelerator executes. A format it cannot run is an input error that
 * lists the ones it can: the model never silently falls back to another format.
 */
export function resolvePrecision(hw: HardwareProfile, choice: PrecisionChoice): ResolvedPrecision {
  const full: Required<PrecisionChoice> = { ...choice, expertWeights: choice.expertWeights ?? choice.weights };
  const roles: [keyof PrecisionChoice, Precision][] = [
    ['weights', full.weights],
    ['activations', full.activations],
    ['kvCache', full.kvCache],
    ['expertWeights', full.expertWeights],
  ];
  for (const [role, precision] of roles) {
    if (!isPrecision(precision)) {
      throw new SuperpodInputError({
        where: `precision.${role}`,
        problem: 'unknown numeric format',
        value: precision,
        fix: `use one of ${PRECISIONS.join(', ')}`,
      });
    }
    if (!hw.supportedPrecisions.includes(precision)) {
      throw new SuperpodInputError({
        where: `accelerator "${hw.id}"`,
        problem: `cannot run ${precision} (${role})`,
        value: precision,
        fix: `choose one of the formats it executes: ${hw.supportedPrecisions.join(', ')}`,
      });
    }
  }
  const matmul = wider(full.weights, full.activations);
  const expertMatmul = wider(full.expertWeights, full.activations);
  const attention = wider(full.activations, full.kvCache);
  const wide = pickWide(hw);
  const peak = (p: Precision, role: string): number => {
    const value = hw.peakFlops[p];
    if (value === undefined) {
      throw new SuperpodInputError({
        where: `accelerator "${hw.id}"`,
        problem: `no dense ${p} peak in the catalogue for the ${role} matmuls`,
        value: p,
        fix: `choose a format with a known peak: ${Object.keys(hw.peakFlops).join(', ') || 'none'}`,
      });
    }
    return value;
  };
  return {
    choice: full,
    weightBits: BITS_PER_ELEMENT[full.weights],
    expertBits: BITS_PER_ELEMENT[full.expertWeights],
    activationBits: BITS_PER_ELEMENT[full.activations],
    kvBits: BITS_PER_ELEMENT[full.kvCache],
    embeddingBits: 16,
    matmul,
    expertMatmul,
    attention,
    matmulPeak: peak(matmul, 'dense'),
    expertMatmulPeak: peak(expertMatmul, 'expert'),
    attentionPeak: peak(attention, 'attention'),
    widePeak: peak(wide, '16-bit (LM head, router)'),
  };
}

function pickWide(hw: HardwareProfile): Precision {
  for (const p of ['bf16', 'fp16', 'fp32'] as const) if (hw.peakFlops[p] !== undefined) return p;
  throw new SuperpodInputError({
    where: `accelerator "${hw.id}"`,
    problem: 'no 16-bit peak (bf16 or fp16) in the catalogue; the LM head and router run in 16 bits',
    fix: 'add the bf16 dense TFLOPS to the accelerator catalogue',
  });
}

/**
 * Default formats for a deployment: `precision` for weights and activations (the model's native weight format
 * when absent), KV cache in the activation format but never below 8 bits (4-bit activations keep an 8-bit cache
 * in the same family: mxfp4 -> mxfp8, nvfp4 -> fp8, int4 -> int8).
 */
export function defaultPrecisionChoice(opts: {
  native: Precision;
  precision?: Precision;
  weights?: Precision;
  kvCache?: Precision;
  expertWeights?: Precision;
}): PrecisionChoice {
  const activations = opts.precision ?? opts.native;
  const weights = opts.weights ?? activations;
  const kvCache = opts.kvCache ?? eightBitFloor(activations);
  return { weights, activations, kvCache, ...(opts.expertWeights ? { expertWeights: opts.expertWeights } : {}) };
}

function eightBitFloor(p: Precision): Precision {
  if (BITS_PER_ELEMENT[p] >= 8) return p;
  if (p === 'mxfp4') return 'mxfp8';
  if (p === 'int4') return 'int8';
  return 'fp8';
}
