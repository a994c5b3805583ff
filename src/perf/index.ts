/**
 * Embedded performance model: per-operator roofline with calibrated efficiency curves, collectives over the
 * fabric, memory, power, cost, serving under load, prefill/decode disaggregation and capacity planning.
 * Pure functions over catalogue data and the Inventory.
 */
export {
  ALTERNATIVE_ACCELERATORS,
  type HardwareAlternative,
  type RangedFigure,
  type ServiceAlternatives,
  serviceAlternatives,
} from './alternatives.ts';
export { CALIBRATIONS, calibrationFor, type FamilyCalibration } from './calibration.ts';
export { allGatherS, allReduceS, allToAllS, sendS } from './collectives.ts';
export { type PredictionConfidence, predictionConfidence } from './confidence.ts';
export { type CostResult, cardHourCost, costPerMillionTokens, type PriceInput } from './cost.ts';
export {
  type Deployment,
  type DeploymentInput,
  type Parallelism,
  resolveDeployment,
  type SpeculativeDecoding,
  tokensPerDecodeStep,
} from './deployment.ts';
export {
  type DisaggregatedInput,
  type DisaggregatedState,
  disaggregatedState,
  type KvTransfer,
  kvTransfer,
  type PoolSizing,
  sizePools,
} from './disagg.ts';
export { defaultFabric, type Fabric, type FabricLevel, fabricFromInventory, type GroupSpan, spanOf } from './fabric.ts';
export { type HardwareProfile, hardwareProfile } from './hardware.ts';
export {
  kvBytesPerSequencePerDevice,
  type MemoryBreakdown,
  maxBatchThatFits,
  memoryBreakdown,
  weightBytesPerDevice,
} from './memory.ts';
export { kvBytesPerToken, kvElementsPerSequence, type ModelShape, modelShape } from './model-shape.ts';
export { type NodePower, type NodePowerInputs, nodePowerInputs, nodePowerW, PSU_EFFICIENCY } from './node-power.ts';
export { causalPairs, type StepShape, stepOperators } from './operators.ts';
export {
  type CapacityPlan,
  type PlanHardware,
  type PlanInput,
  type PlanSummary,
  type PoolPlan,
  planCapacity,
} from './planner.ts';
export { devicePowerW, idlePowerW, meanPowerW } from './power.ts';
export {
  defaultPrecisionChoice,
  isPrecision,
  PRECISIONS,
  type PrecisionChoice,
  type ResolvedPrecision,
  resolvePrecision,
} from './precision.ts';
export {
  type InferencePrediction,
  type InferenceWorkload,
  type MemoryReport,
  type PredictOptions,
  predictInference,
} from './predict.ts';
export { type PredictionOutcome, type RecommendationOutcome, ServicePredictions } from './predictions.ts';
export { computeEfficiency, memoryEfficiency, type Operator, type OperatorTiming, timeOperator } from './roofline.ts';
export {
  type PoolPrediction,
  type PredictServiceOptions,
  predictService,
  type ServicePrediction,
  servingDeployment,
} from './service.ts';
export {
  closedLoopState,
  type Goodput,
  goodput,
  md1WaitS,
  meetsSlo,
  prefillCosts,
  type ServingOptions,
  type ServingState,
  type Slo,
  servingState,
  type Traffic,
} from './serving.ts';
export { decodeStep, prefillStep, type StepResult } from './step.ts';
