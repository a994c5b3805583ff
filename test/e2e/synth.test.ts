import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../../src/k8s/object.ts';
import { readTree, repoRoot, runCli, srcIndex } from '../helpers/cli.ts';
import { isCustomGroup, validateObject } from '../k8s/validate.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'superpod-e2e-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('superpod synth on the reference stack', () => {
  const outA = path.join(work, 'a');
  const outB = path.join(work, 'b');
  let first: Awaited<ReturnType<typeof runCli>>;

  // The README's main job, `npm run synth` in a clone: the checkout's binary on the TypeScript sources.
  beforeAll(async () => {
    first = await runCli(['synth', '--out', outA], { checkout: true });
    await runCli(['synth', '--out', outB], { checkout: true });
  }, 60_000);

  it('exits 0 and writes Terraform JSON and YAML manifests', () => {
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/pd-slice: 2 SuperPoD, 7 racks, 44 nodes, 352 accelerators/);
    const files = [...readTree(outA).keys()];
    expect(files).toEqual(
      expect.arrayContaining([
        'manifest.json',
        'stacks/pd-slice/cdk.tf.json',
        'stacks/pd-slice/manifests/00-rbac.yaml',
        'stacks/pd-slice/manifests/10-device-plugins.yaml',
        'stacks/pd-slice/manifests/20-node-labels.yaml',
        'stacks/pd-slice/manifests/15-dra-device-classes.yaml',
        'stacks/pd-slice/manifests/16-dra-resource-slices.yaml',
        'stacks/pd-slice/manifests/30-volcano-scheduler.yaml',
        'stacks/pd-slice/manifests/40-volcano-queues.yaml',
        'stacks/pd-slice/manifests/41-volcano-hypernodes.yaml',
        'stacks/pd-slice/manifests/50-workloads.yaml',
        'stacks/pd-slice-workloads/cdk.tf.json',
        'stacks/pd-slice/resource_slices.json',
        'stacks/pd-slice/node_labels.json',
        'stacks/pd-slice-workloads/hypernodes.json',
      ]),
    );
    expect(first.stdout).toMatch(/-> 38 objects \+ labels for 44 nodes/);
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
    const readTf = (stack: string) =>
      JSON.parse(fs.readFileSync(path.join(outA, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
    const platform = readTf('pd-slice');
    const workloads = readTf('pd-slice-workloads');
    for (const tf of [platform, workloads])
      expect(tf.terraform.required_providers.kubernetes).toEqual({
        source: 'hashicorp/kubernetes',
        version: '~> 3.2',
      });
    expect(platform.terraform.backend.local.path).toBe('terraform.pd-slice.tfstate');
    expect(workloads.terraform.backend.local.path).toBe('terraform.pd-slice-workloads.tfstate');
    // Per-node and per-rack objects are one for_each block each, reading their instances from a JSON file beside
    // cdk.tf.json (decoded at plan time, so no Terraform template parsing and no cdktf token walk at 1,024 nodes).
    const readData = (stack: string, file: string) =>
      JSON.parse(fs.readFileSync(path.join(outA, 'stacks', stack, file), 'utf8')) as Record<string, KubeObject>;
    const manifestOf = (
      stack: string,
      tf: { resource: { kubernetes_manifest: Record<string, Record<string, unknown>> } },
    ) =>
      Object.entries(tf.resource.kubernetes_manifest).flatMap(([id, r]) => {
        if (!r.for_each) return [r.manifest as KubeObject];
        expect(r.for_each).toBe(`\${jsondecode(file("\${path.module}/${id}.json"))}`);
        expect(r.manifest).toBe('${each.value}');
        return Object.values(readData(stack, `${id}.json`));
      });
    const platformObjects = manifestOf('pd-slice', platform);
    const workloadObjects = manifestOf('pd-slice-workloads', workloads);
    expect(Object.keys(readData('pd-slice', 'resource_slices.json'))).toHaveLength(12);
    expect(Object.keys(readData('pd-slice-workloads', 'hypernodes.json'))).toHaveLength(5);
    // Custom resources are planned by the workloads stack, after the platform stack (and the CRDs) exist.
    expect(platformObjects.filter((o) => isCustomGroup(o.apiVersion))).toEqual([]);
    expect(new Set(workloadObjects.filter((o) => isCustomGroup(o.apiVersion)).map((o) => o.kind))).toEqual(
      new Set(['Queue', 'HyperNode', 'PodGroup', 'LeaderWorkerSet', 'Job']),
    );
    const manifest = JSON.parse(fs.readFileSync(path.join(outA, 'manifest.json'), 'utf8'));
    expect(manifest.stacks['pd-slice-workloads'].dependencies).toEqual(['pd-slice']);
    const yamlObjects: KubeObject[] = [];
    for (const name of fs.readdirSync(path.join(dir, 'manifests')).sort()) {
      if (name === '20-node-labels.yaml') continue;
      for (const doc of parseAllDocuments(fs.readFileSync(path.join(dir, 'manifests', name), 'utf8')))
        yamlObjects.push(doc.toJSON());
    }
    const byKey = (objects: KubeObject[]) =>
      new Map(objects.map((o) => [`${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`, o]));
    expect(byKey([...platformObjects, ...workloadObjects])).toEqual(byKey(yamlObjects));
    expect(yamlObjects).toHaveLength(38);
    const labelNodes = parseAllDocuments(fs.readFileSync(path.join(dir, 'manifests/20-node-labels.yaml'), 'utf8')).map(
      (d) => d.toJSON() as KubeObject,
    );
    const tfLabels = platform.resource.kubernetes_labels.node_labels;
    expect(tfLabels.labels).toBe('${each.value}');
    expect(tfLabels.metadata).toEqual({ name: '${each.key}' });
    expect(tfLabels.for_each).toBe('${jsondecode(file("${path.module}/node_labels.json"))}');
    const labelData = readData('pd-slice', 'node_labels.json') as unknown as Record<string, Record<string, string>>;
    expect(Object.keys(labelData)).toHaveLength(44);
    for (const node of labelNodes) expect(labelData[node.metadata.name]).toEqual(node.metadata.labels);
    for (const object of [...yamlObjects, ...labelNodes]) await validateObject(object);
  }, 60_000);
});

describe('superpod synth on bad input', () => {
  const cases: Array<[string, string, RegExp]> = [
    [
      'seventeen-cards',
      "new Atlas350Server(rack, 'pr-0', { cards: 17 });",
      /^error: bad\/pod-b\/rack-05\/pr-0: acceleratorCount must be a whole number from 1 to 16 \(got 17\)/,
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
  }, 30_000);

  it('fails on an unknown flag with exit 2', async () => {
    const run = await runCli(['synth', '--frobnicate']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: superpod synth: unknown option '--frobnicate'/);
  }, 30_000);
});
