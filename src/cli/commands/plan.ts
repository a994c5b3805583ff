import { getAccelerator, getNodeType, listNodeTypes } from '../../catalog/index.ts';
import { getRecommendationModel, isRecommendationModel } from '../../catalog/recommendation.ts';
import type { Precision } from '../../catalog/types.ts';
import { SuperpodInputError } from '../../errors.ts';
import { type ComparisonRow, compareHardware, hardwareLabel, withRange } from '../../perf/compare.ts';
import {
  type CapacityPlan,
  defaultPrecisionChoice,
  type PlanHardware,
  type PlanInput,
  planCapacity,
} from '../../perf/index.ts';
import { kilowatts, Power, UNITS } from '../../units/index.ts';
import {
  booleanFlags,
  choiceFlag,
  integerFlag,
  listFlags,
  numberFlag,
  precisionFlag,
  requiredFlag,
  stringFlags,
} from '../args.ts';
import { defineCommand } from '../command.ts';
import { ExitCode } from '../io.ts';
import { keyedFlag } from '../keyed-flag.ts';
import { rejectRecommendationFlags } from '../recommendation-perf.ts';
import {
  RECOMMENDATION_PLAN_OPTIONS,
  RECOMMENDATION_PLAN_USAGE,
  runRecommendationPlan,
} from '../recommendation-plan.ts';
import { modelFromFlags } from './perf.ts';

const usage = `superpod plan: the cheapest configuration that serves a traffic within its SLOs

Usage:
  superpod plan --model <id> --requests-per-second N --input-tokens N --output-tokens N
                --ttft-ms N --tpot-ms N (--accelerator <id> ... | --prefill-accelerator <id> --decode-accelerator <id>)
                [options] [--json]

Searches aggregated instances and prefill/decode pools over tensor, pipeline, expert and data-parallel
splits, sizes each pool for the load, and reports cards, nodes, racks, power and cost.

Hardware (each flag may repeat):
  --accelerator <id>          may serve aggregated, prefill or decode
  --prefill-accelerator <id>  prefill pool only (e.g. atlas-350)
  --decode-accelerator <id>   decode pool (and aggregated) only (e.g. ascend-950dt)
  --price <id>=<X>            all-in price per accelerator-hour (default 1: cost counts card-hours)
  --capex <id>=<X>            purchase cost per accelerator instead, amortised over --years (default 4) plus energy
  --energy-price X            price per kWh for the capex basis
  --tdp-w <id>=<W>            TDP where the vendor has not published it (Ascend 950PR/950DT)
  --node-type <id>            server of an accelerator (default: the catalogue node type holding it)
  --nodes-per-rack <id>=<N>   default: 8 where the fabric has a 64-NPU rack level, else 4

Model and search:
  --model <id> | --model-config <config.json>
  --precision p               weights and activations to try (repeat for several; default the native format)
  --kv-precision p            KV cache (default --precision, at least 8 bits)
  --mode aggregated|disaggregated|both   (default both)
  --max-devices N             largest instance tp x pp x dp (default 64)
  --conservative              size pools on the pessimistic end of the prediction intervals (TTFT and TPOT at
                              their p90 must meet the SLOs; power at its p90)
  --compare <id,...>          also plan each listed accelerator alone (e.g. h20,h200-sxm,b200) and compare cost and
                              wall energy per million output tokens, with p10-p90 ranges, against the main plan
  --json                      the plan as JSON ({ ...plan, comparison: [...] } with --compare)

Every figure has a p10-p90 range from the validation residuals of its metric and accelerator family (src/perf/README.md);
Ascend 950 ranges are extrapolations, wider by rule. Power is node wall power where the node's idle is known.

Exit codes: 0 a plan was found, 2 bad input or no configuration meets the SLOs.
${RECOMMENDATION_PLAN_USAGE}`;

