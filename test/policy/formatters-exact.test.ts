/**
 * SARIF and JUnit of a report written by hand (two rules, a failing finding with related locations and data, a
 * warning without a location, a suppressed finding, an element not evaluated, a pass), compared with the whole
 * document written by hand: every field code scanning and CI test views read. formatters.test.ts checks the same
 * formatters on a report from the real rules against the SARIF schema and an XML parser.
 */
import { describe, expect, it } from 'vitest';
import { REPORT_FILE_NAMES } from '../../src/policy/formatters/index.ts';
import { xml } from '../../src/policy/formatters/junit.ts';
import { summaryLine } from '../../src/policy/formatters/text.ts';
import type { CheckReport, Finding, RuleDescriptor, Subject } from '../../src/policy/index.ts';
import {
  formatJson,
  formatJunit,
  formatMarkdown,
  formatReport,
  formatSarif,
  formatText,
  REPORT_FORMATS,
  toSarif,
} from '../../src/policy/index.ts';

const rackSubject: Subject = {
  kind: 'rack',
  id: 'pod-a/rack 1',
  path: 'lab/pod-a/rack 1',
  label: 'rack pod-a/rack 1',
  source: { file: 'stacks/lab.ts', line: 12, column: 3 },
};
const nodeSubject: Subject = { kind: 'node', id: 'pod-a/n0', path: 'lab/pod-a/n0', label: 'node pod-a/n0' };
const poolSubject: Subject = { kind: 'node-pool', id: 'pool:dt', path: 'dt', label: 'pool dt' };

const rules: RuleDescriptor[] = [
  {
    id: 'POWER-002',
    pack: 'power',
    level: 'error',
    defaultLevel: 'error',
    title: 'Rack IT load',
    explanation: 'The load fits the feed.',
    fix: 'Move nodes.',
    appliesTo: 'rack',
    function: 'rack_it-load check',
  },
  {
    id: 'K8S-003',
    pack: 'kubernetes',
    level: 'info',
    defaultLevel: 'warning',
    title: 'Labels <ok>',
    explanation: 'Labels match.',
    fix: 'Relabel.',
    appliesTo: 'node',
    function: 'nodeLabels',
  },
];

const findings: Finding[] = [
  {
    ruleId: 'POWER-002',
    pack: 'power',
    level: 'error',
    subject: rackSubject,
    message: '70 kW over 64 kW',
    fix: 'remove 1 node',
    data: { itLoadW: 70_000, tight: true },
    related: [
      { id: 'pod-a/n0', label: 'node pod-a/n0', source: { file: 'stacks/lab.ts', line: 0, column: 0 } },
      { id: 'pod-a/n1', label: 'node pod-a/n1' },
      { id: 'pod-a/n2', label: 'node pod-a/n2', source: { file: 'stacks/lab.ts', line: 15, column: 7 } },
    ],
    location: { file: 'stacks/lab.ts', line: 12, column: 3 },
    fingerprint: 'f1',
  },
  {
    ruleId: 'K8S-003',
    pack: 'kubernetes',
    level: 'info',
    subject: nodeSubject,
    message: 'label "x" & <y>',
    fix: 'set it',
    fingerprint: 'f2',
  },
  {
    ruleId: 'K8S-003',
    pack: 'kubernetes',
    level: 'error',
    subject: { ...nodeSubject, id: 'pod-a/n1', path: 'lab/pod-a/n1', label: 'node pod-a/n1' },
    message: 'kept',
    fix: 'none',
    location: { file: 'stacks/lab.ts', line: 20, column: 1 },
    suppressed: { reason: 'old scheduler', origin: 'config', target: '**' },
    fingerprint: 'f3',
  },
];

const report: CheckReport = {
  schemaVersion: 1,
  tool: { name: 'superpod', version: '1.2.3' },
  stack: 'lab',
  packs: ['power', 'kubernetes'],
  rules,
  findings,
  evaluations: [
    { ruleId: 'POWER-002', subject: rackSubject, status: 'fail', finding: 0 },
    { ruleId: 'K8S-003', subject: nodeSubject, status: 'fail', finding: 1 },
    { ruleId: 'K8S-003', subject: findings[2]!.subject, status: 'suppressed', finding: 2 },
    { ruleId: 'K8S-003', subject: poolSubject, status: 'not-evaluated', reason: 'no labels known' },
    { ruleId: 'K8S-003', subject: { ...nodeSubject, id: 'pod-a/n2', label: 'node pod-a/n2' }, status: 'pass' },
  ],
  suppressions: [],
  summary: { errors: 1, warnings: 0, infos: 1, suppressed: 1, passed: 1, notEvaluated: 1, checks: 5 },
};

