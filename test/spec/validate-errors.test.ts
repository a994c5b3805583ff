/**
 * One hostile edit of a small spec per kind of schema error, and the whole error it gives: the file:line:column of
 * the bad value, the field path in words, the value, and the fix. The end-to-end tests run hostile specs through
 * the binary; these pin each branch of the message where a mutant can be seen.
 */
import { describe, expect, it } from 'vitest';
import { parseSpecText } from '../../src/spec/document.ts';
import { validateSpec } from '../../src/spec/validate.ts';
import { inputErrorOf } from '../helpers/errors.ts';
import { MINIMAL_SPEC as minimal } from './minimal-spec.ts';

const RACK_FIELDS =
  'name, count, labelName, index, source, height, reserved, weightLimit, power, cooling, suppressions, nodes';

function errorOf(text: string) {
  const { where, problem, value, fix } = inputErrorOf(() => validateSpec(parseSpecText(text, 'spec.yaml')));
  return { where, problem, value, fix };
}
const edit = (from: string | RegExp, to: string) => {
  const text = minimal.replace(from, to);
  if (text === minimal) throw new Error(`the edit ${from} changed nothing`);
  return text;
};

describe('schema errors, one per kind', () => {
  it('names a missing field with a hint of its form, or without one where there is none', () => {
    expect(errorOf(edit('        power:\n          busbar: { voltage: 800 V, current: 150 A }\n', ''))).toEqual({
      where: 'spec.yaml:8:9',
      problem: 'superPods[0].racks[0] is missing "power"',
      value: undefined,
      fix: 'add power: ... (busbar: { voltage: "800 V", current: "150 A" })',
    });
    expect(
      errorOf(edit('        cooling:\n          directLiquid: { liquidCapacity: 90 kW, airCapacity: 20 kW }\n', ''))
        .fix,
    ).toBe('add cooling: ... (directLiquid: { liquidCapacity: "90 kW", airCapacity: "20 kW" })');
    expect(errorOf(edit(/ {4}racks:\n[\s\S]*$/, '    fabric: atlas950\n'))).toMatchObject({
      where: 'spec.yaml:6:5',
      problem: 'superPods[0] is missing "racks"',
      fix: 'add racks: ... (a list of racks)',
    });
    expect(errorOf(edit('            type: ascend-950dt-node\n', '')).fix).toBe(
      'add type: ... (a node type such as ascend-950dt-node; see `superpod catalog list node-types`)',
    );
    expect(errorOf(edit('      - name: rack-{i}\n        count: 2\n', '      - count: 2\n')).fix).toBe(
      'add name: ... (an id such as rack-01)',
    );
    expect(errorOf(edit('kind: ClusterSpec\n', ''))).toEqual({
      where: 'spec.yaml:1:1',
      problem: 'the spec is missing "kind"',
      value: undefined,
      fix: 'add kind: ...',
    });
  });

  it('points at a misspelt field with the nearest one, or lists the allowed fields', () => {
    expect(errorOf(edit('reserved: 8', 'reservd: 8'))).toEqual({
      where: 'spec.yaml:11:9',
      problem: 'unknown field "reservd" in superPods[0].racks[0]',
      value: undefined,
      fix: `did you mean "reserved"? (allowed: ${RACK_FIELDS})`,
    });
    expect(errorOf(edit('reserved: 8', 'colour: 8')).fix).toBe(`remove it; allowed fields: ${RACK_FIELDS}`);
  });

  it('asks for a unit on a bare quantity, and for the right JSON type with its article', () => {
    expect(errorOf(edit('900 W', '900'))).toEqual({
      where: 'spec.yaml:21:31',
      problem: 'superPods[0].racks[0].nodes[0].acceleratorPower must be a power with a unit',
      value: 900,
      fix: 'write it like "900 W" (units: W, kW, MW)',
    });
    expect(errorOf(edit('height: 48', 'height: tall'))).toEqual({
      where: 'spec.yaml:10:17',
      problem: 'superPods[0].racks[0].height must be an integer',
      value: 'tall',
      fix: 'write superPods[0].racks[0].height as an integer',
    });
    expect(errorOf(edit(/racks:\n[\s\S]*$/, 'racks: 7\n'))).toMatchObject({
      problem: 'superPods[0].racks must be an array',
      fix: 'write superPods[0].racks as an array',
    });
    expect(errorOf(edit('name: mini', 'name: 5'))).toEqual({
      where: 'spec.yaml:4:9',
      problem: 'metadata.name must be a string',
      value: 5,
      fix: 'write metadata.name as a string',
    });
    expect(errorOf('- 1\n- 2\n')).toEqual({
      where: 'spec.yaml:1:1',
      problem: 'the spec must be an object',
      value: [1, 2],
      fix: 'write the spec as an object',
    });
  });

  it('says a name breaks its pattern, with the field description as the fix or the general rule', () => {
    expect(errorOf(edit('name: mini', 'name: Mini_1'))).toEqual({
      where: 'spec.yaml:4:9',
      problem: 'metadata.name is not a valid name',
      value: 'Mini_1',
      fix: 'stack name: output goes to cdktf.out/stacks/<name>/',
    });
    expect(errorOf(edit('        reserved: 8\n', '        reserved: 8\n        labelName: Bad_Label\n'))).toEqual({
      where: 'spec.yaml:12:20',
      problem: 'superPods[0].racks[0].labelName is not a valid name',
      value: 'Bad_Label',
      fix: 'use lower-case letters, digits and "-"',
    });
  });

  it('lists the allowed values of an enum and the one value of a const', () => {
    expect(errorOf(edit('role: decode', 'role: chef'))).toEqual({
      where: 'spec.yaml:20:19',
      problem: 'superPods[0].racks[0].nodes[0].role has an unknown value',
      value: 'chef',
      fix: 'use one of "prefill", "decode", "training", "spare", "general"',
    });
    expect(errorOf(edit('kind: ClusterSpec', 'kind: Cluster'))).toEqual({
      where: 'spec.yaml:2:7',
      problem: 'kind must be "ClusterSpec"',
      value: 'Cluster',
      fix: 'set kind: "ClusterSpec"',
    });
  });

  it('asks for exactly one cooling method, naming what was given', () => {
    const both = edit(
      'directLiquid: { liquidCapacity: 90 kW, airCapacity: 20 kW }',
      'directLiquid: { liquidCapacity: 90 kW, airCapacity: 20 kW }\n          air: { capacity: 20 kW }',
    );
    expect(errorOf(both)).toEqual({
      where: 'spec.yaml:15:11',
      problem: 'superPods[0].racks[0].cooling must name exactly one of directLiquid, air',
      value: ['directLiquid', 'air'],
      fix: 'keep one of directLiquid, air',
    });
    const none = edit('cooling:\n          directLiquid: { liquidCapacity: 90 kW, airCapacity: 20 kW }', 'cooling: {}');
    expect(errorOf(none)).toMatchObject({ where: 'spec.yaml:14:18', value: [] });
  });

  it('explains the two forms of a fabric, or what a custom fabric being written lacks', () => {
    expect(errorOf(edit('  - name: pod-a\n', '  - name: pod-a\n    fabric: atlas951\n'))).toEqual({
      where: 'spec.yaml:7:13',
      problem: 'superPods[0].fabric must be "atlas950" or a custom fabric with name, x, y and z levels',
      value: 'atlas951',
      fix: 'write fabric: atlas950, or give name, x, y, z with maxNpus, bandwidthPerNpu and latency each',
    });
    expect(errorOf(edit('  - name: pod-a\n', '  - name: pod-a\n    fabric: [atlas950]\n')).problem).toBe(
      'superPods[0].fabric must be "atlas950" or a custom fabric with name, x, y and z levels',
    );
    expect(errorOf(edit('  - name: pod-a\n', '  - name: pod-a\n    fabric: { name: x }\n'))).toEqual({
      where: 'spec.yaml:7:13',
      problem: 'superPods[0].fabric is missing "x"',
      value: undefined,
      fix: 'add x: ...',
    });
    const level = '{ maxNpus: 8, bandwidthPerNpu: 2 TB/s, latency: 200 ps }';
    const custom = `    fabric: { name: lab, x: ${level}, y: ${level}, z: ${level} }\n`;
    expect(errorOf(edit('  - name: pod-a\n', `  - name: pod-a\n${custom}`))).toEqual({
      where: 'spec.yaml:7:77', // the first "200 ps"
      problem: 'superPods[0].fabric.x.latency must be a duration with a unit',
      value: '200 ps',
      fix: 'write it like "50 ms" (units: ns, us, ms, s, min, h)',
    });
  });

  it('asks for an entry in an empty list, a longer reason, and a count of at least one', () => {
    expect(errorOf(edit(/superPods:\n[\s\S]*$/, 'superPods: []\n'))).toEqual({
      where: 'spec.yaml:5:12',
      problem: 'superPods needs at least 1 entry',
      value: undefined,
      fix: 'add an entry to superPods',
    });
    const reason = edit(
      '        nodes:\n',
      '        suppressions:\n          - { rule: POWER-002, reason: short }\n        nodes:\n',
    );
    expect(errorOf(reason)).toEqual({
      where: 'spec.yaml:17:40',
      problem: 'superPods[0].racks[0].suppressions[0].reason is too short (at least 10 characters)',
      value: 'short',
      fix: 'why the finding is accepted (at least 10 characters)',
    });
    expect(errorOf(edit('count: 2', 'count: 0'))).toEqual({
      where: 'spec.yaml:9:16',
      problem: 'superPods[0].racks[0].count must be >= 1',
      value: 0,
      fix: 'expected: repeat this rack (name must contain {i})',
    });
  });

  it('refuses a spec that expands past 262,144 nodes, at the SuperPoD that crosses the line', () => {
    expect(errorOf(edit('count: 2', 'count: 70000'))).toEqual({
      where: 'spec.yaml:6:5',
      problem: 'the spec expands to more than 262,144 nodes',
      value: 280_000,
      fix: 'check the count: fields; a whole Atlas 950 SuperCluster is 65,536 nodes',
    });
    expect(() => validateSpec(parseSpecText(edit('count: 2', 'count: 65536'), 'spec.yaml'))).not.toThrow();
  });
});

describe('keys that are not plain names', () => {
  const labelled = (labels: string) =>
    edit('            height: 4\n', `            height: 4\n            labels: ${labels}\n`);

  it('names and locates a label key with "/" and "~" (escaped in the schema error as ~1 and ~0)', () => {
    expect(errorOf(labelled('{ superpod.dev/tier: [gold] }'))).toEqual({
      where: 'spec.yaml:24:42',
      problem: 'superPods[0].racks[0].nodes[0].labels.superpod.dev/tier must be a string',
      value: ['gold'],
      fix: 'write superPods[0].racks[0].nodes[0].labels.superpod.dev/tier as a string',
    });
    expect(errorOf(labelled('{ a~b/c: 1 }'))).toMatchObject({
      where: 'spec.yaml:24:30',
      problem: 'superPods[0].racks[0].nodes[0].labels.a~b/c must be a string',
    });
  });

  it('reads a key of digits in a map as a key, not a list index', () => {
    expect(errorOf(labelled('{ "12": 3 }'))).toMatchObject({
      where: 'spec.yaml:24:29',
      problem: 'superPods[0].racks[0].nodes[0].labels.12 must be a string',
      value: 3,
    });
  });
});
