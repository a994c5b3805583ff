import type { CapacityFinding } from '../capacity/index.ts';
import { mdCell } from '../report/format.ts';
import { wholeNumber } from '../units/index.ts';
import {
  deltaText,
  figureName,
  isPriced,
  priceNote,
  rankedFigures,
  relativeText,
  summaryPhrases,
  valueText,
} from './figures.ts';
import type { GateResult } from './gate.ts';
import type { CapacityDiff, FigureChange, FigureUnit, SloFlip } from './types.ts';

/** Rows of the figures table; the rest is counted. Keeps a comment readable on a 64k-NPU cluster. */
export const MAX_FIGURE_ROWS = 30;
/** Rows of each list (findings, racks, nodes). */
export const MAX_LIST_ROWS = 15;

/** Marker a CI job finds to update its earlier comment instead of adding one. */
export const COMMENT_MARKER = '<!-- superpod-compare -->';

/**
 * The comparison as a pull-request comment: a summary line, a table of the changed figures (largest changes first,
 * with absolute and relative deltas), SLO verdicts that flipped, services added and removed, racks and nodes, and
 * findings new, fixed and newly suppressed. Bounded in size whatever the cluster.
 */
export function renderCompareMarkdown(diff: CapacityDiff, gate: readonly GateResult[] = []): string {
  const stack = diff.head.stack === diff.base.stack ? diff.head.stack : `${diff.base.stack} -> ${diff.head.stack}`;
  const out = [COMMENT_MARKER, `## Capacity change: ${code(stack)}`, ''];
  const phrases = summaryPhrases(diff);
  out.push(diff.changed ? `**${phrases[0]}** · ${phrases.slice(1).join(' · ')}` : `**${phrases[0]}**`, '');
  if (diff.changed) {
    out.push(...figuresTable(diff));
    out.push(...serviceTable(diff));
    out.push(...settingsSection(diff));
    out.push(...flipsSection(diff.sloFlips));
    out.push(...servicesSection(diff));
    out.push(...topologySection(diff));
    out.push(...findingsSection(diff));
  }
  out.push(...gateSection(gate));
  out.push(`<sub>superpod ${mdCell(diff.base.version)} (base) / ${mdCell(diff.head.version)} (head)</sub>`, '');
  return out.join('\n');
}

function figuresTable(diff: CapacityDiff): string[] {
  const ranked = rankedFigures(diff);
  if (ranked.length === 0) return [];
  const rows = ranked
    .slice(0, MAX_FIGURE_ROWS)
    .map(
      (c) =>
        `| ${mdCell(figureName(c))} | ${valueText(c.base, c.unit)} | ${valueText(c.head, c.unit)} | ${deltaText(c)} | ${relativeText(c)} |`,
    );
  const out = ['| figure | base | head | change | % |', '| --- | ---: | ---: | ---: | ---: |', ...rows, ''];
  if (ranked.length > MAX_FIGURE_ROWS) {
    out.push(
      `… and ${wholeNumber(ranked.length - MAX_FIGURE_ROWS)} more changed figures (\`--format json\` lists all).`,
      '',
    );
  }
  return out;
}

/** Per service of head: the verdict and headline figures, each with its change (changed services first). */
function serviceTable(diff: CapacityDiff): string[] {
  if (diff.serviceSummaries.length === 0) return [];
  const changed = new Set(diff.figures.filter((c) => c.scope === 'service').map((c) => c.subject));
  const rows = [...diff.serviceSummaries].sort(
    (a, b) => Number(changed.has(b.service)) - Number(changed.has(a.service)),
  );
  const priced = isPriced(diff);
  const cell = (b: number | null | undefined, h: number | null, unit: FigureUnit, suffix = '') => {
    const c: FigureChange = {
      scope: 'service',
      subject: '',
      figure: '',
      label: '',
      unit,
      base: b ?? null,
      head: h,
      delta: b === null || b === undefined || h === null ? null : Number((h - b).toPrecision(10)),
      relative: b === null || b === undefined || h === null || b === 0 ? null : (h - b) / Math.abs(b),
    };
    if (b === undefined) return `${valueText(h, unit)}${suffix}`;
    if (c.delta === 0 || (b === null && h === null)) return `${valueText(h, unit)}${suffix} (unchanged)`;
    return `${valueText(h, unit)}${suffix} (${deltaText(c)}, ${relativeText(c)})`;
  };
  return [
    '### Services',
    '',
    '| service | SLO verdict | TTFT | TPOT | goodput (req/s) | tokens/J | cost per M output tokens |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows.slice(0, MAX_LIST_ROWS).map((r) => {
      const b = r.base;
      const verdict =
        b === null || b.verdict === r.head.verdict ? r.head.verdict : `**${b.verdict} → ${r.head.verdict}**`;
      const cost = priced
        ? cell(b?.costPerMillionOutputTokens, r.head.costPerMillionOutputTokens, 'number')
        : `unknown · ${cell(b?.cardHoursPerMillionOutputTokens, r.head.cardHoursPerMillionOutputTokens, 'number', ' card-hours')}`;
      return `| ${code(r.service)} | ${verdict} | ${cell(b?.ttftMs, r.head.ttftMs, 'ms')} | ${cell(b?.tpotMs, r.head.tpotMs, 'ms')} | ${cell(b?.goodputRequestsPerSecond, r.head.goodputRequestsPerSecond, 'number')} | ${cell(b?.tokensPerJoule, r.head.tokensPerJoule, 'number')} | ${cost} |`;
    }),
    ...more(rows.length),
    '',
    `${capitalised(priceNote(diff))}.`,
    '',
  ];
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** An id as Markdown code (entities do not render inside code, so only backticks and pipes are escaped). */
function code(text: string): string {
  return `\`${text.replace(/`/g, "'").replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')}\``;
}

