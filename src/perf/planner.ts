import type { AcceleratorSpec, ModelSpec, NodeTypeSpec } from '../catalog/types.ts';
import { SuperpodInputError } from '../errors.ts';
import type { FabricInfo } from '../inventory/types.ts';
import type { Power } from '../units/index.ts';
import { type PredictionConfidence, predictionConfidence } from './confidence.ts';
import { cardHourCost, type PriceInput } from './cost.ts';
import { type Deployment, type Parallelism, resolveDeployment } from './deployment.ts';
import { type KvTransfer, kvTransfer } from './disagg.ts';
import type { Fabric } from './fabric.ts';
import { requireTdp } from './hardware.ts';
import { maxBatchThatFits } from './memory.ts';
import { nodeBand, nodePowerInputs, nodePowerW, PSU_EFFICIENCY } from './node-power.ts';
import { devicePowerW, idlePowerW } from './power.ts';
import { defaultPrecisionChoice, type PrecisionChoice } from './precision.ts';
import { checkTraffic, goodput, type Slo, servingState, type Traffic } from './serving.ts';
import { decodeStep, prefillStep } from './step.ts';
import { bandFor, type Interval } from './uncertainty.ts';

/** One kind of hardware the planner may use, with what it costs. */
export interface PlanHardware {
  readonly accelerator: AcceleratorSpec;
  /** Server the accelerators sit in: cards per node and host power. Default 8 cards, host power unknown. */
  readonly nodeType?: NodeTypeSpec;
  /** Required when the catalogue has no TDP for the accelerator. */
  readonly tdp?: Power;
  readonly price: PriceInput;
  readonly fabric?: Fabric | FabricInfo;
  /** Nodes per rack; default: the fabric's 64-NPU rack level (Atlas 950: 8 nodes), else 4 (air-cooled 8-GPU servers). */
  readonly nodesPerRack?: number;
  /** Roles this hardware may take; default all. */
  readonly roles?: readonly ('aggregated' | 'prefill' | 'decode')[];
}

export interface PlanInput {
  readonly model: ModelSpec;
  readonly traffic: Traffic;
  readonly slo: Slo;
  readonly hardware: readonly PlanHardware[];
  /** Formats to try; default the model's native format (as defaultPrecisionChoice makes it) where supported. */
  readonly precisions?: readonly PrecisionChoice[];
  readonly modes?: readonly ('aggregated' | 'disaggregated')[];
  /** Largest instance (tp x pp x dp) to consider; default 64. */
  readonly maxDevicesPerInstance?: number;
  /**
   * Size on the pessimistic end of the prediction intervals: each candidate must meet the SLOs with its TTFT and
   * TPOT at their p90 (uncertainty.ts), and power is taken at its p90.
   */
  readonly conservative?: boolean;
}

export interface PoolPlan {
  readonly role: 'aggregated' | 'prefill' | 'decode';
  readonly accelerator: string;
  readonly nodeType: string | null;
  readonly precision: Required<PrecisionChoice>;
  readonly parallelism: Parallelism;
  readonly devicesPerInstance: number;
  readonly instances: number;
  readonly cards: number;
  readonly nodes: number;
  readonly racks: number;
  /** Highest rate one instance sustains within the SLO, requests/s. */
  readonly ratePerInstance: number;
  /** Decode batch per instance at the planned load (0 for prefill pools). */
  readonly batch: number;
  /** Nodes at the wall at the planned load (node-power.ts), or accelerators plus host power where idle is unknown, W. */
  readonly powerW: number;
  readonly powerInterval: Interval;
  /** `idle+load`: measured node idle plus the cards' rise; `host+accelerators`: datasheet host figure; `accelerators`: node power unknown. */
  readonly powerBasis: 'idle+load' | 'host+accelerators' | 'accelerators';
  readonly costPerHour: number;
  readonly confidence: PredictionConfidence;
}

