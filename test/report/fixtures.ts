/**
 * Plain Inventory fixtures for the report tests: a small pod with a decode rack of 950DT nodes and an air-cooled
 * prefill rack of Atlas 350 servers, plus the inference services and jobs a test adds.
 */
import type {
  FabricInfo,
  InferenceServiceInfo,
  Inventory,
  NodeInfo,
  RackInfo,
  TrainingJobInfo,
} from '../../src/inventory/types.ts';
import { ATLAS_350_SERVER, ascend950dtNode, busbarRack, inventoryOf, poolsOf } from '../fixtures/inventory.ts';
import { atlas950TestFabric } from '../helpers/fabric.ts';

export const FABRIC: FabricInfo = atlas950TestFabric();

/** 800 VDC busbar, 150 A: 120 kW rated, 96 kW per side at 80%, A/B; 90 kW liquid loop, 20 kW air path. */
export function rack(name: string, index: number, overrides: Partial<RackInfo> = {}): RackInfo {
  return busbarRack(
    {
      id: `pod-a/${name}`,
      path: `fixture/pod-a/${name}`,
      source: { file: 'stacks/fixture.ts', line: 20 + index, column: 3 },
      name,
      superPodId: 'pod-a',
      index,
    },
    {
      cooling: { method: 'liquid', liquidCapacityW: 90_000, airCapacityW: 20_000, coolantClass: 'W32', cduId: 'cdu-1' },
      ...overrides,
    },
  );
}

/** A 950DT node: 8 NPUs x 900 W + 1.6 kW host = 8.8 kW, 4U from U9 up, 80 kg, 80% of the heat to liquid. */
export function dtNode(rackName: string, n: number, overrides: Partial<NodeInfo> = {}): NodeInfo {
  return ascend950dtNode(
    {
      id: `pod-a/${rackName}/dt-${n}`,
      path: `fixture/pod-a/${rackName}/dt-${n}`,
      name: `${rackName}-dt-${n}`,
      superPodId: 'pod-a',
      rackId: `pod-a/${rackName}`,
      serverIndex: n,
      uPosition: 9 + 4 * n,
    },
    overrides,
  );
}

/** An Atlas 350 server: 8 cards x 600 W + 3.84 kW host = 8.64 kW, air-cooled. */
export function prNode(rackName: string, n: number, overrides: Partial<NodeInfo> = {}): NodeInfo {
  return dtNode(rackName, n, {
    id: `pod-a/${rackName}/pr-${n}`,
    path: `fixture/pod-a/${rackName}/pr-${n}`,
    name: `${rackName}-pr-${n}`,
    ...ATLAS_350_SERVER,
    serverIndex: 100 + n,
    weightKg: 60,
    ...overrides,
  });
}

/** The small slice: decode-0 (8 x 950DT, 64 NPUs, 70.4 kW) and prefill-0 (4 x Atlas 350, 32 cards, 34.56 kW, air). */
export function slice(
  parts: Partial<Pick<Inventory, 'workloads' | 'suppressions' | 'racks' | 'nodes'>> = {},
): Inventory {
  const racks = parts.racks ?? [
    rack('decode-0', 0),
    rack('prefill-0', 1, {
      power: { ...rack('x', 0).power, currentA: 100, ratedW: 80_000, usableW: 64_000 },
      cooling: { method: 'air', liquidCapacityW: 0, airCapacityW: 40_000, airClass: 'A2' },
    }),
  ];
  const nodes = parts.nodes ?? [
    ...Array.from({ length: 8 }, (_, n) => dtNode('decode-0', n)),
    ...Array.from({ length: 4 }, (_, n) => prNode('prefill-0', n)),
  ];
  return inventoryOf({
    stack: 'fixture',
    devicePluginImage: 'plugin:v1',
    superPods: [
      {
        id: 'pod-a',
        path: 'fixture/pod-a',
        name: 'pod-a',
        index: 0,
        fabric: FABRIC,
        pue: 1.15,
        facilityPowerBudgetW: 1_000_000,
      },
    ],
    racks,
    nodes,
    nodePools: poolsOf(nodes),
    ...(parts.workloads ? { workloads: parts.workloads } : {}),
    ...(parts.suppressions ? { suppressions: parts.suppressions } : {}),
  });
}

/** DeepSeek-V3 disaggregated: prefill on the Atlas 350 servers (4 x 8 cards), decode on the 64 950DT NPUs. */
export function disaggregatedService(overrides: Partial<InferenceServiceInfo> = {}): InferenceServiceInfo {
  return {
    kind: 'inference-service',
    id: 'deepseek-v3',
    path: 'fixture/deepseek-v3',
    name: 'deepseek-v3',
    namespace: 'inference',
    modelId: 'deepseek-v3',
    precision: { weights: 'fp8', activations: 'fp8', kvCache: 'bf16' },
    prefill: { pool: 'prefill', replicas: 4, parallelism: { tp: 4, pp: 1, ep: 8, dp: 2 } },
    decode: { pool: 'decode', replicas: 1, parallelism: { tp: 1, pp: 1, ep: 64, dp: 64 }, maxBatch: 512 },
    slo: { ttftS: 2, tpotS: 0.05 },
    traffic: { requestsPerSecond: 5, inputTokens: 4096, outputTokens: 1024 },
    ...overrides,
  };
}

/** Llama 3.1 8B aggregated (prefill and decode on the same instances): 8 single-NPU instances on the 950DT pool. */
export function aggregatedService(overrides: Partial<InferenceServiceInfo> = {}): InferenceServiceInfo {
  return {
    kind: 'inference-service',
    id: 'llama-8b',
    path: 'fixture/llama-8b',
    name: 'llama-8b',
    namespace: 'inference',
    modelId: 'llama-3.1-8b',
    precision: { weights: 'bf16', activations: 'bf16', kvCache: 'bf16' },
    decode: { pool: 'decode', replicas: 8, parallelism: { tp: 1, pp: 1, ep: 1, dp: 1 } },
    slo: { ttftS: 1, tpotS: 0.05 },
    traffic: { requestsPerSecond: 10, inputTokens: 2048, outputTokens: 256 },
    ...overrides,
  };
}

export function trainingJob(overrides: Partial<TrainingJobInfo> = {}): TrainingJobInfo {
  return {
    kind: 'training-job',
    id: 'sft',
    path: 'fixture/sft',
    name: 'sft',
    namespace: 'training',
    pool: 'decode',
    modelId: 'qwen3-32b',
    replicas: 4,
    npusPerPod: 8,
    parallelism: { tp: 8, pp: 1, ep: 1, dp: 4 },
    raBlock: 32,
    queue: 'training',
    ...overrides,
  };
}
