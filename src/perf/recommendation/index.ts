export { type BatchTiming, batchTiming, denseOperators, type RecommendationSetup } from './batch.ts';
export {
  accessGranularity,
  bytesMoved,
  HOST_LINK_GBPS,
  RANDOM_ACCESS_EFFICIENCY,
  type SourcedDefault,
} from './gather.ts';
export {
  planRecommendation,
  type RecommendationPlan,
  type RecommendationPlanHardware,
  type RecommendationPlanInput,
  type RecommendationPlanOption,
} from './plan.ts';
export {
  predictRecommendation,
  type RecommendationInput,
  type RecommendationPrediction,
  type RecommendationWorkload,
  resolveRecommendation,
} from './predict.ts';
export { predictRecommendationService, type RecommendationServicePrediction } from './service.ts';
export {
  maxQpsWithinSlo,
  md1P99WaitS,
  type OfflineResult,
  offlineThroughput,
  type RecommendationTraffic,
  type ServerState,
  serverState,
} from './serving.ts';
export { type DenseLayer, type RecommendationShape, recommendationShape } from './shape.ts';
export {
  type DevicePlan,
  planSharding,
  SHARDING_STRATEGIES,
  type ShardingPlan,
  type ShardingStrategy,
} from './sharding.ts';
export { type TableMemory, tableMemory } from './tables.ts';