export interface CapacityPlan {
  readonly mode: 'aggregated' | 'disaggregated';
  readonly pools: readonly PoolPlan[];
  readonly cards: number;
  readonly nodes: number;
  readonly racks: number;
  readonly powerW: number;
  readonly costPerHour: number;
  readonly costPerMillionOutputTokens: number;
  /** Wall energy per million output tokens at the planned load, kWh (before PUE). */
  readonly energyPerMillionOutputTokensKWh: number;
  /** At the planned load. */
  readonly ttftS: number;
  readonly tpotS: number;
  /**
   * p10-p90 ranges: latency and power from the validation residuals of each pool's family; cost and energy per
   * million tokens also carry the throughput residuals (a slower real instance needs more of them).
   */
  readonly intervals: {
    readonly ttftS: Interval;
    readonly tpotS: Interval;
    readonly powerW: Interval;
    readonly costPerMillionOutputTokens: Interval;
    readonly energyPerMillionOutputTokensKWh: Interval;
  };
  /** Whether pools were sized on the pessimistic end of the intervals. */
  readonly conservative: boolean;
  /** Prefill instances per decode instance (disaggregated). */
  readonly prefillToDecodeRatio: number | null;
  readonly kvTransfer: KvTransfer | null;
  /** Complete plans (aggregated candidates and prefill x decode pairs) compared. */
  readonly configurationsEvaluated: number;
  /** Parallelism candidates whose rate was evaluated. */
  readonly candidatesEvaluated: number;
  /** The next cheapest plans, for comparison. */
  readonly alternatives: readonly PlanSummary[];
  readonly notes: readonly string[];
}

export interface PlanSummary {
  readonly mode: 'aggregated' | 'disaggregated';
  readonly description: string;
  readonly cards: number;
  readonly costPerHour: number;
}

interface Candidate {
  readonly hardware: PlanHardware;
  readonly d: Deployment;
  readonly role: PoolPlan['role'];
  readonly rate: number;
  readonly batch: number;
  readonly powerPerCardW: number;
  readonly perCardHour: number;
}

const POWERS_OF_TWO = [1, 2, 4, 8, 16, 32, 64, 128];

/** The cheapest configuration (aggregated or prefill/decode pools) that meets the SLOs at the traffic. */
export function planCapacity(input: PlanInput): CapacityPlan {
  checkTraffic(input.traffic, 'plan.traffic');
  checkSlo(input.slo);
  if (input.hardware.length === 0) {
    throw new SuperpodInputError({
      where: 'plan.hardware',
      problem: 'no hardware to plan with',
      fix: 'give at least one accelerator (with its price)',
    });
  }
  const modes = input.modes ?? ['aggregated', 'disaggregated'];
  const maxDevices = input.maxDevicesPerInstance ?? 64;
  const lengths = { inputTokens: input.traffic.inputTokens, outputTokens: input.traffic.outputTokens };
  const byRole: Record<PoolPlan['role'], Candidate[]> = { aggregated: [], prefill: [], decode: [] };
  let candidatesEvaluated = 0;

  for (const hw of input.hardware) {
    const roles = hw.roles ?? ['aggregated', 'prefill', 'decode'];
    const tdpW = hw.tdp?.toWatts();
    const precisions = input.precisions ?? [defaultPrecisionChoice({ native: input.model.nativeWeightsPrecision })];
    for (const precision of precisions) {
      for (const parallelism of parallelisms(input.model, maxDevices)) {
        let d: Deployment;
        try {
          d = resolveDeployment({
            accelerator: hw.accelerator,
            model: input.model,
            precision,
            parallelism,
            ...(hw.fabric ? { fabric: hw.fabric } : {}),
            ...(tdpW === undefined ? {} : { tdp: hw.tdp! }),
          });
        } catch (error) {
          // Formats the accelerator cannot run, or splits the model does not allow: not a candidate.
          if (SuperpodInputError.is(error)) continue;
          throw error;
        }
        if (maxBatchThatFits(d, lengths.inputTokens, lengths.inputTokens, 1) < 1) continue;
        const tdp = requireTdp(d.hw, `give the TDP of ${d.hw.id} in the plan's hardware list (CLI: --tdp-w)`);
        candidatesEvaluated++;
        const slo = input.conservative ? pessimisticSlo(input.slo, d) : input.slo;
        if (roles.includes('aggregated') && modes.includes('aggregated')) {
          const g = goodput(d, lengths, slo);
          if (g.requestsPerSecond > 0)
            byRole.aggregated.push(candidate(hw, d, 'aggregated', g.requestsPerSecond, g.batch, tdp, lengths));
        }
        if (modes.includes('disaggregated')) {
          if (roles.includes('prefill')) {
            const kv = kvTransfer(d, d, lengths.inputTokens);
            const budget = slo.ttftS - kv.visibleS;
            if (budget > 0) {
              const g = goodput(d, lengths, { ...slo, ttftS: budget }, { prefillOnly: true });
              if (g.requestsPerSecond > 0)
                byRole.prefill.push(candidate(hw, d, 'prefill', g.requestsPerSecond, 0, tdp, lengths));
            }
          }
          if (roles.includes('decode')) {
            const g = goodput(d, lengths, slo, { decodeOnly: true });
            if (g.requestsPerSecond > 0)
              byRole.decode.push(candidate(hw, d, 'decode', g.requestsPerSecond, g.batch, tdp, lengths));
          }
        }
      }
    }
  }

  const lambda = input.traffic.requestsPerSecond;
  interface Option {
    readonly mode: CapacityPlan['mode'];
    readonly pools: readonly Candidate[];
    readonly cost: number;
    readonly cards: number;
    readonly key: string;
  }
  const poolCost = (c: Candidate) => {
    const instances = Math.max(1, Math.ceil(lambda / c.rate));
    return { instances, cards: instances * c.d.devices, cost: instances * c.d.devices * c.perCardHour };
  };
  const options: Option[] = [];
  let configurationsEvaluated = 0;
  for (const c of byRole.aggregated) {
    const p = poolCost(c);
    configurationsEvaluated++;
    options.push({ mode: 'aggregated', pools: [c], cost: p.cost, cards: p.cards, key: describe(c) });
  }
  // Pairs: the pools are sized independently, so every prefill x decode pair with one KV format is a plan.
  const decodeCosts = byRole.decode.map((c) => ({ c, ...poolCost(c) }));
  let bestPairs: Option[] = [];
  for (const pc of byRole.prefill) {
    const p = poolCost(pc);
    for (const dc of decodeCosts) {
      configurationsEvaluated++;
      if (pc.d.precision.choice.kvCache !== dc.c.d.precision.choice.kvCache) continue;
      const cost = p.cost + dc.cost;
      const option: Option = {
        mode: 'disaggregated',
        pools: [pc, dc.c],
        cost,
        cards: p.cards + dc.cards,
        key: `${describe(pc)} + ${describe(dc.c)}`,
      };
      bestPairs.push(option);
      if (bestPairs.length > 64) bestPairs = keepCheapest(bestPairs, 16);
    }
  }
  options.push(...bestPairs);
  if (options.length === 0) {
    throw new SuperpodInputError({
      where: 'plan',
      problem: `no configuration of ${input.model.id} meets TTFT ${input.slo.ttftS * 1e3} ms and TPOT ${input.slo.tpotS * 1e3} ms on the given hardware`,
      value: input.hardware.map((h) => h.accelerator.id).join(', '),
      fix: 'relax the SLOs, shorten the prompts, allow larger instances (maxDevicesPerInstance) or add faster hardware',
    });
  }
  const ranked = keepCheapest(options, 6);
  const best = ranked[0]!;
  const plan = finalise(best.mode, best.pools, input);
  return {
    ...plan,
    configurationsEvaluated,
    candidatesEvaluated,
    alternatives: ranked
      .slice(1)
      .map((o) => ({ mode: o.mode, description: o.key, cards: o.cards, costPerHour: round2(o.cost) })),
  };
}

