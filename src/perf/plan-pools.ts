import { predictionConfidence } from './confidence.ts';
import { cardHourCost } from './cost.ts';
import { type KvTransfer, kvTransfer } from './disagg.ts';
import { nodeBand, nodePowerInputs, nodePowerW, PSU_EFFICIENCY } from './node-power.ts';
import type { Candidate, CapacityPlan, PlanInput, PoolPlan } from './plan-types.ts';
import { idlePowerW } from './power.ts';
import { round, round2 } from './round.ts';
import { servingState } from './serving.ts';
import { bandFor, type Interval } from './uncertainty.ts';

/**
 * The chosen plan in full: each pool sized for the traffic (instances, cards, nodes, racks, wall power, cost), the
 * latency at the planned load, and the p10-p90 ranges of latency, power, cost and energy.
 */
export function finalise(
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
  // Per-million figures keep four significant digits: at GPU scale two decimals would hide several percent.
  const kWh = (w: number) => round(perMillion(w / 1000));
  return {
    mode,
    pools: plans,
    cards: sum((p) => p.cards),
    nodes: sum((p) => p.nodes),
    racks: sum((p) => p.racks),
    powerW: round2(powerW),
    costPerHour: round2(costPerHour),
    costPerMillionOutputTokens: round(perMillion(costPerHour)),
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
        p10: round(perMillion(cost.low)),
        p90: round(perMillion(cost.high)),
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
