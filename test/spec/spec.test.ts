import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { App } from '../../src/app/app.ts';
import { buildFromSpec } from '../../src/spec/build.ts';
import { parseSpecText } from '../../src/spec/document.ts';
import { compress, exportSpec } from '../../src/spec/export.ts';
import { formatQuantity, parseQuantityAmount } from '../../src/spec/quantities.ts';
import { serializeSpec } from '../../src/spec/serialize.ts';
import { validateSpec } from '../../src/spec/validate.ts';
import { inputErrorOf } from '../helpers/errors.ts';
import { smallSlice } from '../helpers/fixtures.ts';
import { MINIMAL_SPEC as minimal } from './minimal-spec.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'superpod-spec-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function load(text: string, file = 'spec.yaml') {
  const doc = parseSpecText(text, file);
  const spec = validateSpec(doc);
  const app = new App({ outdir: path.join(work, 'unused') });
  try {
    return buildFromSpec(app, spec, doc).inventory();
  } finally {
    app.discard();
  }
}

describe('cluster spec', () => {
  it('builds the inventory a spec describes, expanding counts and locating entries at spec lines', () => {
    const inventory = load(minimal);
    expect(inventory.stack).toBe('mini');
    expect(inventory.racks.map((r) => r.id)).toEqual(['pod-a/rack-0', 'pod-a/rack-1']);
    expect(inventory.nodes).toHaveLength(8);
    expect(inventory.nodes[5]).toMatchObject({
      id: 'pod-a/rack-1/dt-1',
      acceleratorTdpW: 900,
      hostPowerW: 1600,
      uPosition: 13,
      serverIndex: 5,
    });
    expect(inventory.nodes[0]!.source).toEqual({ file: 'spec.yaml', line: 17, column: 13 });
    expect(inventory.racks[0]!.power.usableW).toBe(96_000);
  });

  it('exports a construct stack to a spec that builds the same inventory', () => {
    const { stack } = smallSlice('round');
    const original = stack.inventory();
    const text = serializeSpec(exportSpec(original), 'yaml');
    const rebuilt = load(text, 'round.yaml');
    const strip = (value: unknown) => JSON.parse(JSON.stringify(value, (k, v) => (k === 'path' ? undefined : v)));
    expect(strip(rebuilt)).toEqual(strip(original));
  });

  it('reads kubernetes.resourceSlices, exports it when it is not the default, and fails on an unknown publisher', () => {
    const withDriver = minimal.replace(
      'metadata:\n  name: mini\n',
      'metadata:\n  name: mini\nkubernetes:\n  resourceSlices: driver\n',
    );
    const inventory = load(withDriver);
    expect(inventory.kubernetes.resourceSlices).toBe('driver');
    expect(exportSpec(inventory).kubernetes).toMatchObject({ resourceSlices: 'driver' });
    expect(exportSpec(load(minimal)).kubernetes).not.toHaveProperty('resourceSlices');
    const bad = inputErrorOf(() => load(withDriver.replace('resourceSlices: driver', 'resourceSlices: kubelet')));
    expect(bad.where).toBe('spec.yaml:6:19');
    expect(bad.problem).toMatch(/resourceSlices/);
  });

  it('parses and formats quantities exactly', () => {
    expect(parseQuantityAmount('power', '1.6 kW')).toBe(1600);
    expect(parseQuantityAmount('bandwidth', '400 Gb/s')).toBe(50e9);
    expect(parseQuantityAmount('power', '1.6 kV')).toBeUndefined();
    expect(parseQuantityAmount('power', 1600)).toBeUndefined();
    for (const [kind, amount] of [
      ['power', 1600],
      ['power', 96_000],
      ['bandwidth', 1e12],
      ['mass', 80],
      ['voltage', -400],
      ['power', 0.5],
    ] as const) {
      expect(parseQuantityAmount(kind, formatQuantity(kind, amount))).toBe(amount);
    }
    expect(formatQuantity('power', 1_000_000)).toBe('1 MW');
  });

  it('folds runs of identical entries into count', () => {
    const entries = [0, 1, 2].map((i) => ({ name: `dt-${i}`, type: 'x' }));
    expect(compress([...entries, { name: 'other', type: 'x' }])).toEqual([
      { name: 'dt-{i}', count: 3, type: 'x' },
      { name: 'other', type: 'x' },
    ]);
    expect(
      compress([
        { name: 'a-0', type: 'x' },
        { name: 'a-1', type: 'y' },
      ]),
    ).toHaveLength(2);
  });

  it('fails when YAML is malformed, at the line and column', () => {
    const error = inputErrorOf(() =>
      load('apiVersion: superpod.dev/v1alpha1\nkind: ClusterSpec\nmetadata:\n  name: x\n superPods: []\n'),
    );
    expect(error.message).toMatch(/^spec\.yaml:5:1: not valid YAML/);
  });

  it('fails when a quantity has no unit, naming the unit to use', () => {
    const error = inputErrorOf(() => load(minimal.replace('current: 150 A', 'current: 150')));
    expect(error.message).toBe(
      'spec.yaml:13:46: superPods[0].racks[0].power.busbar.current must be a current with a unit (got 150); write it like "150 A" (units: A, kA)',
    );
  });

  it('fails when a field is misspelt, suggesting the right one', () => {
    const error = inputErrorOf(() => load(minimal.replace('airCapacity', 'airCapacty')));
    expect(error.message).toMatch(
      /^spec\.yaml:15:50: unknown field "airCapacty" in superPods\[0\]\.racks\[0\]\.cooling\.directLiquid; did you mean "airCapacity"\?/,
    );
  });

  it('fails when a construct rejects a value, at the spec line with the construct path', () => {
    const error = inputErrorOf(() => load(minimal.replace('role: decode', 'role: decode\n            position: 2')));
    expect(error.message).toMatch(
      /^spec\.yaml:17:13: mini\/pod-a\/rack-0\/dt-0: position U2-U5 is outside the usable units U9-U48/,
    );
  });

  it('fails when count is used without {i} or {i} without count', () => {
    expect(inputErrorOf(() => load(minimal.replace('name: dt-{i}', 'name: dt'))).message).toMatch(
      /^spec\.yaml:18:13: repeated entries need \{i\}/,
    );
    expect(inputErrorOf(() => load(minimal.replace('        count: 2\n', ''))).message).toMatch(
      /^spec\.yaml:8:9: a name with \{i\} needs count/,
    );
  });

  it('fails when the spec expands past the node limit instead of hanging', () => {
    const huge = minimal.replace('count: 2', 'count: 100000').replace('count: 4', 'count: 1000');
    expect(inputErrorOf(() => load(huge)).message).toMatch(/expands to more than 262,144 nodes/);
  });

  it('builds workloads and reports their bad values at the spec line', () => {
    const withWorkloads = `${minimal}workloads:
  - kind: InferenceService
    name: llama
    model: llama-3.1-70b
    decode: { pool: ascend-950dt-node-decode, replicas: 1, parallelism: { tp: 8 } }
    slo: { timeToFirstToken: 2 s, timePerOutputToken: 50 ms }
    traffic: { requestsPerSecond: 5, inputTokens: 2048, outputTokens: 256 }
    container: { image: registry.example.com/vllm:1 }
  - kind: TrainingJob
    name: sft
    pool: ascend-950dt-node-decode
    replicas: 2
    raBlock: 16
    container: { image: registry.example.com/train:1 }
`;
    const inventory = load(withWorkloads);
    expect(inventory.workloads.map((w) => [w.kind, w.id])).toEqual([
      ['inference-service', 'llama'],
      ['training-job', 'sft'],
    ]);
    expect(
      inputErrorOf(() => load(withWorkloads.replace('timePerOutputToken: 50 ms', 'timePerOutputToken: 50'))).message,
    ).toMatch(/^spec\.yaml:29:55: workloads\[0\]\.slo\.timePerOutputToken must be a duration with a unit \(got 50\)/);
    expect(inputErrorOf(() => load(withWorkloads.replace('kind: TrainingJob', 'kind: TrainingJobs'))).message).toMatch(
      /^spec\.yaml:32:11: workloads\[1\]\.kind has an unknown value/,
    );
    expect(inputErrorOf(() => load(withWorkloads.replace('raBlock: 16', 'raBlock: 12'))).message).toMatch(
      /^spec\.yaml:32:5: mini\/sft: raBlock must be a multiple of the 8/,
    );
  });

  it('fails when a stack id would leave the output directory', () => {
    expect(inputErrorOf(() => load(minimal.replace('name: mini', 'name: "../../etc"'))).message).toMatch(
      /metadata\.name is not a valid name|DNS-1123/,
    );
  });
});
