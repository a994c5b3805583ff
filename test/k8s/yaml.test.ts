import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { toYaml } from '../../src/k8s/yaml.ts';

describe('YAML emitter', () => {
  it('writes Kubernetes objects in block style', () => {
    const text = toYaml({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'n-0', labels: { 'huawei.com/topotree.rackid': '0', on: 'true', e: '' } },
      spec: { taints: [], list: [{ a: 1, b: [true, null] }, 'x'] },
    });
    expect(text).toBe(
      [
        'apiVersion: v1',
        'kind: Node',
        'metadata:',
        '  name: n-0',
        '  labels:',
        '    huawei.com/topotree.rackid: "0"',
        '    "on": "true"',
        '    e: ""',
        'spec:',
        '  taints: []',
        '  list:',
        '  - a: 1',
        '    b:',
        '    - true',
        '    - null',
        '  - x',
        '',
      ].join('\n'),
    );
  });

  it('reads back exactly what it wrote (property)', () => {
    const key = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom('true', 'null', '-x', 'a: b', 'a #b', '0x1F', '1e3', 'ñ', ' lead'),
    );
    const leaf = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
      fc.constant(null),
      key,
    );
    const tree = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(key, tie('node'), { maxKeys: 4 }),
      ),
    })).node;
    fc.assert(
      fc.property(fc.dictionary(key, tree, { maxKeys: 5 }), (object) => {
        expect(parse(toYaml(object))).toEqual(JSON.parse(JSON.stringify(object)));
      }),
      { numRuns: 600, seed: 11 },
    );
  }, 60_000);
});
