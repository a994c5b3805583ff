import { describe, expect, it } from 'vitest';
import {
  Ascend950DTNode,
  Cooling,
  Current,
  Mass,
  Power,
  Rack800VDC,
  RackPower,
  RackUnits,
  SuperPod,
  Suppressions,
  Voltage,
} from '../../constructs/index.ts';
import { builtInPacks } from '../../policies/index.ts';
import {
  definePack,
  defineRule,
  fail,
  failingFindings,
  formatJson,
  type Pack,
  parsePolicyConfig,
  pass,
  runChecks,
} from '../../src/policy/index.ts';
import { inputErrorOf } from '../helpers/errors.ts';
import { testStack } from '../helpers/fixtures.ts';
import {
  check,
  cleanInventory,
  dtNodes,
  FIXTURE_CONFIG,
  findingOf,
  inventory,
  openRuleIds,
  rack,
  superPod,
} from './fixtures/inventory.ts';

/** A rack on an 80 kW feed (64 kW usable) with 8 nodes of 8.8 kW: POWER-002 fails at 70.4 kW. */
const overloaded = (extra: Parameters<typeof inventory>[0] = {}) =>
  cleanInventory({
    racks: [
      rack('rack-01', {
        power: {
          kind: 'feed',
          voltageV: 800,
          currentA: 100,
          ratedW: 80_000,
          maxUtilisation: 0.8,
          usableW: 64_000,
          redundancy: 'none',
        },
      }),
    ],
    ...extra,
  });

describe('suppressions from the construct tree', () => {
  function stackWithOverloadedRack(reason: string) {
    const stack = testStack('supp');
    const pod = new SuperPod(stack, 'pod-a');
    const rack07 = new Rack800VDC(pod, 'rack-07', {
      power: RackPower.feed({ voltage: Voltage.volts(800), current: Current.amperes(100) }),
      cooling: Cooling.directLiquid({ liquidCapacity: Power.kilowatts(90), airCapacity: Power.kilowatts(20) }),
      height: RackUnits.of(48),
      reserved: RackUnits.of(8),
    });
    for (let i = 0; i < 8; i++) {
      new Ascend950DTNode(rack07, `dt-${i}`, {
        acceleratorPower: Power.watts(900),
        hostPower: Power.kilowatts(1.6),
        height: RackUnits.of(4),
        weight: Mass.kilograms(80),
      });
    }
    Suppressions.of(rack07).add('POWER-002', reason);
    return stack;
  }

  it('silences the finding, keeps it in the report with its reason and line, and does not fail', () => {
    const report = runChecks(
      stackWithOverloadedRack('second feed lands in Q3, load capped by the scheduler').inventory(),
      {
        packs: builtInPacks,
      },
    );
    const finding = findingOf(report, 'POWER-002');
    expect(finding.suppressed).toMatchObject({
      reason: 'second feed lands in Q3, load capped by the scheduler',
      origin: 'construct',
      target: 'pod-a/rack-07',
      source: { file: 'test/policy/engine.test.ts' },
    });
    expect(finding.location?.file).toBe('test/policy/engine.test.ts');
    expect(report.summary).toMatchObject({ errors: 0, suppressed: 1 });
    expect(failingFindings(report)).toEqual([]);
    expect(report.suppressions).toEqual([
      expect.objectContaining({ ruleId: 'POWER-002', target: 'pod-a/rack-07', matched: 1, status: 'used' }),
    ]);
  });

  it('fails when a suppression gives a reason shorter than 10 characters', () => {
    expect(() => stackWithOverloadedRack('too short')).toThrow(/needs a reason of at least 10 characters/);
  });

  it('fails when an inventory from elsewhere (a spec) carries a short reason', () => {
    const inv = overloaded({ suppressions: [{ ruleId: 'POWER-002', target: 'pod-a/rack-01', reason: 'because' }] });
    expect(inputErrorOf(() => check(inv)).message).toMatch(
      /suppression of POWER-002 on "pod-a\/rack-01": suppressing POWER-002 needs a reason of at least 10 characters \(got "because"\)/,
    );
  });

  it('covers the element and everything below it, not its siblings', () => {
    const reason = 'accepted by the capacity review';
    const onPod = check(overloaded({ suppressions: [{ ruleId: 'POWER-002', target: 'pod-a', reason }] }));
    expect(openRuleIds(onPod)).toEqual([]);
    const onSibling = check(overloaded({ suppressions: [{ ruleId: 'POWER-002', target: 'pod-a/rack-0', reason }] }));
    expect(openRuleIds(onSibling)).toEqual(['POWER-002']);
    expect(onSibling.suppressions[0]?.status).toBe('unused');
    const onStack = check(overloaded({ suppressions: [{ ruleId: 'POWER-002', target: '', reason }] }));
    expect(openRuleIds(onStack)).toEqual([]);
  });
});

