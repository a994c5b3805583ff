import { readFileSync } from 'node:fs';
import { getAccelerator } from '../../src/catalog/index.ts';
import { getRecommendationModel } from '../../src/catalog/recommendation.ts';
import type { RecommendationInput, RecommendationWorkload } from '../../src/perf/recommendation/index.ts';

/** One measured MLPerf DLRM-v2 record as test/perf/data/recommendation-validation.json holds it. */
export interface RecommendationRecord {
  readonly id: string;
  readonly hardware: string;
  readonly count: number;
  readonly scenario: string;
  readonly value: number;
  readonly p99_latency_ms?: number;
  readonly source_url: string;
}

export function recommendationRecords(): readonly RecommendationRecord[] {
  const url = new URL('./data/recommendation-validation.json', import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { records: RecommendationRecord[] }).records;
}

/** How the model expresses a record: the deployment, the workload and which figures compare. */
export interface RecommendationCase {
  readonly input: RecommendationInput;
  readonly work: RecommendationWorkload;
  readonly scenario: 'offline' | 'server';
  /** Why the case is set up this way (assumptions per record). */
  readonly assumptions: string;
}

/**
 * Every record is expressed the same way, from the submission's published configuration, never from its result:
 * 8 GPUs each holding every table (embedding_weights_on_gpu_part 1.0: `replicated`), int8 embeddings and int8 dense
 * layers (NVIDIA's v4.1 dlrm-v2 base config), 270 pairs per sample (the reference trace's mean), the 60 ms p99
 * bound, and for Server the configured batch of 51,200 pairs per GPU. The Server throughput is compared with the
 * completed rate, which the submitter chose below its true limit: a lower bound (the error is signed accordingly).
 */
export function recommendationCase(record: RecommendationRecord): RecommendationCase {
  const accelerator = record.hardware.includes('H200') ? 'h200-sxm' : 'h100-sxm';
  const server = record.scenario.endsWith('Server');
  return {
    input: {
      accelerator: getAccelerator(accelerator),
      model: getRecommendationModel('dlrm-v2'),
      devices: record.count,
      sharding: 'replicated',
      embeddingPrecision: 'int8',
      densePrecision: 'int8',
    },
    work: {
      itemsPerQuery: 270,
      p99SloS: 0.06,
      ...(server ? { queriesPerSecond: record.value, maxBatchItems: 51_200 * record.count } : {}),
    },
    scenario: server ? 'server' : 'offline',
    assumptions: server
      ? 'replicated, int8 tables and dense layers, 270 pairs per sample, batch cap 51,200 pairs per GPU (config)'
      : 'replicated, int8 tables and dense layers, 270 pairs per sample, largest batch up to 2^20 pairs per GPU',
  };
}
