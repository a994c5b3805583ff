import type { RecommendationModelSpec } from '../../catalog/recommendation.ts';
import type { AcceleratorSpec, Precision } from '../../catalog/types.ts';
import { BITS_PER_ELEMENT } from '../../catalog/types.ts';
import { SuperpodInputError } from '../../errors.ts';
import { calibrationFor } from '../calibration.ts';
import { weakest } from '../confidence.ts';
import { defaultFabric, type Fabric, spanOf } from '../fabric.ts';
import { type ConfidenceLevel, hardwareProfile, type InputConfidence } from '../hardware.ts';
import { requireNumber } from '../input-checks.ts';
import { isPrecision } from '../precision.ts';
import type { BatchTiming, RecommendationSetup } from './batch.ts';
import { accessGranularity, HOST_LINK_GBPS, RANDOM_ACCESS_EFFICIENCY } from './gather.ts';
import { maxQpsWithinSlo, offlineThroughput, type ServerState, serverState } from './serving.ts';
import { recommendationShape } from './shape.ts';
import { planSharding, type ShardingStrategy } from './sharding.ts';
import { type TableMemory, tableMemory } from './tables.ts';

export interface RecommendationInput {
  readonly accelerator: AcceleratorSpec;
  readonly model: RecommendationModelSpec;
  /** Accelerators the tables are spread over (one pool). */
  readonly devices: number;
  readonly sharding?: ShardingStrategy | 'auto';
  /** Storage format of the embedding rows (default: the model's weights precision). */
  readonly embeddingPrecision?: Precision;
  /** Format the MLPs and interaction compute in (default: bf16, or fp16, where the accelerator runs it). */
  readonly densePrecision?: Precision;
  /** Share of HBM bandwidth random gathers sustain (default RANDOM_ACCESS_EFFICIENCY, estimated). */
  readonly randomAccessEfficiency?: number;
  /** Override of the catalogue's HBM access granularity, bytes. */
  readonly accessGranularityB?: number;
  /** Host link bandwidth per device for offloaded rows, GB/s (default HOST_LINK_GBPS). */
  readonly hostLinkGBps?: number;
  /** HBM kept for the runtime, bytes (default 3.5 GB, as the LLM path). */
  readonly runtimeReserveBytes?: number;
  readonly fabric?: Fabric;
}

/** Load and SLO: queries per second (optional: without it, the highest rate within the SLO is reported). */
export interface RecommendationWorkload {
  readonly itemsPerQuery: number;
  readonly p99SloS: number;
  readonly queriesPerSecond?: number;
  /** Largest batch the server forms, items over the pool (default 65,536 per device). */
  readonly maxBatchItems?: number;
}

export interface RecommendationPrediction {
  readonly model: string;
  readonly accelerator: string;
  readonly devices: number;
  readonly sharding: ShardingStrategy;
  readonly embeddingPrecision: Precision;
  readonly densePrecision: Precision;
  readonly accessGranularityB: number;
  readonly randomAccessEfficiency: number;
  readonly memory: {
    readonly capacityGBPerDevice: number;
    /** Busiest device: tables in HBM, dense weights, activations at the largest batch, runtime reserve. */
    readonly tablesGB: number;
    readonly denseWeightsGB: number;
    readonly activationsGB: number;
    readonly reserveGB: number;
    readonly totalGB: number;
    readonly fits: boolean;
    /** Rows that did not fit, in host memory (all devices). */
    readonly offloadedGB: number;
    readonly embeddingGBTotal: number;
    readonly perDevice: readonly { device: number; tablesGB: number; hostGB: number; tables: number }[];
    /** Each table group: HBM and host bytes over the devices, and the most one device holds. */
    readonly byTable: readonly TableMemory[];
    /** Bytes one lookup reads against what it moves, averaged over the lookups. */
    readonly lookupBytesUseful: number;
    readonly lookupBytesMoved: number;
    readonly advice?: string;
  };
  readonly offline: { readonly itemsPerSecond: number; readonly queriesPerSecond: number; readonly batchItems: number };
  readonly server: {
    readonly itemsPerQuery: number;
    readonly p99SloMs: number;
    /** Highest query rate within the p99 SLO, and its state. */
    readonly maxQueriesPerSecond: number;
    /** At the given rate (or at maxQueriesPerSecond when none was given). */
    readonly queriesPerSecond: number;
    readonly feasible: boolean;
    readonly reason?: string;
    readonly p99Ms: number;
    readonly meanMs: number;
    readonly meetsSlo: boolean;
    readonly batchItems: number;
    readonly utilisation: number;
  };
  /** Where one batch's time goes at the server operating point, milliseconds and shares. */
  readonly timeBreakdown: readonly { readonly stage: string; readonly ms: number; readonly share: number }[];
  readonly fabricLevel: string | null;
  readonly confidence: {
    readonly level: ConfidenceLevel;
    readonly weakestInput: string;
    readonly calibration: 'measured' | 'estimated' | 'extrapolated';
    readonly note: string;
  };
}

