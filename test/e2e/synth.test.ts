import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../../src/k8s/object.ts';
import { repoRoot, runCli, srcIndex } from '../helpers/cli.ts';
import { validateKubeObject } from '../helpers/validate-k8s.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'superpod-e2e-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function readTree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.set(path.relative(dir, full), fs.readFileSync(full, 'utf8'));
    }
  };
  walk(dir);
  return files;
}

describe('superpod synth on the reference stack', () => {
  const outA = path.join(work, 'a');
  const outB = path.join(work, 'b');
  let first: Awaited<ReturnType<typeof runCli>>;

  beforeAll(async () => {
    first = await runCli(['synth', '--out', outA]);
    await runCli(['synth', '--out', outB]);
  }, 60_000);

  it('exits 0 and writes Terraform JSON and YAML manifests', () => {
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/pd-slice: 1 SuperPoD, 7 racks, 44 nodes, 352 accelerators/);
    const files = [...readTree(outA).keys()];
    expect(files).toEqual(
      expect.arrayContaining([
        'manifest.json',
        'stacks/pd-slice/cdk.tf.json',
        'stacks/pd-slice/manifests/00-rbac.yaml',
        'stacks/pd-slice/manifests/10-device-plugins.yaml',
        'stacks/pd-slice/manifests/20-node-labels.yaml',
      ]),
    );
  });

  it('is deterministic and free of absolute paths', () => {
    const a = readTree(outA);
    const b = readTree(outB);
    expect([...a.keys()]).toEqual([...b.keys()]);
    for (const [file, text] of a) {
      expect(b.get(file), file).toBe(text);
      expect(text.includes(work), file).toBe(false);
      expect(text.includes(repoRoot), file).toBe(false);
      expect(text.includes(os.homedir()), file).toBe(false);
    }
  });

  it('holds the same objects in YAML and Terraform JSON, all valid', async () => {
    const dir = path.join(outA, 'stacks/pd-slice');
    const tf = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8'));
    expect(tf.terraform.required_providers.kubernetes).toEqual({ source: 'hashicorp/kubernetes', version: '~> 2.38' });
    expect(tf.terraform.backend.local.path).toBe('terraform.pd-slice.tfstate');
    const tfObjects = Object.values(tf.resource.kubernetes_manifest as Record<string, { manifest: KubeObject }>).map(
      (r) => r.manifest,
    );
    const yamlObjects: KubeObject[] = [];
    for (const name of ['00-rbac.yaml', '10-device-plugins.yaml']) {
      for (const doc of parseAllDocuments(fs.readFileSync(path.join(dir, 'manifests', name), 'utf8')))
        yamlObjects.push(doc.toJSON());
    }
    const byKey = (objects: KubeObject[]) => new Map(objects.map((o) => [`${o.kind}/${o.metadata.name}`, o]));
    expect(byKey(tfObjects)).toEqual(byKey(yamlObjects));
    const labelNodes = parseAllDocuments(fs.readFileSync(path.join(dir, 'manifests/20-node-labels.yaml'), 'utf8')).map(
      (d) => d.toJSON() as KubeObject,
    );
    const tfLabels = tf.resource.kubernetes_labels.node_labels;
    expect(tfLabels.labels).toBe('${each.value}');
    expect(tfLabels.metadata).toEqual({ name: '${each.key}' });
    expect(Object.keys(tfLabels.for_each)).toHaveLength(44);
    for (const node of labelNodes) expect(tfLabels.for_each[node.metadata.name]).toEqual(node.metadata.labels);
    for (const object of [...yamlObjects, ...labelNodes]) await validateKubeObject(object);
  });
});

describe('superpod synth on bad input', () => {
  const cases: Array<[string, string, RegExp]> = [
    [
      'nine-cards',
      "new Atlas350Server(rack, 'pr-0', { cards: 9 });",
      /^error: bad\/pod-b\/rack-05\/pr-0: acceleratorCount must be a whole number from 1 to 8 \(got 9\)/,
    ],
    [
      'negative-power',
      "new Ascend950DTNode(rack, 'dt-0', { acceleratorPower: Power.watts(-900) });",
      /^error: .*bad-stack\.ts:\d+:\d+: Power\.watts\(\) needs a finite non-negative number .*\(got -900\)/,
    ],
    [
      'unknown-node-type',
      "new AcceleratorNode(rack, 'x', { nodeType: NodeType.of('dgx-h999') });",
      /^error: bad\/pod-b\/rack-05\/x: .*dgx-h999.*dgx-h100/,
    ],
    [
      'full-rack',
      'for (let i = 0; i < 40; i++) new Ascend950DTNode(rack, `dt-${i}`, { height: RackUnits.of(4) });',
      /^error: bad\/pod-b\/rack-05\/dt-\d+: rack "bad\/pod-b\/rack-05" is full/,
    ],
  ];

  for (const [name, body, expected] of cases) {
    it(`fails when ${name}: exit 2, one line, no partial output`, async () => {
      const dir = fs.mkdtempSync(path.join(work, `${name}-`));
      const file = path.join(dir, 'bad-stack.ts');
      fs.writeFileSync(
        file,
        `import { AcceleratorNode, App, Ascend950DTNode, Atlas350Server, Cooling, Current, NodeType, Power, Rack800VDC, RackPower, RackUnits, SuperPod, SuperPodStack, Voltage } from ${JSON.stringify(srcIndex)};
const app = new App();
const stack = new SuperPodStack(app, 'bad');
const rack = new Rack800VDC(new SuperPod(stack, 'pod-b'), 'rack-05', {
  power: RackPower.busbar({ voltage: Voltage.volts(800), current: Current.amperes(150) }),
  cooling: Cooling.directLiquid({ liquidCapacity: Power.kilowatts(90), airCapacity: Power.kilowatts(20) }),
});
${body}
app.synth();
`,
      );
      const out = path.join(dir, 'out');
      fs.mkdirSync(out);
      fs.writeFileSync(path.join(out, 'previous.txt'), 'kept');
      const run = await runCli(['synth', '--app', file, '--out', out], { cwd: dir });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(expected);
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(run.stdout).toBe('');
      expect(fs.readdirSync(dir).sort()).toEqual(['bad-stack.ts', 'out']);
      expect(fs.readdirSync(out)).toEqual(['previous.txt']);
    }, 30_000);
  }

  it('fails when the app file does not exist', async () => {
    const run = await runCli(['synth', '--app', 'nope.ts'], { cwd: work });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: nope\.ts: app file not found/);
  });

  it('fails on an unknown flag with exit 2', async () => {
    const run = await runCli(['synth', '--frobnicate']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: superpod synth: unknown option '--frobnicate'/);
  });
});