const options = {
  ...stringFlags(
    'model',
    'model-config',
    'requests-per-second',
    'input-tokens',
    'output-tokens',
    'ttft-ms',
    'tpot-ms',
    'years',
    'energy-price',
    'kv-precision',
    'mode',
    'max-devices',
  ),
  ...listFlags(
    'accelerator',
    'prefill-accelerator',
    'decode-accelerator',
    'price',
    'capex',
    'tdp-w',
    'node-type',
    'nodes-per-rack',
    'precision',
    'compare',
  ),
  ...booleanFlags('conservative', 'json'),
  ...RECOMMENDATION_PLAN_OPTIONS,
};

type Role = NonNullable<PlanHardware['roles']>[number];

export const command = defineCommand('plan', usage, {
  options,
  async run({ values: v }, io) {
    if (v.model !== undefined && v['model-config'] === undefined && isRecommendationModel(v.model)) {
      return runRecommendationPlan(getRecommendationModel(v.model), v, keyedFlag('plan', 'price', v.price), io);
    }
    const model = modelFromFlags('plan', v.model, v['model-config'], 'deepseek-v3');
    rejectRecommendationFlags('plan', Object.keys(RECOMMENDATION_PLAN_OPTIONS), v, model.id);
    const num = (flag: string, raw: string | undefined, min: number, example: string) =>
      numberFlag('plan', flag, requiredFlag('plan', flag, raw, example), { min })!;
    const requestsPerSecond = num('requests-per-second', v['requests-per-second'], 1e-9, '100');
    const tokens = (flag: 'input-tokens' | 'output-tokens', example: string) =>
      integerFlag('plan', flag, requiredFlag('plan', flag, v[flag], example), { min: 1, max: 10_000_000 })!;
    const inputTokens = tokens('input-tokens', '4096');
    const outputTokens = tokens('output-tokens', '1024');
    const ttftMs = num('ttft-ms', v['ttft-ms'], 1e-6, '1000');
    const tpotMs = num('tpot-ms', v['tpot-ms'], 1e-6, '50');
    const maxDevices = integerFlag('plan', 'max-devices', v['max-devices'], { min: 1, max: 4096, fallback: 64 })!;
    const mode = choiceFlag('plan', 'mode', v.mode, ['aggregated', 'disaggregated', 'both'], 'both');

    const roles = new Map<string, Set<Role>>();
    const add = (ids: readonly string[] | undefined, r: Role[]) => {
      for (const id of ids ?? []) {
        const set = roles.get(id) ?? new Set<Role>();
        for (const role of r) set.add(role);
        roles.set(id, set);
      }
    };
    add(v.accelerator, ['aggregated', 'prefill', 'decode']);
    add(v['prefill-accelerator'], ['prefill']);
    add(v['decode-accelerator'], ['decode', 'aggregated']);
    if (roles.size === 0) {
      throw new SuperpodInputError({
        where: 'superpod plan',
        problem: 'no hardware given',
        fix: 'pass --accelerator <id>, or --prefill-accelerator atlas-350 --decode-accelerator ascend-950dt',
      });
    }
    const compared = (v.compare ?? [])
      .flatMap((c) => c.split(','))
      .map((c) => c.trim())
      .filter((c) => c !== '');
    for (const id of compared) getAccelerator(id);
    const prices = keyedFlag('plan', 'price', v.price);
    const capex = keyedFlag('plan', 'capex', v.capex);
    const tdps = keyedFlag('plan', 'tdp-w', v['tdp-w']);
    const racks = keyedFlag('plan', 'nodes-per-rack', v['nodes-per-rack']);
    const nodeTypes = new Map((v['node-type'] ?? []).map((id) => [getNodeType(id).acceleratorId, getNodeType(id)]));
    for (const map of [prices, capex, tdps, racks]) {
      for (const id of map.keys()) {
        if (!roles.has(id) && !compared.includes(id)) {
          throw new SuperpodInputError({
            where: 'superpod plan',
            problem: `a value is given for ${id}, which is not among the accelerators to plan with`,
            value: id,
            fix: `add --accelerator ${id}, or drop the value`,
          });
        }
      }
    }
    const years = numberFlag('plan', 'years', v.years, { min: 0.01 });
    const energy = numberFlag('plan', 'energy-price', v['energy-price'], { min: 0 });
    const hardwareFor = (id: string, r: readonly Role[]): PlanHardware => {
      const accelerator = getAccelerator(id);
      const nodeType = nodeTypes.get(id) ?? listNodeTypes().find((n) => n.acceleratorId === id);
      const cap = capex.get(id);
      const tdp = tdps.get(id);
      const perRack = racks.get(id);
      return {
        accelerator,
        ...(nodeType ? { nodeType } : {}),
        ...(tdp === undefined ? {} : { tdp: Power.watts(tdp) }),
        price:
          cap !== undefined
            ? {
                capexPerCard: cap,
                ...(years === undefined ? {} : { amortisationYears: years }),
                ...(energy === undefined ? {} : { energyPricePerKWh: energy }),
              }
            : { cardHourPrice: prices.get(id) ?? 1 },
        ...(perRack === undefined ? {} : { nodesPerRack: Math.round(perRack) }),
        roles: [...r].sort(),
      };
    };
    const hardware: PlanHardware[] = [...roles.entries()]
      .sort((a, b) => a[0].localeCompare(b[0]))
      .map(([id, r]) => hardwareFor(id, [...r]));

    const kv = precisionFlag('plan', 'kv-precision', v['kv-precision']);
    const precisionList: Precision[] = (v.precision ?? []).map((p) => precisionFlag('plan', 'precision', p)!);
    const precisions = (precisionList.length > 0 ? precisionList : [undefined]).map((p) =>
      defaultPrecisionChoice({
        native: model.nativeWeightsPrecision,
        ...(p ? { precision: p } : {}),
        ...(kv ? { kvCache: kv } : {}),
      }),
    );

    const base: Omit<PlanInput, 'hardware'> = {
      model,
      traffic: { requestsPerSecond, inputTokens, outputTokens },
      slo: { ttftS: ttftMs / 1e3, tpotS: tpotMs / 1e3 },
      precisions,
      modes: mode === 'both' ? ['aggregated', 'disaggregated'] : [mode],
      maxDevicesPerInstance: maxDevices,
      conservative: v.conservative === true,
    };
    const plan = planCapacity({ ...base, hardware });
    const comparison =
      compared.length === 0
        ? null
        : compareHardware(
            base,
            [
              { label: hardwareLabel(hardware), hardware },
              ...compared.map((id) => ({
                label: id,
                hardware: [hardwareFor(id, ['aggregated', 'prefill', 'decode'])],
              })),
            ],
            COMPARISON_PRECISIONS,
          );
    const priced = prices.size + capex.size > 0;
    io.stdout(
      v.json
        ? `${JSON.stringify(comparison ? { ...plan, comparison } : plan, null, 2)}\n`
        : formatPlan(plan, model.id, priced) + (comparison ? formatComparison(comparison, priced) : ''),
    );
    return ExitCode.ok;
  },
});

