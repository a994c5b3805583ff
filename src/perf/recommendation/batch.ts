import type { Precision } from '../../catalog/types.ts';
import { BITS_PER_ELEMENT } from '../../catalog/types.ts';
import type { FamilyCalibration } from '../calibration.ts';
import { allToAllS } from '../collectives.ts';
import { type Fabric, spanOf } from '../fabric.ts';
import type { HardwareProfile } from '../hardware.ts';
import { widthClass } from '../precision.ts';
import { type Operator, type OperatorTiming, timeOperator } from '../roofline.ts';
import type { RecommendationShape } from './shape.ts';
import type { ShardingPlan } from './sharding.ts';

/** Everything a batch time depends on, resolved. */
export interface RecommendationSetup {
  readonly hw: HardwareProfile;
  readonly cal: FamilyCalibration;
  readonly fabric: Fabric;
  readonly shape: RecommendationShape;
  readonly plan: ShardingPlan;
  /** Format the dense layers compute in, and its dense peak in FLOP/s. */
  readonly densePrecision: Precision;
  readonly densePeakFlops: number;
  readonly randomAccessEfficiency: number;
  readonly hostLinkBps: number;
}

/** Where one batch's time goes, seconds. */
export interface BatchTiming {
  /** Items in the batch over the whole pool. */
  readonly items: number;
  /** Latency of the batch: every stage plus the step overhead. */
  readonly timeS: number;
  /**
   * Time between batch starts when batches follow one another: the host's step overhead of the next batch overlaps
   * the device work of the current one (double-buffered batches, as NVIDIA's DLRM-v2 harness runs with
   * gpu_num_bundles 2), so the larger of the two.
   */
  readonly intervalS: number;
  /** Embedding gathers from HBM on the busiest device. */
  readonly gatherS: number;
  /** Gathers of offloaded rows over the host link. */
  readonly hostS: number;
  /** Index and pooled-embedding all-to-alls over the fabric level the pool spans. */
  readonly allToAllS: number;
  readonly bottomMlpS: number;
  readonly interactionS: number;
  readonly topMlpS: number;
  /** Host scheduling gap per batch (the family's step overhead). */
  readonly overheadS: number;
  /** Copy of the batch's inputs (dense features and indices) from host memory over the host link. */
  readonly inputS: number;
  readonly operators: readonly OperatorTiming[];
}

/** Indices travel as 32-bit integers (torchrec and FBGEMM default). */
const INDEX_BYTES = 4;

/**
 * One batch of `items` over the pool: gather (HBM bytes actually moved against the random-access bandwidth),
 * host-link gathers of offloaded rows, the all-to-alls of a model-parallel layout, then the dense layers of each
 * device's share of the items on the roofline, plus the step overhead. The stages run one after another: a batch's
 * dense layers need its pooled embeddings, and the latency of a query is the whole chain.
 */
export function batchTiming(s: RecommendationSetup, items: number): BatchTiming {
  const n = s.plan.devices.length;
  const randomBps = s.hw.hbmBandwidthBps * s.randomAccessEfficiency;
  let gatherS = 0;
  let hostS = 0;
  for (const d of s.plan.devices) {
    const g = (d.hbmBytesMovedPerItem * items) / randomBps + s.cal.fixedTimePerOpS;
    const h = d.hostBytesMovedPerItem > 0 ? (d.hostBytesMovedPerItem * items) / s.hostLinkBps : 0;
    if (g + h > gatherS + hostS) {
      gatherS = g;
      hostS = h;
    }
  }

  let a2aS = 0;
  if (s.plan.allToAll) {
    const span = spanOf(s.fabric, n);
    const actBytes = Math.max(1, BITS_PER_ELEMENT[s.densePrecision] / 8);
    let indexBytes = 0;
    let pooledBytes = 0;
    for (const d of s.plan.devices) {
      indexBytes = Math.max(indexBytes, d.lookupsPerItem * items * INDEX_BYTES);
      pooledBytes = Math.max(pooledBytes, d.pooledElementsPerItem * items * actBytes);
    }
    a2aS = allToAllS(indexBytes, span, s.cal) + allToAllS(pooledBytes, span, s.cal);
  }

  const rows = Math.max(1, Math.ceil(items / n));
  const operators = denseOperators(s, rows).map((op) => timeOperator(op, s.hw.hbmBandwidthBps, s.cal));
  const partS = (part: string) => operators.filter((o) => o.name.startsWith(part)).reduce((t, o) => t + o.timeS, 0);
  const bottomMlpS = partS('bottom-mlp');
  const interactionS = partS('dcn') + partS('interaction');
  const topMlpS = partS('top-mlp');
  const overheadS = s.cal.stepOverheadS;
  const inputS = (rows * inputBytesPerItem(s)) / s.hostLinkBps;
  const deviceS = gatherS + hostS + a2aS + bottomMlpS + interactionS + topMlpS;
  return {
    items,
    timeS: deviceS + overheadS + inputS,
    intervalS: Math.max(deviceS, overheadS, inputS),
    gatherS,
    hostS,
    allToAllS: a2aS,
    bottomMlpS,
    interactionS,
    topMlpS,
    overheadS,
    inputS,
    operators,
  };
}

/** Dense features in 16 bits and one 32-bit index per lookup, per item, as they arrive from the host. */
function inputBytesPerItem(s: RecommendationSetup): number {
  return s.shape.denseFeatures * 2 + s.shape.lookupsPerItem * INDEX_BYTES;
}

/** The dense layers of `rows` items on one device, as roofline operators (weights once, activations per row). */
export function denseOperators(s: RecommendationSetup, rows: number): Operator[] {
  const bytesPer = BITS_PER_ELEMENT[s.densePrecision] / 8;
  const width = widthClass(s.densePrecision);
  const ops: Operator[] = s.shape.layers.map((l) => ({
    name: l.name,
    kind: 'gemm',
    count: 1,
    flops: 2 * l.in * l.out * rows,
    bytes: (l.in * l.out + rows * (l.in + l.out)) * bytesPer,
    rows,
    peakFlops: s.densePeakFlops,
    width,
    kernels: 1,
  }));
  if (s.shape.interactionExtraFlops > 0) {
    ops.push({
      name: 'interaction.elementwise',
      kind: 'elementwise',
      count: 1,
      flops: s.shape.interactionExtraFlops * rows,
      bytes: 3 * s.shape.interactionOut * rows * bytesPer,
      rows,
      peakFlops: s.densePeakFlops,
      width,
      kernels: 1,
    });
  }
  return ops;
}