const DEFAULT_MAX_ITEMS_PER_DEVICE = 65_536;
/** Largest Offline batch per device the search tries (NVIDIA's DLRM-v2 Offline configs use up to 600,000 pairs). */
const OFFLINE_MAX_ITEMS_PER_DEVICE = 1_048_576;

export function resolveRecommendation(input: RecommendationInput): RecommendationSetup & {
  readonly embeddingPrecision: Precision;
  readonly granule: { bytes: number; confidence: string };
  readonly reserveBytes: number;
  readonly denseWeightBytes: number;
  readonly inputs: readonly InputConfidence[];
} {
  const hw = hardwareProfile(input.accelerator);
  const cal = calibrationFor(hw.family);
  const model = input.model;
  const embeddingPrecision = input.embeddingPrecision ?? model.weightsPrecision.value;
  checkFormat(embeddingPrecision, 'embeddingPrecision');
  const densePrecision = input.densePrecision ?? (hw.peakFlops.bf16 !== undefined ? 'bf16' : 'fp16');
  checkFormat(densePrecision, 'densePrecision');
  const densePeakFlops = hw.peakFlops[densePrecision];
  if (!hw.supportedPrecisions.includes(densePrecision) || densePeakFlops === undefined) {
    throw new SuperpodInputError({
      where: `accelerator "${hw.id}"`,
      problem: `cannot run the dense layers in ${densePrecision}`,
      value: densePrecision,
      fix: `choose one of the formats it executes: ${Object.keys(hw.peakFlops).join(', ')}`,
    });
  }
  const randomAccessEfficiency = input.randomAccessEfficiency ?? RANDOM_ACCESS_EFFICIENCY.value;
  positive('randomAccessEfficiency', randomAccessEfficiency, 1);
  const hostLinkGBps = input.hostLinkGBps ?? HOST_LINK_GBPS.value;
  positive('hostLinkGBps', hostLinkGBps);
  const granule = accessGranularity(input.accelerator, input.accessGranularityB);
  const shape = recommendationShape(model);
  const reserveBytes = input.runtimeReserveBytes ?? 3.5e9;
  const denseBytes = BITS_PER_ELEMENT[densePrecision] / 8;
  const denseWeightBytes = shape.denseParameters * denseBytes;
  const activationBytes = activationBytesPerItem(shape, denseBytes) * DEFAULT_MAX_ITEMS_PER_DEVICE;
  const tableBudgetBytes = Math.max(0, hw.hbmBytes - reserveBytes - denseWeightBytes - activationBytes);
  const plan = planSharding({
    model,
    devices: input.devices,
    elementBytes: BITS_PER_ELEMENT[embeddingPrecision] / 8,
    granuleB: granule.bytes,
    tableBudgetBytes,
    strategy: input.sharding ?? 'auto',
  });
  const inputs: InputConfidence[] = [
    ...hw.inputs,
    { field: `${hw.id} hbm.accessGranularityB`, confidence: granule.confidence as ConfidenceLevel },
    {
      field: 'randomAccessEfficiency',
      confidence: input.randomAccessEfficiency === undefined ? RANDOM_ACCESS_EFFICIENCY.confidence : 'user-supplied',
    },
    ...model.embeddingTables.map((t) => ({ field: `${model.id} embeddingTables.${t.name}`, confidence: t.confidence })),
  ];
  return {
    hw,
    cal,
    fabric: input.fabric ?? defaultFabric(hw),
    shape,
    plan,
    densePrecision,
    densePeakFlops,
    randomAccessEfficiency,
    hostLinkBps: hostLinkGBps * 1e9,
    embeddingPrecision,
    granule,
    reserveBytes,
    denseWeightBytes,
    inputs,
  };
}

