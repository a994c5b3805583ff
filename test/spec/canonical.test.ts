import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Inventory } from '../../src/inventory/types.ts';
import { exportSpec } from '../../src/spec/export.ts';
import { serializeSpec, withoutSources } from '../../src/spec/serialize.ts';
import { inventoryOfSpec } from '../helpers/spec.ts';
import { CANONICAL_SPEC } from './canonical-spec.ts';
import { MINIMAL_SPEC } from './minimal-spec.ts';

const FILE = 'everything.yaml';

/** The minimal spec with each workload kind given only its required fields: every optional one left to the default. */
const FEW_FIELDS = `${MINIMAL_SPEC}workloads:
  - kind: InferenceService
    name: chat
    model: llama-3.1-8b
    decode: { pool: ascend-950dt-node-decode, replicas: 1, parallelism: { tp: 1 } }
    slo: { timeToFirstToken: 2 s, timePerOutputToken: 100 ms }
    traffic: { requestsPerSecond: 1, inputTokens: 1024, outputTokens: 256 }
    container: { image: registry.example.com/vllm:1 }
  - kind: RecommendationService
    name: ranker
    model: dlrm-v2
    pool: ascend-950dt-node-decode
    replicas: 1
    traffic: { queriesPerSecond: 100, samplesPerQuery: 270 }
    slo: { p99: 60 ms }
    container: { image: registry.example.com/dlrm:1 }
  - kind: TrainingJob
    name: sft
    pool: ascend-950dt-node-decode
    replicas: 1
    container: { image: registry.example.com/train:1 }
`;

const load = (text: string, file = FILE): Inventory => inventoryOfSpec(text, file);

/** `file:line:column` of the first line holding `needle`, at its first key (after a list item's `- `), by plain search. */
function locate(needle: string): string {
  const lines = CANONICAL_SPEC.split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  if (line < 0) throw new Error(`no "${needle}" in the spec`);
  const column = lines[line]!.indexOf(needle) + (needle.startsWith('- ') ? 2 : 0);
  return `${FILE}:${line + 1}:${column + 1}`;
}

/** Drops the `source` strings the exporter adds (file:line:column); a fabric level's `source` is a citation, kept. */
const withoutLocations = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(withoutLocations)
    : value && typeof value === 'object'
      ? Object.fromEntries(
          Object.entries(value)
            .filter(([k, v]) => !(k === 'source' && typeof v === 'string' && v.startsWith(`${FILE}:`)))
            .map(([k, v]) => [k, withoutLocations(v)]),
        )
      : value;

const withoutPaths = (inventory: Inventory) =>
  JSON.parse(JSON.stringify(inventory, (k, v) => (k === 'path' || k === 'source' ? undefined : v)));