const at = (file: string, startLine: number, startColumn: number) => ({
  artifactLocation: { uri: file },
  region: { startLine, startColumn },
});

describe('SARIF, field by field', () => {
  it('writes the run, the rules, the notifications and every result as code scanning reads them', () => {
    expect(toSarif(report)).toEqual({
      $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
      version: '2.1.0',
      runs: [
        {
          tool: {
            driver: {
              name: 'superpod',
              version: '1.2.3',
              semanticVersion: '1.2.3',
              rules: [
                {
                  id: 'POWER-002',
                  name: 'RackItLoadCheck',
                  shortDescription: { text: 'Rack IT load' },
                  fullDescription: { text: 'The load fits the feed.' },
                  help: {
                    text: 'The load fits the feed.\n\nFix: Move nodes.',
                    markdown: '**POWER-002: Rack IT load**\n\nThe load fits the feed.\n\n**Fix:** Move nodes.',
                  },
                  defaultConfiguration: { level: 'error' },
                  properties: { tags: ['superpod', 'power'], appliesTo: 'rack' },
                },
                {
                  id: 'K8S-003',
                  name: 'NodeLabels',
                  shortDescription: { text: 'Labels <ok>' },
                  fullDescription: { text: 'Labels match.' },
                  help: {
                    text: 'Labels match.\n\nFix: Relabel.',
                    markdown: '**K8S-003: Labels <ok>**\n\nLabels match.\n\n**Fix:** Relabel.',
                  },
                  defaultConfiguration: { level: 'note' },
                  properties: { tags: ['superpod', 'kubernetes'], appliesTo: 'node' },
                },
              ],
            },
          },
          automationDetails: { id: 'superpod/lab/' },
          columnKind: 'utf16CodeUnits',
          invocations: [
            {
              executionSuccessful: true,
              toolExecutionNotifications: [
                {
                  level: 'note',
                  descriptor: { id: 'K8S-003' },
                  message: { text: 'K8S-003 pool dt was not evaluated: no labels known' },
                },
              ],
            },
          ],
          results: [
            {
              ruleId: 'POWER-002',
              ruleIndex: 0,
              level: 'error',
              message: { text: 'rack pod-a/rack 1: 70 kW over 64 kW — remove 1 node' },
              locations: [
                {
                  physicalLocation: at('stacks/lab.ts', 12, 3),
                  logicalLocations: [{ name: 'rack 1', fullyQualifiedName: 'lab/pod-a/rack 1', kind: 'resource' }],
                },
              ],
              partialFingerprints: { 'superpodFinding/v1': 'f1' },
              relatedLocations: [
                { id: 1, physicalLocation: at('stacks/lab.ts', 1, 1), message: { text: 'node pod-a/n0' } },
                { id: 2, physicalLocation: at('stacks/lab.ts', 15, 7), message: { text: 'node pod-a/n2' } },
              ],
              properties: { itLoadW: 70_000, tight: true },
            },
            {
              ruleId: 'K8S-003',
              ruleIndex: 1,
              level: 'note',
              message: { text: 'node pod-a/n0: label "x" & <y> — set it' },
              locations: [
                {
                  physicalLocation: at('cdktf.json', 1, 1),
                  logicalLocations: [{ name: 'n0', fullyQualifiedName: 'lab/pod-a/n0', kind: 'resource' }],
                },
              ],
              partialFingerprints: { 'superpodFinding/v1': 'f2' },
            },
            {
              ruleId: 'K8S-003',
              ruleIndex: 1,
              level: 'error',
              message: { text: 'node pod-a/n1: kept — none' },
              locations: [
                {
                  physicalLocation: at('stacks/lab.ts', 20, 1),
                  logicalLocations: [{ name: 'n1', fullyQualifiedName: 'lab/pod-a/n1', kind: 'resource' }],
                },
              ],
              partialFingerprints: { 'superpodFinding/v1': 'f3' },
              suppressions: [{ kind: 'external', status: 'accepted', justification: 'old scheduler' }],
            },
          ],
        },
      ],
    });
  });

  it('escapes file names into URIs, and leaves out the rule index of a rule the report does not list', () => {
    const stray: Finding = {
      ...findings[1]!,
      ruleId: 'USER-001',
      location: { file: 'stacks/my lab/ü.ts', line: 4, column: 2 },
    };
    const sarif = toSarif({ ...report, findings: [stray], evaluations: [] }) as {
      runs: [{ results: [Record<string, unknown> & { locations: [{ physicalLocation: unknown }] }] }];
    };
    const result = sarif.runs[0].results[0];
    expect('ruleIndex' in result).toBe(false);
    expect(result.locations[0].physicalLocation).toEqual(at('stacks/my%20lab/%C3%BC.ts', 4, 2));
  });

  it('ends the file with one newline', () => {
    const text = formatSarif(report);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.startsWith('{\n  "$schema"')).toBe(true);
  });
});