describe('suppressions from the config file', () => {
  const config = (target: string, rule = 'POWER-002') =>
    parsePolicyConfig(
      `parameters:\n  cooling.cduCapacityKw: { cdu-1: 200 }\nsuppressions:\n  - rule: ${rule}\n    target: "${target}"\n    reason: feed upgrade booked for March\n`,
      'superpod.policy.yaml',
    );

  it('match patterns: * within a segment, ** across segments', () => {
    for (const target of ['pod-a/*', 'pod-a/rack-0?'.replace('?', '1'), '**', 'pod-*']) {
      const report = runChecks(overloaded(), { packs: builtInPacks, config: config(target) });
      expect(openRuleIds(report), target).toEqual([]);
      expect(findingOf(report, 'POWER-002').suppressed).toMatchObject({
        origin: 'config',
        source: { file: 'superpod.policy.yaml', line: 4 },
      });
    }
    const miss = runChecks(overloaded(), { packs: builtInPacks, config: config('pod-b/*') });
    expect(openRuleIds(miss)).toEqual(['POWER-002']);
  });

  it('report a rule id no pack has, instead of silently doing nothing', () => {
    const report = runChecks(overloaded(), { packs: builtInPacks, config: config('pod-a/*', 'POWER-020') });
    expect(report.suppressions[0]).toMatchObject({ ruleId: 'POWER-020', status: 'unknown-rule', matched: 0 });
  });

  it('fails when the reason is shorter than 10 characters, at its line', () => {
    const error = inputErrorOf(() =>
      parsePolicyConfig('suppressions:\n  - rule: POWER-002\n    target: pod-a\n    reason: later\n', 'p.yaml'),
    );
    expect(error.message).toBe(
      'p.yaml:4:13: policy config at suppressions.0.reason must be at least 10 characters long; see src/policy/config.schema.json for the accepted keys',
    );
  });

  it('cover a CDU only when they cover every rack on it', () => {
    const twoRacks = inventory({
      racks: [rack('rack-01'), rack('rack-02', { index: 1 })],
      nodes: [
        ...dtNodes('pod-a/rack-01', 8),
        ...dtNodes('pod-a/rack-02', 8).map((n) => ({ ...n, name: `${n.name}-b` })),
      ],
    });
    const cdu = (target: string) =>
      parsePolicyConfig(
        `parameters:\n  cooling.cduCapacityKw: { cdu-1: 100 }\nsuppressions:\n  - { rule: COOL-005, target: "${target}", reason: second CDU is being installed }\n`,
        'c.yaml',
      );
    expect(openRuleIds(runChecks(twoRacks, { packs: builtInPacks, config: cdu('pod-a/rack-01') }))).toEqual([
      'COOL-005',
    ]);
    expect(openRuleIds(runChecks(twoRacks, { packs: builtInPacks, config: cdu('pod-a') }))).toEqual([]);
  });
});

