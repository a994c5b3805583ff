import type { CheckReport, Finding, RuleDescriptor } from '../../policy/index.ts';
import { formatLocation } from '../../source-location.ts';
import { wholeNumber } from '../../units/index.ts';
import type { CapacityData } from '../data.ts';
import { esc } from '../format.ts';
import { badge, type Cell, table } from './table.ts';

/** Findings listed per rule before "and N more": keeps a 1,024-node pod with one finding per node readable. */
export const FINDINGS_PER_RULE = 25;

export function findingsSection(data: CapacityData): string {
  const r = data.checks;
  const s = r.summary;
  const summary = `<p>${badge(`${s.errors} errors`, s.errors > 0 ? 'bad' : 'ok')} ${badge(`${s.warnings} warnings`, s.warnings > 0 ? 'warn' : 'ok')} ${badge(`${s.infos} info`, 'muted')} ${badge(`${s.suppressed} suppressed`, 'muted')} ${badge(`${s.notEvaluated} not evaluated`, s.notEvaluated > 0 ? 'warn' : 'muted')} <span class="muted">${wholeNumber(s.checks)} checks of ${r.rules.length} rules in the ${esc(r.packs.join(', '))} packs; ${wholeNumber(s.passed)} passed.</span></p>`;
  return [
    '<section id="findings"><h2>Policy findings</h2>',
    summary,
    groupedFindings(r),
    suppressionsTable(r),
    notEvaluatedList(r),
    '</section>',
  ].join('\n');
}

function groupedFindings(r: CheckReport): string {
  if (r.findings.length === 0) return '<p class="empty">No rule found anything to report.</p>';
  const byRule = new Map<string, Finding[]>();
  for (const f of r.findings) {
    const list = byRule.get(f.ruleId);
    if (list) list.push(f);
    else byRule.set(f.ruleId, [f]);
  }
  const rules = new Map(r.rules.map((rule) => [rule.id, rule]));
  const parts: string[] = [];
  for (const pack of r.packs) {
    const groups = [...byRule.entries()].filter(([, list]) => list[0]!.pack === pack);
    if (groups.length === 0) continue;
    parts.push(`<h3>${esc(pack)}</h3>`);
    for (const [ruleId, list] of groups) parts.push(ruleGroup(rules.get(ruleId), ruleId, list));
  }
  return parts.join('\n');
}

function ruleGroup(rule: RuleDescriptor | undefined, ruleId: string, list: readonly Finding[]): string {
  const open = list.filter((f) => !f.suppressed);
  const level = list[0]!.level;
  const tone = level === 'error' ? 'bad' : level === 'warning' ? 'warn' : 'muted';
  const shown = list.slice(0, FINDINGS_PER_RULE);
  const rows: Cell[][] = shown.map((f) => [
    { html: f.suppressed ? badge('suppressed', 'muted') : badge(f.level, tone) },
    { html: `<code>${esc(f.subject.id || f.subject.label)}</code>` },
    {
      html: `${esc(f.message)}${f.suppressed ? `<br><span class="muted">suppressed: ${esc(f.suppressed.reason)}</span>` : ''}`,
    },
    f.fix,
    formatLocation(f.location) ?? '',
  ]);
  const more =
    list.length > shown.length
      ? `<p class="note">… and ${wholeNumber(list.length - shown.length)} more findings of ${esc(ruleId)} (the JSON and SARIF reports list them all).</p>`
      : '';
  return `<details class="rule"${open.length > 0 ? ' open' : ''}><summary>${badge(level, tone)} <strong>${esc(ruleId)}</strong> ${esc(rule?.title ?? '')} <span class="muted">(${wholeNumber(open.length)} open, ${wholeNumber(list.length - open.length)} suppressed)</span></summary>${rule ? `<p class="note">${esc(rule.explanation)}</p>` : ''}${table(['level', 'element', 'finding', 'fix', 'where'], rows)}${more}</details>`;
}

function suppressionsTable(r: CheckReport): string {
  if (r.suppressions.length === 0) return '<h3>Suppressions</h3><p class="empty">None.</p>';
  const rows: Cell[][] = r.suppressions.map((s) => [
    s.ruleId,
    { html: `<code>${esc(s.target)}</code>` },
    s.reason,
    s.origin,
    { html: s.status === 'used' ? badge(`${s.matched} matched`, 'muted') : badge(s.status, 'warn') },
    formatLocation(s.source) ?? '',
  ]);
  return `<h3>Suppressions</h3>${table(['rule', 'target', 'reason', 'from', 'status', 'where'], rows)}`;
}

function notEvaluatedList(r: CheckReport): string {
  const items = r.evaluations.filter((e) => e.status === 'not-evaluated');
  if (items.length === 0) return '';
  const byRule = new Map<string, typeof items>();
  for (const e of items) {
    const list = byRule.get(e.ruleId);
    if (list) list.push(e);
    else byRule.set(e.ruleId, [e]);
  }
  const rows: Cell[][] = [];
  for (const [ruleId, list] of byRule) {
    for (const e of list.slice(0, FINDINGS_PER_RULE)) {
      rows.push([ruleId, { html: `<code>${esc(e.subject.id || e.subject.label)}</code>` }, e.reason ?? '']);
    }
    if (list.length > FINDINGS_PER_RULE)
      rows.push([ruleId, '…', `and ${wholeNumber(list.length - FINDINGS_PER_RULE)} more`]);
  }
  return `<h3>Not evaluated</h3><p class="note">Rules that apply but could not decide, for a missing input: never counted as passed.</p>${table(['rule', 'element', 'why'], rows)}`;
}
