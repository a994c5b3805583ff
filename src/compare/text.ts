import { wholeNumber } from '../units/index.ts';
import { deltaText, figureName, priceNote, rankedFigures, relativeText, summaryPhrases, valueText } from './figures.ts';
import type { GateResult } from './gate.ts';
import type { CapacityDiff } from './types.ts';

/** Lines of each list on a terminal. */
const MAX_LINES = 40;

/** The comparison for a terminal: the summary, then every section as aligned lines. */
export function renderCompareText(diff: CapacityDiff, gate: readonly GateResult[] = []): string {
  const out = [`${diff.head.stack}: ${summaryPhrases(diff).join(', ')}`];
  if (diff.changed) {
    const ranked = rankedFigures(diff);
    if (ranked.length > 0) out.push('', 'changed figures (base -> head):');
    const width = Math.min(60, Math.max(...ranked.map((c) => figureName(c).length), 0));
    for (const c of ranked.slice(0, MAX_LINES)) {
      out.push(
        `  ${figureName(c).padEnd(width)}  ${valueText(c.base, c.unit)} -> ${valueText(c.head, c.unit)}  ${deltaText(c)} (${relativeText(c)})`,
      );
    }
    if (ranked.length > MAX_LINES) out.push(`  ... and ${wholeNumber(ranked.length - MAX_LINES)} more`);
    const price = priceNote(diff);
    if (price !== '') out.push(price);
    for (const s of diff.settings) out.push(`setting ${s.service} ${s.setting}: ${s.base} -> ${s.head}`);
    for (const f of diff.sloFlips) out.push(`SLO ${f.service}: ${f.base} -> ${f.head}`);
    for (const s of diff.services.added) out.push(`service added: ${s}`);
    for (const s of diff.services.removed) out.push(`service removed: ${s}`);
    for (const [verb, ids] of [
      ['SuperPoD added', diff.superPods.added],
      ['SuperPoD removed', diff.superPods.removed],
      ['rack added', diff.racks.added],
      ['rack removed', diff.racks.removed],
    ] as const) {
      for (const id of ids.slice(0, MAX_LINES)) out.push(`${verb}: ${id}`);
      if (ids.length > MAX_LINES) out.push(`... and ${wholeNumber(ids.length - MAX_LINES)} more`);
    }
    if (diff.nodes.added.length > 0) out.push(`nodes added: ${wholeNumber(diff.nodes.added.length)}`);
    if (diff.nodes.removed.length > 0) out.push(`nodes removed: ${wholeNumber(diff.nodes.removed.length)}`);
    const f = diff.findings;
    for (const [label, list] of [
      ['new', f.new],
      ['suppression removed', f.unsuppressed],
      ['newly suppressed', f.newlySuppressed],
      ['fixed', f.fixed],
    ] as const) {
      for (const x of list.slice(0, MAX_LINES))
        out.push(`finding ${label}: ${x.level} ${x.ruleId} ${x.subject}: ${x.message}`);
      if (list.length > MAX_LINES) out.push(`... and ${wholeNumber(list.length - MAX_LINES)} more`);
    }
  }
  for (const g of gate) {
    out.push(g.reasons.length === 0 ? `fail-on ${g.condition}: passed` : `fail-on ${g.condition}: FAILED`);
    for (const r of g.reasons) out.push(`  ${r}`);
  }
  return `${out.join('\n')}\n`;
}
