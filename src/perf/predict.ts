import type { Precision } from '../catalog/types.ts';
import { SuperpodInputError } from '../errors.ts';
import { type PredictionConfidence, predictionConfidence } from './confidence.ts';
import { type CostResult, costPerMillionTokens, hasPrice, type PriceInput } from './cost.ts';
import {
  type Deployment,
  type DeploymentInput,
  type Parallelism,
  resolveDeployment,
  tokensPerDecodeStep,
} from './deployment.ts';
import { requireTdp } from './hardware.ts';
import type { MemoryBreakdown } from './memory.ts';
import { maxBatchThatFits, memoryBreakdown, weightBytesPerDevice } from './memory.ts';
import { type NodePowerInputs, nodeBand, nodePowerW } from './node-power.ts';
import { devicePowerW, idlePowerW, meanPowerW } from './power.ts';
import type { OperatorTiming } from './roofline.ts';
import { round } from './round.ts';
import { decodeStep, prefillStep, type StepResult } from './step.ts';
import { type Interval, intervalOf, scaled, type UncertainMetric } from './uncertainty.ts';

export { round } from './round.ts';

/** A static batch: `batch` prompts of `inputTokens` prefilled together, then decoded to `outputTokens` each. */
export interface InferenceWorkload {
  readonly batch: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** KV length at which the reported decode step is taken; default inputTokens + outputTokens / 2. */
  readonly context?: number;
}

export interface MemoryReport {
  readonly weightsGB: number;
  readonly kvCacheGB: number;
  readonly activationsGB: number;
  readonly reserveGB: number;
  readonly totalGB: number;
  /** HBM per device in decimal GB (10^9 bytes), like the other figures of this report. */
  readonly capacityGB: number;
  /** The same HBM in GiB (2^30 bytes), the unit the catalogue, DRA `memory` and the node labels state it in. */
  readonly capacityGiB: number;
  readonly fits: boolean;
  /** GB missing per device when it does not fit. */
  readonly shortfallGB: number;
  /** The batch these figures are at: the pool's maxBatch when set, else the load's (at least 1). */
  readonly batch: number;
  /** Largest batch whose sequences fit at their final length (input + output). */
  readonly maxBatch: number;
  /** What would fit, when this does not. */
  readonly advice?: string;
}

export interface PhaseReport {
  readonly timeMs: number;
  readonly computeMs: number;
  readonly memoryMs: number;
  readonly communicationMs: number;
  readonly fixedMs: number;
  readonly bound: 'compute' | 'memory' | 'network' | 'latency';
  readonly utilisation: { readonly compute: number; readonly memory: number; readonly network: number };
  readonly powerPerDeviceW: number;
}

export interface OperatorReport {
  readonly name: string;
  readonly kind: OperatorTiming['kind'];
  readonly count: number;
  readonly timeMs: number;
  readonly gflops: number;
  readonly megabytes: number;
  readonly arithmeticIntensity: number;
  readonly bound: OperatorTiming['bound'];
}

export interface InferencePrediction {
  readonly accelerator: string;
  readonly model: string;
  readonly precision: {
    readonly weights: Precision;
    readonly activations: Precision;
    readonly kvCache: Precision;
    readonly expertWeights: Precision;
  };
  readonly parallelism: Parallelism;
  readonly devices: number;
  readonly batch: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly context: number;
  /** Prefill of `batch` prompts of `inputTokens`. */
  readonly ttftMs: number;
  /** One decode step of `batch` sequences at `context`, per emitted token. */
  readonly tpotMs: number;
  /** Whole requests: batch x outputTokens / (TTFT + (outputTokens - 1) x TPOT at the mean context). */
  readonly outputTokensPerSecond: number;
  readonly outputTokensPerSecondPerDevice: number;
  /** Decode only: batch / TPOT. */
  readonly decodeTokensPerSecond: number;
  readonly requestLatencyMs: number;
  readonly memory: MemoryReport;
  /** Mean accelerator power of the instance over the request (all devices), W. */
  readonly powerW: number;
  readonly powerPerDeviceW: number;
  /** Output tokens per joule of accelerator energy (see `energy` for all tokens and the node's wall energy). */
  readonly tokensPerJoule: number;
  readonly power: PowerReport;
  readonly energy: EnergyReport;
  /** p10-p90 of each headline figure, from the validation residuals of its metric and family (uncertainty.ts). */
  readonly intervals: PredictionIntervals;
  readonly cost: (CostResult & { readonly perMillionOutputTokens: number }) | null;
  readonly prefill: PhaseReport;
  readonly decode: PhaseReport;
  readonly operators: { readonly prefill: readonly OperatorReport[]; readonly decode: readonly OperatorReport[] };
  readonly confidence: PredictionConfidence;
}

