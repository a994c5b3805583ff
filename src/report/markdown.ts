import { ATTENTION_SHARE, needsAttention, ratio, worstShare } from '../facility/index.ts';
import { formatLocation } from '../source-location.ts';
import {
  humanSeconds,
  kilowatts,
  megawattsOrKilowatts,
  plural,
  significant,
  wholeNumber,
  wholePercent,
} from '../units/index.ts';
import { alternativesMarkdown } from './alternatives-markdown.ts';
import { type ComparisonView, comparisonNotes } from './comparison.ts';
import type { CapacityData } from './data.ts';
import { mdCell, mdTable, orDash } from './format.ts';
import { recommendationSection, waterSection } from './markdown-recommendation.ts';

/** Rows of the attention and findings lists: a pull-request comment stays short whatever the cluster size. */
export const MARKDOWN_ROWS = 15;

export interface CapacityMarkdownOptions {
  /** "Compared with" mode: a section of the changes since the base, after the headline. */
  readonly comparison?: ComparisonView;
}

/**
 * The capacity report as Markdown for a pull-request comment: the verdicts and the worst cases, no charts; in
 * "compared with" mode, first what changed since the base.
 */
export function renderCapacityMarkdown(data: CapacityData, options: CapacityMarkdownOptions = {}): string {
  const out: string[] = [];
  const site = data.site;
  out.push(`## Capacity review: ${mdCell(data.inventory.stack)}`);
  out.push('');
  out.push(
    `${plural(site.pods.length, 'SuperPoD')} · ${plural(site.racks, 'rack')} · ${plural(site.nodes, 'node')} · ${wholeNumber(site.npus)} NPUs · IT load ${megawattsOrKilowatts(site.itLoadW)} nameplate${site.unknownPowerNodes > 0 ? ` (+${plural(site.unknownPowerNodes, 'node')} of unknown power)` : ''} · facility ${megawattsOrKilowatts(site.facilityW)}`,
  );
  out.push('');
  if (options.comparison) out.push(...comparisonSection(options.comparison));
  out.push(...powerSection(data));
  out.push(...servicesSection(data));
  out.push(...alternativesMarkdown(data));
  out.push(...recommendationSection(data));
  out.push(...waterSection(data));
  out.push(...schedulerSection(data));
  out.push(...findingsSection(data));
  out.push('_Full report with rack elevations, heat maps and charts: `reports/capacity.html`._');
  out.push('');
  return out.join('\n');
}

function comparisonSection(c: ComparisonView): string[] {
  const out = [
    '### Changes since the base',
    '',
    `Compared with \`${mdCell(c.baseLabel)}\`: **${mdCell(c.summary)}**`,
    '',
  ];
  if (c.figures.length > 0) {
    out.push(
      ...mdTable(
        ['figure', 'base', 'this version', 'change', '%'],
        c.figures.map((f) => [f.name, f.base, f.head, f.change, f.relative]),
      ),
      '',
    );
  }
  if (c.moreFigures > 0) {
    out.push(`… and ${c.moreFigures} more changed figures (\`superpod compare --format json\` lists all).`, '');
  }
  out.push(...comparisonNotes(c).map((note) => `- ${mdCell(note)}`), '');
  return out;
}

/** `86%`, or `—` when there is neither a load nor a limit (no liquid loop on an air-cooled rack). */
function share(load: number, limit: number): string {
  return load === 0 && limit === 0 ? '—' : wholePercent(ratio(load, limit));
}

function powerSection(data: CapacityData): string[] {
  const out = ['### Power, cooling and space', ''];
  out.push(
    ...mdTable(
      [
        'SuperPoD',
        'racks',
        'IT load',
        'average facility (annual PUE)',
        'peak draw (budget basis)',
        'budget',
        'liquid heat',
        'air heat',
        'rack units',
      ],
      data.site.pods.map((p) => [
        p.pod.id,
        p.racks.length,
        megawattsOrKilowatts(p.itLoadW),
        `${megawattsOrKilowatts(p.facilityW)} (${p.pue}${p.pueAssumed ? ', assumed' : ''})`,
        megawattsOrKilowatts(p.peak.facilityW),
        p.budgetW === null
          ? '—'
          : `${wholePercent(p.peak.facilityW / p.budgetW)} of ${megawattsOrKilowatts(p.budgetW)}`,
        `${wholePercent(ratio(p.liquidHeatW, p.liquidCapacityW))} of ${megawattsOrKilowatts(p.liquidCapacityW)}`,
        `${wholePercent(ratio(p.airHeatW, p.airCapacityW))} of ${megawattsOrKilowatts(p.airCapacityW)}`,
        `${wholePercent(ratio(p.usedU, p.usableU))} of ${wholeNumber(p.usableU)}U`,
      ]),
    ),
  );
  out.push(
    '',
    'Peak draw: what a facility budget is held against, as POWER-004 counts it (node load, shelf conversion loss, in-rack switches, interconnect cabinets, times the design-day PUE). Average facility: node load times the annual PUE, the basis of energy and cost.',
  );
  out.push('');
  const racks = data.site.pods.flatMap((p) => p.racks);
  const ranked = [...racks].sort((a, b) => worstShare(b) - worstShare(a) || (a.rack.id < b.rack.id ? -1 : 1));
  const attention = ranked.filter(needsAttention);
  if (attention.length === 0) {
    const top = ranked[0];
    out.push(
      top
        ? `All ${plural(racks.length, 'rack')} stay under ${wholePercent(ATTENTION_SHARE)} of every limit (highest: \`${mdCell(top.rack.id)}\` at ${wholePercent(worstShare(top))}).`
        : 'No racks.',
    );
  } else {
    out.push(`Racks above ${wholePercent(ATTENTION_SHARE)} of a limit (${attention.length}; worst first):`, '');
    out.push(
      ...mdTable(
        ['rack', 'IT load', 'all feeds', 'one feed failed', 'liquid heat', 'air heat', 'space', 'weight'],
        attention
          .slice(0, MARKDOWN_ROWS)
          .map((r) => [
            `\`${r.rack.id}\``,
            kilowatts(r.itLoadW),
            wholePercent(r.normalUtilisation),
            orDash(r.survivingUtilisation, wholePercent),
            share(r.liquidHeatW, r.rack.cooling.liquidCapacityW),
            share(r.airHeatW, r.rack.cooling.airCapacityW),
            wholePercent(ratio(r.usedU, r.usableU)),
            wholePercent(ratio(r.weightKg, r.rack.weightLimitKg)),
          ]),
      ),
    );
    if (attention.length > MARKDOWN_ROWS) out.push('', `… and ${attention.length - MARKDOWN_ROWS} more.`);
  }
  out.push('');
  return out;
}

