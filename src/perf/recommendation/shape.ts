import type { EmbeddingTableGroup, RecommendationModelSpec } from '../../catalog/recommendation.ts';
import { SuperpodInputError } from '../../errors.ts';

/** One linear layer of the dense part, per item: `in` x `out` weights. */
export interface DenseLayer {
  readonly name: string;
  readonly part: 'bottom-mlp' | 'interaction' | 'top-mlp';
  readonly in: number;
  readonly out: number;
}

/**
 * What one item (a user-item pair) costs, from the architecture alone: lookups, pooled embedding width, the dense
 * layers with their widths, and the interaction's own FLOPs. Precision-free: bytes come later.
 */
export interface RecommendationShape {
  readonly tables: number;
  readonly denseFeatures: number;
  readonly embeddingRows: number;
  /** Embedding parameters (rows x dim over all tables). */
  readonly embeddingParameters: number;
  readonly lookupsPerItem: number;
  /** Width of the concatenated pooled embeddings. */
  readonly pooledWidth: number;
  readonly bottomOut: number;
  /** Width of what the interaction hands the top MLP. */
  readonly interactionOut: number;
  readonly layers: readonly DenseLayer[];
  /** FLOPs per item outside the linear layers (DLRM pairwise dots). */
  readonly interactionExtraFlops: number;
  readonly denseFlopsPerItem: number;
  readonly denseParameters: number;
}

export function recommendationShape(model: RecommendationModelSpec): RecommendationShape {
  const tables = sum(model.embeddingTables, (t) => t.count);
  const pooledWidth = sum(model.embeddingTables, (t) => t.count * t.dim);
  const dense = model.denseFeatures.value ?? 0;
  const layers: DenseLayer[] = [];
  let width = dense;
  model.bottomMlp.layers.forEach((out, i) => {
    layers.push({ name: `bottom-mlp.${i}`, part: 'bottom-mlp', in: width, out });
    width = out;
  });
  const bottomOut = width;
  const { out: interactionOut, extraFlops } = interaction(model, bottomOut, pooledWidth, tables, layers);
  width = interactionOut;
  model.topMlp.layers.forEach((out, i) => {
    layers.push({ name: `top-mlp.${i}`, part: 'top-mlp', in: width, out });
    width = out;
  });
  const denseParameters = sum(layers, (l) => l.in * l.out);
  return {
    tables,
    denseFeatures: dense,
    embeddingRows: sum(model.embeddingTables, (t) => t.count * t.rows),
    embeddingParameters: sum(model.embeddingTables, (t) => t.count * t.rows * t.dim),
    lookupsPerItem: sum(model.embeddingTables, (t) => t.count * t.pooling),
    pooledWidth,
    bottomOut,
    interactionOut,
    layers,
    interactionExtraFlops: extraFlops,
    denseFlopsPerItem: 2 * denseParameters + extraFlops,
    denseParameters,
  };
}

/**
 * DCN-v2 (Wang et al. 2021, low-rank form as torchrec's LowRankCrossNet): each layer projects the input width W down
 * to r and back up, x_{l+1} = x_0 * (V (U x_l) + b) + x_l, so two linear layers W x r and r x W. DLRM dot: every pair
 * of the F = tables + 1 feature vectors of width d, a batched F x d by d x F product (2 F^2 d FLOPs), output the
 * upper triangle plus the dense vector. Concat: the widths add up, no work.
 */
function interaction(
  model: RecommendationModelSpec,
  bottomOut: number,
  pooledWidth: number,
  tables: number,
  layers: DenseLayer[],
): { out: number; extraFlops: number } {
  const spec = model.interaction;
  const width = pooledWidth + bottomOut;
  switch (spec.kind) {
    case 'concat':
      return { out: width, extraFlops: 0 };
    case 'dcn-v2': {
      const rank = spec.lowRank ?? 0;
      for (let l = 0; l < (spec.layers ?? 0); l++) {
        layers.push({ name: `dcn.${l}.down`, part: 'interaction', in: width, out: rank });
        layers.push({ name: `dcn.${l}.up`, part: 'interaction', in: rank, out: width });
      }
      return { out: width, extraFlops: 3 * width * (spec.layers ?? 0) };
    }
    case 'dot': {
      const dims = new Set(model.embeddingTables.map((t: EmbeddingTableGroup) => t.dim));
      const [d] = [...dims];
      if (dims.size !== 1 || d !== bottomOut) {
        throw new SuperpodInputError({
          where: `recommendation model "${model.id}" interaction`,
          problem: `a dot interaction needs every table and the bottom-MLP output to share one width (tables: ${[...dims].join(', ')}, bottom MLP: ${bottomOut})`,
          value: spec.kind,
          fix: 'use "concat" or "dcn-v2", or make the widths equal',
        });
      }
      const f = tables + 1;
      return { out: (f * (f - 1)) / 2 + bottomOut, extraFlops: 2 * f * f * bottomOut };
    }
  }
}

function sum<T>(xs: readonly T[], f: (x: T) => number): number {
  let total = 0;
  for (const x of xs) total += f(x);
  return total;
}