/** Mean power while serving the request, per accelerator, per model instance and per node (at the wall). */
export interface PowerReport {
  readonly perAcceleratorW: number;
  /** The instance's accelerators. */
  readonly perInstanceW: number;
  /** One node with every accelerator in this state, at the wall; null when the node's power is unknown. */
  readonly perNodeW: number | null;
  readonly nodeType: string | null;
  readonly acceleratorsPerNode: number | null;
  /** How the node figure is made (node-power.ts), or why there is none. */
  readonly nodeBasis: 'idle+load' | 'host+accelerators' | 'unknown';
  /** A power cap the accelerators run under, W. */
  readonly powerCapW: number | null;
}

/** Tokens per joule, output tokens and all (input + output) tokens, per accelerator energy and per node wall energy. */
export interface EnergyReport {
  readonly outputTokensPerJoule: number;
  readonly allTokensPerJoule: number;
  readonly nodeOutputTokensPerJoule: number | null;
  readonly nodeAllTokensPerJoule: number | null;
}

export interface PredictionIntervals {
  readonly ttftMs: Interval;
  readonly tpotMs: Interval;
  readonly outputTokensPerSecond: Interval;
  readonly powerPerAcceleratorW: Interval;
  readonly powerPerNodeW: Interval | null;
  readonly tokensPerJoule: Interval;
}

export interface PredictOptions {
  readonly price?: PriceInput;
  /** The node the accelerators sit in, for the node's wall power (node-power.ts: nodePowerInputs). */
  readonly node?: NodePowerInputs;
}

