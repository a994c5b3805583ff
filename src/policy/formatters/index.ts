import type { CheckReport } from '../types.ts';
import { formatJunit } from './junit.ts';
import { formatMarkdown } from './markdown.ts';
import { formatSarif } from './sarif.ts';
import { formatText } from './text.ts';

export const REPORT_FORMATS = ['text', 'json', 'sarif', 'junit', 'markdown'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** File name each format gets when synth writes all of them. */
export const REPORT_FILE_NAMES: Readonly<Record<ReportFormat, string>> = {
  text: 'policy.txt',
  json: 'policy.json',
  sarif: 'policy.sarif',
  junit: 'policy.junit.xml',
  markdown: 'policy.md',
};

export function formatReport(report: CheckReport, format: ReportFormat, opts: { failOn?: 'error' | 'warning' } = {}) {
  switch (format) {
    case 'text':
      return formatText(report);
    case 'json':
      return formatJson(report);
    case 'sarif':
      return formatSarif(report);
    case 'junit':
      return formatJunit(report, opts);
    case 'markdown':
      return formatMarkdown(report);
  }
}

/**
 * The report as data, in a stable key order (two runs on the same input are byte-identical). Evaluations name their
 * element by id only; the findings carry the full subject.
 */
export function formatJson(report: CheckReport): string {
  const evaluations = report.evaluations.map((e) => ({
    ruleId: e.ruleId,
    element: e.subject.label,
    status: e.status,
    // Stryker disable next-line ConditionalExpression: JSON.stringify leaves an undefined field out anyway
    ...(e.reason !== undefined ? { reason: e.reason } : {}),
    // Stryker disable next-line ConditionalExpression: JSON.stringify leaves an undefined field out anyway
    ...(e.finding !== undefined ? { finding: e.finding } : {}),
  }));
  return `${JSON.stringify({ ...report, evaluations }, null, 2)}\n`;
}
