import { formatLocation } from '../../source-location.ts';
import { failingFindings, findingLine } from '../runner.ts';
import type { CheckReport, Evaluation, Finding } from '../types.ts';

export interface JunitOptions {
  /** Findings at this level or above are JUnit failures; lower ones pass with their text in system-out. */
  readonly failOn?: 'error' | 'warning';
}

/**
 * JUnit XML: a test suite per rule, a test case per rule and element. A finding at the fail level is a failure,
 * a suppressed finding or an element that could not be evaluated is skipped with the reason, and a finding below
 * the fail level passes with its text in system-out, so the test report agrees with the exit code.
 */
export function formatJunit(report: CheckReport, opts: JunitOptions = {}): string {
  const failing = new Set(failingFindings(report, opts.failOn ?? 'error'));
  const byRule = new Map<string, Evaluation[]>();
  for (const e of report.evaluations) {
    const list = byRule.get(e.ruleId);
    if (list) list.push(e);
    else byRule.set(e.ruleId, [e]);
  }
  const suites: string[] = [];
  let totalTests = 0;
  let totalFailures = 0;
  let totalSkipped = 0;
  for (const rule of report.rules) {
    const evaluations = byRule.get(rule.id) ?? [];
    const cases: string[] = [];
    let failures = 0;
    let skipped = 0;
    for (const e of evaluations) {
      const finding = e.finding !== undefined ? report.findings[e.finding] : undefined;
      const location = finding?.location ?? e.subject.source;
      const attrs = [
        `classname="${xml(`superpod.${rule.pack}.${rule.id}`)}"`,
        `name="${xml(e.subject.label)}"`,
        ...(location ? [`file="${xml(location.file)}"`, `line="${location.line}"`] : []),
      ].join(' ');
      const body = caseBody(e, finding, finding !== undefined && failing.has(finding));
      if (body.kind === 'failure') failures++;
      if (body.kind === 'skipped') skipped++;
      cases.push(body.xml ? `    <testcase ${attrs}>\n${body.xml}\n    </testcase>` : `    <testcase ${attrs}/>`);
    }
    totalTests += evaluations.length;
    totalFailures += failures;
    totalSkipped += skipped;
    suites.push(
      [
        `  <testsuite name="${xml(`${rule.id} ${rule.title}`)}" tests="${evaluations.length}" failures="${failures}" errors="0" skipped="${skipped}">`,
        '    <properties>',
        `      <property name="pack" value="${xml(rule.pack)}"/>`,
        `      <property name="level" value="${rule.level}"/>`,
        `      <property name="appliesTo" value="${rule.appliesTo}"/>`,
        '    </properties>',
        ...cases,
        '  </testsuite>',
      ].join('\n'),
    );
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xml(`superpod check ${report.stack}`)}" tests="${totalTests}" failures="${totalFailures}" errors="0" skipped="${totalSkipped}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

function caseBody(
  e: Evaluation,
  finding: Finding | undefined,
  isFailure: boolean,
): { kind: 'pass' | 'failure' | 'skipped'; xml?: string } {
  if (e.status === 'not-evaluated') {
    return { kind: 'skipped', xml: `      <skipped message="${xml(`not evaluated: ${e.reason ?? ''}`)}"/>` };
  }
  if (!finding) return { kind: 'pass' };
  const where = formatLocation(finding.location);
  const detail = `${findingLine(finding)}${where ? `\nat ${where}` : ''}\nconstruct: ${finding.subject.path}`;
  if (finding.suppressed) {
    return {
      kind: 'skipped',
      xml: `      <skipped message="${xml(`suppressed: ${finding.suppressed.reason}`)}"/>`,
    };
  }
  if (isFailure) {
    return {
      kind: 'failure',
      xml: `      <failure type="${finding.level}" message="${xml(findingLine(finding))}">${xml(detail)}</failure>`,
    };
  }
  return { kind: 'pass', xml: `      <system-out>${xml(`${finding.level}: ${detail}`)}</system-out>` };
}

/** Escapes text for an XML attribute or element and drops characters XML 1.0 cannot hold. */
export function xml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
