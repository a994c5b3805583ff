import type { SourceLocation } from '../../source-location.ts';
import { findingLine } from '../runner.ts';
import type { CheckReport, Finding, Level, RuleDescriptor } from '../types.ts';

/** What GitHub code scanning and the SARIF 2.1.0 schema need; see reference/iac-ecosystem.md §3.3. */
export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

const SARIF_LEVEL: Readonly<Record<Level, 'error' | 'warning' | 'note'>> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
};

/** Where a result points when the inventory has no source location at all (never an empty location list). */
const LAST_RESORT: SourceLocation = { file: 'cdktf.json', line: 1, column: 1 };

/**
 * SARIF 2.1.0: one run, the enabled rules with help, every finding as a result with a physical location (the file
 * and line that created the element) and the construct path as a logical location. Suppressed findings carry a
 * `suppressions` entry with the reason (inSource for the construct tree, external for the config file).
 */
export function toSarif(report: CheckReport): Record<string, unknown> {
  const ruleIndex = new Map(report.rules.map((r, i) => [r.id, i]));
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'superpod',
            version: report.tool.version,
            semanticVersion: report.tool.version,
            rules: report.rules.map(sarifRule),
          },
        },
        automationDetails: { id: `superpod/${report.stack}/` },
        columnKind: 'utf16CodeUnits',
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: report.evaluations
              .filter((e) => e.status === 'not-evaluated')
              .map((e) => ({
                level: 'note',
                descriptor: { id: e.ruleId },
                message: { text: `${e.ruleId} ${e.subject.label} was not evaluated: ${e.reason}` },
              })),
          },
        ],
        results: report.findings.map((f) => sarifResult(f, ruleIndex.get(f.ruleId))),
      },
    ],
  };
}

export function formatSarif(report: CheckReport): string {
  return `${JSON.stringify(toSarif(report), null, 2)}\n`;
}

function sarifRule(rule: RuleDescriptor) {
  return {
    id: rule.id,
    name: pascalCase(rule.function),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.explanation },
    help: {
      text: `${rule.explanation}\n\nFix: ${rule.fix}`,
      markdown: `**${rule.id}: ${rule.title}**\n\n${rule.explanation}\n\n**Fix:** ${rule.fix}`,
    },
    defaultConfiguration: { level: SARIF_LEVEL[rule.level] },
    properties: { tags: ['superpod', rule.pack], appliesTo: rule.appliesTo },
  };
}

function sarifResult(finding: Finding, ruleIndex: number | undefined) {
  const location = finding.location ?? LAST_RESORT;
  const segments = finding.subject.path.split('/');
  const related = (finding.related ?? [])
    .filter((r) => r.source)
    .map((r, i) => ({ id: i + 1, physicalLocation: physical(r.source!), message: { text: r.label } }));
  return {
    ruleId: finding.ruleId,
    ...(ruleIndex !== undefined ? { ruleIndex } : {}),
    level: SARIF_LEVEL[finding.level],
    message: { text: findingLine(finding).slice(finding.ruleId.length + 1) },
    locations: [
      {
        physicalLocation: physical(location),
        logicalLocations: [
          {
            name: segments[segments.length - 1] ?? finding.subject.path,
            fullyQualifiedName: finding.subject.path,
            kind: 'resource',
          },
        ],
      },
    ],
    partialFingerprints: { 'superpodFinding/v1': finding.fingerprint },
    ...(related.length > 0 ? { relatedLocations: related } : {}),
    ...(finding.suppressed
      ? {
          suppressions: [
            {
              kind: finding.suppressed.origin === 'construct' ? 'inSource' : 'external',
              status: 'accepted',
              justification: finding.suppressed.reason,
              ...(finding.suppressed.source
                ? { location: { physicalLocation: physical(finding.suppressed.source) } }
                : {}),
            },
          ],
        }
      : {}),
    ...(finding.data ? { properties: { ...finding.data } } : {}),
  };
}

function physical(location: SourceLocation) {
  return {
    artifactLocation: { uri: encodeURI(location.file) },
    region: { startLine: Math.max(1, location.line), startColumn: Math.max(1, location.column) },
  };
}

function pascalCase(name: string): string {
  return name
    .replace(/(^|[-_\s])([a-z])/g, (_, __, c: string) => c.toUpperCase())
    .replace(/^[a-z]/, (c) => c.toUpperCase());
}