/**
 * SLOs tightened so that a candidate meeting them meets the real SLOs even when its TTFT and TPOT are at the p90 of
 * the prediction intervals for its family.
 */
function pessimisticSlo(slo: Slo, d: Deployment): Slo {
  return {
    ttftS: slo.ttftS / bandFor('ttft', d.hw.family).p90,
    tpotS: slo.tpotS / bandFor('tpot', d.hw.family).p90,
  };
}

function keepCheapest<T extends { cost: number; cards: number; key: string }>(options: T[], n: number): T[] {
  return [...options].sort((a, b) => a.cost - b.cost || a.cards - b.cards || a.key.localeCompare(b.key)).slice(0, n);
}

function candidate(
  hardware: PlanHardware,
  d: Deployment,
  role: PoolPlan['role'],
  rate: number,
  batch: number,
  tdp: number,
  lengths: { inputTokens: number; outputTokens: number },
): Candidate {
  const step =
    role === 'prefill'
      ? prefillStep(d, 1, lengths.inputTokens)
      : decodeStep(d, Math.max(1, batch), lengths.inputTokens + lengths.outputTokens / 2);
  const powerPerCardW = devicePowerW(d, step, tdp);
  return {
    hardware,
    d,
    role,
    rate,
    batch,
    powerPerCardW,
    perCardHour: cardHourCost(hardware.price, powerPerCardW).perCardHour,
  };
}

function describe(c: Candidate): string {
  const { tp, pp, ep, dp } = c.d.parallelism;
  const p = c.d.precision.choice;
  return `${c.role} ${c.d.hw.id} ${p.weights}/${p.activations}/kv ${p.kvCache} tp${tp} pp${pp} ep${ep} dp${dp}`;
}