/** Activations one item keeps live on its device: the widest layer's input and output plus the pooled vectors. */
function activationBytesPerItem(shape: ReturnType<typeof recommendationShape>, bytes: number): number {
  let widest = 0;
  for (const l of shape.layers) widest = Math.max(widest, l.in + l.out);
  return (widest + shape.pooledWidth + shape.interactionOut) * bytes;
}

export function predictRecommendation(
  input: RecommendationInput,
  work: RecommendationWorkload,
): RecommendationPrediction {
  positive('itemsPerQuery', work.itemsPerQuery);
  positive('p99SloS', work.p99SloS);
  if (work.queriesPerSecond !== undefined) positive('queriesPerSecond', work.queriesPerSecond);
  const s = resolveRecommendation(input);
  const n = s.plan.devices.length;
  const maxBatchItems = work.maxBatchItems ?? DEFAULT_MAX_ITEMS_PER_DEVICE * n;
  positive('maxBatchItems', maxBatchItems);

  const offline = offlineThroughput(s, OFFLINE_MAX_ITEMS_PER_DEVICE);
  const best = maxQpsWithinSlo(s, work.itemsPerQuery, work.p99SloS, maxBatchItems);
  const at: ServerState =
    work.queriesPerSecond !== undefined
      ? serverState(s, { queriesPerSecond: work.queriesPerSecond, itemsPerQuery: work.itemsPerQuery }, maxBatchItems)
      : (best.state ?? serverState(s, { queriesPerSecond: 1e-6, itemsPerQuery: work.itemsPerQuery }, maxBatchItems));

  const busiest = s.plan.devices.reduce((a, b) => (b.hbmTableBytes > a.hbmTableBytes ? b : a));
  const denseBytes = BITS_PER_ELEMENT[s.densePrecision] / 8;
  const activations = activationBytesPerItem(s.shape, denseBytes) * Math.ceil(maxBatchItems / n);
  const total = busiest.hbmTableBytes + s.denseWeightBytes + activations + s.reserveBytes;
  const offloaded = s.plan.devices.reduce((t, d) => t + d.hostTableBytes, 0);
  const fits = total <= s.hw.hbmBytes && !s.plan.offloaded;
  const elementBytes = BITS_PER_ELEMENT[s.embeddingPrecision] / 8;
  const lookups = s.shape.lookupsPerItem;
  const useful = input.model.embeddingTables.reduce((t, g) => t + g.count * g.pooling * g.dim * elementBytes, 0);
  const moved = s.plan.devices.reduce((t, d) => t + d.hbmBytesMovedPerItem + d.hostBytesMovedPerItem, 0);
  const embeddingTotal = s.shape.embeddingParameters * elementBytes;
  const cal = s.cal.confidence;
  const w = weakest(s.inputs);
  return {
    model: input.model.id,
    accelerator: s.hw.id,
    devices: n,
    sharding: s.plan.strategy,
    embeddingPrecision: s.embeddingPrecision,
    densePrecision: s.densePrecision,
    accessGranularityB: s.granule.bytes,
    randomAccessEfficiency: s.randomAccessEfficiency,
    memory: {
      capacityGBPerDevice: gb(s.hw.hbmBytes),
      tablesGB: gb(busiest.hbmTableBytes),
      denseWeightsGB: gb(s.denseWeightBytes),
      activationsGB: gb(activations),
      reserveGB: gb(s.reserveBytes),
      totalGB: gb(total),
      fits,
      offloadedGB: gb(offloaded),
      embeddingGBTotal: gb(embeddingTotal),
      perDevice: s.plan.devices.map((d) => ({
        device: d.device,
        tablesGB: gb(d.hbmTableBytes),
        hostGB: gb(d.hostTableBytes),
        tables: d.shards.length,
      })),
      byTable: tableMemory(s.plan),
      lookupBytesUseful: round(useful / lookups),
      lookupBytesMoved: round(moved / lookups),
      ...(fits ? {} : { advice: adviceFor(embeddingTotal, s.hw.hbmBytes, total, s.plan, n) }),
    },
    offline: {
      itemsPerSecond: round(offline.itemsPerSecond),
      queriesPerSecond: round(offline.itemsPerSecond / work.itemsPerQuery),
      batchItems: offline.batchItems,
    },
    server: {
      itemsPerQuery: work.itemsPerQuery,
      p99SloMs: round(work.p99SloS * 1e3),
      maxQueriesPerSecond: round(best.queriesPerSecond),
      queriesPerSecond: round(at.queriesPerSecond),
      feasible: at.feasible,
      ...(at.reason ? { reason: at.reason } : {}),
      p99Ms: round(at.p99LatencyS * 1e3),
      meanMs: round(at.meanLatencyS * 1e3),
      meetsSlo: at.feasible && at.p99LatencyS <= work.p99SloS,
      batchItems: Math.round(at.batchItems),
      utilisation: round(at.utilisation),
    },
    timeBreakdown: breakdown(at.timing),
    fabricLevel: s.plan.allToAll ? spanOf(s.fabric, n).level.name : null,
    confidence: {
      level: w.confidence,
      weakestInput: w.field,
      calibration: cal,
      note:
        cal === 'extrapolated'
          ? `no measurement backs ${s.hw.family} recommendation serving: an extrapolation from vendor specifications`
          : `${s.hw.family} dense-layer efficiencies come from the LLM calibration; the random-access efficiency is an estimate`,
    },
  };
}

