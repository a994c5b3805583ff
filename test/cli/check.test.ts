import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, runInProcess } from '../helpers/cli.ts';
import { sarifValidator } from '../policy/helpers/sarif.ts';
import { parseXml } from '../policy/helpers/xml.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'superpod-check-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
const fixture = (name: string) => `test/policy/fixtures/stacks/${name}.ts`;

/** Fixture stacks that break one thing each, and the one rule id each must produce. */
const BROKEN = [
  ['over-power', 'POWER-002'],
  ['over-cooling', 'COOL-001'],
  ['model-too-big', 'MEM-001'],
  ['tp-without-ub', 'FAB-001'],
  ['invalid-request', 'FAB-003'],
  ['too-many-units', 'PHYS-001'],
] as const;

const runs = new Map<string, CliRun>();
const run = (key: string) => runs.get(key)!;
const openIds = (r: CliRun) =>
  (JSON.parse(r.stdout).findings as Array<{ ruleId: string; suppressed?: unknown }>)
    .filter((f) => !f.suppressed)
    .map((f) => f.ruleId);

beforeAll(async () => {
  fs.writeFileSync(path.join(work, 'bad.yaml'), 'rules:\n  POWER-020: off\n');
  fs.writeFileSync(path.join(work, 'lenient.yaml'), 'rules:\n  POWER-002: warning\n');
  const jobs: Array<[string, string[]]> = [
    ['reference', ['check']],
    ['reference-sarif', ['check', '--format', 'sarif']],
    ...BROKEN.map(([name]) => [name, ['check', '--app', fixture(name), '--format', 'json']] as [string, string[]]),
    ['synth-too-many-units', ['synth', '--app', fixture('too-many-units'), '--out', path.join(work, 'synth-units')]],
    [
      'junit-out',
      ['check', '--app', fixture('over-power'), '--format', 'junit', '--out', path.join(work, 'out/r.xml')],
    ],
    ['markdown', ['check', '--app', fixture('over-power'), '--format', 'markdown']],
    ['bad-format', ['check', '--format', 'yaml']],
    ['bad-config', ['check', '--app', fixture('clean'), '--config', path.join(work, 'bad.yaml')]],
    ['lenient', ['check', '--app', fixture('over-power'), '--config', path.join(work, 'lenient.yaml')]],
    [
      'lenient-warning',
      ['check', '--app', fixture('over-power'), '--config', path.join(work, 'lenient.yaml'), '--fail-on', 'warning'],
    ],
    ['user-pack', ['check', '--app', fixture('clean'), '--pack', 'test/policy/fixtures/site-pack.ts']],
    ['spec', ['check', '-f', 'test/policy/fixtures/specs/over-power.yaml', '--format', 'sarif']],
    ['synth-broken', ['synth', '--app', fixture('over-power'), '--out', path.join(work, 'synth-broken')]],
    ['synth-clean', ['synth', '--app', fixture('clean'), '--out', path.join(work, 'synth-clean')]],
  ];
  // In this process, one after another (synth sets CDKTF_OUTDIR while it runs); test/e2e runs the binary.
  for (const [key, args] of jobs) runs.set(key, await runInProcess(args));
}, 300_000);

