import { describe, expect, it } from 'vitest';
import { builtInPacks } from '../../policies/index.ts';
import { failingFindings, findingLine, formatSarif, parsePolicyConfig, runChecks } from '../../src/policy/index.ts';
import { cleanInventory, dtNodes, FIXTURE_CONFIG, inventory, openRuleIds } from './fixtures/inventory.ts';
import { pack as sitePack } from './fixtures/site-pack.ts';
import { sarifValidator } from './helpers/sarif.ts';

const owned = () =>
  inventory({ nodes: dtNodes('pod-a/rack-01', 8, () => ({ labels: { 'example.com/owner': 'infra' } })) });

describe('a user-defined pack through the public API', () => {
  it('passes an owned rack of 70.4 kW under a 75 kW site cap', () => {
    const config = { ...FIXTURE_CONFIG, parameters: { ...FIXTURE_CONFIG.parameters, 'site.maxRackKw': 75 } };
    const report = runChecks(owned(), { packs: [...builtInPacks, sitePack], config });
    expect(report.packs.at(-1)).toBe('site');
    expect(report.evaluations.filter((e) => e.ruleId.startsWith('SITE-')).map((e) => e.status)).toEqual([
      'pass',
      'pass',
    ]);
    expect(openRuleIds(report)).toEqual([]);
  });

  it('fails (warning) when the 70.4 kW rack is above the default 60 kW site cap', () => {
    const report = runChecks(owned(), { packs: [...builtInPacks, sitePack], config: FIXTURE_CONFIG });
    expect(openRuleIds(report)).toEqual(['SITE-001']);
    expect(findingLine(report.findings[0]!)).toBe(
      "SITE-001 rack pod-a/rack-01: 70.4 kW is above the site's 60.0 kW per rack — ask the site team for an exception or spread the nodes",
    );
    expect(failingFindings(report, 'error')).toEqual([]);
    expect(failingFindings(report, 'warning')).toHaveLength(1);
  });

  it('fails when nodes lack the owner label, and takes config levels and suppressions like built-in rules', () => {
    const report = runChecks(cleanInventory(), { packs: [...builtInPacks, sitePack], config: FIXTURE_CONFIG });
    expect(openRuleIds(report)).toEqual(['SITE-001', 'SITE-002']);
    const config = parsePolicyConfig(
      [
        'rules: { SITE-001: off }',
        'parameters: { cooling.cduCapacityKw: { cdu-1: 200 }, site.maxRackKw: 80 }',
        'suppressions:',
        '  - { rule: SITE-002, target: "pod-a/*", reason: owners are assigned at hand-over }',
      ].join('\n'),
      'superpod.policy.yaml',
    );
    const quiet = runChecks(cleanInventory(), { packs: [...builtInPacks, sitePack], config });
    expect(openRuleIds(quiet)).toEqual([]);
    expect(quiet.findings.map((f) => [f.ruleId, f.suppressed?.reason])).toEqual([
      ['SITE-002', 'owners are assigned at hand-over'],
    ]);
    const validate = sarifValidator();
    expect(validate(JSON.parse(formatSarif(report)))).toBe(true);
  });
});