describe('JUnit, line by line', () => {
  it('writes a suite per rule with its counts and properties, and a case per element', () => {
    expect(formatJunit(report).split('\n')).toEqual([
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<testsuites name="superpod check lab" tests="5" failures="1" errors="0" skipped="2">',
      '  <testsuite name="POWER-002 Rack IT load" tests="1" failures="1" errors="0" skipped="0">',
      '    <properties>',
      '      <property name="pack" value="power"/>',
      '      <property name="level" value="error"/>',
      '      <property name="appliesTo" value="rack"/>',
      '    </properties>',
      '    <testcase classname="superpod.power.POWER-002" name="rack pod-a/rack 1" file="stacks/lab.ts" line="12">',
      '      <failure type="error" message="POWER-002 rack pod-a/rack 1: 70 kW over 64 kW — remove 1 node">POWER-002 rack pod-a/rack 1: 70 kW over 64 kW — remove 1 node',
      'at stacks/lab.ts:12:3',
      'construct: lab/pod-a/rack 1</failure>',
      '    </testcase>',
      '  </testsuite>',
      '  <testsuite name="K8S-003 Labels &lt;ok&gt;" tests="4" failures="0" errors="0" skipped="2">',
      '    <properties>',
      '      <property name="pack" value="kubernetes"/>',
      '      <property name="level" value="info"/>',
      '      <property name="appliesTo" value="node"/>',
      '    </properties>',
      '    <testcase classname="superpod.kubernetes.K8S-003" name="node pod-a/n0">',
      '      <system-out>info: K8S-003 node pod-a/n0: label &quot;x&quot; &amp; &lt;y&gt; — set it',
      'construct: lab/pod-a/n0</system-out>',
      '    </testcase>',
      '    <testcase classname="superpod.kubernetes.K8S-003" name="node pod-a/n1" file="stacks/lab.ts" line="20">',
      '      <skipped message="suppressed: old scheduler"/>',
      '    </testcase>',
      '    <testcase classname="superpod.kubernetes.K8S-003" name="pool dt">',
      '      <skipped message="not evaluated: no labels known"/>',
      '    </testcase>',
      '    <testcase classname="superpod.kubernetes.K8S-003" name="node pod-a/n2"/>',
      '  </testsuite>',
      '</testsuites>',
      '',
    ]);
  });

  it('fails warnings and errors with --fail-on warning, never a suppressed one', () => {
    const warned: CheckReport = {
      ...report,
      findings: report.findings.map((f) => (f.level === 'info' ? { ...f, level: 'warning' as const } : f)),
    };
    const text = formatJunit(warned, { failOn: 'warning' });
    expect(text.split('\n')[1]).toBe(
      '<testsuites name="superpod check lab" tests="5" failures="2" errors="0" skipped="2">',
    );
    expect(text).toContain('<failure type="warning" message="K8S-003 node pod-a/n0: label &quot;x&quot;');
    expect(formatJunit(warned).split('\n')[1]).toContain('failures="1"');
  });

  it('escapes the five XML characters and drops what XML 1.0 cannot hold, keeping tabs, newlines and emoji', () => {
    expect(xml(`a&b<c>d"e'f`)).toBe('a&amp;b&lt;c&gt;d&quot;e&apos;f');
    expect(xml('x\u0000\u0001\u0008\u000b\u001f\uFFFE\uFFFFy')).toBe('xy');
    expect(xml('t\tn\nr\r é \uD7FF \uE000 \uFFFD 🚀')).toBe('t\tn\nr\r é \uD7FF \uE000 \uFFFD 🚀');
    expect(xml('lone \uD800 surrogate')).toBe('lone  surrogate');
  });
});

