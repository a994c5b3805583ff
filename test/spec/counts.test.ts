import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { App } from '../../src/app/app.ts';
import { buildFromSpec } from '../../src/spec/build.ts';
import { parseSpecText } from '../../src/spec/document.ts';
import { validateSpec } from '../../src/spec/validate.ts';
import { inputErrorOf } from '../helpers/errors.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'superpod-spec-counts-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** One SuperPoD entry (repeated `pods` times), `racks` racks of `perRack` 950DT nodes each. */
function spec(o: { pods?: number; racks: number; perRack: number; podName?: string; nodeName?: string }): string {
  const podCount = o.pods === undefined ? '' : `\n    count: ${o.pods}`;
  return `apiVersion: superpod.dev/v1alpha1
kind: ClusterSpec
metadata:
  name: counts
superPods:
  - name: ${o.podName ?? (o.pods === undefined ? 'pod-a' : 'pod-{i}')}${podCount}
    racks:
      - { name: 'rack-{i}', count: ${o.racks}, height: 48, reserved: 8,
          power: { busbar: { voltage: 800 V, current: 150 A } },
          cooling: { directLiquid: { liquidCapacity: 90 kW, airCapacity: 20 kW } },
          nodes: [{ name: '${o.nodeName ?? 'dt-{i}'}', count: ${o.perRack}, type: ascend-950dt-node, role: decode,
                    acceleratorPower: 900 W, hostPower: 1.6 kW, height: 4 }] }
`;
}

const validate = (text: string) => validateSpec(parseSpecText(text, 'spec.yaml'));

describe('spec size guard counts every level of count:', () => {
  // 75 racks x 4 nodes = 300 nodes per SuperPoD; the guard is 262,144 nodes: 873 pods = 261,900, 874 = 262,200.
  it('accepts a SuperPoD count that stays at or under 262,144 nodes', () => {
    expect(validate(spec({ pods: 873, racks: 75, perRack: 4 })).superPods[0]?.count).toBe(873);
  });

  it('fails when the SuperPoD count alone takes the spec past 262,144 nodes, naming the entry and the total', () => {
    const error = inputErrorOf(() => validate(spec({ pods: 874, racks: 75, perRack: 4 })));
    expect(error.message).toMatch(/^spec\.yaml:6:5: the spec expands to more than 262,144 nodes \(got 262200\)/);
  });

  it('fails when a SuperPoD count of 1000 would build 300,000 nodes', () => {
    expect(inputErrorOf(() => validate(spec({ pods: 1000, racks: 75, perRack: 4 }))).message).toContain('(got 300000)');
  });
});

describe('names with {i}', () => {
  function nodeNames(text: string): string[] {
    const doc = parseSpecText(text, 'spec.yaml');
    const app = new App({ outdir: path.join(work, 'unused') });
    try {
      return buildFromSpec(app, validateSpec(doc), doc)
        .inventory()
        .nodes.map((n) => n.id);
    } finally {
      app.discard();
    }
  }

  it('replaces every {i} in a name, not only the first', () => {
    expect(nodeNames(spec({ racks: 1, perRack: 3, nodeName: 'dt-{i}-slot-{i}' }))).toEqual([
      'pod-a/rack-0/dt-0-slot-0',
      'pod-a/rack-0/dt-1-slot-1',
      'pod-a/rack-0/dt-2-slot-2',
    ]);
  });

  it('numbers each level of count from 0 on its own', () => {
    expect(nodeNames(spec({ pods: 2, racks: 2, perRack: 1 }))).toEqual([
      'pod-0/rack-0/dt-0',
      'pod-0/rack-1/dt-0',
      'pod-1/rack-0/dt-0',
      'pod-1/rack-1/dt-0',
    ]);
  });
});
