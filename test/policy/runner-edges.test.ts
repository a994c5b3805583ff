/**
 * runChecks at its edges, with small packs written here: what a finding keeps and leaves out, the summary counts per
 * level, fingerprints, where a finding without a source points, and the input errors of packs and config (each
 * message whole). engine.test.ts runs the built-in packs through the same runner.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SuperpodInputError } from '../../src/errors.ts';
import { ServicePredictions } from '../../src/perf/predictions.ts';
import {
  type CheckReport,
  definePack,
  defineRule,
  fail,
  type Pack,
  type PackRule,
  parsePolicyConfig,
  pass,
  runChecks,
} from '../../src/policy/index.ts';
import { inputErrorOf } from '../helpers/errors.ts';
import { cleanInventory, dtNodes, inventory, rack } from './fixtures/inventory.ts';

const entry = (id: string, level: PackRule['level'], rule: PackRule['rule']): PackRule => ({
  id,
  level,
  title: `${id} title`,
  explanation: `${id} explanation`,
  fix: `${id} fix`,
  rule,
});
const packOf = (name: string, rules: PackRule[], parameters?: Pack['parameters']) =>
  definePack({ name, description: `${name} pack`, rules, ...(parameters ? { parameters } : {}) });
const inputError = (run: () => unknown) => {
  const { where, problem, value, fix } = inputErrorOf(run);
  return { where, problem, value, fix };
};

describe('findings', () => {
  const levels = packOf('levels', [
    entry(
      'LVL-001',
      'error',
      defineRule('anError', 'stack', () => fail('e')),
    ),
    entry(
      'LVL-002',
      'warning',
      defineRule('aWarning', 'stack', () => fail('w', { related: [] })),
    ),
    entry(
      'LVL-003',
      'info',
      defineRule('anInfo', 'stack', () => fail('i', { fix: 'own fix', data: { n: 1 } })),
    ),
    entry(
      'LVL-004',
      'info',
      defineRule('anotherInfo', 'stack', () => fail('j')),
    ),
    entry(
      'LVL-005',
      'info',
      defineRule('passes', 'stack', () => pass()),
    ),
  ]);

  it('counts open findings per level, and keeps only the parts a verdict gave', () => {
    const report = runChecks(cleanInventory(), { packs: [levels] });
    expect(report.summary).toEqual({
      errors: 1,
      warnings: 1,
      infos: 2,
      suppressed: 0,
      passed: 1,
      notEvaluated: 0,
      checks: 5,
    });
    const [error, warning, info] = report.findings;
    expect('related' in warning!).toBe(false);
    expect('data' in error!).toBe(false);
    expect([error!.fix, info!.fix, info!.data]).toEqual(['LVL-001 fix', 'own fix', { n: 1 }]);
  });

  it('fingerprints a finding by rule, construct path and element id', () => {
    const report = runChecks(cleanInventory(), { packs: [levels] });
    const expected = createHash('sha256').update('LVL-001\u0000fixture\u0000').digest('hex').slice(0, 32);
    expect(report.findings[0]!.fingerprint).toBe(expected);
  });

  it('points a finding on an element without a source at its nearest located ancestor, else at the fallback', () => {
    const nodes = dtNodes('pod-a/rack-01', 2, (n) => (n === 1 ? { source: undefined } : {}));
    const racks = [rack('rack-01', { source: undefined })];
    const nodeRule = packOf('nodes', [
      entry(
        'NODE-001',
        'error',
        defineRule('each', 'node', () => fail('x')),
      ),
    ]);
    const report = runChecks(inventory({ racks, nodes }), { packs: [nodeRule] });
    // dt-1 has no source and its rack has none: the SuperPoD's (line 10)
    expect(report.findings.map((f) => f.location?.line)).toEqual([30, 10]);
    const fallback = { file: 'app.ts', line: 3, column: 1 };
    const bare = inventory({
      superPods: [{ ...inventory({}).superPods[0]!, source: undefined }],
      racks,
      nodes: nodes.map((n) => ({ ...n, source: undefined })),
    });
    expect(runChecks(bare, { packs: [nodeRule], fallbackLocation: fallback }).findings[0]!.location).toEqual(fallback);
    expect(runChecks(bare, { packs: [nodeRule] }).findings[0]!.location).toBeUndefined();
  });

  it('lists a config suppression with its file line, and counts what it matched', () => {
    const config = parsePolicyConfig(
      'suppressions:\n  - { rule: LVL-001, target: "**", reason: accepted for the test }\n',
      'p.yaml',
    );
    const report: CheckReport = runChecks(cleanInventory(), { packs: [levels], config });
    expect(report.suppressions).toEqual([
      {
        ruleId: 'LVL-001',
        target: '**',
        reason: 'accepted for the test',
        origin: 'config',
        source: { file: 'p.yaml', line: 2, column: 5 },
        matched: 1,
        status: 'used',
      },
    ]);
    expect(report.summary.suppressed).toBe(1);
  });
});

describe('rules that break', () => {
  it('passes an input error a rule raises through as it is, and wraps any other error with the rule and element', () => {
    const raising = new SuperpodInputError({ where: 'x', problem: 'y', fix: 'z' });
    const inputs = packOf('inputs', [
      entry(
        'IN-001',
        'error',
        defineRule('asks', 'stack', () => {
          throw raising;
        }),
      ),
    ]);
    expect(() => runChecks(cleanInventory(), { packs: [inputs] })).toThrow(raising);
    const cause = new RangeError('boom');
    const broken = packOf('broken', [
      entry(
        'BUG-001',
        'error',
        defineRule('breaks', 'stack', () => {
          throw cause;
        }),
      ),
    ]);
    let error: Error | undefined;
    try {
      runChecks(cleanInventory(), { packs: [broken] });
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).toBe('rule BUG-001 (breaks) failed on stack fixture: boom');
    expect(error?.cause).toBe(cause);
  });

  it('fails a rule that reads a parameter no pack declares', () => {
    const reads = packOf('reads', [
      entry(
        'READ-001',
        'error',
        defineRule('reads', 'stack', (_, c) => {
          c.param('nope.x');
          return pass();
        }),
      ),
    ]);
    expect(() => runChecks(cleanInventory(), { packs: [reads] })).toThrow(
      'rule READ-001 (reads) failed on stack fixture: parameter "nope.x" is not declared by any loaded pack (declare it in the pack\'s parameters)',
    );
  });

  it('refuses predictions made for another inventory', () => {
    const predictions = new ServicePredictions(cleanInventory());
    expect(() => runChecks(cleanInventory(), { packs: [], predictions })).toThrow(
      'runChecks: the predictions were made for another inventory',
    );
  });
});

describe('pack and config errors', () => {
  const one = (name: string, id: string) =>
    packOf(name, [
      entry(
        id,
        'error',
        defineRule('r', 'stack', () => pass()),
      ),
    ]);

  it('says which pack repeats a name or a rule id', () => {
    expect(
      inputError(() => runChecks(cleanInventory(), { packs: [one('site', 'SITE-001'), one('site', 'SITE-002')] })),
    ).toEqual({
      where: 'policy pack "site"',
      problem: 'two packs have the same name',
      value: 'site',
      fix: 'give your pack its own name',
    });
    expect(
      inputError(() => runChecks(cleanInventory(), { packs: [one('site', 'SITE-001'), one('lab', 'SITE-001')] })),
    ).toEqual({
      where: 'policy pack "lab"',
      problem: 'rule id SITE-001 is already used by pack "site"',
      value: 'SITE-001',
      fix: 'use your own prefix for the rules of your pack, e.g. SITE-001',
    });
  });

  it('says which pack declares a parameter twice', () => {
    const declares = (name: string) =>
      packOf(name, [], { 'shared.cap': { description: 'cap', schema: { type: 'number' }, default: 1 } });
    expect(inputError(() => runChecks(cleanInventory(), { packs: [declares('a'), declares('b')] }))).toEqual({
      where: 'policy pack "b"',
      problem: 'parameter shared.cap is already declared by pack "a"',
      value: 'shared.cap',
      fix: 'prefix your parameters with your pack name',
    });
  });

  it('points at an unknown pack in packs.exclude and names the loaded ones', () => {
    const config = parsePolicyConfig('packs:\n  exclude: [site, nope]\n', 'p.yaml');
    expect(
      inputError(() =>
        runChecks(cleanInventory(), { packs: [one('site', 'SITE-001'), one('lab', 'LAB-001')], config }),
      ),
    ).toEqual({
      where: 'p.yaml:2:19',
      problem: 'packs.exclude names an unknown pack',
      value: 'nope',
      fix: 'use one of site, lab',
    });
    const excluded = runChecks(cleanInventory(), {
      packs: [one('site', 'SITE-001'), one('lab', 'LAB-001')],
      config: parsePolicyConfig('packs:\n  exclude: [site]\n', 'p.yaml'),
    });
    expect(excluded.packs).toEqual(['lab']);
    expect(excluded.rules.map((r) => r.id)).toEqual(['LAB-001']);
  });

  it('names an unknown rule id in rules: with the nearest ids', () => {
    const config = parsePolicyConfig('rules:\n  SITE-011: off\n', 'p.yaml');
    const error = inputError(() =>
      runChecks(cleanInventory(), {
        packs: [one('site', 'SITE-001'), one('lab', 'LAB-011'), one('x', 'SITE-010')],
        config,
      }),
    );
    expect(error).toMatchObject({
      where: 'p.yaml:2:13',
      problem: 'rules: names an unknown rule id',
      value: 'SITE-011',
    });
    expect(error.fix).toBe('use an id of a loaded pack (SITE-001, SITE-010, LAB-011)');
  });
});