const withIdleSuppressions: CheckReport = {
  ...report,
  suppressions: [
    { ruleId: 'K8S-003', target: '**', reason: 'old scheduler', origin: 'config', matched: 1, status: 'used' },
    {
      ruleId: 'NOPE-001',
      target: 'pod-a',
      reason: 'typo',
      origin: 'config',
      source: { file: 'superpod.policy.yaml', line: 7, column: 3 },
      matched: 0,
      status: 'unknown-rule',
    },
    { ruleId: 'POWER-002', target: 'pod-b/*', reason: 'off', origin: 'construct', matched: 0, status: 'disabled' },
    { ruleId: 'K8S-003', target: 'a|b', reason: 'gone', origin: 'construct', matched: 0, status: 'unused' },
  ],
};

describe('text, line by line', () => {
  it('aligns the open findings, then lists suppressed, not evaluated and idle suppressions, then the totals', () => {
    const inStack: Finding = {
      ...findings[2]!,
      ruleId: 'POWER-002',
      subject: rackSubject,
      message: 'accepted',
      suppressed: {
        reason: 'temporary feed',
        origin: 'construct',
        target: 'pod-a/rack 1',
        source: { file: 'stacks/lab.ts', line: 30, column: 5 },
      },
    };
    expect(formatText({ ...withIdleSuppressions, findings: [...findings, inStack] }).split('\n')).toEqual([
      'superpod check: stack lab, packs power, kubernetes',
      '',
      'ERROR  POWER-002  rack pod-a/rack 1  stacks/lab.ts:12:3',
      '       70 kW over 64 kW — remove 1 node',
      'INFO   K8S-003    node pod-a/n0',
      '       label "x" & <y> — set it',
      '',
      'Suppressed (2):',
      '  K8S-003  node pod-a/n1: kept',
      '    reason: old scheduler (policy config)',
      '  POWER-002  rack pod-a/rack 1: accepted',
      '    reason: temporary feed (stack at stacks/lab.ts:30:5)',
      '',
      'Not evaluated (1):',
      '  K8S-003  pool dt: no labels known',
      '',
      'Suppressions that matched nothing:',
      '  NOPE-001 on "pod-a" (no loaded rule has this id) at superpod.policy.yaml:7:3',
      '  POWER-002 on "pod-b/*" (the rule is off)',
      '  K8S-003 on "a|b" (no finding to suppress)',
      '',
      '1 error, 0 warnings, 1 info, 1 suppressed; 1 passed, 1 not evaluated (5 checks, 2 rules)',
      '',
    ]);
  });

  it('has no empty sections on a clean report, and counts in the singular and plural', () => {
    const clean: CheckReport = {
      ...report,
      rules: [rules[0]!],
      findings: [],
      evaluations: [],
      summary: { errors: 2, warnings: 1, infos: 0, suppressed: 0, passed: 0, notEvaluated: 0, checks: 1 },
    };
    expect(formatText(clean)).toBe(
      'superpod check: stack lab, packs power, kubernetes\n\n2 errors, 1 warning, 0 info, 0 suppressed; 0 passed, 0 not evaluated (1 check, 1 rule)\n',
    );
    expect(summaryLine({ ...clean, rules: [] })).toMatch(/\(1 check, 0 rules\)$/);
  });
});

