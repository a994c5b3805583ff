import type { AcceleratorSpec } from '../catalog/index.ts';
import type { RecommendationModelSpec } from '../catalog/recommendation.ts';
import { SuperpodInputError } from '../errors.ts';
import {
  predictRecommendation,
  type RecommendationPrediction,
  SHARDING_STRATEGIES,
  type ShardingStrategy,
} from '../perf/recommendation/index.ts';
import { integerFlag, numberFlag, precisionFlag, stringFlags } from './args.ts';
import { type CliIO, ExitCode } from './io.ts';

/** Flags `superpod perf` takes for a recommendation model (added to its option table). */
export const RECOMMENDATION_OPTIONS = stringFlags(
  'devices',
  'sharding',
  'embedding-precision',
  'items-per-query',
  'p99-ms',
  'qps',
  'max-batch-items',
  'random-access-efficiency',
  'access-granularity-b',
  'host-link-gbps',
);

export const RECOMMENDATION_USAGE = `
Recommendation models (--model dlrm-v2, hugectr-180table-70b; catalogue:
src/catalog/data/recommendation-models.json):
  --devices N             accelerators the embedding tables are spread over (default 1)
  --sharding s            ${SHARDING_STRATEGIES.join(', ')} (default auto: the first that fits of replicated,
                          table-wise, row-wise; rows that fit nowhere are served from host memory)
  --embedding-precision p storage format of the embedding rows (default the model's weights precision)
  --precision p           format of the MLPs and interaction (default bf16)
  --items-per-query N     user-item pairs scored per query (default the model's benchmark figure: 270 for dlrm-v2)
  --p99-ms X              p99 latency SLO per query (default the benchmark's: 60 ms for dlrm-v2)
  --qps X                 offered queries per second (default: report the highest rate within the SLO)
  --max-batch-items N     largest batch the server forms, items over the pool (default 65,536 per device)
  --random-access-efficiency X  share of HBM bandwidth random gathers sustain (default 0.6, an estimate)
  --access-granularity-b N      HBM access granularity (default the catalogue's: 128 B on the 950 generation)
  --host-link-gbps X      host link per device for offloaded rows and inputs (default 50 GB/s, PCIe 5.0 x16)
  --json                  one JSON object: offline {itemsPerSecond, queriesPerSecond}, server {maxQueriesPerSecond,
                          p99Ms, meetsSlo, ...}, memory {tablesGB, totalGB, fits, perDevice, ...}, timeBreakdown, ...
`;

type Values = Readonly<Record<string, string | boolean | readonly string[] | undefined>>;

/** Recommendation-only flags given with a language model would be silently ignored, so they are errors. */
export function rejectRecommendationFlags(command: string, flags: readonly string[], v: Values, model: string): void {
  const given = flags.find((flag) => v[flag] !== undefined);
  if (given) {
    throw new SuperpodInputError({
      where: `superpod ${command} --${given}`,
      problem: `applies to recommendation models; ${model} is a language model`,
      fix: 'drop the flag, or give a recommendation model (--model dlrm-v2)',
    });
  }
}

/** A language-model flag given with a recommendation model would be silently ignored: an input error. */
export function rejectLanguageModelFlags(
  command: 'perf' | 'plan',
  flags: readonly string[],
  model: RecommendationModelSpec,
  v: Readonly<Record<string, unknown>>,
  recommendationFlags: string,
): void {
  const given = flags.find((flag) => v[flag] !== undefined);
  if (given) {
    throw new SuperpodInputError({
      where: `superpod ${command} --${given}`,
      problem: `applies to language models; ${model.id} is a recommendation model`,
      fix: `drop the flag (see superpod ${command} --help for the recommendation flags: ${recommendationFlags})`,
    });
  }
}

/** LLM-only flags: given with a recommendation model they would be silently ignored, so they are errors. */
export const LANGUAGE_MODEL_PERF_FLAGS = [
  'tp',
  'pp',
  'ep',
  'dp',
  'batch',
  'input-tokens',
  'output-tokens',
  'context',
  'weights-precision',
  'expert-precision',
  'kv-precision',
  'draft-tokens',
  'acceptance',
  'tdp-w',
  'power-cap-w',
  'node-type',
  'node-idle-w',
  'card-hour-price',
  'capex',
  'years',
  'energy-price',
  'pue',
] as const;

