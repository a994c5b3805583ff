import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readTree, runCli } from '../helpers/cli.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'superpod-spec-e2e-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('superpod spec', () => {
  // In a checkout, where the reference stack's constructs have their lines in stacks/main.ts and the exported spec
  // carries them (`source:`); the installed package's embedded stack has none, so its reports point at the spec.
  it('exports the reference stack to a spec that synthesises byte-identical output', async () => {
    const specFile = path.join(work, 'reference.yaml');
    const checkout = { checkout: true };
    expect((await runCli(['spec', 'export', '--out', specFile], checkout)).code).toBe(0);
    const fromStack = await runCli(['synth', '--out', path.join(work, 'from-stack')], checkout);
    const fromSpec = await runCli(['synth', '-f', specFile, '--out', path.join(work, 'from-spec')], checkout);
    expect(fromStack.code).toBe(0);
    expect(fromSpec.code).toBe(0);
    const a = readTree(path.join(work, 'from-stack'));
    const b = readTree(path.join(work, 'from-spec'));
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [file, text] of a) expect(b.get(file), file).toBe(text);
  }, 60_000);

  it('publishes a JSON Schema that accepts exported and initial specs', async () => {
    const schema = JSON.parse((await runCli(['spec', 'schema'])).stdout);
    const ajv = new Ajv({ strict: false });
    const validate = ajv.compile(schema);
    const init = path.join(work, 'init.yaml');
    expect((await runCli(['spec', 'init', '--out', init])).code).toBe(0);
    expect(validate(parse(fs.readFileSync(init, 'utf8'))), JSON.stringify(validate.errors)).toBe(true);
    expect(validate(parse((await runCli(['spec', 'export'])).stdout))).toBe(true);
  }, 30_000);

  it('fails when spec init would overwrite a file', async () => {
    const file = path.join(work, 'kept.yaml');
    fs.writeFileSync(file, 'mine');
    const run = await runCli(['spec', 'init', '--out', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/the file exists .*pass --force/);
    expect(fs.readFileSync(file, 'utf8')).toBe('mine');
  }, 30_000);

  it('fails when a spec is bad, with file:line:column and no output', async () => {
    fs.writeFileSync(
      path.join(work, 'bad.yaml'),
      'apiVersion: superpod.dev/v1alpha1\nkind: ClusterSpec\nmetadata:\n  name: bad\nsuperPods:\n  - name: p\n    racks:\n      - name: r\n        power: { busbar: { voltage: 800 V, current: 150 A } }\n        cooling: { air: { capacity: 30 } }\n',
    );
    const run = await runCli(['synth', '-f', 'bad.yaml', '--out', 'out'], { cwd: work });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'error: bad.yaml:10:37: superPods[0].racks[0].cooling.air.capacity must be a power with a unit (got 30); write it like "900 W" (units: W, kW, MW)\n',
    );
    expect(fs.existsSync(path.join(work, 'out'))).toBe(false);
  }, 30_000);
});