describe('policy config', () => {
  it('changes a level and turns a rule off', () => {
    const inv = overloaded();
    const warning = runChecks(inv, {
      packs: builtInPacks,
      config: { ...FIXTURE_CONFIG, rules: { 'POWER-002': 'warning' } },
    });
    expect(findingOf(warning, 'POWER-002').level).toBe('warning');
    expect(failingFindings(warning, 'error')).toEqual([]);
    expect(failingFindings(warning, 'warning').map((f) => f.ruleId)).toEqual(['POWER-002']);
    const off = runChecks(inv, { packs: builtInPacks, config: { ...FIXTURE_CONFIG, rules: { 'POWER-002': 'off' } } });
    expect(off.rules.some((r) => r.id === 'POWER-002')).toBe(false);
    expect(openRuleIds(off)).toEqual([]);
  });

  it('excludes packs, and lists suppressions of their rules as disabled', () => {
    const suppressions = [{ ruleId: 'POWER-002', target: 'pod-a', reason: 'the power pack is checked elsewhere' }];
    const report = runChecks(overloaded({ suppressions }), {
      packs: builtInPacks,
      config: { ...FIXTURE_CONFIG, packs: { exclude: ['power'] } },
    });
    expect(report.suppressions[0]?.status).toBe('disabled');
    expect(report.packs).toEqual(['cooling', 'memory', 'fabric', 'physical', 'kubernetes', 'slo']);
    expect(openRuleIds(report)).toEqual([]);
  });

  it('fails when it names an unknown rule, with the nearest ids and the line', () => {
    const config = parsePolicyConfig('rules:\n  POWER-020: off\n', 'superpod.policy.yaml');
    const error = inputErrorOf(() => runChecks(cleanInventory(), { packs: builtInPacks, config }));
    expect(error.where).toBe('superpod.policy.yaml:2:14');
    expect(error.fix).toMatch(/^use an id of a loaded pack \(POWER-00\d, POWER-00\d, /);
    const malformed = inputErrorOf(() => parsePolicyConfig('rules:\n  POWER-02O: off\n', 'superpod.policy.yaml'));
    expect(malformed.message).toMatch(
      /^superpod\.policy\.yaml:2:3: policy config at rules has a badly formed key "POWER-02O"/,
    );
  });

  it('fails when it names an unknown parameter', () => {
    const config = parsePolicyConfig('parameters:\n  power.defaultPUE: 1.2\n', 'superpod.policy.yaml');
    const error = inputErrorOf(() => runChecks(cleanInventory(), { packs: builtInPacks, config }));
    expect(error.message).toMatch(
      /^superpod\.policy\.yaml:2:21: parameters: names a parameter no loaded pack declares/,
    );
    expect(error.fix).toMatch(/power\.defaultPue/);
  });

  it('fails when a parameter breaks its schema, at the value', () => {
    const config = parsePolicyConfig(
      'parameters:\n  cooling.cduCapacityKw:\n    cdu-1: -5\n  power.defaultPue: 1.2\n',
      'superpod.policy.yaml',
    );
    const error = inputErrorOf(() => runChecks(cleanInventory(), { packs: builtInPacks, config }));
    expect(error.where).toBe('superpod.policy.yaml:3:12');
    expect(error.problem).toBe('parameter cooling.cduCapacityKw at cdu-1 must be > 0');
  });

  it('fails on a YAML syntax error and on unknown keys, with the line', () => {
    expect(inputErrorOf(() => parsePolicyConfig('rules:\n  POWER-002: [off\n', 'p.yaml')).where).toMatch(
      /^p\.yaml:\d+:\d+$/,
    );
    const unknown = inputErrorOf(() => parsePolicyConfig('rules: {}\nsupressions: []\n', 'p.yaml'));
    expect(unknown.message).toMatch(/^p\.yaml:2:1: policy config has an unknown key "supressions" at the top level/);
    const level = inputErrorOf(() => parsePolicyConfig('rules:\n  POWER-002: fatal\n', 'p.yaml'));
    expect(level.message).toMatch(
      /^p\.yaml:2:14: policy config at rules\.POWER-002 must be one of "error", "warning", "info", "off"/,
    );
  });

  it('reads JSON too', () => {
    const config = parsePolicyConfig('{"rules": {"PHYS-003": "off"}}', 'p.json');
    expect(config.rules).toEqual({ 'PHYS-003': 'off' });
  });
});

describe('runner', () => {
  it('is deterministic: the same inventory gives byte-identical JSON', () => {
    const a = formatJson(check(overloaded()));
    const b = formatJson(check(overloaded()));
    expect(a).toBe(b);
    expect(JSON.parse(a).summary).toEqual({
      errors: 1,
      warnings: 0,
      infos: 0,
      suppressed: 0,
      passed: 53,
      notEvaluated: 0,
      checks: 54,
    });
  });

  it('locates an element without a source at its nearest located ancestor, then at the fallback', () => {
    const nodes = dtNodes('pod-a/rack-01', 1, () => ({ source: undefined, name: 'BAD_NAME' }));
    expect(findingOf(check(inventory({ nodes })), 'K8S-001').location).toEqual({
      file: 'stacks/fixture.ts',
      line: 20,
      column: 3,
    });
    const bare = inventory({
      superPods: [superPod({ source: undefined })],
      racks: [rack('rack-01', { source: undefined })],
      nodes,
    });
    const report = runChecks(bare, {
      packs: builtInPacks,
      fallbackLocation: { file: 'spec.yaml', line: 1, column: 1 },
    });
    expect(findingOf(report, 'K8S-001').location).toEqual({ file: 'spec.yaml', line: 1, column: 1 });
  });

  it('names the rule and element when a rule throws', () => {
    const broken = definePack({
      name: 'broken',
      description: 'a pack with a bug',
      rules: [
        {
          id: 'BUG-001',
          level: 'error',
          title: 'Throws',
          explanation: 'Throws on purpose.',
          fix: 'none',
          rule: defineRule('throws', 'rack', () => {
            throw new TypeError('oops');
          }),
        },
      ],
    });
    expect(() => runChecks(cleanInventory(), { packs: [broken] })).toThrow(
      'rule BUG-001 (throws) failed on rack pod-a/rack-01: oops',
    );
  });

  it('fails when two packs share a rule id or a name', () => {
    const dup = definePack({
      name: 'site',
      description: 'x',
      rules: [
        {
          id: 'POWER-001',
          level: 'error',
          title: 't',
          explanation: 'e',
          fix: 'f',
          rule: defineRule('x', 'rack', () => pass()),
        },
      ],
    });
    expect(inputErrorOf(() => runChecks(cleanInventory(), { packs: [...builtInPacks, dup] })).problem).toBe(
      'rule id POWER-001 is already used by pack "power"',
    );
    expect(inputErrorOf(() => runChecks(cleanInventory(), { packs: [dup, { ...dup, rules: [] }] })).problem).toBe(
      'two packs have the same name',
    );
  });

  it('rejects malformed packs when they are defined', () => {
    const rule = defineRule('x', 'rack', () => fail('x'));
    const base = { id: 'SITE-001', level: 'error' as const, title: 't', explanation: 'e', fix: 'f', rule };
    expect(inputErrorOf(() => definePack({ name: 'Site', description: 'x', rules: [] })).problem).toMatch(/lower-case/);
    expect(
      inputErrorOf(() => definePack({ name: 'site', description: 'x', rules: [{ ...base, id: 'site-1' }] })).problem,
    ).toMatch(/POWER-002/);
    expect(inputErrorOf(() => definePack({ name: 'site', description: 'x', rules: [base, base] })).problem).toBe(
      'duplicate rule id',
    );
    expect(
      inputErrorOf(() => definePack({ name: 'site', description: 'x', rules: [{ ...base, fix: ' ' }] })).problem,
    ).toBe('fix is required');
  });

  it('fails when a rule entry of a pack has an unknown level, a blank text, a long explanation or no defineRule', () => {
    const rule = defineRule('x', 'rack', () => pass());
    const base = { id: 'SITE-001', level: 'error' as const, title: 't', explanation: 'e', fix: 'f', rule };
    const errorOf = (entry: Record<string, unknown>) =>
      inputErrorOf(() => definePack({ name: 'site', description: 'x', rules: [{ ...base, ...entry } as never] }));
    expect(errorOf({ level: 'fatal' })).toMatchObject({
      where: 'policy pack "site" rule SITE-001',
      problem: 'unknown level',
      value: 'fatal',
      fix: 'use error, warning or info',
    });
    for (const field of ['title', 'explanation', 'fix']) {
      expect(errorOf({ [field]: '  ' })).toMatchObject({
        where: 'policy pack "site" rule SITE-001',
        problem: `${field} is required`,
        fix: `write a ${field} for the rule; the reports show it`,
      });
      expect(errorOf({ [field]: 7 }).problem).toBe(`${field} is required`);
    }
    expect(
      definePack({ name: 'site', description: 'x', rules: [{ ...base, explanation: 'e'.repeat(1024) }] }).name,
    ).toBe('site');
    expect(errorOf({ explanation: 'e'.repeat(1025) })).toMatchObject({
      problem: 'the explanation is longer than 1,024 characters (the SARIF limit GitHub applies)',
      value: 1025,
    });
    expect(errorOf({ rule: () => pass() }).problem).toBe('rule must be made with defineRule(name, appliesTo, check)');
    expect(errorOf({ rule: undefined }).problem).toBe('rule must be made with defineRule(name, appliesTo, check)');
    expect(errorOf({ id: 'SITE-1' })).toMatchObject({ where: 'policy pack "site"', value: 'SITE-1' });
    expect(errorOf({ id: 5 }).problem).toMatch(/^a rule id must look like POWER-002/);
    expect(inputErrorOf(() => definePack({ name: 7 as never, description: 'x', rules: [] })).value).toBe(7);
    expect(inputErrorOf(() => definePack({ name: 'site pack', description: 'x', rules: [] })).where).toBe(
      'policy pack "site pack"',
    );
    expect(definePack({ name: 'my-site-2', description: 'x', rules: [base] }).rules).toHaveLength(1);
  });

  it('fails when a pack built without types has no rules list, a rule entry that is not an object or a bare parameter', () => {
    const untyped = (pack: unknown) => inputErrorOf(() => definePack(pack as Pack));
    expect(untyped({ name: 'site', description: 'x' })).toMatchObject({
      where: 'policy pack "site"',
      problem: 'rules must be a list of rule entries',
    });
    expect(untyped({ name: 'site', description: 'x', rules: [null] })).toMatchObject({
      where: 'policy pack "site" rules[0]',
      problem: 'a rule entry must be an object',
      value: null,
    });
    expect(untyped({ name: 'site', description: 'x', rules: [], parameters: [] })).toMatchObject({
      problem: 'parameters must be an object of parameter declarations',
    });
    expect(
      untyped({ name: 'site', description: 'x', rules: [], parameters: { 'site.cap': { schema: {} } } }),
    ).toMatchObject({
      where: 'policy pack "site" parameter site.cap',
      problem: 'a parameter needs a description and a JSON Schema',
    });
    expect(
      untyped({ name: 'site', description: 'x', rules: [], parameters: { 'site.cap': { description: 'd' } } }),
    ).toMatchObject({
      where: 'policy pack "site" parameter site.cap',
    });
    const declared = {
      name: 'site',
      description: 'x',
      rules: [],
      parameters: { 'site.cap': { description: 'd', schema: {} } },
    };
    expect(definePack(declared as Pack)).toBe(declared);
  });
});