/** Formats every compared option may also use, whichever it runs: FP8 (KV FP8) and BF16. */
const COMPARISON_PRECISIONS = [
  { weights: 'fp8', activations: 'fp8', kvCache: 'fp8' },
  { weights: 'bf16', activations: 'bf16', kvCache: 'bf16' },
] as const;

function formatComparison(rows: readonly ComparisonRow[], priced: boolean): string {
  const lines = [
    `Comparison at the same traffic and SLOs (p10-p90 in brackets)${priced ? '' : '; no price given: cost counts card-hours'}:`,
    `  ${'hardware'.padEnd(34)} ${'cards'.padStart(6)} ${'kW'.padStart(8)}  ${'cost per M output tokens'.padEnd(26)} ${'kWh per M output tokens'.padEnd(26)} calibration`,
  ];
  for (const r of rows) {
    if (!r.plan) {
      lines.push(`  ${r.label.padEnd(34)} no plan: ${r.reason}`);
      continue;
    }
    const p = r.plan;
    lines.push(
      `  ${r.label.padEnd(34)} ${String(p.cards).padStart(6)} ${(p.powerW / 1e3).toFixed(1).padStart(8)}  ${withRange(p.costPerMillionOutputTokens, p.intervals.costPerMillionOutputTokens).padEnd(26)} ${withRange(p.energyPerMillionOutputTokensKWh, p.intervals.energyPerMillionOutputTokensKWh).padEnd(26)} ${p.calibration}${p.powerCovers === 'nodes' ? '' : ' (power: accelerators only, node power unknown)'}`,
    );
  }
  lines.push('');
  return `${lines.join('\n')}\n`;
}