/** Parallelism candidates: powers of two within the device limit, EP and DP only for MoE models. */
function parallelisms(model: ModelSpec, maxDevices: number): Parallelism[] {
  const out: Parallelism[] = [];
  const moe = model.architecture.moe !== undefined;
  for (const tp of POWERS_OF_TWO) {
    for (const pp of [1, 2, 4, 8]) {
      for (const dp of moe ? POWERS_OF_TWO : [1]) {
        const devices = tp * pp * dp;
        if (devices > maxDevices) continue;
        for (const ep of moe ? POWERS_OF_TWO : [1]) {
          if (ep > tp * dp || (tp * dp) % ep !== 0) continue;
          // Data-parallel attention is used together with expert parallelism across the same devices.
          if (dp > 1 && ep < dp) continue;
          out.push({ tp, pp, ep, dp });
        }
      }
    }
  }
  return out;
}

function finalise(
  mode: CapacityPlan['mode'],
  pools: readonly Candidate[],
  input: PlanInput,
): Omit<CapacityPlan, 'configurationsEvaluated' | 'candidatesEvaluated' | 'alternatives'> {
  const lambda = input.traffic.requestsPerSecond;
  const notes: string[] = [];
  const plans = pools.map((c) => poolPlan(c, lambda, input, notes));
  let ttftS: number;
  let tpotS: number;
  let kv: KvTransfer | null = null;
  let ratio: number | null = null;
  if (mode === 'aggregated') {
    const c = pools[0]!;
    const s = servingState(c.d, { ...input.traffic, requestsPerSecond: lambda / plans[0]!.instances });
    ttftS = s.ttftS;
    tpotS = s.tpotS;
  } else {
    const [p, dd] = pools as [Candidate, Candidate];
    kv = kvTransfer(p.d, dd.d, input.traffic.inputTokens);
    const ps = servingState(
      p.d,
      { ...input.traffic, requestsPerSecond: lambda / plans[0]!.instances },
      { prefillOnly: true },
    );
    const ds = servingState(
      dd.d,
      { ...input.traffic, requestsPerSecond: lambda / plans[1]!.instances },
      { decodeOnly: true },
    );
    ttftS = ps.ttftS + kv.visibleS;
    tpotS = ds.tpotS;
    ratio = plans[0]!.instances / plans[1]!.instances;
  }
  const sum = (f: (p: PoolPlan) => number) => plans.reduce((s, p) => s + f(p), 0);
  const costPerHour = sum((p) => p.costPerHour);
  const tokensPerHour = lambda * input.traffic.outputTokens * 3600;
  const powerW = sum((p) => p.powerW);
  const perMillion = (perHour: number) => (tokensPerHour > 0 ? (perHour / tokensPerHour) * 1e6 : 0);
  // A real instance slower than predicted (throughput band) needs proportionally more instances.
  const throughput = plans.map((_, i) => bandFor('throughput', pools[i]!.d.hw.family));
  const spread = (f: (p: PoolPlan, i: number) => [number, number]) => {
    const parts = plans.map(f);
    return { low: parts.reduce((s, x) => s + x[0], 0), high: parts.reduce((s, x) => s + x[1], 0) };
  };
  const cost = spread((p, i) => [p.costPerHour / throughput[i]!.p90, p.costPerHour / throughput[i]!.p10]);
  const energy = spread((p, i) => [p.powerInterval.p10 / throughput[i]!.p90, p.powerInterval.p90 / throughput[i]!.p10]);
  const basis = worstBasis([...plans.map((p) => p.powerInterval.basis), ...throughput.map((t) => t.basis)]);
  const latencyFamily = (role: 'prefill' | 'decode') =>
    (mode === 'aggregated' ? pools[0]! : role === 'prefill' ? pools[0]! : pools[1]!).d.hw.family;
  const ttftBand = bandFor('ttft', latencyFamily('prefill'));
  const tpotBand = bandFor('tpot', latencyFamily('decode'));
  const kWh = (w: number) => round2(perMillion(w / 1000));
  return {
    mode,
    pools: plans,
    cards: sum((p) => p.cards),
    nodes: sum((p) => p.nodes),
    racks: sum((p) => p.racks),
    powerW: round2(powerW),
    costPerHour: round2(costPerHour),
    costPerMillionOutputTokens: round2(perMillion(costPerHour)),
    energyPerMillionOutputTokensKWh: kWh(powerW),
    ttftS,
    tpotS,
    intervals: {
      ttftS: { p10: ttftS * ttftBand.p10, p90: ttftS * ttftBand.p90, basis: ttftBand.basis },
      tpotS: { p10: tpotS * tpotBand.p10, p90: tpotS * tpotBand.p90, basis: tpotBand.basis },
      powerW: {
        p10: round2(sum((p) => p.powerInterval.p10)),
        p90: round2(sum((p) => p.powerInterval.p90)),
        basis: worstBasis(plans.map((p) => p.powerInterval.basis)),
      },
      costPerMillionOutputTokens: {
        p10: round2(perMillion(cost.low)),
        p90: round2(perMillion(cost.high)),
        basis,
      },
      energyPerMillionOutputTokensKWh: { p10: kWh(energy.low), p90: kWh(energy.high), basis },
    },
    conservative: input.conservative === true,
    prefillToDecodeRatio: ratio,
    kvTransfer: kv,
    notes,
  };
}

