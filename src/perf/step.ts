import { sendS } from './collectives.ts';
import type { Deployment } from './deployment.ts';
import { spanOf } from './fabric.ts';
import { type StepShape, stepOperators } from './operators.ts';
import { type OperatorTiming, type TimeBreakdown, timeOperator } from './roofline.ts';

/** Time of one forward pass of the instance, with the per-operator breakdown and how busy each unit was. */
export interface StepResult {
  readonly timeS: number;
  /** Sum over operators of compute-bound, memory-bound, communication and fixed time (one device). */
  readonly computeS: number;
  readonly memoryS: number;
  readonly commS: number;
  readonly fixedS: number;
  readonly flopsPerDevice: number;
  readonly bytesPerDevice: number;
  /** Busy fractions over the step (0..1), for the power model. */
  readonly utilisation: { readonly compute: number; readonly memory: number; readonly network: number };
  readonly operators: readonly OperatorTiming[];
}

interface PassTime extends TimeBreakdown {
  readonly busyCompute: number;
  readonly busyMemory: number;
  readonly operators: OperatorTiming[];
}

/**
 * Share of the shorter of compute and communication that two-batch overlap fails to hide. LMSYS (2025-05-05)
 * measured +27-35% prefill throughput from overlap; with communication at about half the compute time, that gain
 * is (1 + 0.5) / (1 + 0.5 x 0.3) = 1.30.
 */
export const OVERLAP_BUBBLE = 0.3;

/** One pass over all layers on one device column: operators plus communication, with overlap where it applies. */
function passTime(d: Deployment, step: StepShape): PassTime {
  const bw = d.hw.hbmBandwidthBps;
  const timings: OperatorTiming[] = [];
  const sum = { kernelsS: 0, serialCommS: 0, overlapCommS: 0, computeS: 0, memoryS: 0, fixedS: 0, flops: 0, bytes: 0 };
  const busy = { compute: 0, memory: 0 };
  for (const op of stepOperators(d, step)) {
    const t = timeOperator(op, bw, d.cal);
    timings.push(t);
    if (op.kind === 'collective') {
      if (op.overlappable) sum.overlapCommS += t.commS;
      else sum.serialCommS += t.commS;
      continue;
    }
    sum.kernelsS += t.timeS;
    sum.computeS += t.computeS;
    sum.memoryS += t.memoryS;
    sum.fixedS += t.fixedS;
    sum.flops += t.flops;
    sum.bytes += t.bytes;
    // Busy time at the unit's best sustained rate: what draws power.
    busy.compute += t.flops / (op.peakFlops * d.cal.compute.etaMax[op.width]);
    busy.memory += t.bytes / (bw * d.cal.memory.etaMax);
  }
  // Two-batch overlap: the all-to-all of one half-batch runs under the other half's compute; the longer of the
  // two sets the pace, plus a bubble of the shorter (OVERLAP_BUBBLE).
  const { kernelsS, overlapCommS, serialCommS } = sum;
  const overlapped =
    overlapCommS > 0 ? Math.max(kernelsS, overlapCommS) + OVERLAP_BUBBLE * Math.min(kernelsS, overlapCommS) : kernelsS;
  return {
    timeS: overlapped + serialCommS,
    computeS: sum.computeS,
    memoryS: sum.memoryS,
    commS: serialCommS + overlapCommS,
    fixedS: sum.fixedS,
    flops: sum.flops,
    bytes: sum.bytes,
    busyCompute: busy.compute,
    busyMemory: busy.memory,
    operators: timings,
  };
}

function stageHandOffS(d: Deployment, tokensPerDevice: number): number {
  if (d.parallelism.pp <= 1) return 0;
  const span = spanOf(d.fabric, d.devices);
  return sendS(tokensPerDevice * d.shape.hidden * 2, span, d.cal);
}

/** `share`: how many passes' worth of one device column's work each device does in the step. */
function toResult(d: Deployment, pass: PassTime, timeS: number, share: number, commExtraS: number): StepResult {
  const computeBusyS = pass.busyCompute * share;
  const capped = timeS + capStretchS(d, computeBusyS, pass.busyMemory * share, timeS);
  const busy = (x: number) => (capped > 0 ? Math.min(1, (x * share) / capped) : 0);
  return {
    timeS: capped,
    computeS: pass.computeS * share,
    memoryS: pass.memoryS * share,
    commS: pass.commS * share + commExtraS,
    fixedS: pass.fixedS * share + d.cal.stepOverheadS,
    flopsPerDevice: pass.flops * share,
    bytesPerDevice: pass.bytes * share,
    utilisation: {
      compute: busy(pass.busyCompute),
      memory: busy(pass.busyMemory),
      network: capped > 0 ? Math.min(1, (pass.commS * share + commExtraS) / capped) : 0,
    },
    operators: pass.operators,
  };
}

