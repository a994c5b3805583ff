import { describe, expect, it } from 'vitest';
import type { FabricInfo, InferenceServiceInfo, Inventory, NodeInfo, NodePoolInfo } from '../../src/inventory/types.ts';
import { predictService } from '../../src/perf/index.ts';

const ub = (name: 'X' | 'Y' | 'Z', scope: 'node' | 'rack' | 'superpod', maxNpus: number) => ({
  name,
  scope,
  maxNpus,
  kind: 'unified-bus' as const,
  bandwidthPerNpuBps: 1e12,
  latencyS: 1e-6,
  source: 'test',
  confidence: 'reported',
});
const fabric: FabricInfo = {
  name: 'ub',
  kind: 'unified-bus',
  levels: [ub('X', 'node', 8), ub('Y', 'rack', 64), ub('Z', 'superpod', 8192)],
};

function nodes(pool: string, acceleratorId: string, nodeTypeId: string, count: number, tdp: number | null): NodeInfo[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `pod-a/${pool}-${i}`,
    path: `t/pod-a/${pool}-${i}`,
    name: `${pool}-${i}`,
    superPodId: 'pod-a',
    rackId: `pod-a/rack-${pool}`,
    pool,
    role: pool === 'prefill' ? 'prefill' : 'decode',
    nodeTypeId,
    acceleratorId,
    acceleratorCount: 8,
    serverIndex: i,
    uPosition: 1 + 4 * i,
    heightU: 4,
    acceleratorTdpW: tdp,
    hostPowerW: 1600,
    weightKg: 80,
    cooling: 'liquid',
    liquidFraction: 0.8,
    labels: {},
  }));
}

const decodeNodes = nodes('decode', 'ascend-950dt', 'ascend-950dt-node', 8, 900);
const prefillNodes = nodes('prefill', 'atlas-350', 'atlas-350-server', 4, null);
const pool = (name: string, acceleratorId: string, nodeTypeId: string, ns: NodeInfo[]): NodePoolInfo => ({
  name,
  nodeTypeId,
  acceleratorId,
  role: name === 'prefill' ? 'prefill' : 'decode',
  deviceAllocation: 'device-plugin',
  nodeIds: ns.map((n) => n.id),
});

const inventory: Inventory = {
  schemaVersion: 1,
  stack: 't',
  kubernetes: { scheduler: 'volcano', devicePluginNamespace: 'kube-system', devicePluginImage: 'x' },
  superClusters: [],
  superPods: [{ id: 'pod-a', path: 't/pod-a', name: 'pod-a', index: 0, fabric }],
  racks: [],
  nodes: [...decodeNodes, ...prefillNodes],
  nodePools: [
    pool('decode', 'ascend-950dt', 'ascend-950dt-node', decodeNodes),
    pool('prefill', 'atlas-350', 'atlas-350-server', prefillNodes),
  ],
  workloads: [],
  suppressions: [],
};

const service: InferenceServiceInfo = {
  kind: 'inference-service',
  id: 'svc',
  path: 't/svc',
  name: 'svc',
  namespace: 'default',
  modelId: 'llama-3.1-70b',
  precision: { weights: 'fp8', activations: 'fp8', kvCache: 'fp8' },
  decode: { pool: 'decode', replicas: 4, parallelism: { tp: 8, pp: 1, ep: 1, dp: 1 } },
  slo: { ttftS: 2, tpotS: 0.05 },
  traffic: { requestsPerSecond: 10, inputTokens: 2048, outputTokens: 256 },
};