const BASIS_ORDER: readonly Interval['basis'][] = ['measured', 'pooled', 'extrapolated'];

function worstBasis(bases: readonly Interval['basis'][]): Interval['basis'] {
  return bases.reduce((w, b) => (BASIS_ORDER.indexOf(b) > BASIS_ORDER.indexOf(w) ? b : w), 'measured');
}

function poolPlan(c: Candidate, lambda: number, input: PlanInput, notes: string[]): PoolPlan {
  const instances = Math.max(1, Math.ceil(lambda / c.rate));
  const devices = c.d.devices;
  const cards = instances * devices;
  const nodeType = c.hardware.nodeType;
  const perNode = nodeType?.acceleratorCount.default ?? 8;
  const nodes =
    devices <= perNode
      ? Math.ceil(instances / Math.floor(perNode / devices))
      : instances * Math.ceil(devices / perNode);
  const rackLevel = c.d.fabric.find((l) => l.maxNpus === 64);
  const nodesPerRack = c.hardware.nodesPerRack ?? (rackLevel ? Math.max(1, Math.floor(64 / perNode)) : 4);
  const racks = Math.ceil(nodes / nodesPerRack);
  const perInstance = { ...input.traffic, requestsPerSecond: lambda / instances };
  const state =
    c.role === 'prefill'
      ? servingState(c.d, perInstance, { prefillOnly: true })
      : servingState(c.d, perInstance, c.role === 'decode' ? { decodeOnly: true } : {});
  const perCardW = state.powerPerDeviceW ?? c.powerPerCardW;
  const tdp = c.d.hw.tdpW ?? 0;
  const node = nodeType ? nodePowerW(nodePowerInputs(nodeType), perCardW, idlePowerW(c.d, tdp)) : null;
  let powerW: number;
  let band = bandFor('acceleratorPower', c.d.hw.family);
  if (node === null) {
    notes.push(
      `${c.role} pool: idle and host power of ${nodeType ? nodeType.id : 'the node'} unknown; power counts the accelerators only`,
    );
    powerW = cards * perCardW;
  } else if (node.basis === 'idle+load') {
    // Whole nodes at their measured idle, plus each busy card's rise above idle through the PSUs.
    const rise = Math.max(0, perCardW - idlePowerW(c.d, tdp));
    powerW = nodes * nodeType!.idlePowerW.value! + (cards * rise) / PSU_EFFICIENCY;
    band = nodeBand(node, c.d.hw.family);
  } else {
    powerW = cards * perCardW + nodes * nodeType!.hostPowerW.value!;
    band = nodeBand(node, c.d.hw.family);
  }
  const powerInterval = { p10: round2(powerW * band.p10), p90: round2(powerW * band.p90), basis: band.basis };
  if (input.conservative) powerW = powerInterval.p90;
  const { perCardHour } = cardHourCost(c.hardware.price, perCardW);
  return {
    role: c.role,
    accelerator: c.d.hw.id,
    nodeType: nodeType?.id ?? null,
    precision: c.d.precision.choice,
    parallelism: c.d.parallelism,
    devicesPerInstance: devices,
    instances,
    cards,
    nodes,
    racks,
    ratePerInstance: c.rate,
    batch: state.decodeBatch,
    powerW: round2(powerW),
    powerInterval,
    powerBasis: node?.basis ?? 'accelerators',
    costPerHour: round2(cards * perCardHour),
    confidence: predictionConfidence(c.d),
  };
}

function checkSlo(slo: Slo): void {
  for (const [name, v] of [
    ['ttftS', slo.ttftS],
    ['tpotS', slo.tpotS],
  ] as const) {
    if (!Number.isFinite(v) || v <= 0) {
      throw new SuperpodInputError({
        where: `plan.slo.${name}`,
        problem: 'must be a positive number of seconds',
        value: v,
        fix: name === 'ttftS' ? 'e.g. 1 for a 1 s time to first token' : 'e.g. 0.05 for 50 ms per output token',
      });
    }
  }
}

function round2(x: number): number {
  return Number.isFinite(x) ? Math.round(x * 100) / 100 : 0;
}