export function predictInference(
  input: DeploymentInput | Deployment,
  workload: InferenceWorkload,
  opts: PredictOptions = {},
): InferencePrediction {
  const d = 'hw' in input ? input : resolveDeployment(input);
  const w = checkWorkload(workload);
  const tdpW = requireTdp(d.hw);
  const context = w.context ?? w.inputTokens + w.outputTokens / 2;
  const meanContext = w.inputTokens + w.outputTokens / 2;
  const perStep = tokensPerDecodeStep(d);

  const prefill = prefillStep(d, w.batch, w.inputTokens);
  const decode = decodeStep(d, w.batch, context);
  const decodeMean = context === meanContext ? decode : decodeStep(d, w.batch, meanContext);
  const ttftS = prefill.timeS;
  const tpotS = decode.timeS / perStep;
  const decodeTimeS = (Math.max(0, w.outputTokens - 1) * decodeMean.timeS) / perStep;
  const requestS = ttftS + decodeTimeS;
  const outputTokensPerSecond = (w.batch * w.outputTokens) / requestS;

  const prefillPower = devicePowerW(d, prefill, tdpW);
  const decodePower = devicePowerW(d, decodeMean, tdpW);
  const powerPerDeviceW = meanPowerW([
    [ttftS, prefillPower],
    [decodeTimeS, decodePower],
  ]);
  const powerW = powerPerDeviceW * d.devices;
  const node = opts.node ? nodePowerW(opts.node, powerPerDeviceW, idlePowerW(d, tdpW)) : null;
  const allTokensPerSecond = (w.batch * (w.inputTokens + w.outputTokens)) / requestS;
  const band = (value: number, metric: UncertainMetric) => intervalOf(value, metric, d.hw.family);

  const finalContext = Math.max(context, w.inputTokens + w.outputTokens);
  const mem = memoryBreakdown(d, w.batch, finalContext, w.inputTokens);
  const maxBatch = maxBatchThatFits(d, finalContext, w.inputTokens);
  const memory = memoryReport(mem, w.batch, maxBatch, () => fitAdvice(d, maxBatch, mem.shortfallBytes, finalContext));

  const cost = hasPrice(opts.price)
    ? costPerMillionTokens(opts.price, outputTokensPerSecond / d.devices, powerPerDeviceW)
    : null;

  return {
    accelerator: d.hw.id,
    model: d.model.id,
    precision: {
      weights: d.precision.choice.weights,
      activations: d.precision.choice.activations,
      kvCache: d.precision.choice.kvCache,
      expertWeights: d.precision.choice.expertWeights,
    },
    parallelism: d.parallelism,
    devices: d.devices,
    batch: w.batch,
    inputTokens: w.inputTokens,
    outputTokens: w.outputTokens,
    context,
    ttftMs: round(ttftS * 1e3),
    tpotMs: round(tpotS * 1e3),
    outputTokensPerSecond: round(outputTokensPerSecond),
    outputTokensPerSecondPerDevice: round(outputTokensPerSecond / d.devices),
    decodeTokensPerSecond: round((w.batch * perStep) / decode.timeS),
    requestLatencyMs: round(requestS * 1e3),
    memory,
    powerW: round(powerW),
    powerPerDeviceW: round(powerPerDeviceW),
    tokensPerJoule: round(outputTokensPerSecond / powerW),
    power: {
      perAcceleratorW: round(powerPerDeviceW),
      perInstanceW: round(powerW),
      perNodeW: node ? round(node.watts) : null,
      nodeType: opts.node?.nodeType ?? null,
      acceleratorsPerNode: opts.node?.accelerators ?? null,
      nodeBasis: node?.basis ?? 'unknown',
      powerCapW: d.powerCapW,
    },
    energy: {
      outputTokensPerJoule: round(outputTokensPerSecond / powerW),
      allTokensPerJoule: round(allTokensPerSecond / powerW),
      nodeOutputTokensPerJoule: node ? round(perNode(outputTokensPerSecond, d, opts.node!) / node.watts) : null,
      nodeAllTokensPerJoule: node ? round(perNode(allTokensPerSecond, d, opts.node!) / node.watts) : null,
    },
    intervals: {
      ttftMs: band(ttftS * 1e3, 'ttft'),
      tpotMs: band(tpotS * 1e3, 'tpot'),
      outputTokensPerSecond: band(outputTokensPerSecond, 'throughput'),
      powerPerAcceleratorW: band(powerPerDeviceW, 'acceleratorPower'),
      powerPerNodeW: node ? scaled(node.watts, nodeBand(node, d.hw.family)) : null,
      tokensPerJoule: band(outputTokensPerSecond / powerW, 'tokensPerJoule'),
    },
    cost: cost
      ? { ...cost, perCardHour: round(cost.perCardHour), perMillionOutputTokens: round(cost.perMillionOutputTokens) }
      : null,
    prefill: phaseReport(prefill, prefillPower),
    decode: phaseReport(decode, devicePowerW(d, decode, tdpW)),
    operators: { prefill: operatorReports(prefill), decode: operatorReports(decode) },
    confidence: predictionConfidence(d),
  };
}

/** Tokens per second of one node's accelerators: the instance's rate scaled to the node's accelerator count. */
function perNode(tokensPerSecond: number, d: Deployment, node: NodePowerInputs): number {
  return (tokensPerSecond / d.devices) * node.accelerators;
}