/**
 * Extra step time under a power cap. A chip that would draw more than its cap lowers its clock until the dynamic
 * power (above idle) fits: P_dyn ~ f^exponent (calibration power.clockExponent), so f = (room / wanted)^(1 / exponent),
 * and the compute-busy part of the step takes 1 / f longer. Memory-bound time does not follow the core clock.
 */
function capStretchS(d: Deployment, computeBusyS: number, memoryBusyS: number, timeS: number): number {
  const tdp = d.hw.tdpW;
  if (d.powerCapW === null || tdp === null || timeS <= 0 || d.powerCapW >= tdp) return 0;
  const s = d.cal.power;
  const activity = s.compute * Math.min(1, computeBusyS / timeS) + s.memory * Math.min(1, memoryBusyS / timeS);
  const wanted = tdp * Math.min(1 - s.idle, activity);
  const room = d.powerCapW - tdp * s.idle;
  if (wanted <= room) return 0;
  if (room <= 0) return Number.POSITIVE_INFINITY;
  const clock = (room / wanted) ** (1 / s.clockExponent);
  return computeBusyS * (1 / clock - 1);
}

/**
 * One decode step: every one of `batch` sequences (at `context` tokens of KV) adds its next token(s). With pipeline
 * parallelism the batch runs as pp micro-batches, so a token crosses all stages once per step.
 */
export function decodeStep(d: Deployment, batch: number, context: number): StepResult {
  const pp = d.parallelism.pp;
  const newTokens = 1 + (d.speculative?.draftTokens ?? 0);
  const micro = Math.max(batch / pp, 1e-9);
  const pass = passTime(d, { phase: 'decode', batch: micro, newTokens, pastTokens: Math.max(0, context - 1) });
  let timeS = pass.timeS;
  let draftS = 0;
  if (d.speculative && d.speculative.draftLayers > 0) {
    // Each draft token runs the draft module (a few layers) autoregressively before verification.
    const perLayer = pass.timeS / d.shape.layers;
    draftS = d.speculative.draftTokens * d.speculative.draftLayers * perLayer;
  }
  const handOff = stageHandOffS(d, ((micro / d.parallelism.dp) * newTokens) / d.parallelism.tp) * pp;
  timeS += draftS + handOff + d.cal.stepOverheadS;
  // pp micro-batches, each device running 1/pp of the layers for each: one pass of work per device.
  return toResult(d, pass, timeS, 1, handOff);
}

/**
 * Prefill of `batch` prompts of `inputTokens` each (after `pastTokens` already cached): time until every prompt's
 * first token. Long batches are processed in chunks of at most `prefillChunkTokens` tokens; pipeline stages
 * overlap the chunks.
 */
export function prefillStep(d: Deployment, batch: number, inputTokens: number, pastTokens = 0): StepResult {
  const pp = d.parallelism.pp;
  const total = batch * inputTokens;
  const chunkTokens = Math.max(1, d.prefillChunkTokens * d.parallelism.dp);
  // Whole prompts per chunk when they fit, otherwise split prompts into pieces.
  let chunks: number;
  let pass: PassTime;
  if (inputTokens >= chunkTokens / d.parallelism.dp) {
    const pieces = Math.ceil(inputTokens / (chunkTokens / d.parallelism.dp));
    const pieceTokens = inputTokens / pieces;
    // Average piece sees half the prompt as past context.
    pass = passTime(d, {
      phase: 'prefill',
      batch,
      newTokens: pieceTokens,
      pastTokens: pastTokens + (inputTokens - pieceTokens) / 2,
    });
    chunks = pieces;
  } else {
    chunks = Math.max(1, Math.ceil(total / chunkTokens));
    pass = passTime(d, { phase: 'prefill', batch: batch / chunks, newTokens: inputTokens, pastTokens });
  }
  const micro = Math.max(chunks, pp);
  const perMicro = (pass.timeS * chunks) / micro;
  // (micro + pp - 1) stage slots of one stage's share of a micro-batch.
  const stageSlots = micro + pp - 1;
  const handOff = stageHandOffS(d, total / micro / d.parallelism.dp / d.parallelism.tp) * (pp - 1);
  const timeS = (perMicro / pp) * stageSlots + handOff + d.cal.stepOverheadS;
  return toResult(d, pass, timeS, chunks / pp, handOff);
}