export function runRecommendationPerf(
  accelerator: AcceleratorSpec,
  model: RecommendationModelSpec,
  v: Values,
  io: CliIO,
): number {
  rejectLanguageModelFlags('perf', LANGUAGE_MODEL_PERF_FLAGS, model, v, '--devices, --sharding, --qps, ...');
  const str = (flag: string) => v[flag] as string | undefined;
  const int = (flag: string, fallback?: number) =>
    integerFlag('perf', flag, str(flag), { min: 1, max: 1 << 30, ...(fallback === undefined ? {} : { fallback }) });
  const num = (flag: string, min: number, max?: number) =>
    numberFlag('perf', flag, str(flag), { min, ...(max === undefined ? {} : { max }) });
  const sharding = str('sharding') ?? 'auto';
  if (!(SHARDING_STRATEGIES as readonly string[]).includes(sharding)) {
    throw new SuperpodInputError({
      where: 'superpod perf --sharding',
      problem: 'unknown sharding',
      value: sharding,
      fix: `use one of ${SHARDING_STRATEGIES.join(', ')}`,
    });
  }
  const itemsPerQuery = num('items-per-query', 1) ?? model.serving?.itemsPerQuery?.value ?? undefined;
  const p99Ms = num('p99-ms', 0.001) ?? model.serving?.p99LatencyMs?.value ?? undefined;
  if (itemsPerQuery === undefined || p99Ms === undefined) {
    throw new SuperpodInputError({
      where: 'superpod perf',
      problem: `${model.id} has no benchmark figure for ${itemsPerQuery === undefined ? '--items-per-query' : '--p99-ms'}`,
      fix: 'pass --items-per-query N and --p99-ms X (for example 270 and 60)',
    });
  }
  const qps = num('qps', 0.000001);
  const maxBatchItems = int('max-batch-items');
  const randomAccessEfficiency = num('random-access-efficiency', 0.01, 1);
  const accessGranularityB = int('access-granularity-b');
  const hostLinkGBps = num('host-link-gbps', 0.001);
  const embeddingPrecision = precisionFlag('perf', 'embedding-precision', str('embedding-precision'));
  const densePrecision = precisionFlag('perf', 'precision', str('precision'));

  const prediction = predictRecommendation(
    {
      accelerator,
      model,
      devices: int('devices', 1)!,
      sharding: sharding as ShardingStrategy | 'auto',
      ...(embeddingPrecision ? { embeddingPrecision } : {}),
      ...(densePrecision ? { densePrecision } : {}),
      ...(randomAccessEfficiency === undefined ? {} : { randomAccessEfficiency }),
      ...(accessGranularityB === undefined ? {} : { accessGranularityB }),
      ...(hostLinkGBps === undefined ? {} : { hostLinkGBps }),
    },
    {
      itemsPerQuery,
      p99SloS: p99Ms / 1e3,
      ...(qps === undefined ? {} : { queriesPerSecond: qps }),
      ...(maxBatchItems === undefined ? {} : { maxBatchItems }),
    },
  );
  if (!prediction.memory.fits) {
    io.stderr(`warning: ${prediction.accelerator} x${prediction.devices}: ${prediction.memory.advice}\n`);
  }
  io.stdout(v.json ? `${JSON.stringify(prediction, null, 2)}\n` : formatRecommendation(prediction));
  return ExitCode.ok;
}

function formatRecommendation(p: RecommendationPrediction): string {
  const m = p.memory;
  const s = p.server;
  const lines = [
    `${p.model} on ${p.devices} x ${p.accelerator} (${p.sharding}), embeddings ${p.embeddingPrecision}, dense layers ${p.densePrecision}`,
    `${s.itemsPerQuery} items per query, p99 SLO ${s.p99SloMs} ms; HBM access granularity ${p.accessGranularityB} B, random-access efficiency ${p.randomAccessEfficiency}`,
    '',
    `  offline throughput             ${p.offline.queriesPerSecond} queries/s (${p.offline.itemsPerSecond} items/s, batch ${p.offline.batchItems} items)`,
    `  highest rate within p99 SLO    ${s.maxQueriesPerSecond} queries/s`,
    `  at ${s.queriesPerSecond} queries/s             p99 ${s.feasible ? `${s.p99Ms} ms` : `infeasible: ${s.reason}`}, mean ${s.feasible ? `${s.meanMs} ms` : '-'}, batch ${s.batchItems} items, ${s.meetsSlo ? 'meets' : 'MISSES'} the SLO`,
    `  memory per device (busiest)    ${m.totalGB} of ${m.capacityGBPerDevice} GB: tables ${m.tablesGB}, dense weights ${m.denseWeightsGB}, activations ${m.activationsGB}, reserve ${m.reserveGB}${m.fits ? '' : '  DOES NOT FIT'}`,
    `  embedding tables               ${m.embeddingGBTotal} GB in all${m.offloadedGB > 0 ? `, ${m.offloadedGB} GB in host memory` : ''}`,
    `  bytes per lookup               ${m.lookupBytesMoved} moved for ${m.lookupBytesUseful} used`,
    ...(p.fabricLevel ? [`  all-to-all over                ${p.fabricLevel}`] : []),
    '',
    '  where a batch’s time goes:',
    ...p.timeBreakdown
      .filter((t) => t.ms > 0)
      .map((t) => `    ${t.stage.padEnd(28)} ${String(t.ms).padStart(10)} ms  ${(t.share * 100).toFixed(1)}%`),
    '',
    `confidence: ${p.confidence.level} (weakest input: ${p.confidence.weakestInput}); ${p.confidence.note}`,
    '',
  ];
  return lines.join('\n');
}
