import type { AcceleratorFamily } from '../catalog/types.ts';

/**
 * Calibration of the roofline per accelerator family: the efficiency curves and fixed times that turn peak
 * datasheet figures into operator times. Every parameter names where it comes from. The Hopper and Blackwell
 * values come from kernel-level measurements (microbenchmarks, vendor kernel READMEs) and were not changed after
 * comparing with the end-to-end records of test/perf/data/perf-validation.json. The Ascend 910 compute efficiency
 * is the one value fitted on that set (two records, named in its sources); src/perf/README.md lists what was fitted
 * and what is held out.
 *
 * Curves:
 * - compute: eta_c(M) = etaMax[bits] * M / (M + halfTokens), M = rows of the GEMM (tokens through the
 *   operator). The factor models MMA tile and wave quantisation: a GEMM with fewer rows than the tile
 *   height pays for the full tile.
 * - memory: eta_m(B) = etaMax * B / (B + halfBytes), B = bytes the operator streams. Small operators do not
 *   keep enough loads in flight to reach the sustained bandwidth; halfBytes is the ramp (bandwidth x
 *   latency product of the memory system).
 * - every kernel adds fixedTimePerOpS (launch and synchronisation); every forward step adds stepOverheadS
 *   (scheduler, sampling, host-device synchronisation).
 */
export interface FamilyCalibration {
  readonly family: AcceleratorFamily;
  readonly compute: {
    /** Sustained fraction of dense peak for large GEMMs, by element width of the matmul inputs. */
    readonly etaMax: { readonly wide: number; readonly eight: number; readonly four: number };
    /** GEMM rows at which efficiency is half of etaMax. */
    readonly halfTokens: number;
  };
  /** Fused attention kernels (FlashAttention, FlashMLA): fraction of peak when compute-bound. */
  readonly attentionEta: number;
  readonly memory: { readonly etaMax: number; readonly halfBytes: number };
  readonly fixedTimePerOpS: number;
  readonly stepOverheadS: number;
  readonly collectives: {
    /** Achieved share of link bandwidth in a ring or all-to-all (protocol and chunking overhead). */
    readonly busEfficiency: number;
    /** Software time per algorithm step of a collective, added to the link latency. */
    readonly softwareLatencyPerStepS: number;
    /** Fixed cost of launching one collective (kernel launch, barrier). */
    readonly launchS: number;
  };
  /** Expert-parallel load imbalance: slowest rank's expert work over the mean, for EP > 1. */
  readonly expertImbalance: number;
  /**
   * Accelerator power as shares of TDP (src/perf/power.ts): `idle` always drawn, plus `compute`, `memory` and
   * `network` each times how busy that unit is over the step; the sum is capped at TDP (or the power cap).
   */
  readonly power: PowerCalibration;
  /** How far the calibration itself can be trusted. */
  readonly confidence: 'measured' | 'estimated' | 'extrapolated';
  readonly sources: readonly string[];
  readonly note: string;
}

export interface PowerCalibration {
  readonly idle: number;
  readonly compute: number;
  readonly memory: number;
  readonly network: number;
  /** Dynamic power ~ clock^clockExponent when a power cap lowers the clock (step.ts). */
  readonly clockExponent: number;
  readonly sources: readonly string[];
}

/**
 * Hopper power shares. `idle` and `compute` come from the Splitwise H100 constants (idle 75 W of 700 W; a
 * compute-bound prompt phase draws the full 700 W, so idle + compute = 1). `memory` is the one power parameter
 * fitted: on the ML.ENERGY record mlenergy-llama-3.1-8b-instruct-h100x1-bs8 (decode at batch 8, memory-bound,
 * 486 W); the other 30 ML.ENERGY records and all MLPerf power records are held out. `network` is GenZ's share.
 */
const HOPPER_POWER: PowerCalibration = {
  idle: 0.107,
  compute: 0.893,
  memory: 0.87,
  network: 0.1,
  clockExponent: 2,
  sources: [
    'Splitwise (ISCA 2024) power model constants for DGX-H100 (splitwise-sim configs/power_model/constant.yaml): idle 75 W, prompt 700 W per GPU',
    'FITTED: memory share 0.87 on mlenergy-llama-3.1-8b-instruct-h100x1-bs8 (486 W); every other power record is held out',
    'GenZ power.py: network 10% of TDP',
    'clockExponent 2 (not fitted): dynamic power ~ f x V^2 with voltage partly scaling with the clock; it predicts the MLPerf v4.1 H200 Llama-2-70B Offline loss from a 500 W cap as 15% (measured 19%: 31,303 uncapped vs 25,262 tok/s)',
  ],
};

/** Hopper's power shares for a family with no per-chip power sweep of its own, saying why they carry over. */
function hopperPowerCarriedOver(why: string): PowerCalibration {
  return { ...HOPPER_POWER, sources: [why, ...HOPPER_POWER.sources] };
}

