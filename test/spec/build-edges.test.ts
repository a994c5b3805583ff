/**
 * Building a spec at its edges: `index` with `count`, clashes found only once the whole tree is known, quantities that
 * pass the schema but not the unit factories, node types with a fixed accelerator count, the export's refusals, and
 * the YAML reader's limits. Each expected message is written out whole.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Inventory } from '../../src/inventory/types.ts';
import { parseSpecText, readSpecFile } from '../../src/spec/document.ts';
import { exportSpec } from '../../src/spec/export.ts';
import { serializeSpec } from '../../src/spec/serialize.ts';
import { inputErrorOf } from '../helpers/errors.ts';
import { inventoryOfSpec } from '../helpers/spec.ts';
import { CANONICAL_SPEC } from './canonical-spec.ts';
import { MINIMAL_SPEC as minimal } from './minimal-spec.ts';

const load = (text: string): Inventory => inventoryOfSpec(text, 'spec.yaml');

const errorOf = (text: string) => {
  const { where, problem, value, fix } = inputErrorOf(() => load(text));
  return { where, problem, value, fix };
};

const edit = (from: string, to: string, text = minimal) => {
  if (!text.includes(from)) throw new Error(`the edit ${from} changed nothing`);
  return text.replace(from, to);
};

const twoPods = `${edit('  - name: pod-a\n', '  - name: pod-{i}\n    count: 2\n    index: 4\n')}  - name: pod-c
    racks: []
`;

describe('index with count', () => {
  it('gives the first copy the index and the others the ones after it, for SuperPoDs and racks', () => {
    const inventory = load(twoPods);
    expect(inventory.superPods.map((p) => [p.id, p.index])).toEqual([
      ['pod-0', 4],
      ['pod-1', 5],
      ['pod-c', 6],
    ]);
    const racks = load(edit('        count: 2\n', '        count: 2\n        index: 7\n')).racks;
    expect(racks.map((r) => [r.id, r.index])).toEqual([
      ['pod-a/rack-0', 7],
      ['pod-a/rack-1', 8],
    ]);
  });

  it('reports an index a copy already took at the spec line of the entry that takes it again', () => {
    expect(errorOf(edit('  - name: pod-c\n', '  - name: pod-c\n    index: 5\n', twoPods))).toEqual({
      where: 'spec.yaml:26:5',
      problem: 'mini/pod-c: SuperPoD index is already used by another SuperPoD',
      value: 5,
      fix: 'give each SuperPod a distinct index, or leave index out',
    });
    const rackClash = edit(
      '        nodes:\n',
      '        nodes: []\n      - name: extra\n        index: 1\n        power:\n          busbar: { voltage: 800 V, current: 150 A }\n        cooling:\n          air: { capacity: 30 kW }\n        nodes:\n',
    );
    expect(errorOf(rackClash)).toMatchObject({
      where: 'spec.yaml:17:9',
      problem: 'mini/pod-a/extra: rack index is already used in SuperPoD "pod-a"',
      value: 1,
    });
  });
});

describe('clashes between nodes', () => {
  it('reports a Kubernetes node name used twice at the node entry that repeats it', () => {
    const named = edit('            height: 4\n', '            height: 4\n            nodeName: same-node\n');
    expect(errorOf(named)).toEqual({
      where: 'spec.yaml:17:13',
      problem: 'mini/pod-a/rack-0/dt-1: Kubernetes node name is already used by "mini/pod-a/rack-0/dt-0"',
      value: 'same-node',
      fix: 'set a distinct nodeName, or give the rack or node another id',
    });
  });

  it('reports a pool holding two node types, and one pool with two ways of handing out devices', () => {
    const gpu = `          - name: gpu
            type: dgx-h100
            pool: ascend-950dt-node-decode
`;
    expect(errorOf(`${minimal}${gpu}`)).toEqual({
      where: 'spec.yaml:24:13',
      problem:
        'mini/pod-a/rack-0/gpu: node pool "ascend-950dt-node-decode" holds ascend-950dt-node nodes, not dgx-h100',
      value: 'dgx-h100',
      fix: 'put nodes of another type in their own pool',
    });
    const dra = `          - name: dra
            type: ascend-950dt-node
            role: decode
            height: 4
            deviceAllocation: dra
`;
    expect(errorOf(`${minimal}${dra}`)).toMatchObject({
      where: 'spec.yaml:24:13',
      problem:
        'mini/pod-a/rack-0/dra: node pool "ascend-950dt-node-decode" hands out accelerators with device-plugin, this node with dra',
      value: 'dra',
    });
  });
});

describe('quantities the unit factories refuse', () => {
  it('reports a negative current at its value, in the spec words, with a spec example', () => {
    expect(errorOf(edit('current: 150 A', 'current: -150 A'))).toEqual({
      where: 'spec.yaml:13:46',
      problem: 'current -150 A needs a finite non-negative number for a current',
      value: '-150 A',
      fix: 'write a current like "150 A"',
    });
  });

  it('reports an amount past the float range as not a quantity of the kind', () => {
    expect(errorOf(edit('current: 150 A', 'current: 1e999 A'))).toEqual({
      where: 'spec.yaml:13:46',
      problem: 'not a current',
      value: '1e999 A',
      fix: 'write a number with a unit, see `superpod spec schema`',
    });
  });
});

describe('node types', () => {
  it('builds a 950DT node with its eight NPUs, and says eight is the only count when given another', () => {
    const inventory = load(
      edit('            role: decode\n', '            role: decode\n            acceleratorCount: 8\n'),
    );
    expect(inventory.nodes.every((n) => n.acceleratorCount === 8)).toBe(true);
    expect(
      errorOf(edit('            role: decode\n', '            role: decode\n            acceleratorCount: 4\n')),
    ).toEqual({
      where: 'spec.yaml:17:13',
      problem: 'mini/pod-a/rack-0/dt-0: acceleratorCount must be 8',
      value: 4,
      fix: 'every ascend-950dt-node holds 8 ascend-950dt accelerators; leave acceleratorCount out, or pick a node type with fewer',
    });
  });

  it('builds a card server with fewer cards than its default, and exports the count it was given', () => {
    const cards = `          - name: pr
            type: atlas-350-server-16
            acceleratorCount: 12
            role: prefill
            height: 4
`;
    const inventory = load(`${minimal}${cards}`);
    const server = inventory.nodes.find((n) => n.id === 'pod-a/rack-0/pr')!;
    expect(server).toMatchObject({ nodeTypeId: 'atlas-350-server-16', acceleratorCount: 12, uPosition: 25 });
    const exported = exportSpec(inventory).superPods[0]!.racks[0]!.nodes!;
    expect(exported.at(-1)).toMatchObject({ name: 'pr', type: 'atlas-350-server-16', acceleratorCount: 12 });
  });
});

describe('a SuperCluster', () => {
  it('takes the default latency of its link kind when the spec gives none, and exports it', () => {
    const text = edit(
      'superPods:\n',
      'superCluster:\n  name: sc\n  interPodLink: { kind: uboe, bandwidthPerNpu: 50 GB/s }\nsuperPods:\n',
    );
    const inventory = load(text);
    expect(inventory.superClusters[0]).toMatchObject({ id: 'sc', name: 'sc' });
    expect(inventory.superClusters[0]!.interPodLink).toMatchObject({ kind: 'uboe', latencyS: 2.1e-6 });
    expect(inventory.superPods.map((p) => p.id)).toEqual(['sc/pod-a']);
    expect(exportSpec(inventory).superCluster).toEqual({
      name: 'sc',
      source: 'spec.yaml:6:3',
      interPodLink: { kind: 'uboe', bandwidthPerNpu: '50 GB/s', latency: '2100 ns' },
    });
  });
});

describe('exporting what a spec cannot hold', () => {
  it('refuses a suppression on an element no spec entry stands for', () => {
    const inventory = load(minimal);
    const odd = { ...inventory, suppressions: [{ ruleId: 'POWER-002', target: 'pod-a/rack-0/psu', reason: 'x' }] };
    expect(inputErrorOf(() => exportSpec(odd as unknown as Inventory))).toMatchObject({
      where: 'pod-a/rack-0/psu',
      problem: 'suppression of POWER-002 sits on an element a spec cannot hold',
      fix: 'attach it to a SuperPod, rack or node',
    });
    const onStack = { ...inventory, suppressions: [{ ruleId: 'POWER-002', target: '', reason: 'x' }] };
    expect(inputErrorOf(() => exportSpec(onStack as unknown as Inventory)).where).toBe('mini');
  });

  it('refuses a workload without a container', () => {
    const withWorkload = `${minimal}workloads:
  - kind: TrainingJob
    name: sft
    pool: ascend-950dt-node-decode
    replicas: 1
    container: { image: registry.example.com/train:1 }
`;
    const inventory = load(withWorkload);
    const bare = { ...inventory, workloads: inventory.workloads.map((w) => ({ ...w, container: undefined })) };
    expect(inputErrorOf(() => exportSpec(bare as unknown as Inventory))).toMatchObject({
      where: 'spec export',
      problem: 'a workload has no container',
    });
  });

  it('writes the kubernetes settings a stack always has, and leaves out the default Volcano NPU plugin', () => {
    expect(exportSpec(load(minimal)).kubernetes).toEqual({
      scheduler: 'volcano',
      devicePluginNamespace: 'kube-system',
      devicePluginImage: expect.stringMatching(/ascend-k8sdeviceplugin:v\d/),
    });
  });
});

describe('the YAML reader', () => {
  it('refuses an alias bomb instead of expanding it', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
    ].join('\n');
    const error = inputErrorOf(() => parseSpecText(bomb, 'bomb.yaml'));
    expect(error.where).toBe('bomb.yaml');
    expect(error.problem).toBe('cannot read the YAML: Excessive alias count indicates a resource exhaustion attack');
    expect(error.fix).toBe('remove anchors and aliases that expand too much');
  });

  it('reports a duplicate key at the key, and locates a missing key at its parent', () => {
    expect(
      inputErrorOf(() => parseSpecText(edit('  name: mini\n', '  name: mini\n  name: other\n'), 's.yaml')),
    ).toEqual(expect.objectContaining({ where: 's.yaml:5:3', problem: 'not valid YAML: Map keys must be unique' }));
    const doc = parseSpecText(minimal, 's.yaml');
    expect(doc.locate(['superPods', 0, 'racks', 0], 'count')).toBe('s.yaml:9:9');
    expect(doc.locate(['superPods', 0, 'racks', 0], 'nope')).toBe('s.yaml:8:9');
    expect(doc.locate(['superPods', 0, 'racks', 9, 'nodes'])).toBe('s.yaml:8:7'); // the list, at its first '-'
    expect(doc.locate(['nowhere'])).toBe('s.yaml:1:1');
  });

  it('reads a spec file of a few kilobytes', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'superpod-spec-'));
    try {
      const file = path.join(dir, 'everything.yaml');
      fs.writeFileSync(file, CANONICAL_SPEC);
      expect(readSpecFile(file).data).toEqual(parseSpecText(CANONICAL_SPEC, file).data);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives the YAML error without its position in the text: the position is the where', () => {
    const error = inputErrorOf(() => parseSpecText('a:\n  b: 1\n c: 2\n', 'bad.yaml'));
    expect(error.where).toMatch(/^bad\.yaml:\d+:\d+$/);
    expect(error.problem).toMatch(/^not valid YAML: [^\n]+$/);
    expect(error.problem).not.toMatch(/line \d|column \d/);
  });

  it('reads a missing spec file as an input error that says what to pass', () => {
    expect(inputErrorOf(() => readSpecFile('/nonexistent/spec.yaml'))).toMatchObject({
      where: '/nonexistent/spec.yaml',
      problem: 'cannot read the spec: no such file or folder (ENOENT)',
      fix: 'pass the path of a YAML or JSON spec, e.g. -f spec.yaml (superpod spec init writes one); use count: to repeat racks and nodes in a large one',
    });
  });

  it('locates below leading comments, in an empty file, and never a key of a parent map', () => {
    expect(parseSpecText('# a comment\n\nkind: x\n', 'c.yaml').locate(['nowhere'])).toBe('c.yaml:3:1');
    expect(parseSpecText('', 'e.yaml').locate(['a'])).toBe('e.yaml:1:1');
    // pod-a's map starts at its name (6:5); its racks key is at 7:5 and must not be taken for a missing child's key
    expect(parseSpecText(minimal, 's.yaml').locate(['superPods', 0, 'missing'], 'racks')).toBe('s.yaml:6:5');
    expect(inputErrorOf(() => parseSpecText('a: 1\na: 2\n', 'd.yaml')).fix).toBe(
      'fix the syntax at that position (indentation, a missing ":" or quote, a duplicate key)',
    );
  });

  it('writes JSON with two-space indents and YAML with the header that says how to use it', () => {
    const spec = exportSpec(load(minimal));
    const yaml = serializeSpec(spec, 'yaml');
    expect(yaml.split('\n').slice(0, 4)).toEqual([
      '# superpod cluster spec. Build it with `superpod synth -f <file>`; check it with `superpod check -f <file>`.',
      '# Quantities carry units ("900 W", "150 A", "800 V", "80 kg", "50 GB/s"). `count: N` repeats an entry, with {i} in',
      '# its name replaced by 0..N-1. `source:` says where an entry was first written; reports point there.',
      '# JSON Schema for editors: `superpod spec schema > cluster-spec.schema.json`.',
    ]);
    expect(yaml.split('\n')[4]).toBe('apiVersion: superpod.dev/v1alpha1');
    const json = serializeSpec(spec, 'json');
    expect(json.startsWith('{\n  "apiVersion": "superpod.dev/v1alpha1",\n  "kind": "ClusterSpec",')).toBe(true);
    expect(json.endsWith('}\n')).toBe(true);
  });
});
