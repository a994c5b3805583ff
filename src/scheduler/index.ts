/**
 * Simulated topology-aware NPU scheduler: cluster state with UB topology coordinates, eight placement
 * policies, the FGD paper's experiment and an event loop, fragmentation and topology metrics, and imports
 * of the openb trace and of Inventory workloads.
 */
export {
  ASCEND_SCHEDULE_POLICIES,
  type AscendSchedulePolicy,
  affinityScore,
  chooseAscendChips,
  isValidNpuRequest,
  validNpuRequests,
} from './ascend.ts';
export { type EventLoopOptions, type EventLoopResult, runEventLoop, type WaitStats } from './event-loop.ts';
export { type ExperimentOptions, type ExperimentResult, runFgdExperiment, tunedArrivals } from './experiment.ts';
export { FragModel, FragTracker, type TypicalPod, typicalPods } from './frag.ts';
export { clusterFromInventory, deviceRulesOf, SCHEDULE_POLICY_LABEL, workloadFromInventory } from './inventory.ts';
export { pyRound, type RackUse, type TopologyQuality } from './metrics.ts';
export {
  ASCEND_NODE_SHAPES,
  GPU_NODE_SHAPES,
  loadNodeShapes,
  loadOpenbNodes,
  loadOpenbPods,
  NODE_SHAPE_TABLES,
  type NodeShape,
  type NodeShapeTable,
} from './openb.ts';
export {
  isPlacementPolicyName,
  PLACEMENT_POLICIES,
  PLACEMENT_POLICY_NAMES,
  type PlacementPolicy,
  type PlacementPolicyName,
  placementPolicyByName,
} from './placement/index.ts';
export { FeasibilityOracle, type Placement, Simulation, type SimulationOptions, unitsOf } from './simulation.ts';
export { ClusterState, type PodClass } from './state.ts';
export { DEFAULT_SYNTHETIC_MIX, type SyntheticOptions, type SyntheticShape, syntheticWorkload } from './synthetic.ts';
export type {
  DeviceRules,
  SimCluster,
  SimGang,
  SimNode,
  SimPod,
  SimRack,
  SimSuperPod,
  UbLevels,
  Workload,
} from './types.ts';
