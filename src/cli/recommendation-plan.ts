import { getAccelerator } from '../catalog/index.ts';
import type { RecommendationModelSpec } from '../catalog/recommendation.ts';
import { SuperpodInputError } from '../errors.ts';
import { planRecommendation, type RecommendationPlan } from '../perf/recommendation/index.ts';
import { integerFlag, numberFlag, precisionFlag, stringFlags } from './args.ts';
import { type CliIO, ExitCode } from './io.ts';
import { rejectLanguageModelFlags } from './recommendation-perf.ts';
import { textTable } from './text-table.ts';

/** Flags `superpod plan` takes for a recommendation model only (the shared ones are in its option table). */
export const RECOMMENDATION_PLAN_OPTIONS = stringFlags('qps', 'items-per-query', 'p99-ms', 'embedding-precision');

export const RECOMMENDATION_PLAN_USAGE = `
Recommendation models (--model dlrm-v2, hugectr-180table-70b):
  superpod plan --model dlrm-v2 --qps N --accelerator <id> [--accelerator <id> ...] [options] [--json]
  --qps N                 queries per second to serve
  --items-per-query N     user-item pairs per query (default the model's benchmark figure: 270 for dlrm-v2)
  --p99-ms X              p99 latency SLO (default the benchmark's: 60 ms for dlrm-v2)
  --precision p           dense-layer format; may repeat: each accelerator takes the first listed it runs
                          (default bf16)
  --embedding-precision p storage format of the tables (default the model's)
  --price <id>=<X>        price per accelerator-hour (default 1: cost counts accelerator-hours)
  --max-devices N         largest pool one copy of the tables may span (default 64)
Every accelerator is sized on its own (instances of a power-of-two pool, enough of them for the traffic) and the
options are listed cheapest first, side by side.
`;

type Values = Readonly<Record<string, string | boolean | readonly string[] | undefined>>;

const LLM_ONLY = [
  'requests-per-second',
  'input-tokens',
  'output-tokens',
  'ttft-ms',
  'tpot-ms',
  'prefill-accelerator',
  'decode-accelerator',
  'kv-precision',
  'mode',
  'conservative',
  'compare',
  'capex',
  'years',
  'energy-price',
  'tdp-w',
  'node-type',
  'nodes-per-rack',
];

export function runRecommendationPlan(
  model: RecommendationModelSpec,
  v: Values,
  prices: ReadonlyMap<string, number>,
  io: CliIO,
): number {
  rejectLanguageModelFlags('plan', LLM_ONLY, model, v, '--qps, --items-per-query, --p99-ms, --accelerator, --price');
  const str = (flag: string) => v[flag] as string | undefined;
  const qpsRaw = str('qps');
  if (qpsRaw === undefined) {
    throw new SuperpodInputError({
      where: 'superpod plan',
      problem: '--qps is required for a recommendation model',
      fix: 'pass for example --qps 100000',
    });
  }
  const queriesPerSecond = numberFlag('plan', 'qps', qpsRaw, { min: 1e-6 })!;
  const itemsPerQuery =
    numberFlag('plan', 'items-per-query', str('items-per-query'), { min: 1 }) ?? model.serving?.itemsPerQuery?.value;
  const p99Ms = numberFlag('plan', 'p99-ms', str('p99-ms'), { min: 0.001 }) ?? model.serving?.p99LatencyMs?.value;
  if (itemsPerQuery == null || p99Ms == null) {
    throw new SuperpodInputError({
      where: 'superpod plan',
      problem: `${model.id} has no benchmark figure for ${itemsPerQuery == null ? '--items-per-query' : '--p99-ms'}`,
      fix: 'pass --items-per-query N and --p99-ms X (for example 270 and 60)',
    });
  }
  const ids = (v.accelerator as readonly string[] | undefined) ?? [];
  if (ids.length === 0) {
    throw new SuperpodInputError({
      where: 'superpod plan',
      problem: 'no hardware given',
      fix: 'pass --accelerator <id>, repeated to compare (e.g. --accelerator atlas-350 --accelerator h100-sxm)',
    });
  }
  const listed = ((v.precision as readonly string[] | undefined) ?? []).map(
    (p) => precisionFlag('plan', 'precision', p)!,
  );
  const embeddingPrecision = precisionFlag('plan', 'embedding-precision', str('embedding-precision'));
  const hardware = [...new Set(ids)].sort().map((id) => {
    const accelerator = getAccelerator(id);
    const dense = listed.find((p) => accelerator.supportedPrecisions.includes(p));
    if (listed.length > 0 && dense === undefined) {
      throw new SuperpodInputError({
        where: 'superpod plan --precision',
        problem: `${id} runs none of ${listed.join(', ')}`,
        fix: `add a format it runs: ${accelerator.supportedPrecisions.join(', ')}`,
      });
    }
    return {
      accelerator,
      ...(dense ? { densePrecision: dense } : {}),
      ...(embeddingPrecision ? { embeddingPrecision } : {}),
      pricePerHour: prices.get(id) ?? 1,
    };
  });
  const plan = planRecommendation({
    model,
    queriesPerSecond,
    itemsPerQuery,
    p99SloS: p99Ms / 1e3,
    hardware,
    maxDevicesPerInstance: integerFlag('plan', 'max-devices', str('max-devices'), { min: 1, max: 4096, fallback: 64 })!,
  });
  if (plan.options.length === 0) {
    const why = plan.infeasible.map((i) => `${i.accelerator}: ${i.reason}`).join('; ');
    throw new SuperpodInputError({
      where: 'superpod plan',
      problem: `no configuration serves ${queriesPerSecond} queries/s of ${model.id} within ${p99Ms} ms p99 (${why})`,
      fix: 'raise --max-devices, relax --p99-ms, or use a narrower --embedding-precision',
    });
  }
  io.stdout(v.json ? `${JSON.stringify(plan, null, 2)}\n` : formatPlan(plan));
  return ExitCode.ok;
}

function formatPlan(plan: RecommendationPlan): string {
  const rows = plan.options.map((o) => [
    o.accelerator,
    `${o.densePrecision}/${o.embeddingPrecision}`,
    `${o.devicesPerInstance} (${o.sharding})`,
    String(o.instances),
    String(o.devices),
    String(Math.round(o.maxQueriesPerSecondPerInstance)),
    String(o.p99Ms),
    o.costPerMillionQueries.toPrecision(4),
    o.confidence.calibration,
  ]);
  const head = [
    'accelerator',
    'dense/tables',
    'devices per instance',
    'instances',
    'devices',
    'max q/s per instance',
    'p99 ms',
    'cost per M queries',
    'calibration',
  ];
  const out = [
    `${plan.model}: ${plan.queriesPerSecond} queries/s of ${plan.itemsPerQuery} items, p99 within ${plan.p99SloMs} ms`,
    '',
    textTable(head, rows),
  ];
  for (const i of plan.infeasible) out.push(`${i.accelerator}: cannot serve it (${i.reason})`);
  out.push('', 'Cheapest first; cost counts accelerator-hours unless --price is given.', '');
  return out.join('\n');
}
