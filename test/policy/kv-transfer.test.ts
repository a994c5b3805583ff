/**
 * FAB-006, the link a disaggregated service's KV cache crosses: the rack's UB level when both pools share a rack, the
 * SuperPoD's level when they share a SuperPoD, the SuperCluster's link between SuperPoDs, else the slowest uplink,
 * else nothing to check. Each figure below is worked out by hand from the spec: Llama 3.1 8B holds 32 layers x 8 KV
 * heads x 128 x 2 (K and V) x 2 bytes = 131,072 bytes of BF16 KV cache per token.
 */
import { describe, expect, it } from 'vitest';
import { builtInPacks } from '../../policies/index.ts';
import type { Inventory } from '../../src/inventory/types.ts';
import { type PolicyConfig, runChecks } from '../../src/policy/index.ts';
import { inventoryOfSpec } from '../helpers/spec.ts';

const FABRIC = (uplink: string) => `
    fabric:
      name: lab
      x: { maxNpus: 8, bandwidthPerNpu: 2 TB/s, latency: 200 ns }
      y: { maxNpus: 64, bandwidthPerNpu: 1 TB/s, latency: 500 ns }
      z: { maxNpus: 8192, bandwidthPerNpu: 500 GB/s, latency: 1 us }${uplink}`;
const UPLINK = (bandwidth: string) => `\n      uplink: { kind: uboe, bandwidthPerNpu: ${bandwidth}, latency: 3 us }`;

const rack = (name: string, nodes: string) => `
      - name: ${name}
        height: 48
        reserved: 8
        power:
          busbar: { voltage: 800 V, current: 150 A }
        cooling:
          directLiquid: { liquidCapacity: 90 kW, airCapacity: 20 kW }
        nodes:${nodes}`;
const nodes = (prefix: string, role: string, count: number) => `
          - name: ${prefix}-{i}
            count: ${count}
            type: ascend-950dt-node
            role: ${role}
            acceleratorPower: 900 W
            hostPower: 1.6 kW
            height: 4`;

const SERVICE = `workloads:
  - kind: InferenceService
    name: split
    model: llama-3.1-8b
    prefill: { pool: ascend-950dt-node-prefill, replicas: 2, parallelism: { tp: 8 } }
    decode: { pool: ascend-950dt-node-decode, replicas: 1, parallelism: { tp: 8 } }
    slo: { timeToFirstToken: 2 s, timePerOutputToken: 100 ms }
    traffic: { requestsPerSecond: 1000, inputTokens: 8192, outputTokens: 256 }
    container: { image: registry.example.com/vllm:1 }
`;

function spec(pods: string, superCluster = ''): string {
  return `apiVersion: superpod.dev/v1alpha1
kind: ClusterSpec
metadata:
  name: kv
${superCluster}superPods:${pods}
${SERVICE}`;
}

const load = (text: string): Inventory => inventoryOfSpec(text, 'kv.yaml');

const utilisation = (u: number) => ({ parameters: { 'fabric.kvTransferUtilisation': u } }) as unknown as PolicyConfig;

function fab006(text: string, config?: PolicyConfig) {
  const report = runChecks(load(text), { packs: builtInPacks, ...(config ? { config } : {}) });
  const evaluation = report.evaluations.find((e) => e.ruleId === 'FAB-006')!;
  const finding = evaluation.finding === undefined ? undefined : report.findings[evaluation.finding];
  return { status: evaluation.status, reason: evaluation.reason, finding };
}

// 1,000 req/s x 8,192 tokens x 131,072 B = 1.073741824e12 B/s; the narrower side is the decode pool's 8 NPUs.
const NEEDED = 1000 * 8192 * 131_072;

const oneRack = spec(`
  - name: pod-a${FABRIC(UPLINK('50 GB/s'))}
    racks:${rack('rack-0', nodes('pre', 'prefill', 2) + nodes('dec', 'decode', 1))}`);