function settingsSection(diff: CapacityDiff): string[] {
  if (diff.settings.length === 0) return [];
  return [
    '### Service settings',
    '',
    ...diff.settings
      .slice(0, MAX_LIST_ROWS)
      .map((s) => `- ${code(s.service)} ${mdCell(s.setting)}: ${mdCell(s.base)} → ${mdCell(s.head)}`),
    ...more(diff.settings.length),
    '',
  ];
}

function flipsSection(flips: readonly SloFlip[]): string[] {
  if (flips.length === 0) return [];
  const ms = (x: number | null) => valueText(x, 'ms');
  return [
    '### SLO verdicts that flipped',
    '',
    '| service | base | head | TTFT base → head (SLO) | TPOT base → head (SLO) |',
    '| --- | --- | --- | ---: | ---: |',
    ...flips
      .slice(0, MAX_LIST_ROWS)
      .map(
        (f) =>
          `| ${code(f.service)} | ${f.base} | **${f.head}** | ${ms(f.ttftMs.base)} → ${ms(f.ttftMs.head)} (${ms(f.ttftMs.sloMs)}) | ${ms(f.tpotMs.base)} → ${ms(f.tpotMs.head)} (${ms(f.tpotMs.sloMs)}) |`,
      ),
    ...more(flips.length),
    '',
  ];
}

function servicesSection(diff: CapacityDiff): string[] {
  const { added, removed } = diff.services;
  if (added.length + removed.length === 0) return [];
  const verdict = new Map(diff.serviceSummaries.map((v) => [v.service, v.head.verdict]));
  return [
    '### Services added and removed',
    '',
    ...added.slice(0, MAX_LIST_ROWS).map((s) => `- added ${code(s)} (${verdict.get(s) ?? 'not predicted'})`),
    ...more(added.length),
    ...removed.slice(0, MAX_LIST_ROWS).map((s) => `- removed ${code(s)}`),
    ...more(removed.length),
    '',
  ];
}

function topologySection(diff: CapacityDiff): string[] {
  const lines: string[] = [];
  const list = (verb: string, what: string, ids: readonly string[]) => {
    if (ids.length === 0) return;
    const shown = ids.slice(0, MAX_LIST_ROWS).map((id) => `${code(id)}`);
    const rest = ids.length > MAX_LIST_ROWS ? ` and ${wholeNumber(ids.length - MAX_LIST_ROWS)} more` : '';
    lines.push(
      `- ${verb} ${wholeNumber(ids.length)} ${what}${ids.length === 1 ? '' : 's'}: ${shown.join(', ')}${rest}`,
    );
  };
  list('added', 'SuperPoD', diff.superPods.added);
  list('removed', 'SuperPoD', diff.superPods.removed);
  list('added', 'rack', diff.racks.added);
  list('removed', 'rack', diff.racks.removed);
  const npus = (nodes: readonly { npus: number }[]) => nodes.reduce((s, n) => s + n.npus, 0);
  const { added, removed } = diff.nodes;
  if (added.length > 0) lines.push(`- added ${wholeNumber(added.length)} nodes (${wholeNumber(npus(added))} NPUs)`);
  if (removed.length > 0)
    lines.push(`- removed ${wholeNumber(removed.length)} nodes (${wholeNumber(npus(removed))} NPUs)`);
  return lines.length === 0 ? [] : ['### Racks and nodes', '', ...lines, ''];
}

function findingsSection(diff: CapacityDiff): string[] {
  const f = diff.findings;
  const rows: [string, CapacityFinding][] = [
    ...f.new.map((x): [string, CapacityFinding] => ['new', x]),
    ...f.unsuppressed.map((x): [string, CapacityFinding] => ['suppression removed', x]),
    ...f.newlySuppressed.map((x): [string, CapacityFinding] => ['newly suppressed', x]),
    ...f.fixed.map((x): [string, CapacityFinding] => ['fixed', x]),
  ];
  const out = [
    '### Findings',
    '',
    `${f.new.length} new, ${f.fixed.length} fixed, ${f.newlySuppressed.length} newly suppressed (errors ${f.base.errors} → ${f.head.errors}, warnings ${f.base.warnings} → ${f.head.warnings}).`,
    '',
  ];
  if (rows.length === 0) return out;
  out.push('| change | level | rule | element | finding |', '| --- | --- | --- | --- | --- |');
  for (const [change, x] of rows.slice(0, MAX_LIST_ROWS)) {
    const note = x.suppressedBecause === null ? '' : ` (suppressed: ${x.suppressedBecause})`;
    out.push(`| ${change} | ${x.level} | ${x.ruleId} | ${code(x.subject || x.path)} | ${mdCell(x.message + note)} |`);
  }
  out.push(...more(rows.length), '');
  return out;
}

function gateSection(gate: readonly GateResult[]): string[] {
  if (gate.length === 0) return [];
  const out = ['### Gate (`--fail-on`)', ''];
  for (const g of gate) {
    if (g.reasons.length === 0) out.push(`- passed ${code(g.condition)}`);
    else {
      out.push(`- **failed** ${code(g.condition)}: ${g.reasons.slice(0, 5).map(mdCell).join('; ')}`);
      if (g.reasons.length > 5) out.push(`  … and ${g.reasons.length - 5} more`);
    }
  }
  out.push('');
  return out;
}

function more(count: number): string[] {
  return count > MAX_LIST_ROWS ? [`- … and ${wholeNumber(count - MAX_LIST_ROWS)} more`] : [];
}