function ms(seconds: number, i: CapacityPlan['intervals']['ttftS'], decimals: number): string {
  const f = (x: number) => (x * 1e3).toFixed(decimals);
  const value = UNITS.duration.ms.format(seconds, { decimals, fixed: true });
  return `${value} (${f(i.p10)}-${f(i.p90)}${i.basis === 'measured' ? '' : `, ${i.basis}`})`;
}

function kw(i: CapacityPlan['intervals']['powerW']): CapacityPlan['intervals']['powerW'] {
  return { ...i, p10: i.p10 / 1e3, p90: i.p90 / 1e3 };
}

function formatPlan(plan: CapacityPlan, model: string, priced: boolean): string {
  const lines = [
    `${model}: ${plan.mode} serving, ${plan.cards} accelerators in ${plan.nodes} nodes and ${plan.racks} racks`,
    `  TTFT ${ms(plan.ttftS, plan.intervals.ttftS, 1)}, TPOT ${ms(plan.tpotS, plan.intervals.tpotS, 2)} at the planned load${plan.conservative ? ' (sized on the p90 of TTFT and TPOT: --conservative)' : ''}`,
    `  power ${withRange(plan.powerW / 1e3, kw(plan.intervals.powerW), 1)} kW; cost ${plan.costPerHour} per hour, ${withRange(plan.costPerMillionOutputTokens, plan.intervals.costPerMillionOutputTokens)} per million output tokens${priced ? '' : ' (no price given: 1 per card-hour)'}`,
    `  energy ${withRange(plan.energyPerMillionOutputTokensKWh, plan.intervals.energyPerMillionOutputTokensKWh)} kWh per million output tokens (wall, before PUE)`,
  ];
  if (plan.prefillToDecodeRatio !== null)
    lines.push(`  prefill:decode instances ${plan.prefillToDecodeRatio.toFixed(2)}`);
  for (const p of plan.pools) {
    const { tp, pp, ep, dp } = p.parallelism;
    lines.push(
      `  ${p.role.padEnd(10)} ${p.instances} x ${p.devicesPerInstance} ${p.accelerator} (tp ${tp} pp ${pp} ep ${ep} dp ${dp}, ${p.precision.weights}/${p.precision.activations}, KV ${p.precision.kvCache}): ${p.cards} cards, ${p.nodes} nodes, ${p.racks} racks, ${kilowatts(p.powerW)}, confidence ${p.confidence.level}/${p.confidence.calibration}`,
    );
  }
  lines.push(
    `  searched ${plan.candidatesEvaluated} instance configurations, compared ${plan.configurationsEvaluated} plans`,
  );
  for (const n of plan.notes) lines.push(`  note: ${n}`);
  if (plan.alternatives.length > 0) {
    lines.push('  next cheapest:');
    for (const a of plan.alternatives) lines.push(`    ${a.costPerHour}/h, ${a.cards} cards: ${a.description}`);
  }
  lines.push('');
  return lines.join('\n');
}