describe('Markdown, line by line', () => {
  it('writes the status, the open findings, the collapsed sections and the rule totals', () => {
    expect(formatMarkdown(withIdleSuppressions).split('\n')).toEqual([
      '## ❌ superpod check — `lab`',
      '',
      '1 error, 0 warnings, 1 info, 1 suppressed; 1 passed, 1 not evaluated (5 checks, 2 rules)',
      '',
      '| Level | Rule | Resource | Finding | Where |',
      '|---|---|---|---|---|',
      '| error | `POWER-002` | `pod-a/rack 1` | 70 kW over 64 kW — remove 1 node | `stacks/lab.ts:12:3` |',
      '| info | `K8S-003` | `pod-a/n0` | label "x" & <y> — set it |  |',
      '',
      '<details><summary>1 suppressed</summary>',
      '',
      '| Rule | Resource | Finding | Reason |',
      '|---|---|---|---|',
      '| `K8S-003` | `pod-a/n1` | kept | old scheduler |',
      '',
      '</details>',
      '',
      '<details><summary>3 suppressions matched nothing</summary>',
      '',
      '- `NOPE-001` on `pod-a`: unknown-rule',
      '- `POWER-002` on `pod-b/*`: disabled',
      '- `K8S-003` on `a\\|b`: unused',
      '',
      '</details>',
      '',
      '<details><summary>1 not evaluated</summary>',
      '',
      '- `K8S-003` pool dt: no labels known',
      '',
      '</details>',
      '',
      '<details><summary>2 rules</summary>',
      '',
      '| Rule | Level | Title | Passed | Failed | Suppressed | Not evaluated |',
      '|---|---|---|---|---|---|---|',
      '| `POWER-002` | error | Rack IT load | 0 | 1 | 0 | 0 |',
      '| `K8S-003` | info | Labels <ok> | 1 | 1 | 1 | 1 |',
      '',
      '</details>',
      '',
    ]);
  });

  it('shows a warning status, a clean status, the label of an element without an id, and one line per cell', () => {
    const stackFinding: Finding = {
      ...findings[1]!,
      level: 'warning',
      subject: { kind: 'stack', id: '', path: 'lab', label: 'stack lab' },
      message: 'two\r\nlines | here',
    };
    const warned = formatMarkdown({
      ...report,
      findings: [stackFinding],
      summary: { ...report.summary, errors: 0, warnings: 1 },
    });
    expect(warned.split('\n')[0]).toBe('## ⚠️ superpod check — `lab`');
    expect(warned).toContain('| warning | `K8S-003` | `stack lab` | two lines \\| here — set it |  |');
    const clean = formatMarkdown({
      ...report,
      findings: [],
      evaluations: [],
      summary: { ...report.summary, errors: 0, warnings: 0 },
    });
    expect(clean.split('\n').slice(0, 6)).toEqual([
      '## ✅ superpod check — `lab`',
      '',
      '0 errors, 0 warnings, 1 info, 1 suppressed; 1 passed, 1 not evaluated (5 checks, 2 rules)',
      '',
      'No open findings.',
      '',
    ]);
    expect(clean).not.toMatch(/suppressed<\/summary>|matched nothing|not evaluated<\/summary>/);
    expect(clean).toContain('| `K8S-003` | info | Labels <ok> | 0 | 0 | 0 | 0 |');
  });
});

describe('JSON', () => {
  it('names evaluations by element label, with the reason and finding only where there is one', () => {
    const json = JSON.parse(formatJson(report)) as { evaluations: unknown[]; findings: unknown[]; stack: string };
    expect(json.evaluations).toEqual([
      { ruleId: 'POWER-002', element: 'rack pod-a/rack 1', status: 'fail', finding: 0 },
      { ruleId: 'K8S-003', element: 'node pod-a/n0', status: 'fail', finding: 1 },
      { ruleId: 'K8S-003', element: 'node pod-a/n1', status: 'suppressed', finding: 2 },
      { ruleId: 'K8S-003', element: 'pool dt', status: 'not-evaluated', reason: 'no labels known' },
      { ruleId: 'K8S-003', element: 'node pod-a/n2', status: 'pass' },
    ]);
    expect(json.stack).toBe('lab');
    expect(formatJson(report).endsWith('}\n')).toBe(true);
  });

  it('renders each format by its name, with the fail level for JUnit', () => {
    expect(REPORT_FORMATS).toEqual(['text', 'json', 'sarif', 'junit', 'markdown']);
    expect(formatReport(report, 'text')).toBe(formatText(report));
    expect(formatReport(report, 'json')).toBe(formatJson(report));
    expect(formatReport(report, 'sarif')).toBe(formatSarif(report));
    expect(formatReport(report, 'markdown')).toBe(formatMarkdown(report));
    expect(formatReport(report, 'junit', { failOn: 'warning' })).toBe(formatJunit(report, { failOn: 'warning' }));
    expect(REPORT_FILE_NAMES).toEqual({
      text: 'policy.txt',
      json: 'policy.json',
      sarif: 'policy.sarif',
      junit: 'policy.junit.xml',
      markdown: 'policy.md',
    });
  });
});