function servicesSection(data: CapacityData): string[] {
  if (data.services.length === 0) return ['### Services', '', 'No inference services in this stack.', ''];
  const rows = data.services.map((s) => {
    const p = s.prediction;
    if (!p) return [s.service.id, 'not predicted', s.error ?? '', '', '', '', '', ''];
    const ok = p.feasible && p.meetsSlo.ttft && p.meetsSlo.tpot;
    const fit = p.pools.every((pool) => pool.memory.fits);
    return [
      s.service.id,
      ok ? 'meets SLO' : p.feasible ? 'misses SLO' : 'cannot serve the load',
      `${humanSeconds(p.ttftS)} / ${humanSeconds(s.service.slo.ttftS)}`,
      `${humanSeconds(p.tpotS)} / ${humanSeconds(s.service.slo.tpotS)}`,
      fit
        ? p.pools
            .map(
              (pool) =>
                `${pool.role} ${pool.memory.totalGB.toFixed(0)}/${pool.memory.capacityGB} GB (${pool.memory.capacityGiB} GiB)`,
            )
            .join(', ')
        : 'does not fit',
      `${significant(p.goodput.requestsPerSecond)} req/s`,
      p.tokensPerJoule === null ? '—' : significant(p.tokensPerJoule),
      s.cost ? significant(s.cost.perMillionOutputTokens) : '—',
    ];
  });
  return [
    '### Services',
    '',
    ...mdTable(
      [
        'service',
        'verdict',
        'TTFT / SLO',
        'TPOT / SLO',
        'memory per device',
        'goodput',
        'tokens/J',
        'cost per M tokens',
      ],
      rows,
    ),
    '',
  ];
}

function schedulerSection(data: CapacityData): string[] {
  const s = data.schedule;
  if (s === null) return [];
  if (s.runs.length === 0) return ['### Scheduling', '', `Not simulated: ${s.skipped ?? 'no policy chosen'}.`, ''];
  return [
    '### Scheduling',
    '',
    `FGD experiment up to ${s.untilDemandPercent}% arrived NPU demand with ${s.workload === 'stack' ? "the stack's own workloads" : 'the synthetic Ascend mix (the stack declares no workloads)'}, seed ${s.seed}:`,
    '',
    ...mdTable(
      ['policy', 'allocated', 'fragmented idle', 'pods failed'],
      s.runs.map((r) => [
        r.policy,
        wholePercent(r.final.allocation),
        wholePercent(r.final.fragmentationRatio),
        `${wholeNumber(r.failedPods)} of ${wholeNumber(r.arrivedPods)}`,
      ]),
    ),
    '',
  ];
}

function findingsSection(data: CapacityData): string[] {
  const r = data.checks;
  const s = r.summary;
  const out = [
    '### Policy findings',
    '',
    `${s.errors} errors, ${s.warnings} warnings, ${s.infos} info, ${s.suppressed} suppressed, ${s.notEvaluated} not evaluated (${wholeNumber(s.checks)} checks).`,
    '',
  ];
  const open = r.findings.filter((f) => !f.suppressed && f.level !== 'info');
  if (open.length > 0) {
    out.push(
      ...mdTable(
        ['level', 'rule', 'element', 'finding', 'where'],
        open
          .slice(0, MARKDOWN_ROWS)
          .map((f) => [
            f.level,
            f.ruleId,
            `\`${f.subject.id || f.subject.label}\``,
            f.message,
            formatLocation(f.location) ?? '',
          ]),
      ),
    );
    if (open.length > MARKDOWN_ROWS) out.push('', `… and ${open.length - MARKDOWN_ROWS} more.`);
    out.push('');
  }
  if (r.suppressions.length > 0) {
    out.push('Suppressions:', '');
    out.push(
      ...mdTable(
        ['rule', 'target', 'reason', 'matched'],
        r.suppressions
          .slice(0, MARKDOWN_ROWS)
          .map((x) => [x.ruleId, `\`${x.target}\``, x.reason, x.status === 'used' ? String(x.matched) : x.status]),
      ),
    );
    if (r.suppressions.length > MARKDOWN_ROWS) out.push('', `… and ${r.suppressions.length - MARKDOWN_ROWS} more.`);
    out.push('');
  }
  return out;
}