const twoRacks = spec(`
  - name: pod-a${FABRIC(UPLINK('50 GB/s'))}
    racks:${rack('rack-0', nodes('pre', 'prefill', 2))}${rack('rack-1', nodes('dec', 'decode', 1))}`);
const twoPods = (uplinkA: string, uplinkB: string, superCluster = '') =>
  spec(
    `
  - name: pod-a${FABRIC(uplinkA)}
    racks:${rack('rack-0', nodes('pre', 'prefill', 2))}
  - name: pod-b${FABRIC(uplinkB)}
    racks:${rack('rack-0', nodes('dec', 'decode', 1))}`,
    superCluster,
  );

describe('FAB-006 KV transfer between the prefill and decode pools', () => {
  it('uses the rack UB level when both pools share one rack, and passes at the default 70%', () => {
    expect(fab006(oneRack).status).toBe('pass'); // 1.07 TB/s <= 8 x 1 TB/s x 70%
    const { status, finding } = fab006(oneRack, utilisation(0.1)); // 1.07 TB/s > 0.8 TB/s
    expect(status).toBe('fail');
    expect(finding!.data).toEqual({ neededBps: NEEDED, availableBps: 8e12, utilisation: 0.1, link: 'UB level Y' });
    expect(finding!.message).toBe(
      'KV transfer needs 1.1 TB/s (1000 req/s x 8,192 prompt tokens x 0.131 MB per token in bf16), above 10% of 8.0 TB/s (8 NPUs x 1.0 TB/s over UB level Y)',
    );
  });

  it('uses the SuperPoD UB level when the pools sit in different racks of one SuperPoD', () => {
    const { status, finding } = fab006(twoRacks, utilisation(0.2)); // 1.07 TB/s > 8 x 0.5 TB/s x 20% = 0.8 TB/s
    expect(status).toBe('fail');
    expect(finding!.data).toMatchObject({ availableBps: 4e12, link: 'UB level Z' });
    expect(fab006(twoRacks, utilisation(0.3)).status).toBe('pass'); // 1.2 TB/s
  });

  it('uses the slowest uplink between SuperPoDs without a SuperCluster, and fails at the default 70%', () => {
    const { status, finding } = fab006(twoPods(UPLINK('50 GB/s'), UPLINK('25 GB/s')));
    expect(status).toBe('fail'); // 1.07 TB/s > 8 x 25 GB/s x 70% = 140 GB/s
    expect(finding!.data).toEqual({ neededBps: NEEDED, availableBps: 2e11, utilisation: 0.7, link: 'uboe uplink' });
    expect(finding!.fix).toBe(
      'place the prefill and decode pools in one SuperPoD, add NPUs on the narrower side, or store the KV cache in a narrower precision',
    );
  });

  it("uses the SuperCluster's link between its SuperPoDs before any uplink", () => {
    const superCluster = 'superCluster:\n  name: sc\n  interPodLink: { kind: roce, bandwidthPerNpu: 400 Gb/s }\n';
    const { finding } = fab006(twoPods(UPLINK('50 GB/s'), UPLINK('25 GB/s'), superCluster));
    expect(finding!.data).toMatchObject({ availableBps: 4e11, link: 'roce between SuperPoDs' });
  });

  it('cannot check a service whose pools are joined by no described link', () => {
    const { status, reason } = fab006(twoPods('', UPLINK('25 GB/s')));
    expect(status).toBe('not-evaluated');
    expect(reason).toBe(
      'no link between the prefill and decode pools is described (no shared UB level, SuperCluster link or fabric uplink)',
    );
  });

  it('does not apply to a service without a prefill pool', () => {
    const aggregated = oneRack.replace(/ {4}prefill: .*\n/, '');
    const report = runChecks(load(aggregated), { packs: builtInPacks });
    expect(report.evaluations.filter((e) => e.ruleId === 'FAB-006')).toEqual([]);
  });
});
