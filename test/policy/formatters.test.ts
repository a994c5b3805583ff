import { describe, expect, it } from 'vitest';
import { builtInPacks } from '../../policies/index.ts';
import {
  type CheckReport,
  definePack,
  defineRule,
  fail,
  formatJson,
  formatJunit,
  formatMarkdown,
  formatReport,
  formatText,
  pass,
  REPORT_FORMATS,
  runChecks,
  toSarif,
} from '../../src/policy/index.ts';
import { dtNodes, inventory, rack } from './fixtures/inventory.ts';
import { sarifValidator } from './helpers/sarif.ts';
import { parseXml, type XmlElement } from './helpers/xml.ts';

/** The parts of a SARIF log the assertions read. */
interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: Array<{
    physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } };
    logicalLocations: Array<{ name: string; fullyQualifiedName: string; kind: string }>;
  }>;
  partialFingerprints: Record<string, string>;
  relatedLocations?: unknown[];
  suppressions?: Array<{ kind: string }>;
  properties?: Record<string, unknown>;
}
interface SarifLog {
  runs: Array<{
    results: SarifResult[];
    tool: { driver: { rules: Array<{ id: string; help: { text: string } }> } };
    invocations: Array<{ toolExecutionNotifications: Array<{ message: { text: string } }> }>;
  }>;
}
const sarifOf = (report: CheckReport) => toSarif(report) as unknown as SarifLog;

/** A pack whose finding carries every character XML and Markdown must escape. */
const nasty = definePack({
  name: 'nasty',
  description: 'escaping',
  rules: [
    {
      id: 'NASTY-001',
      level: 'warning',
      title: 'Escapes <markup> & "quotes"',
      explanation: 'Messages may hold any character.',
      fix: "use 'care' | pipes",
      rule: defineRule('nastyMessage', 'stack', () => fail('a <b> & \'c\' "d" | e \u0001 end')),
    },
    {
      id: 'NASTY-002',
      level: 'info',
      title: 'Always passes',
      explanation: 'Passes.',
      fix: 'nothing',
      rule: defineRule('alwaysPasses', 'rack', () => pass()),
    },
  ],
});

/**
 * One of everything: an error with related locations (POWER-002 on an 80 kW feed), a warning (PHYS-003), a
 * construct suppression (K8S-003), a config suppression (NASTY-001), a check not evaluated (COOL-005 without the CDU
 * capacity) and a suppression that matched nothing.
 */
function mixedReport(): CheckReport {
  const nodes = dtNodes('pod-a/rack-01', 8, (n) =>
    n === 0 ? { weightKg: null } : n === 1 ? { labels: { 'accelerator-type': 'wrong' } } : {},
  );
  const inv = inventory({
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
    nodes,
    suppressions: [
      {
        ruleId: 'K8S-003',
        target: 'pod-a/rack-01/dt-1',
        reason: 'label kept for the old scheduler',
        source: { file: 'stacks/fixture.ts', line: 70, column: 5 },
      },
      { ruleId: 'FAB-004', target: 'pod-a', reason: 'no longer needed after the split' },
    ],
  });
  return runChecks(inv, {
    packs: [...builtInPacks, nasty],
    config: {
      suppressions: [
        {
          rule: 'NASTY-001',
          target: '**',
          reason: 'tested escaping here',
          source: { file: 'superpod.policy.yaml', line: 3, column: 5 },
        },
      ],
    },
  });
}

