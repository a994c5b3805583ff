import { formatLocation } from '../../source-location.ts';
import type { CheckReport, Finding } from '../types.ts';

/**
 * For people: one block per open finding (level, rule, element, file:line, then the message with its fix), then
 * the suppressed findings with their reasons, what could not be evaluated, suppressions that matched nothing, and
 * a summary line.
 */
export function formatText(report: CheckReport): string {
  const lines: string[] = [];
  const open = report.findings.filter((f) => !f.suppressed);
  const suppressed = report.findings.filter((f) => f.suppressed);
  lines.push(`superpod check: stack ${report.stack}, packs ${report.packs.join(', ')}`);
  lines.push('');
  if (open.length > 0) {
    const width = {
      level: Math.max(...open.map((f) => f.level.length)),
      rule: Math.max(...open.map((f) => f.ruleId.length)),
      label: Math.max(...open.map((f) => f.subject.label.length)),
    };
    for (const f of open) {
      lines.push(
        `${f.level.toUpperCase().padEnd(width.level)}  ${f.ruleId.padEnd(width.rule)}  ${f.subject.label.padEnd(width.label)}  ${formatLocation(f.location) ?? ''}`.trimEnd(),
      );
      lines.push(`${' '.repeat(width.level + 2)}${f.message} — ${f.fix}`);
    }
    lines.push('');
  }
  if (suppressed.length > 0) {
    lines.push(`Suppressed (${suppressed.length}):`);
    for (const f of suppressed) lines.push(...suppressedLines(f));
    lines.push('');
  }
  const notEvaluated = report.evaluations.filter((e) => e.status === 'not-evaluated');
  if (notEvaluated.length > 0) {
    lines.push(`Not evaluated (${notEvaluated.length}):`);
    for (const e of notEvaluated) lines.push(`  ${e.ruleId}  ${e.subject.label}: ${e.reason}`);
    lines.push('');
  }
  const idle = report.suppressions.filter((s) => s.status !== 'used');
  if (idle.length > 0) {
    lines.push('Suppressions that matched nothing:');
    for (const s of idle) {
      const why =
        s.status === 'unknown-rule'
          ? 'no loaded rule has this id'
          : s.status === 'disabled'
            ? 'the rule is off'
            : 'no finding to suppress';
      lines.push(`  ${s.ruleId} on "${s.target}" (${why})${s.source ? ` at ${formatLocation(s.source)}` : ''}`);
    }
    lines.push('');
  }
  lines.push(summaryLine(report));
  return `${lines.join('\n')}\n`;
}

/** `2 errors, 1 warning, 0 info, 3 suppressed; 412 passed, 1 not evaluated (416 checks, 24 rules)` */
export function summaryLine(report: CheckReport): string {
  const s = report.summary;
  const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  return (
    `${n(s.errors, 'error')}, ${n(s.warnings, 'warning')}, ${s.infos} info, ${s.suppressed} suppressed; ` +
    `${s.passed} passed, ${s.notEvaluated} not evaluated (${n(s.checks, 'check')}, ${n(report.rules.length, 'rule')})`
  );
}

function suppressedLines(f: Finding): string[] {
  const s = f.suppressed!;
  return [
    `  ${f.ruleId}  ${f.subject.label}: ${f.message}`,
    `    reason: ${s.reason} (${s.origin === 'construct' ? 'stack' : 'policy config'}${s.source ? ` at ${formatLocation(s.source)}` : ''})`,
  ];
}