function checkWorkload(w: InferenceWorkload): InferenceWorkload {
  const whole = (name: string, v: number | undefined, min: number) => {
    if (v === undefined) return;
    if (!Number.isSafeInteger(v) || v < min) {
      throw new SuperpodInputError({
        where: `workload.${name}`,
        problem: `must be a whole number of at least ${min}`,
        value: v,
        fix: `pass ${name} ${Math.max(min, 1)} or more`,
      });
    }
  };
  whole('batch', w.batch, 1);
  whole('inputTokens', w.inputTokens, 1);
  whole('outputTokens', w.outputTokens, 1);
  whole('context', w.context, 1);
  return w;
}

function fitAdvice(d: Deployment, maxBatch: number, shortfall: number, context: number): string {
  const need = `needs ${roundedGigabytes(shortfall)} GB more per device at ${Math.round(context)} tokens of context`;
  if (maxBatch > 0) return `${need}; the largest batch that fits is ${maxBatch}`;
  const { tp, pp } = d.parallelism;
  const usable = d.hw.hbmBytes - d.runtimeReserveBytes;
  const modelWeights = weightBytesPerDevice(d) * tp * pp;
  const devices = usable > 0 ? Math.ceil(modelWeights / usable) : Number.POSITIVE_INFINITY;
  const spread = Number.isFinite(devices)
    ? `spread the weights over at least ${devices} devices (tp x pp, or ep for experts)`
    : 'use an accelerator with more memory';
  return `${need}; even one sequence does not fit: ${spread}, or use narrower weights`;
}

export function phaseReport(step: StepResult, powerPerDeviceW: number): PhaseReport {
  const bound = dominant(step);
  return {
    timeMs: round(step.timeS * 1e3),
    computeMs: round(step.computeS * 1e3),
    memoryMs: round(step.memoryS * 1e3),
    communicationMs: round(step.commS * 1e3),
    fixedMs: round(step.fixedS * 1e3),
    bound,
    utilisation: {
      compute: round(step.utilisation.compute),
      memory: round(step.utilisation.memory),
      network: round(step.utilisation.network),
    },
    powerPerDeviceW: round(powerPerDeviceW),
  };
}

function dominant(step: StepResult): PhaseReport['bound'] {
  let best: PhaseReport['bound'] = 'compute';
  let bestTime = -1;
  const byBound = new Map<PhaseReport['bound'], number>();
  for (const op of step.operators) byBound.set(op.bound, (byBound.get(op.bound) ?? 0) + op.timeS);
  for (const [bound, time] of [...byBound.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
    if (time > bestTime) {
      best = bound;
      bestTime = time;
    }
  }
  return best;
}

function operatorReports(step: StepResult): OperatorReport[] {
  return step.operators.map((op) => ({
    name: op.name,
    kind: op.kind,
    count: op.count,
    timeMs: round(op.timeS * 1e3),
    gflops: round(op.flops / 1e9),
    megabytes: round(op.bytes / 1e6),
    arithmeticIntensity: round(op.arithmeticIntensity),
    bound: op.bound,
  }));
}

/** The memory breakdown in GB for reports, with advice (made only when the batch does not fit). */
export function memoryReport(
  mem: MemoryBreakdown,
  batch: number,
  maxBatch: number,
  advice: () => string,
): MemoryReport {
  return {
    weightsGB: roundedGigabytes(mem.weightsBytes),
    kvCacheGB: roundedGigabytes(mem.kvCacheBytes),
    activationsGB: roundedGigabytes(mem.activationsBytes),
    reserveGB: roundedGigabytes(mem.reserveBytes),
    totalGB: roundedGigabytes(mem.totalBytes),
    capacityGB: roundedGigabytes(mem.capacityBytes),
    capacityGiB: round(mem.capacityBytes / 2 ** 30),
    fits: mem.fits,
    shortfallGB: roundedGigabytes(mem.shortfallBytes),
    batch,
    maxBatch,
    ...(mem.fits ? {} : { advice: advice() }),
  };
}

/** Bytes as decimal gigabytes, four significant digits: the GB figures of a memory report. */
export function roundedGigabytes(bytes: number): number {
  return round(bytes / 1e9);
}
