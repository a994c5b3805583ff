/**
 * Every rule of the spec's JSON Schema, broken once: each edit of the spec that uses every field must be refused by
 * validation, at the field it breaks. One table in one test, so that the schema (built on first use) is made inside
 * the test that checks all of it.
 */
import { describe, expect, it } from 'vitest';
import { parseSpecText } from '../../src/spec/document.ts';
import { validateSpec } from '../../src/spec/validate.ts';
import { inputErrorOf } from '../helpers/errors.ts';
import { CANONICAL_SPEC } from './canonical-spec.ts';

/** [what is broken, the text to replace, its replacement, the start of the problem the error must give]. */
const BROKEN: ReadonlyArray<readonly [string, string, string, string]> = [
  ['apiVersion', 'apiVersion: superpod.dev/v1alpha1', 'apiVersion: superpod.dev/v1', 'apiVersion must be'],
  ['kind', 'kind: ClusterSpec', 'kind: Cluster', 'kind must be'],
  ['stack name', 'name: everything', 'name: Everything', 'metadata.name is not a valid name'],
  [
    'unknown top-level field',
    'kind: ClusterSpec\n',
    'kind: ClusterSpec\nextra: 1\n',
    'unknown field "extra" in the spec',
  ],
  ['scheduler', 'scheduler: volcano', 'scheduler: kube-batch', 'kubernetes.scheduler has an unknown value'],
  [
    'namespace',
    'devicePluginNamespace: ascend-system',
    'devicePluginNamespace: Ascend',
    'kubernetes.devicePluginNamespace is not a valid name',
  ],
  [
    'resource slices',
    'resourceSlices: driver',
    'resourceSlices: kubelet',
    'kubernetes.resourceSlices has an unknown value',
  ],
  [
    'unknown kubernetes field',
    'resourceSlices: driver\n',
    'resourceSlices: driver\n  dra: true\n',
    'unknown field "dra" in kubernetes',
  ],
  ['super cluster label', 'labelName: east-1', 'labelName: East_1', 'superCluster.labelName is not a valid name'],
  ['link kind', 'kind: roce', 'kind: infiniband', 'superCluster.interPodLink.kind has an unknown value'],
  [
    'link bandwidth',
    'bandwidthPerNpu: 50 GB/s\n    latency: 5 us',
    'bandwidthPerNpu: 50 GHz\n    latency: 5 us',
    'superCluster.interPodLink.bandwidthPerNpu must be a bandwidth',
  ],
  ['link latency', 'latency: 5 us', 'latency: 5', 'superCluster.interPodLink.latency must be a duration'],
  ['pod name', '  - name: pod-a', '  - name: -pod-a', 'superPods[0].name is not a valid name'],
  ['pod label', 'labelName: hall-a', 'labelName: Hall-A', 'superPods[0].labelName is not a valid name'],
  ['pod count', '  - name: pod-a\n', '  - name: pod-{i}\n    count: 5000\n', 'superPods[0].count must be <= 4096'],
  ['pod index', '    index: 3\n', '    index: -1\n', 'superPods[1].index must be >= 0'],
  ['annual PUE', 'pue: 1.1', 'pue: 0.9', 'superPods[0].pue must be >= 1'],
  ['design PUE', 'designPue: 1.25', 'designPue: 3.5', 'superPods[0].designPue must be <= 3'],
  [
    'facility budget',
    'facilityPowerBudget: 2 MW',
    'facilityPowerBudget: 2 MWh',
    'superPods[0].facilityPowerBudget must be a power',
  ],
  [
    'switch power',
    'switchPowerPerRack: 3 kW',
    'switchPowerPerRack: 3',
    'superPods[0].switchPowerPerRack must be a power',
  ],
  [
    'interconnect power',
    'interconnectPower: 50 kW',
    'interconnectPower: 50 kV',
    'superPods[0].interconnectPower must be a power',
  ],
  ['plant', 'plant: evaporative-tower', 'plant: river', 'superPods[0].heatRejection.liquid.plant has an unknown value'],
  ['cycles', 'cycles: 4', 'cycles: 1', 'superPods[0].heatRejection.liquid.cycles must be > 1'],
  [
    'evaporative share',
    'evaporativeShare: 0.8',
    'evaporativeShare: 1.2',
    'superPods[0].heatRejection.liquid.evaporativeShare must be <= 1',
  ],
  [
    'wet hours',
    'wetHoursShare: 0.3',
    'wetHoursShare: -0.1',
    'superPods[0].heatRejection.air.wetHoursShare must be >= 0',
  ],
  ['chiller COP', 'chillerCop: 6', 'chillerCop: 0', 'superPods[0].heatRejection.liquid.chillerCop must be > 0'],
  [
    'unknown loop',
    'heatRejection:\n',
    'heatRejection:\n      water: { plant: measured }\n',
    'unknown field "water" in superPods[0].heatRejection',
  ],
  ['suppression rule', 'rule: POWER-002', 'rule: power-2', 'superPods[0].suppressions[0].rule is not a valid name'],
  [
    'suppression reason',
    'reason: the hall feed is being upgraded',
    'reason: soon',
    'superPods[0].suppressions[0].reason is too short',
  ],
  [
    'suppression field',
    'reason: the hall feed is being upgraded }',
    'reason: the hall feed is being upgraded, until: 2027 }',
    'unknown field "until" in superPods[0].suppressions[0]',
  ],
  [
    'rack count',
    '        count: 2\n        height: 48',
    '        count: 0\n        height: 48',
    'superPods[0].racks[0].count must be >= 1',
  ],
  [
    'rack height',
    '        count: 2\n        height: 48',
    '        count: 2\n        height: 101',
    'superPods[0].racks[0].height must be <= 100',
  ],
  ['weight limit', 'weightLimit: 2 t', 'weightLimit: 2 tons', 'superPods[0].racks[0].weightLimit must be a mass'],
  [
    'busbar voltage',
    'voltage: 800 V, current: 150 A, maxUtilisation',
    'voltage: 800 W, current: 150 A, maxUtilisation',
    'superPods[0].racks[0].power.busbar.voltage must be a voltage',
  ],
  [
    'utilisation',
    'maxUtilisation: 0.9',
    'maxUtilisation: 1.5',
    'superPods[0].racks[0].power.busbar.maxUtilisation must be <= 1',
  ],
  [
    'redundancy',
    'redundancy: a-b',
    'redundancy: 2n',
    'superPods[0].racks[0].power.busbar.redundancy has an unknown value',
  ],
  [
    'two supplies',
    'feed: { voltage: 400 V, current: 63 A }',
    'feed: { voltage: 400 V, current: 63 A }\n          busbar: { voltage: 400 V, current: 63 A }',
    'superPods[0].racks[1].power must name exactly one of',
  ],
  [
    'shelf count',
    'shelvesNPlusOne: { count: 3,',
    'shelvesNPlusOne: { count: 0,',
    'superPods[0].racks[2].power.shelvesNPlusOne.count must be >= 2',
  ],
  [
    'shelf rating',
    'rating: 33 kW',
    'rating: 33 kVA',
    'superPods[0].racks[2].power.shelvesNPlusOne.rating must be a power',
  ],
  [
    'shelf efficiency',
    'efficiency: 0.96',
    'efficiency: 1.1',
    'superPods[0].racks[2].power.shelvesNPlusOne.efficiency must be <= 1',
  ],
  [
    'coolant class',
    'coolantClass: W40',
    'coolantClass: W50',
    'superPods[0].racks[0].cooling.directLiquid.coolantClass has an unknown value',
  ],
  [
    'liquid air class',
    'airClass: A2\n            cdu',
    'airClass: A9\n            cdu',
    'superPods[0].racks[0].cooling.directLiquid.airClass has an unknown value',
  ],
  [
    'CDU capacity',
    'cduCapacity: 200 kW',
    'cduCapacity: 200 kg',
    'superPods[0].racks[0].cooling.directLiquid.cduCapacity must be a power',
  ],
  [
    'air class',
    'airClass: A2, rearDoorHeatExchanger',
    'airClass: B1, rearDoorHeatExchanger',
    'superPods[0].racks[1].cooling.air.airClass has an unknown value',
  ],
  [
    'rear door',
    'rearDoorHeatExchanger: true',
    'rearDoorHeatExchanger: yes-please',
    'superPods[0].racks[1].cooling.air.rearDoorHeatExchanger must be a boolean',
  ],
  [
    'two coolings',
    'air: { capacity: 30 kW, airClass: A2, rearDoorHeatExchanger: true }',
    'air: { capacity: 30 kW }\n          directLiquid: { liquidCapacity: 1 kW, airCapacity: 1 kW }',
    'superPods[0].racks[1].cooling must name exactly one of',
  ],
  [
    'node count',
    '            count: 2\n            type: ascend-950dt-node',
    '            count: 0\n            type: ascend-950dt-node',
    'superPods[0].racks[0].nodes[0].count must be >= 1',
  ],
  ['node role', 'role: training', 'role: inference', 'superPods[0].racks[0].nodes[0].role has an unknown value'],
  [
    'node labels',
    'labels: { superpod.dev/tier: gold }',
    'labels: { superpod.dev/tier: 3 }',
    'superPods[0].racks[0].nodes[0].labels.superpod.dev/tier must be a string',
  ],
  [
    'device allocation',
    'deviceAllocation: dra',
    'deviceAllocation: cdi',
    'superPods[0].racks[0].nodes[0].deviceAllocation has an unknown value',
  ],
  [
    'accelerator count',
    'acceleratorCount: 4',
    'acceleratorCount: 0',
    'superPods[0].racks[1].nodes[0].acceleratorCount must be >= 1',
  ],
  ['pool', 'pool: spares', 'pool: Spares', 'superPods[0].racks[2].nodes[1].pool is not a valid name'],
  [
    'node name',
    'nodeName: spare-node-a',
    'nodeName: spare_node_a',
    'superPods[0].racks[2].nodes[1].nodeName is not a valid name',
  ],
  [
    'accelerator power',
    'acceleratorPower: 800 W',
    'acceleratorPower: 800',
    'superPods[0].racks[2].nodes[1].acceleratorPower must be a power',
  ],
  ['host power', 'hostPower: 1500 W', 'hostPower: 1500 A', 'superPods[0].racks[2].nodes[1].hostPower must be a power'],
  ['node weight', 'weight: 60 kg', 'weight: 60 lb', 'superPods[0].racks[2].nodes[1].weight must be a mass'],
  ['position', 'position: 30', 'position: 0', 'superPods[0].racks[2].nodes[1].position must be >= 1'],
  [
    'liquid fraction',
    'liquidFraction: 0.7',
    'liquidFraction: 1.7',
    'superPods[0].racks[2].nodes[1].liquidFraction must be <= 1',
  ],
  [
    'node field',
    'liquidFraction: 0.7\n',
    'liquidFraction: 0.7\n            gpu: true\n',
    'unknown field "gpu" in superPods[0].racks[2].nodes[1]',
  ],
  ['fabric level size', 'x: { maxNpus: 8,', 'x: { maxNpus: 0,', 'superPods[1].fabric.x.maxNpus must be >= 1'],
  [
    'fabric confidence',
    'source: lab bench, confidence: measured }\n      y',
    'source: lab bench, confidence: guessed }\n      y',
    'superPods[1].fabric.x.confidence has an unknown value',
  ],
  ['uplink kind', 'kind: uboe', 'kind: ethernet', 'superPods[1].fabric.uplink.kind has an unknown value'],
  ['uplink latency', 'latency: 3 us', 'latency: 3 parsecs', 'superPods[1].fabric.uplink.latency must be a duration'],
  ['workload kind', 'kind: InferenceService', 'kind: InferenceServer', 'workloads[0].kind has an unknown value'],
  [
    'serving replicas',
    'replicas: 1, parallelism: { tp: 4',
    'replicas: 0, parallelism: { tp: 4',
    'workloads[0].prefill.replicas must be >= 1',
  ],
  [
    'parallelism',
    'parallelism: { tp: 4, pp: 1',
    'parallelism: { tp: 0, pp: 1',
    'workloads[0].prefill.parallelism.tp must be >= 1',
  ],
  [
    'parallelism field',
    'parallelism: { tp: 4, pp: 1',
    'parallelism: { cp: 2, tp: 4, pp: 1',
    'unknown field "cp" in workloads[0].prefill.parallelism',
  ],
  ['max batch', 'maxBatch: 64', 'maxBatch: 0', 'workloads[0].decode.maxBatch must be >= 1'],
  ['TTFT', 'timeToFirstToken: 2 s', 'timeToFirstToken: 2 sec', 'workloads[0].slo.timeToFirstToken must be a duration'],
  [
    'request rate',
    'requestsPerSecond: 5',
    'requestsPerSecond: -5',
    'workloads[0].traffic.requestsPerSecond must be > 0',
  ],
  ['input tokens', 'inputTokens: 2048', 'inputTokens: 0', 'workloads[0].traffic.inputTokens must be >= 1'],
  ['workload namespace', 'namespace: serving', 'namespace: Serving', 'workloads[0].namespace is not a valid name'],
  ['queue', 'queue: interactive', 'queue: Interactive', 'workloads[0].queue is not a valid name'],
  [
    'container image',
    'image: registry.example.com/vllm-ascend:0.9',
    'imag: registry.example.com/vllm-ascend:0.9',
    'unknown field "imag" in workloads[0].container',
  ],
  [
    'container env',
    'env: { VLLM_USE_V1: "1" }',
    'env: { VLLM_USE_V1: 1 }',
    'workloads[0].container.env.VLLM_USE_V1 must be a string',
  ],
  ['container memory', 'memory: 256 GiB', 'memory: 256 GiBs', 'workloads[0].container.memory must be a memory'],
  [
    'container port',
    'port: 8000\n      healthPath',
    'port: 70000\n      healthPath',
    'workloads[0].container.port must be <= 65535',
  ],
  [
    'startup timeout',
    'startupTimeout: 15 min',
    'startupTimeout: 15 mins',
    'workloads[0].container.startupTimeout must be a duration',
  ],
  ['sharding', 'sharding: table-wise', 'sharding: hash', 'workloads[1].sharding has an unknown value'],
  ['host offload', 'hostOffload: true', 'hostOffload: sometimes', 'workloads[1].hostOffload must be a boolean'],
  [
    'samples per query',
    'samplesPerQuery: 270',
    'samplesPerQuery: 0',
    'workloads[1].traffic.samplesPerQuery must be >= 1',
  ],
  ['p99', 'p99: 60 ms', 'p99: 60', 'workloads[1].slo.p99 must be a duration'],
  [
    'training replicas',
    'replicas: 4\n    npusPerPod',
    'replicas: 0\n    npusPerPod',
    'workloads[2].replicas must be >= 1',
  ],
  ['NPUs per pod', 'npusPerPod: 8', 'npusPerPod: 0', 'workloads[2].npusPerPod must be >= 1'],
  ['training field', 'spBlock: 32\n', 'spBlock: 32\n    epochs: 3\n', 'unknown field "epochs" in workloads[2]'],
];

describe('the spec schema', () => {
  it('refuses each broken rule at the field it breaks, and accepts the spec unbroken', () => {
    expect(() => validateSpec(parseSpecText(CANONICAL_SPEC, 'everything.yaml'))).not.toThrow();
    const wrong: string[] = [];
    for (const [what, from, to, problem] of BROKEN) {
      if (!CANONICAL_SPEC.includes(from)) throw new Error(`${what}: the spec has no "${from}"`);
      const text = CANONICAL_SPEC.replace(from, to);
      const error = inputErrorOf(() => validateSpec(parseSpecText(text, 'everything.yaml')));
      if (!error.problem.startsWith(problem)) wrong.push(`${what}: got "${error.problem}"`);
    }
    expect(wrong).toEqual([]);
  });
});
