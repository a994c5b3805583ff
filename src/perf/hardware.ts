import type { AcceleratorFamily, AcceleratorSpec, Confidence, Precision, Sourced } from '../catalog/types.ts';
import { SuperpodInputError } from '../errors.ts';

/** The accelerator numbers the roofline uses, in SI units, with the confidence of each. */
export interface HardwareProfile {
  readonly id: string;
  readonly name: string;
  readonly family: AcceleratorFamily;
  readonly formFactor: AcceleratorSpec['formFactor'];
  /** Dense peak FLOP/s per precision the matrix units run; only supported precisions with a known peak. */
  readonly peakFlops: Readonly<Partial<Record<Precision, number>>>;
  readonly supportedPrecisions: readonly Precision[];
  readonly hbmBytes: number;
  readonly hbmBandwidthBps: number;
  /** Scale-up bandwidth per accelerator, one direction, bytes/s. */
  readonly scaleUpBps: number;
  readonly scaleUpFabric: AcceleratorSpec['scaleUp']['fabric'];
  /** Accelerator TDP in W; null when the catalogue does not know it and the caller gave none. */
  readonly tdpW: number | null;
  readonly tdpFrom: 'catalogue' | 'input' | 'unknown';
  /** Every catalogue figure used, with its confidence: the basis of a prediction's `confidence`. */
  readonly inputs: readonly InputConfidence[];
}

export type ConfidenceLevel = Confidence | 'unknown' | 'user-supplied';

export interface InputConfidence {
  /** What the number is, e.g. `ascend-950dt hbm.bandwidthTBps`. */
  readonly field: string;
  readonly confidence: ConfidenceLevel;
}

export interface HardwareOptions {
  /** Accelerator TDP in W, used when the catalogue has none (or to override it). */
  readonly tdpW?: number;
}

export function hardwareProfile(spec: AcceleratorSpec, opts: HardwareOptions = {}): HardwareProfile {
  const where = `accelerator "${spec.id}"`;
  const inputs: InputConfidence[] = [];
  const need = (field: string, s: Sourced, fix: string): number => {
    if (s.value === null || !Number.isFinite(s.value) || s.value <= 0) {
      throw new SuperpodInputError({ where, problem: `${field} is unknown in the catalogue`, value: s.value, fix });
    }
    inputs.push({ field: `${spec.id} ${field}`, confidence: s.confidence });
    return s.value;
  };
  const hbmBytes =
    need('hbm.capacityGiB', spec.hbm.capacityGiB, 'add the HBM capacity to the accelerator catalogue') * 2 ** 30;
  const hbmBandwidthBps =
    need('hbm.bandwidthTBps', spec.hbm.bandwidthTBps, 'add the HBM bandwidth to the accelerator catalogue') * 1e12;
  const scaleUpRaw = spec.scaleUp.bandwidthGBps;
  let scaleUpBps = 0;
  if (scaleUpRaw.value !== null && scaleUpRaw.value > 0) {
    const perDirection = spec.scaleUp.direction === 'bidirectional' ? scaleUpRaw.value / 2 : scaleUpRaw.value;
    scaleUpBps = perDirection * 1e9;
    inputs.push({ field: `${spec.id} scaleUp.bandwidthGBps`, confidence: scaleUpRaw.confidence });
  }

  const peakFlops: Partial<Record<Precision, number>> = {};
  for (const precision of spec.supportedPrecisions) {
    const tflops = spec.denseTflops[precision];
    if (tflops && tflops.value !== null && tflops.value > 0) peakFlops[precision] = tflops.value * 1e12;
  }

  let tdpW: number | null = null;
  let tdpFrom: HardwareProfile['tdpFrom'] = 'unknown';
  if (opts.tdpW !== undefined) {
    if (!Number.isFinite(opts.tdpW) || opts.tdpW <= 0) {
      throw new SuperpodInputError({
        where,
        problem: 'the TDP must be a positive number of watts',
        value: opts.tdpW,
        fix: 'pass the accelerator TDP in W, for example 600',
      });
    }
    tdpW = opts.tdpW;
    tdpFrom = 'input';
  } else if (spec.tdpW.value !== null && spec.tdpW.value > 0) {
    tdpW = spec.tdpW.value;
    tdpFrom = 'catalogue';
  }

  return {
    id: spec.id,
    name: spec.name,
    family: spec.family,
    formFactor: spec.formFactor,
    peakFlops,
    supportedPrecisions: spec.supportedPrecisions,
    hbmBytes,
    hbmBandwidthBps,
    scaleUpBps,
    scaleUpFabric: spec.scaleUp.fabric,
    tdpW,
    tdpFrom,
    inputs,
  };
}

/** Confidence of the peak for one precision, for the weakest-input report. */
export function peakConfidence(spec: AcceleratorSpec, precision: Precision): InputConfidence {
  const s = spec.denseTflops[precision];
  return { field: `${spec.id} denseTflops.${precision}`, confidence: s ? s.confidence : 'unknown' };
}

/** The TDP, or an input error saying how to supply it. */
export function requireTdp(hw: HardwareProfile, flagHint = 'pass the TDP (CLI: --tdp-w <watts>)'): number {
  if (hw.tdpW === null) {
    throw new SuperpodInputError({
      where: `accelerator "${hw.id}"`,
      problem: 'the TDP is not published, so power and tokens per joule cannot be computed',
      fix: `${flagHint}; the vendor has not released it, so use your measured or contracted figure`,
    });
  }
  return hw.tdpW;
}