describe('superpod check', () => {
  it('exits 0 on the reference stack', () => {
    expect(run('reference').stderr).toBe('');
    expect(run('reference').code).toBe(0);
    expect(run('reference').stdout).toMatch(/^0 errors, 0 warnings, /m);
  });

  it('writes SARIF for the reference stack that validates against the SARIF 2.1.0 schema', () => {
    const validate = sarifValidator();
    expect(run('reference-sarif').code).toBe(0);
    const ok = validate(JSON.parse(run('reference-sarif').stdout));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  for (const [name, ruleId] of BROKEN) {
    it(`fails with exit 1 and exactly ${ruleId} when the stack breaks one thing (${name})`, () => {
      const r = run(name);
      expect(r.code, r.stderr).toBe(1);
      expect(openIds(r)).toEqual([ruleId]);
      // The log names the rule, the element and the user's line even though stdout is JSON.
      expect(r.stderr).toMatch(
        new RegExp(`^error ${ruleId} \\S+ \\S+: .* \\(test/policy/fixtures/stacks/\\S+\\.ts:\\d+:\\d+\\)$`, 'm'),
      );
    });
  }

  it('exits 2 from synth when a rack cannot hold its nodes, writing nothing', () => {
    const r = run('synth-too-many-units');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^error: fixture\/pod-a\/rack-07\/dt-7: rack "fixture\/pod-a\/rack-07" is full: 7 nodes use 28U of 48U minus 20U reserved/,
    );
    expect(fs.existsSync(path.join(work, 'synth-units'))).toBe(false);
  });

  it('writes the report to --out and prints the summary', () => {
    const r = run('junit-out');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^fixture: 1 error, 0 warnings, .* -> .*out\/r\.xml\n$/);
    const root = parseXml(fs.readFileSync(path.join(work, 'out/r.xml'), 'utf8'));
    expect(root.attributes.failures).toBe('1');
  });

  it('renders Markdown for a pull-request comment', () => {
    expect(run('markdown').code).toBe(1);
    expect(run('markdown').stdout).toMatch(/^## ❌ superpod check — `fixture`/);
    expect(run('markdown').stdout).toContain('| error | `POWER-002` | `pod-a/rack-07` |');
  });

  it('exits 2 for a bad flag value or a bad config file', () => {
    expect(run('bad-format').code).toBe(2);
    expect(run('bad-format').stderr).toBe(
      'error: superpod check --format: unknown format (got "yaml"); use one of text, json, sarif, junit, markdown\n',
    );
    expect(run('bad-config').code).toBe(2);
    expect(run('bad-config').stderr).toMatch(/bad\.yaml:2:14: rules: names an unknown rule id \(got "POWER-020"\)/);
  });

  it('fails on warnings only with --fail-on warning', () => {
    expect(run('lenient').code).toBe(0);
    expect(run('lenient').stdout).toMatch(/^WARNING {2}POWER-002/m);
    expect(run('lenient-warning').code).toBe(1);
  });

  it('runs a pack of your own with --pack', () => {
    expect(run('user-pack').code).toBe(1);
    expect(run('user-pack').stdout).toMatch(/^ERROR\s+SITE-002\s+rack pod-a\/rack-07/m);
  });
});

describe('superpod check -f on a YAML cluster spec', () => {
  it('points SARIF results at the spec lines and honours the spec suppressions', () => {
    const r = run('spec');
    expect(r.code).toBe(1);
    const sarif = JSON.parse(r.stdout);
    expect(sarifValidator()(sarif)).toBe(true);
    const results = sarif.runs[0].results as Array<{
      locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }>;
      suppressions?: Array<{ justification: string }>;
    }>;
    expect(
      results.map((x) => [
        x.locations[0]!.physicalLocation.artifactLocation.uri,
        x.locations[0]!.physicalLocation.region.startLine,
        x.suppressions?.[0]?.justification ?? null,
      ]),
    ).toEqual([
      ['test/policy/fixtures/specs/over-power.yaml', 12, null],
      ['test/policy/fixtures/specs/over-power.yaml', 28, 'second feed is energised on 1 March'],
    ]);
  });
});

describe('superpod synth runs the checks', () => {
  const reports = (dir: string) => path.join(work, dir, 'stacks/fixture/reports');

  it('writes every report and exits 1 on errors, naming the finding', () => {
    const r = run('synth-broken');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^error POWER-002 rack pod-a\/rack-07: 70\.4 kW exceeds .* \(test\/policy\/fixtures\/stacks\/slice\.ts:\d+:\d+\)$/m,
    );
    expect(fs.readdirSync(reports('synth-broken')).sort()).toEqual([
      'capacity.html',
      'capacity.json',
      'capacity.md',
      'policy.json',
      'policy.junit.xml',
      'policy.md',
      'policy.sarif',
      'policy.txt',
    ]);
    const sarif = JSON.parse(fs.readFileSync(path.join(reports('synth-broken'), 'policy.sarif'), 'utf8'));
    expect(sarifValidator()(sarif)).toBe(true);
    expect(sarif.runs[0].results.map((x: { ruleId: string }) => x.ruleId)).toEqual(['POWER-002']);
    // capacity.json and SARIF carry the same fingerprint, so a comparison and code scanning track the same finding.
    const capacity = JSON.parse(fs.readFileSync(path.join(reports('synth-broken'), 'capacity.json'), 'utf8'));
    expect(capacity.findings.items.map((f: { fingerprint: string }) => f.fingerprint)).toEqual(
      sarif.runs[0].results.map(
        (x: { partialFingerprints: Record<string, string> }) => x.partialFingerprints['superpodFinding/v1'],
      ),
    );
    // The Terraform JSON and manifests are written too, so CI can upload everything.
    expect(fs.existsSync(path.join(work, 'synth-broken/stacks/fixture/cdk.tf.json'))).toBe(true);
  });

  it('exits 0 and still writes the reports when the stack passes', () => {
    expect(run('synth-clean').code, run('synth-clean').stderr).toBe(0);
    const json = JSON.parse(fs.readFileSync(path.join(reports('synth-clean'), 'policy.json'), 'utf8'));
    expect(json.summary.errors).toBe(0);
    parseXml(fs.readFileSync(path.join(reports('synth-clean'), 'policy.junit.xml'), 'utf8'));
  });
});