function breakdown(t: BatchTiming): RecommendationPrediction['timeBreakdown'] {
  const stages: [string, number][] = [
    ['embedding gather (HBM)', t.gatherS],
    ['host-memory gather', t.hostS],
    ['all-to-all', t.allToAllS],
    ['bottom MLP', t.bottomMlpS],
    ['interaction', t.interactionS],
    ['top MLP', t.topMlpS],
    ['step overhead', t.overheadS],
    ['input copy from host', t.inputS],
  ];
  return stages.map(([stage, secs]) => ({ stage, ms: round(secs * 1e3), share: round(secs / t.timeS) }));
}

function adviceFor(
  embeddingBytes: number,
  hbm: number,
  total: number,
  plan: { readonly offloaded: boolean; readonly strategy: ShardingStrategy },
  n: number,
): string {
  if (plan.offloaded) {
    const need = Math.ceil(embeddingBytes / (hbm * 0.9));
    // every device of a replicated layout holds every table: more devices add copies, not room
    const spread = plan.strategy === 'replicated' ? 'shard them table-wise or row-wise' : 'spread them';
    return `the tables (${gb(embeddingBytes)} GB) do not fit the HBM of ${n} device(s): rows are served from host memory; ${spread} over at least ${need} devices, or store them in a narrower format`;
  }
  return `the busiest device needs ${gb(total)} GB of ${gb(hbm)} GB: lower the batch or spread the tables over more devices`;
}

function checkFormat(p: string, where: string): void {
  if (!isPrecision(p)) {
    throw new SuperpodInputError({
      where,
      problem: 'unknown numeric format',
      value: p,
      fix: `use one of ${Object.keys(BITS_PER_ELEMENT).join(', ')}`,
    });
  }
}

function positive(where: string, v: number, max?: number): void {
  requireNumber(where, v, {
    min: Number.MIN_VALUE,
    ...(max === undefined ? {} : { max }),
    problem: max === undefined ? 'must be a positive number' : `must be a number above 0 and at most ${max}`,
    fix: `give ${where} as a plain positive number`,
  });
}

function gb(bytes: number): number {
  return round(bytes / 1e9);
}

function round(x: number): number {
  if (!Number.isFinite(x)) return x;
  return Number(x.toPrecision(6));
}