describe('SARIF 2.1.0', () => {
  const validate = sarifValidator();

  it('validates against the official schema, with a physical and logical location on every result', () => {
    const sarif = sarifOf(mixedReport());
    const ok = validate(sarif);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    const run = sarif.runs[0]!;
    expect(run.results.length).toBe(4);
    for (const result of run.results) {
      const loc = result.locations[0]!;
      expect(loc.physicalLocation.artifactLocation.uri).toMatch(/\S/);
      expect(loc.physicalLocation.region.startLine).toBeGreaterThanOrEqual(1);
      expect(loc.logicalLocations[0]!.fullyQualifiedName).toMatch(/^fixture/);
      expect(result.partialFingerprints['superpodFinding/v1']).toMatch(/^[0-9a-f]{32}$/);
      expect(run.tool.driver.rules[result.ruleIndex]!.id).toBe(result.ruleId);
    }
  });

  it('fails the schema when a result loses its locations (the validator has teeth)', () => {
    const sarif = sarifOf(mixedReport());
    sarif.runs[0]!.results[0]!.locations[0]!.physicalLocation.region.startLine = 0;
    expect(validate(sarif)).toBe(false);
  });

  it('maps levels, rules with help, the stack line and suppressions', () => {
    const run = sarifOf(mixedReport()).runs[0]!;
    const result = (id: string) => run.results.find((r) => r.ruleId === id)!;
    const power = result('POWER-002');
    expect(power).toMatchObject({
      level: 'error',
      message: {
        text: "rack pod-a/rack-01: 70.4 kW exceeds the 800 VDC feed's derated 64.0 kW (80 kW x 80%) — remove 1 node or raise the feed",
      },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'stacks/fixture.ts' },
            region: { startLine: 20, startColumn: 3 },
          },
          logicalLocations: [{ name: 'rack-01', fullyQualifiedName: 'fixture/pod-a/rack-01', kind: 'resource' }],
        },
      ],
      properties: { itLoadW: 70_400, limitW: 64_000 },
    });
    expect(power.relatedLocations).toHaveLength(8);
    expect(result('PHYS-003').level).toBe('warning');
    expect(result('K8S-003').suppressions).toEqual([
      {
        kind: 'inSource',
        status: 'accepted',
        justification: 'label kept for the old scheduler',
        location: {
          physicalLocation: {
            artifactLocation: { uri: 'stacks/fixture.ts' },
            region: { startLine: 70, startColumn: 5 },
          },
        },
      },
    ]);
    expect(result('NASTY-001').suppressions?.[0]?.kind).toBe('external');
    const rule = run.tool.driver.rules.find((r) => r.id === 'POWER-002')!;
    expect(rule).toMatchObject({
      name: 'RackItLoad',
      shortDescription: { text: 'Rack IT load within the derated supply' },
      defaultConfiguration: { level: 'error' },
      properties: { tags: ['superpod', 'power'] },
    });
    expect(rule.help.text).toMatch(/^The IT load of a rack .*\n\nFix: /s);
    expect(run.invocations[0]!.toolExecutionNotifications[0]!.message.text).toMatch(
      /^COOL-005 cdu cdu-1 was not evaluated: /,
    );
  });
});

