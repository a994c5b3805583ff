import type { ModelSpec } from '../catalog/types.ts';
import { SuperpodInputError } from '../errors.ts';
import { cardHourCost } from './cost.ts';
import { type Deployment, type Parallelism, resolveDeployment } from './deployment.ts';
import { kvTransfer } from './disagg.ts';
import { requireTdp } from './hardware.ts';
import { maxBatchThatFits } from './memory.ts';
import { finalise } from './plan-pools.ts';
import type { Candidate, CapacityPlan, PlanHardware, PlanInput, PoolPlan } from './plan-types.ts';
import { devicePowerW } from './power.ts';
import { defaultPrecisionChoice } from './precision.ts';
import { round2 } from './round.ts';
import { checkTraffic, goodput, type Slo } from './serving.ts';
import { decodeStep, prefillStep } from './step.ts';
import { bandFor } from './uncertainty.ts';

export type { CapacityPlan, PlanHardware, PlanInput, PlanSummary, PoolPlan } from './plan-types.ts';

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
  // Pairs: the pools are sized independently, so every prefill x decode pair with one KV format is a plan. Only the
  // cheapest few can be ranked, so a pair dearer than the 16th cheapest kept so far is counted and passed over.
  const decodeCosts = byRole.decode.map((c) => ({ c, key: describe(c), ...poolCost(c) }));
  let bestPairs: Option[] = [];
  let dearest = Number.POSITIVE_INFINITY;
  for (const pc of byRole.prefill) {
    const p = poolCost(pc);
    const prefillKey = describe(pc);
    for (const dc of decodeCosts) {
      configurationsEvaluated++;
      if (pc.d.precision.choice.kvCache !== dc.c.d.precision.choice.kvCache) continue;
      const cost = p.cost + dc.cost;
      if (cost > dearest) continue;
      bestPairs.push({
        mode: 'disaggregated',
        pools: [pc, dc.c],
        cost,
        cards: p.cards + dc.cards,
        key: `${prefillKey} + ${dc.key}`,
      });
      if (bestPairs.length > 64) {
        bestPairs = keepCheapest(bestPairs, 16);
        dearest = bestPairs[15]!.cost;
      }
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
