import { formatLocation } from '../../source-location.ts';
import type { CheckReport } from '../types.ts';
import { summaryLine } from './text.ts';

/** A summary for a pull-request comment: status line, open findings, suppressions, skipped checks, rule totals. */
export function formatMarkdown(report: CheckReport): string {
  const s = report.summary;
  const open = report.findings.filter((f) => !f.suppressed);
  const suppressed = report.findings.filter((f) => f.suppressed);
  const status = s.errors > 0 ? '❌' : s.warnings > 0 ? '⚠️' : '✅';
  const out: string[] = [`## ${status} superpod check — \`${report.stack}\``, '', summaryLine(report), ''];
  if (open.length > 0) {
    out.push('| Level | Rule | Resource | Finding | Where |', '|---|---|---|---|---|');
    for (const f of open) {
      out.push(
        `| ${f.level} | \`${f.ruleId}\` | \`${cell(f.subject.id || f.subject.label)}\` | ${cell(`${f.message} — ${f.fix}`)} | ${code(formatLocation(f.location))} |`,
      );
    }
    out.push('');
  } else {
    out.push('No open findings.', '');
  }
  if (suppressed.length > 0) {
    out.push(`<details><summary>${suppressed.length} suppressed</summary>`, '');
    out.push('| Rule | Resource | Finding | Reason |', '|---|---|---|---|');
    for (const f of suppressed) {
      out.push(
        `| \`${f.ruleId}\` | \`${cell(f.subject.id || f.subject.label)}\` | ${cell(f.message)} | ${cell(f.suppressed!.reason)} |`,
      );
    }
    out.push('', '</details>', '');
  }
  const idle = report.suppressions.filter((x) => x.status !== 'used');
  if (idle.length > 0) {
    out.push(`<details><summary>${idle.length} suppressions matched nothing</summary>`, '');
    for (const x of idle) out.push(`- \`${x.ruleId}\` on \`${cell(x.target)}\`: ${x.status}`);
    out.push('', '</details>', '');
  }
  const notEvaluated = report.evaluations.filter((e) => e.status === 'not-evaluated');
  if (notEvaluated.length > 0) {
    out.push(`<details><summary>${notEvaluated.length} not evaluated</summary>`, '');
    for (const e of notEvaluated) out.push(`- \`${e.ruleId}\` ${cell(e.subject.label)}: ${cell(e.reason ?? '')}`);
    out.push('', '</details>', '');
  }
  out.push(`<details><summary>${report.rules.length} rules</summary>`, '');
  out.push('| Rule | Level | Title | Passed | Failed | Suppressed | Not evaluated |', '|---|---|---|---|---|---|---|');
  const tally = new Map<string, Record<string, number>>();
  for (const e of report.evaluations) {
    const t = tally.get(e.ruleId) ?? {};
    t[e.status] = (t[e.status] ?? 0) + 1;
    tally.set(e.ruleId, t);
  }
  for (const r of report.rules) {
    const t = tally.get(r.id) ?? {};
    out.push(
      `| \`${r.id}\` | ${r.level} | ${cell(r.title)} | ${t.pass ?? 0} | ${t.fail ?? 0} | ${t.suppressed ?? 0} | ${t['not-evaluated'] ?? 0} |`,
    );
  }
  out.push('', '</details>', '');
  return out.join('\n');
}

/** Text for one Markdown table cell: pipes escaped, line breaks as spaces. */
export function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function code(text: string | undefined): string {
  return text ? `\`${cell(text)}\`` : '';
}