describe('a spec with every field, in canonical form', () => {
  it('exports back to the document it was written as, field for field', () => {
    const exported = exportSpec(load(CANONICAL_SPEC));
    expect(withoutLocations(exported)).toEqual(parse(CANONICAL_SPEC));
  });

  it('holds no key without a value, for a spec that sets every field and for one that sets few', () => {
    const undefinedAt = (value: unknown, at: string): string[] =>
      value === undefined
        ? [at]
        : value && typeof value === 'object'
          ? Object.entries(value).flatMap(([k, v]) => undefinedAt(v, `${at}.${k}`))
          : [];
    expect(undefinedAt(exportSpec(load(CANONICAL_SPEC)), 'spec')).toEqual([]);
    expect(undefinedAt(exportSpec(load(FEW_FIELDS)), 'spec')).toEqual([]);
  });

  it('drops every location for --no-source but keeps the citations of a custom fabric', () => {
    const exported = withoutSources(exportSpec(load(CANONICAL_SPEC)));
    expect(exported).toEqual(parse(CANONICAL_SPEC));
    expect(JSON.stringify(exported)).not.toContain(FILE);
  });

  it('locates every exported entry at the line and column its name was written', () => {
    const exported = exportSpec(load(CANONICAL_SPEC));
    const [podA, podB] = exported.superPods;
    const [racks, edge, shelf] = podA!.racks;
    const [chat, ranker, sft] = exported.workloads!;
    expect(exported.superCluster!.source).toBe(locate('name: sc-east'));
    expect([podA!.source, podB!.source]).toEqual([locate('- name: pod-a'), locate('- name: pod-b')]);
    expect([racks!.source, edge!.source, shelf!.source, podB!.racks[0]!.source]).toEqual([
      locate('- name: rack-{i}'),
      locate('- name: edge'),
      locate('- name: shelf'),
      locate('- name: rack-0'),
    ]);
    expect(racks!.nodes![0]!.source).toBe(locate('- name: dt-{i}'));
    expect(shelf!.nodes!.map((n) => n.source)).toEqual([locate('- name: dec-{i}'), locate('- name: spare')]);
    expect([chat!.source, ranker!.source, sft!.source]).toEqual([
      locate('- kind: InferenceService'),
      locate('- kind: RecommendationService'),
      locate('- kind: TrainingJob'),
    ]);
  });

  it('builds the inventory the document describes (hand-read values)', () => {
    const inventory = load(CANONICAL_SPEC);
    expect(inventory.stack).toBe('everything');
    expect(inventory.kubernetes).toMatchObject({
      scheduler: 'volcano',
      devicePluginNamespace: 'ascend-system',
      devicePluginImage: 'registry.example.com/ascend/k8sdeviceplugin:v7.3.0',
      volcanoNpuPlugin: 'volcano-npu_v7.2.RC1',
      resourceSlices: 'driver',
    });
    const [sc] = inventory.superClusters;
    expect(sc).toMatchObject({ id: 'sc-east', name: 'east-1' });
    expect(sc!.interPodLink).toMatchObject({ kind: 'roce', bandwidthPerNpuBps: 50e9, latencyS: 5e-6 });

    const [podA, podB] = inventory.superPods;
    expect(podA).toMatchObject({
      id: 'sc-east/pod-a',
      name: 'hall-a',
      index: 0,
      pue: 1.1,
      designPue: 1.25,
      facilityPowerBudgetW: 2e6,
      switchPowerPerRackW: 3000,
      interconnectPowerW: 50_000,
    });
    expect(podA!.heatRejection!.liquid).toMatchObject({
      plant: { kind: 'evaporative-tower', cycles: 4, evaporativeShare: 0.8 },
      chillerCop: 6,
    });
    expect(podA!.heatRejection!.air).toMatchObject({
      plant: { kind: 'adiabatic', wetHoursShare: 0.3, evaporativeShareWhenWet: 0.9 },
      chillerCop: 4,
    });
    expect(podB).toMatchObject({ id: 'sc-east/pod-b', name: 'pod-b', index: 3 });
    expect(podB!.fabric.name).toBe('lab-ub');
    expect(podB!.fabric.levels.map((l) => [l.maxNpus, l.bandwidthPerNpuBps, l.latencyS, l.confidence])).toEqual([
      [8, 2e12, 2e-7, 'measured'],
      [64, 1e12, 5e-7, 'measured'],
      [512, 500e9, 1e-6, 'estimated'],
    ]);
    expect(podB!.fabric.uplink).toMatchObject({ kind: 'uboe', bandwidthPerNpuBps: 50e9, latencyS: 3e-6 });

    const rack = (id: string) => inventory.racks.find((r) => r.id === `sc-east/${id}`)!;
    expect(inventory.racks.map((r) => [r.id.replace('sc-east/', ''), r.index])).toEqual([
      ['pod-a/rack-0', 0],
      ['pod-a/rack-1', 1],
      ['pod-a/edge', 5],
      ['pod-a/shelf', 6],
      ['pod-b/rack-0', 0],
    ]);
    expect(rack('pod-a/rack-1')).toMatchObject({ heightU: 48, reservedU: 8, weightLimitKg: 2000 });
    expect(rack('pod-a/rack-1').power).toMatchObject({
      kind: 'busbar',
      voltageV: 800,
      currentA: 150,
      maxUtilisation: 0.9,
      redundancy: 'a-b',
    });
    expect(rack('pod-a/rack-1').cooling).toMatchObject({
      method: 'liquid',
      liquidCapacityW: 90_000,
      airCapacityW: 20_000,
      coolantClass: 'W40',
      airClass: 'A2',
      cduId: 'cdu-1',
      cduCapacityW: 200_000,
    });
    expect(rack('pod-a/edge')).toMatchObject({ name: 'edge-rack', heightU: 42, reservedU: 4, weightLimitKg: 1500 });
    expect(rack('pod-a/edge').power).toMatchObject({ kind: 'feed', voltageV: 400, currentA: 63, maxUtilisation: 0.8 });
    expect(rack('pod-a/edge').cooling).toMatchObject({ method: 'air', airCapacityW: 30_000, airClass: 'A2' });
    expect(rack('pod-a/edge').cooling.rearDoorHeatExchanger).toBe(true);
    expect(rack('pod-a/shelf').power).toMatchObject({
      redundancy: 'n+1',
      voltageV: 800,
      maxUtilisation: 0.85,
      shelves: { count: 3, ratingW: 33_000, efficiency: 0.96 },
    });
    expect(rack('pod-a/shelf').cooling).toMatchObject({ coolantClass: 'W32', airClass: 'A1' });

    const node = (id: string) => inventory.nodes.find((n) => n.id === `sc-east/${id}`)!;
    expect(inventory.nodes).toHaveLength(4 + 2 + 3 + 1 + 4);
    expect(node('pod-a/rack-1/dt-1')).toMatchObject({
      role: 'training',
      pool: 'ascend-950dt-node-training',
      acceleratorCount: 8,
      heightU: 4,
      uPosition: 13,
      labels: { 'superpod.dev/tier': 'gold' },
    });
    expect(node('pod-a/edge/pr-1')).toMatchObject({
      nodeTypeId: 'atlas-350-server',
      acceleratorCount: 4,
      role: 'prefill',
      pool: 'atlas-350-server-prefill',
      uPosition: 9,
    });
    expect(node('pod-a/shelf/spare')).toMatchObject({
      role: 'spare',
      pool: 'spares',
      name: 'spare-node-a',
      acceleratorTdpW: 800,
      hostPowerW: 1500,
      weightKg: 60,
      heightU: 5,
      uPosition: 30,
      liquidFraction: 0.7,
    });
    expect(inventory.nodePools.find((p) => p.name === 'ascend-950dt-node-training')!.deviceAllocation).toBe('dra');
    expect(inventory.nodePools.find((p) => p.name === 'ascend-950dt-node-decode')!.deviceAllocation).not.toBe('dra');

    expect(inventory.suppressions.map((s) => [s.ruleId, s.target])).toEqual(
      expect.arrayContaining([
        ['POWER-002', 'sc-east/pod-a'],
        ['COOL-001', 'sc-east/pod-a/edge'],
        ['PHYS-001', 'sc-east/pod-a/shelf/spare'],
        ['SLO-001', 'chat'],
      ]),
    );
    expect(inventory.suppressions).toHaveLength(4);
  });

  it('builds the workloads the document describes (hand-read values)', () => {
    const inventory = load(CANONICAL_SPEC);
    const byId = (id: string) => inventory.workloads.find((w) => w.id === id)!;
    expect(byId('chat')).toMatchObject({
      kind: 'inference-service',
      name: 'chat-east',
      modelId: 'llama-3.1-70b',
      precision: { weights: 'int8', activations: 'bf16', kvCache: 'int8' },
      prefill: { pool: 'atlas-350-server-prefill', replicas: 1, parallelism: { tp: 4 } },
      decode: { pool: 'ascend-950dt-node-decode', replicas: 2, parallelism: { tp: 8 }, maxBatch: 64 },
      slo: { ttftS: 2, tpotS: 0.05 },
      traffic: { requestsPerSecond: 5, inputTokens: 2048, outputTokens: 256 },
      namespace: 'serving',
      queue: 'interactive',
      container: {
        image: 'registry.example.com/vllm-ascend:0.9',
        command: ['python', '-m', 'vllm.entrypoints.openai.api_server'],
        args: ['--max-model-len', '8192'],
        env: { VLLM_USE_V1: '1' },
        cpuPerPod: 32,
        memoryPerPodBytes: 256 * 2 ** 30,
        sharedMemoryBytes: 64 * 2 ** 30,
        port: 8000,
        healthPath: '/health',
        startupTimeoutS: 900,
      },
    });
    expect(byId('ranker')).toMatchObject({
      kind: 'recommendation-service',
      modelId: 'dlrm-v2',
      pool: 'atlas-350-server-prefill',
      replicas: 2,
      devicesPerReplica: 4,
      sharding: 'table-wise',
      precision: { embeddings: 'fp16', dense: 'bf16' },
      hostOffload: true,
      traffic: { queriesPerSecond: 2000, samplesPerQuery: 270 },
      slo: { p99S: 0.06 },
      namespace: 'recsys',
    });
    expect(byId('sft')).toMatchObject({
      kind: 'training-job',
      pool: 'ascend-950dt-node-training',
      replicas: 4,
      npusPerPod: 8,
      modelId: 'llama-3.1-8b',
      parallelism: { tp: 8, dp: 4 },
      raBlock: 16,
      spBlock: 32,
      namespace: 'training',
    });
  });

  it('survives a trip through its own YAML: the exported text builds the same inventory and exports the same text', () => {
    const original = load(CANONICAL_SPEC);
    const text = serializeSpec(exportSpec(original), 'yaml');
    const rebuilt = load(text, 'exported.yaml');
    expect(withoutPaths(rebuilt)).toEqual(withoutPaths(original));
    // the exported sources still point into everything.yaml, so the second export is the same text
    expect(serializeSpec(exportSpec(rebuilt), 'yaml')).toBe(text);
    const json = serializeSpec(exportSpec(original), 'json');
    expect(JSON.parse(json)).toEqual(parse(text));
  });
});