describe('predictService', () => {
  it('predicts an aggregated service on its node pool: memory fit, TTFT/TPOT, goodput, power', () => {
    const p = predictService(inventory, service);
    expect(p.mode).toBe('aggregated');
    expect(p.pools).toHaveLength(1);
    const pool0 = p.pools[0]!;
    expect(pool0.cards).toBe(32);
    expect(pool0.cardsInPool).toBe(64);
    expect(pool0.memory.fits).toBe(true);
    expect(p.feasible).toBe(true);
    expect(p.meetsSlo).toEqual({ ttft: true, tpot: true });
    expect(p.goodput.requestsPerSecond).toBeGreaterThan(10);
    expect(p.powerW).toBeGreaterThan(0);
    expect(p.tokensPerJoule).toBeCloseTo(p.outputTokensPerSecond / p.powerW!, 2);
    expect(p.kvTransfer).toBeNull();
    // The 950DT node has no measured idle: the nodes' host power (1,600 W each, 8 cards a node) plus the cards.
    expect(pool0.nodePowerW).toBeCloseTo(pool0.powerW! + (32 / 8) * 1600, 0);
    expect(p.nodePowerW).toBe(pool0.nodePowerW);
    // Ascend 950DT: every range is an extrapolation and holds the prediction.
    expect(p.intervals.tpotS!.basis).toBe('extrapolated');
    expect(p.intervals.tpotS!.p10).toBeLessThan(p.tpotS);
    expect(p.intervals.tpotS!.p90).toBeGreaterThan(p.tpotS);
    expect(p.intervals.nodePowerW!.p90).toBeGreaterThanOrEqual(p.nodePowerW!);
  });

  it('predicts a disaggregated service, with the KV transfer over the pod fabric', () => {
    const disagg: InferenceServiceInfo = {
      ...service,
      prefill: { pool: 'prefill', replicas: 4, parallelism: { tp: 8, pp: 1, ep: 1, dp: 1 } },
    };
    const inv = {
      ...inventory,
      nodes: inventory.nodes.map((n) => (n.pool === 'prefill' ? { ...n, acceleratorTdpW: 600 } : n)),
    };
    const p = predictService(inv, disagg);
    expect(p.mode).toBe('disaggregated');
    expect(p.pools.map((x) => x.role)).toEqual(['prefill', 'decode']);
    expect(p.kvTransfer?.link).toBe('Y');
    expect(p.ttftS).toBeGreaterThan(0);
    expect(p.meetsSlo.tpot).toBe(true);
  });

  it('flags an SLO the load cannot meet and a batch limit that does not fit', () => {
    const p = predictService(inventory, { ...service, slo: { ttftS: 0.01, tpotS: 0.001 } });
    expect(p.meetsSlo).toEqual({ ttft: false, tpot: false });
    const tight = predictService(inventory, {
      ...service,
      decode: { ...service.decode, parallelism: { tp: 1, pp: 1, ep: 1, dp: 1 }, maxBatch: 4000 },
    });
    expect(tight.pools[0]!.memory.fits).toBe(false);
    expect(tight.pools[0]!.memory.advice).toMatch(/largest batch that fits is \d+/);
  });

  it('sizes an overloaded prefill pool at the batch it can hold, never at an unbounded one', () => {
    const overloaded: InferenceServiceInfo = {
      ...service,
      prefill: { pool: 'prefill', replicas: 1, parallelism: { tp: 8, pp: 1, ep: 1, dp: 1 } },
      traffic: { ...service.traffic, requestsPerSecond: 100_000 },
    };
    const inv = {
      ...inventory,
      nodes: inventory.nodes.map((n) => (n.pool === 'prefill' ? { ...n, acceleratorTdpW: 600 } : n)),
    };
    const p = predictService(inv, overloaded);
    expect(p.meetsSlo.ttft).toBe(false);
    const prefill = p.pools.find((x) => x.role === 'prefill')!;
    expect(prefill.memory.fits).toBe(true);
    expect(JSON.stringify(prefill.memory)).not.toMatch(/Infinity|NaN|null/);
  });

  it('fails when a pool is missing, or a TDP is unknown (unless power may be unknown)', () => {
    expect(() => predictService(inventory, { ...service, decode: { ...service.decode, pool: 'nope' } })).toThrow(
      /pool "nope": no node pool of that name .*decode, prefill/,
    );
    const noTdp = { ...inventory, nodes: inventory.nodes.map((n) => ({ ...n, acceleratorTdpW: null })) };
    expect(() => predictService(noTdp, service)).toThrow(
      /TDP of ascend-950dt is not published .*set the accelerator TDP/,
    );
    const p = predictService(noTdp, service, { allowUnknownPower: true });
    expect(p.powerW).toBeNull();
    expect(p.tokensPerJoule).toBeNull();
    expect(p.meetsSlo.tpot).toBe(true);
  });
});
