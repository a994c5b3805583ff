import type { FamilyCalibration } from './calibration.ts';

/** One operator of a forward step on one device, executed `count` times per step. */
export interface Operator {
  readonly name: string;
  readonly kind: 'gemm' | 'attention' | 'elementwise' | 'collective';
  readonly count: number;
  /** Per execution, on one device. */
  readonly flops: number;
  readonly bytes: number;
  /** GEMM rows (tokens through the operator), for the compute-efficiency curve. */
  readonly rows: number;
  /** Dense peak of the format the operator computes in, FLOP/s. */
  readonly peakFlops: number;
  readonly width: 'wide' | 'eight' | 'four';
  /** Kernels per execution (each pays the fixed time). */
  readonly kernels: number;
  /** Collectives: time per execution, computed from the fabric. */
  readonly commS?: number;
  /** Communication that can hide behind compute (two-batch overlap of MoE all-to-all). */
  readonly overlappable?: boolean;
}

/** Where time goes and what was moved: seconds of compute-bound, memory-bound, communication and fixed time. */
export interface TimeBreakdown {
  readonly timeS: number;
  readonly computeS: number;
  readonly memoryS: number;
  readonly commS: number;
  readonly fixedS: number;
  readonly flops: number;
  readonly bytes: number;
}

/** One operator's timing; the breakdown holds totals over `count` executions. */
export interface OperatorTiming extends TimeBreakdown {
  readonly name: string;
  readonly kind: Operator['kind'];
  readonly count: number;
  /** FLOP per byte: where the operator sits on the roofline chart. */
  readonly arithmeticIntensity: number;
  readonly bound: 'compute' | 'memory' | 'network' | 'latency';
}

/** eta_c: share of dense peak a GEMM of `rows` rows sustains. */
export function computeEfficiency(cal: FamilyCalibration, width: Operator['width'], rows: number): number {
  const max = cal.compute.etaMax[width];
  const m = Math.max(rows, 1);
  return (max * m) / (m + cal.compute.halfTokens);
}

/** eta_m: share of HBM bandwidth an operator streaming `bytes` sustains. */
export function memoryEfficiency(cal: FamilyCalibration, bytes: number): number {
  const b = Math.max(bytes, 1);
  return (cal.memory.etaMax * b) / (b + cal.memory.halfBytes);
}

/** t = max(F / (eta_c * peak), B / (eta_m * BW)) + t_fixed, times the operator count. */
export function timeOperator(op: Operator, hbmBandwidthBps: number, cal: FamilyCalibration): OperatorTiming {
  const fixedS = op.kernels * cal.fixedTimePerOpS * op.count;
  if (op.kind === 'collective') {
    const commS = (op.commS ?? 0) * op.count;
    return {
      name: op.name,
      kind: op.kind,
      count: op.count,
      timeS: commS,
      computeS: 0,
      memoryS: 0,
      commS,
      fixedS: 0,
      flops: 0,
      bytes: op.bytes * op.count,
      arithmeticIntensity: 0,
      bound: 'network',
    };
  }
  const eta = op.kind === 'attention' ? cal.attentionEta : computeEfficiency(cal, op.width, op.rows);
  const computeOne = op.flops > 0 ? op.flops / (eta * op.peakFlops) : 0;
  const memoryOne = op.bytes > 0 ? op.bytes / (memoryEfficiency(cal, op.bytes) * hbmBandwidthBps) : 0;
  const computeS = computeOne * op.count;
  const memoryS = memoryOne * op.count;
  const body = Math.max(computeS, memoryS);
  return {
    name: op.name,
    kind: op.kind,
    count: op.count,
    timeS: body + fixedS,
    computeS,
    memoryS,
    commS: 0,
    fixedS,
    flops: op.flops * op.count,
    bytes: op.bytes * op.count,
    arithmeticIntensity: op.bytes > 0 ? op.flops / op.bytes : 0,
    bound: fixedS > body ? 'latency' : computeS >= memoryS ? 'compute' : 'memory',
  };
}
