import { readFileSync } from 'node:fs';
import type { ErrorObject } from 'ajv';
import { SuperpodInputError } from '../errors.ts';
import { lazy } from '../lazy.ts';
import { parseJsonText, whereInFile } from './json-text.ts';
import { catalog, deepFreeze } from './load.ts';
import { unknownIdFix } from './suggest.ts';
import type { Confidence, Precision, Sourced } from './types.ts';
import { catalogSchemaValidator } from './validate.ts';

/**
 * The recommendation-model catalogue (`data/recommendation-models.json`): DLRM-style models as embedding tables plus
 * dense MLPs. Every entry names its source (an id in `sources.json`) and confidence, like the other catalogues.
 */

/** Provenance carried by every group of numbers in a recommendation model. */
export interface Provenance {
  readonly source: string;
  readonly confidence: Confidence;
  readonly note?: string;
}

/** `count` identical tables of `rows` x `dim`, each looked up `pooling` times per item (a multi-hot feature). */
export interface EmbeddingTableGroup extends Provenance {
  readonly name: string;
  readonly count: number;
  readonly rows: number;
  readonly dim: number;
  readonly pooling: number;
}

export interface MlpSpec extends Provenance {
  /** Output width of each layer, in order; the input width follows from what feeds the MLP. */
  readonly layers: readonly number[];
}

/** How pooled embeddings and the bottom-MLP output meet: DLRM pairwise dot products, plain concatenation, DCN-v2. */
export interface InteractionSpec extends Provenance {
  readonly kind: 'dot' | 'concat' | 'dcn-v2';
  /** DCN-v2 cross layers. */
  readonly layers?: number;
  /** DCN-v2 low-rank projection width. */
  readonly lowRank?: number;
}

export interface RecommendationModelSpec extends Provenance {
  readonly id: string;
  readonly name: string;
  readonly denseFeatures: Sourced & Provenance;
  readonly embeddingTables: readonly EmbeddingTableGroup[];
  /** Precision of the published weights (tables and MLPs). */
  readonly weightsPrecision: { readonly value: Precision } & Provenance;
  readonly bottomMlp: MlpSpec;
  readonly interaction: InteractionSpec;
  readonly topMlp: MlpSpec;
  /** Serving figures the model's benchmark fixes (MLPerf: items per query, p99 latency bound). */
  readonly serving?: { readonly itemsPerQuery?: Sourced; readonly p99LatencyMs?: Sourced };
}

const FILE = new URL('./data/recommendation-models.json', import.meta.url);
const LABEL = 'src/catalog/data/recommendation-models.json';

/** The built-in recommendation models, validated on first use. */
export const listRecommendationModels: () => readonly RecommendationModelSpec[] = lazy(() =>
  parseRecommendationCatalog(readFileSync(FILE, 'utf8'), LABEL),
);

/** A recommendation model by id (`dlrm-v2`, `hugectr-180table-70b`); unknown ids are input errors listing the known. */
export function getRecommendationModel(id: string): RecommendationModelSpec {
  const models = listRecommendationModels();
  const found = models.find((m) => m.id === id);
  if (found) return found;
  throw new SuperpodInputError({
    where: 'catalog',
    problem: 'unknown recommendation model id',
    value: id,
    fix: unknownIdFix(
      'recommendation model',
      String(id),
      models.map((m) => m.id),
    ),
  });
}

export function isRecommendationModel(id: string): boolean {
  return listRecommendationModels().some((m) => m.id === id);
}

/**
 * Parses, schema-checks and cross-checks (unique ids, listed sources, DCN-v2 shape) a recommendation catalogue text.
 * Errors name the file with line:column, the entry, the value and the fix.
 */
export function parseRecommendationCatalog(text: string, label: string): readonly RecommendationModelSpec[] {
  const data = parseJsonText(text, label);
  const validate = catalogSchemaValidator('recommendation-models.schema.json');
  if (!validate(data)) {
    const error = (validate.errors ?? [])[0] as ErrorObject;
    const extra =
      error.keyword === 'additionalProperties'
        ? `/${(error.params as { additionalProperty: string }).additionalProperty}`
        : '';
    throw new SuperpodInputError({
      where: whereInFile(label, text, error.instancePath + extra),
      problem: `${error.instancePath || 'the file'}${extra} ${error.message ?? 'does not match the schema'}`,
      fix: 'follow src/catalog/schemas/recommendation-models.schema.json',
    });
  }
  const models = (data as { recommendationModels: RecommendationModelSpec[] }).recommendationModels;
  const sources = catalog().sources;
  const seen = new Set<string>();
  models.forEach((model, i) => {
    const at = (pointer: string) => whereInFile(label, text, `/recommendationModels/${i}${pointer}`);
    if (seen.has(model.id)) {
      throw new SuperpodInputError({
        where: at('/id'),
        problem: 'repeats a recommendation model id',
        value: model.id,
        fix: 'give every model its own id',
      });
    }
    seen.add(model.id);
    if (model.interaction.kind === 'dcn-v2' && (!model.interaction.layers || !model.interaction.lowRank)) {
      throw new SuperpodInputError({
        where: at('/interaction'),
        problem: 'a dcn-v2 interaction needs layers and lowRank',
        value: model.interaction.kind,
        fix: 'add "layers" (cross layers) and "lowRank" (projection width), e.g. 3 and 512',
      });
    }
    for (const [pointer, source] of sourcesOf(model)) {
      if (!Object.hasOwn(sources, source)) {
        throw new SuperpodInputError({
          where: at(pointer),
          problem: 'names a source that sources.json does not list',
          value: source,
          fix: `add "${source}" to src/catalog/data/sources.json or use a listed source id`,
        });
      }
    }
  });
  return deepFreeze(models);
}

function sourcesOf(model: RecommendationModelSpec): [string, string][] {
  const out: [string, string][] = [
    ['/source', model.source],
    ['/denseFeatures/source', model.denseFeatures.source],
    ['/weightsPrecision/source', model.weightsPrecision.source],
    ['/bottomMlp/source', model.bottomMlp.source],
    ['/interaction/source', model.interaction.source],
    ['/topMlp/source', model.topMlp.source],
  ];
  model.embeddingTables.forEach((t, j) => {
    out.push([`/embeddingTables/${j}/source`, t.source]);
  });
  for (const key of ['itemsPerQuery', 'p99LatencyMs'] as const) {
    const s = model.serving?.[key];
    if (s) out.push([`/serving/${key}/source`, s.source]);
  }
  return out;
}