const HOPPER: FamilyCalibration = {
  family: 'hopper',
  compute: { etaMax: { wide: 0.72, eight: 0.62, four: 0.55 }, halfTokens: 48 },
  attentionEta: 0.62,
  memory: { etaMax: 0.9, halfBytes: 8e6 },
  fixedTimePerOpS: 3e-6,
  stepOverheadS: 1.2e-3,
  collectives: { busEfficiency: 0.8, softwareLatencyPerStepS: 1.5e-6, launchS: 5e-6 },
  expertImbalance: 1.18,
  power: HOPPER_POWER,
  confidence: 'measured',
  sources: [
    'Vidur H100 profile (microsoft/vidur data/profiling/compute/h100/Llama-2-70b-hf/mlp.csv): BF16 GEMM 670-760 TFLOPS at 4096 tokens (68-77% of 989), weight stream 3.0 TB/s at TP1 (90% of 3.35), 2.2-2.7 TB/s for 117 MB TP8 shards',
    'DeepGEMM README (deepseek-ai/DeepGEMM): FP8 GEMMs 1000-1550 TFLOPS on H800 for inference shapes (50-78% of 1979); etaMax.eight 0.62 is the middle of that range',
    'FlashMLA README: 660 TFLOPS compute-bound (67% of 989 BF16), 3000 GB/s memory-bound (90% of 3.35 TB/s)',
    'aiconfigurator systems/h200_sxm.yaml: 3 us constant latency per op, p2p latency 10 us',
    'nccl-tests on DGX H100: all-reduce bus bandwidth about 360 GB/s of 450 GB/s per direction (80%)',
    'CloudMatrix-Infer (arXiv 2506.12708) 6,688 vs 5,655 tok/s/NPU with perfect vs default EPLB; LMSYS 2025-05-05 59,337 vs 50,302 tok/s/node: expert imbalance 1.18',
  ],
  note: 'stepOverheadS is the host scheduling and sampling gap between decode steps measured in SGLang/vLLM traces (about 1 ms); FP4 etaMax has no Hopper kernel (Hopper cannot run FP4) and is never used.',
};

const BLACKWELL: FamilyCalibration = {
  ...HOPPER,
  family: 'blackwell',
  compute: { etaMax: { wide: 0.7, eight: 0.6, four: 0.5 }, halfTokens: 96 },
  attentionEta: 0.55,
  memory: { etaMax: 0.85, halfBytes: 16e6 },
  power: hopperPowerCarriedOver(
    'Hopper shares carried over (no per-GPU Blackwell sweep is public); checked against the MLPerf v5.1 8x B200 node power',
  ),
  confidence: 'estimated',
  sources: [
    'DeepGEMM SM100 and CUTLASS Blackwell GEMM results: FP8 about 2,800-3,200 TFLOPS of 4,500 dense (62-71%), NVFP4 about 4,500-5,500 of 9,000 (50-60%)',
    'tcgen05 MMA tile height 128 rows (twice Hopper wgmma 64): halfTokens doubled',
    'B200 HBM3e 8 TB/s: sustained copy bandwidth about 6.8 TB/s in published STREAM-like tests (85%)',
    'NVLink 5 all-reduce efficiency taken as Hopper (same NCCL algorithms)',
  ],
  note: 'Blackwell kernels are younger than Hopper ones; fewer independent measurements exist, so the calibration is an estimate.',
};

const ASCEND_910: FamilyCalibration = {
  family: 'ascend-910',
  compute: { etaMax: { wide: 0.5, eight: 0.5, four: 0.45 }, halfTokens: 32 },
  attentionEta: 0.5,
  memory: { etaMax: 0.8, halfBytes: 8e6 },
  fixedTimePerOpS: 4e-6,
  stepOverheadS: 1.5e-3,
  collectives: { busEfficiency: 0.7, softwareLatencyPerStepS: 3e-6, launchS: 8e-6 },
  expertImbalance: 1.18,
  power: hopperPowerCarriedOver(
    'No per-GPU Ascend power measurement is public: the Hopper shares are carried over (extrapolated)',
  ),
  confidence: 'estimated',
  sources: [
    'FITTED: etaMax (0.5) is set from two end-to-end prefill-dominated records, gpustack-910b-qwen3-8b-vllm-4k (about 37% of 353.9 TFLOPS end to end) and cloudmatrix-910c-prefill (about 37% of 1,504 INT8 TOPS), divided by the end-to-end/kernel ratio the Hopper records show (0.72); the other Ascend records are held out',
    'Cube unit 16x16x16 fractal matmul: smaller row quantum than NVIDIA tiles (halfTokens 32)',
    'Ascend 910B HBM2e 1.6 TB/s: sustained about 1.3 TB/s in operator benchmarks (80%)',
    'Graph-mode serving (torchair/aclgraph, MindIE) launches kernels at about CUDA-graph cost; aclnn and HCCL small-message latency are still higher than CUDA/NCCL, hence 4 us per op and 8 us per collective',
    'CloudMatrix-Infer (arXiv 2506.12708): perfect vs default EPLB 6,688 vs 5,655 tok/s/NPU (imbalance 1.18)',
  ],
  note: 'Ascend kernels are measured far less publicly than NVIDIA ones: the compute efficiency is fitted on two records (see sources), the rest are estimates.',
};

const ASCEND_950: FamilyCalibration = {
  ...ASCEND_910,
  family: 'ascend-950',
  memory: { etaMax: 0.8, halfBytes: 6e6 },
  confidence: 'extrapolated',
  sources: [
    'No public measurement of Ascend 950PR/950DT kernels exists: the Ascend 910 calibration is carried over',
    'Ascend 950 memory access granularity 128 B (from 512 B), "4x small-operator access efficiency" (Huawei launch, S_guancha_atlas350): smaller memory ramp (halfBytes)',
  ],
  note: 'Every Ascend 950 prediction is an extrapolation from vendor-claimed specifications and the 910 calibration.',
};

export const CALIBRATIONS: Readonly<Record<AcceleratorFamily, FamilyCalibration>> = {
  hopper: HOPPER,
  blackwell: BLACKWELL,
  'ascend-910': ASCEND_910,
  'ascend-950': ASCEND_950,
};

export function calibrationFor(family: AcceleratorFamily): FamilyCalibration {
  return CALIBRATIONS[family];
}