describe('JUnit XML', () => {
  const suite = (root: XmlElement, id: string) => root.children.find((s) => s.attributes.name?.startsWith(`${id} `))!;

  it('parses, with a test suite per rule and a test case per rule and element', () => {
    const report = mixedReport();
    const root = parseXml(formatJunit(report));
    expect(root.name).toBe('testsuites');
    expect(root.children.map((s) => s.attributes.name!.split(' ')[0])).toEqual(report.rules.map((r) => r.id));
    const total = root.children.reduce((sum, s) => sum + s.children.filter((c) => c.name === 'testcase').length, 0);
    expect(total).toBe(report.evaluations.length);
    expect(root.attributes).toMatchObject({ tests: String(report.evaluations.length), failures: '1' });
  });

  it('makes errors failures, suppressed and unevaluated checks skipped, warnings pass with system-out', () => {
    const root = parseXml(formatJunit(mixedReport()));
    const failed = suite(root, 'POWER-002').children.find((c) => c.name === 'testcase')!;
    expect(failed.attributes).toMatchObject({ name: 'rack pod-a/rack-01', file: 'stacks/fixture.ts', line: '20' });
    expect(failed.children[0]).toMatchObject({ name: 'failure', attributes: { type: 'error' } });
    expect(failed.children[0]!.text).toMatch(/at stacks\/fixture\.ts:20:3\nconstruct: fixture\/pod-a\/rack-01$/);
    const suppressed = suite(root, 'K8S-003').children.find((c) => c.attributes.name === 'node pod-a/rack-01/dt-1')!;
    expect(suppressed.children[0]).toMatchObject({
      name: 'skipped',
      attributes: { message: 'suppressed: label kept for the old scheduler' },
    });
    expect(suite(root, 'COOL-005').children.find((c) => c.name === 'testcase')!.children[0]!.name).toBe('skipped');
    const warning = suite(root, 'PHYS-003').children.find((c) => c.name === 'testcase' && c.children.length > 0)!;
    expect(warning.children[0]!.name).toBe('system-out');
  });

  it('makes warnings failures with --fail-on warning', () => {
    const root = parseXml(formatJunit(mixedReport(), { failOn: 'warning' }));
    expect(root.attributes.failures).toBe('2');
  });

  it('escapes markup, quotes and control characters', () => {
    const text = formatJunit(mixedReport());
    const root = parseXml(text);
    const nastyCase = suite(root, 'NASTY-001').children.find((c) => c.name === 'testcase')!;
    expect(nastyCase.children[0]!.attributes.message).toBe('suppressed: tested escaping here');
    expect(suite(root, 'NASTY-001').attributes.name).toBe('NASTY-001 Escapes <markup> & "quotes"');
    expect(text.includes('\u0001')).toBe(false);
  });

  it('fails the parser on broken XML (the parser has teeth)', () => {
    expect(() => parseXml('<a><b></a></b>')).toThrow(/closes/);
    expect(() => parseXml('<a>x & y</a>')).toThrow(/entity/);
    expect(() => parseXml('<a b="1" b="2"/>')).toThrow(/duplicate/);
  });
});

describe('text, Markdown and JSON', () => {
  it('text lists open findings with file:line, then suppressed, not evaluated and idle suppressions', () => {
    const text = formatText(mixedReport());
    expect(text).toContain(
      "ERROR    POWER-002  rack pod-a/rack-01  stacks/fixture.ts:20:3\n         70.4 kW exceeds the 800 VDC feed's derated 64.0 kW (80 kW x 80%) — remove 1 node or raise the feed",
    );
    expect(text).toContain('Suppressed (2):\n  K8S-003  node pod-a/rack-01/dt-1: ');
    expect(text).toContain('    reason: label kept for the old scheduler (stack at stacks/fixture.ts:70:5)');
    expect(text).toContain('Not evaluated (2):\n  COOL-005  cdu cdu-1: the capacity of CDU cdu-1 is unknown');
    expect(text).toContain('Suppressions that matched nothing:\n  FAB-004 on "pod-a" (no finding to suppress)');
    expect(text.trimEnd().split('\n').pop()).toBe(
      '1 error, 1 warning, 0 info, 2 suppressed; 50 passed, 2 not evaluated (56 checks, 37 rules)',
    );
  });

  it('Markdown has a status line, a findings table with escaped pipes, and the rule totals', () => {
    const md = formatMarkdown(mixedReport());
    expect(md.split('\n')[0]).toBe('## ❌ superpod check — `fixture`');
    expect(md).toContain('| error | `POWER-002` | `pod-a/rack-01` | 70.4 kW exceeds');
    expect(md).toContain('| `NASTY-001` | `stack fixture` | a <b> & \'c\' "d" \\| e');
    expect(md).toContain('| `POWER-002` | error | Rack IT load within the derated supply | 0 | 1 | 0 | 0 |');
  });

  it('JSON round-trips the findings and names evaluations by element', () => {
    const report = mixedReport();
    const json = JSON.parse(formatJson(report));
    expect(json.findings).toEqual(JSON.parse(JSON.stringify(report.findings)));
    expect(json.evaluations[0]).toEqual({ ruleId: 'POWER-001', element: 'node pod-a/rack-01/dt-0', status: 'pass' });
  });

  it('every format renders the same report byte-identically twice', () => {
    for (const format of REPORT_FORMATS) {
      expect(formatReport(mixedReport(), format), format).toBe(formatReport(mixedReport(), format));
    }
  });
});
