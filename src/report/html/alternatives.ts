import type { HardwareAlternative, RangedFigure, ServiceAlternatives } from '../../perf/index.ts';
import { significant, wholeNumber } from '../../units/index.ts';
import { ALTERNATIVES_INTRO, EXTRAPOLATION_NOTE, rangedText } from '../alternatives.ts';
import { type RangeRow, rangeBars } from '../charts/range-bars.ts';
import type { CapacityData } from '../data.ts';
import { anchorId, esc } from '../format.ts';
import { badge, type Cell, figure, table } from './table.ts';

/** Navigation entry of the section, empty when the report left the alternatives out. */
export function alternativesNav(data: CapacityData): string {
  return data.alternatives === null ? '' : '<a href="#alternatives">Alternatives</a>';
}

/** The declared hardware of each service against H20, H200 and B200: accelerators, cost and energy, with ranges. */
export function alternativesSection(data: CapacityData): string {
  if (data.alternatives === null) return '';
  const parts = [
    '<section id="alternatives"><h2>Hardware alternatives</h2>',
    `<p class="note">${esc(ALTERNATIVES_INTRO)} ${esc(EXTRAPOLATION_NOTE)} Ranges are p10-p90. Card-hours per million output tokens are the cost at 1 per accelerator-hour (as <code>superpod plan</code> without <code>--price</code>); a cost is shown only where a price per accelerator-hour is given, else “not evaluated” (the price is an input, never invented).</p>`,
  ];
  if (data.alternatives.length === 0) parts.push('<p class="empty">No inference services in this stack.</p>');
  data.alternatives.forEach((s, i) => {
    parts.push(serviceBlock(s, anchorId('alternatives', i, s.serviceId)));
  });
  parts.push('</section>');
  return parts.join('\n');
}

function serviceBlock(s: ServiceAlternatives, anchor: string): string {
  const head = `<article class="service" id="${esc(anchor)}"><h3>${esc(s.serviceId)}</h3>`;
  if (s.error !== null) return `${head}<p class="empty">Not planned: ${esc(s.error)}</p></article>`;
  const rows: Cell[][] = s.options.map((o) => [
    { html: `${esc(o.label)}${o.declared ? ` ${badge('declared', 'muted')}` : ''}` },
    o.plan ? o.plan.pools : { html: `<span class="bad">no plan: ${esc(o.reason ?? '')}</span>` },
    o.plan ? figure(`${wholeNumber(o.plan.cards)} (${wholeNumber(o.plan.nodes)})`) : '—',
    o.plan
      ? figure(`${significant(o.plan.powerW / 1e3)}${o.plan.powerCovers === 'nodes' ? '' : ' (cards only)'}`)
      : '—',
    figure(rangedText(o.cardHoursPerMillionOutputTokens)),
    o.plan && !o.costPerMillionOutputTokens
      ? { html: `<span class="muted" title="${esc(o.costNote ?? '')}">not evaluated: no price</span>` }
      : figure(rangedText(o.costPerMillionOutputTokens)),
    figure(rangedText(o.energyPerMillionOutputTokensKWh)),
    figure(rangedText(o.outputTokensPerJoule)),
    { html: calibration(o) },
  ]);
  const chart = (
    name: string,
    unit: string,
    pick: (o: HardwareAlternative) => RangedFigure | null,
    format: (v: number) => string,
  ) =>
    `<figure class="roofline"><figcaption>${esc(name)}</figcaption>${rangeBars(
      `${anchor}-${name.replace(/[^a-z]+/gi, '-').toLowerCase()}`,
      s.options.map((o) => rangeRow(o, pick(o))),
      unit,
      `${name} of ${s.serviceId}`,
      format,
    )}</figure>`;
  return [
    head,
    table(
      [
        'hardware',
        'pools: instances x accelerators',
        'accelerators (nodes)',
        'wall kW',
        'card-hours / M output tokens',
        'cost / M output tokens',
        'kWh / M output tokens',
        'output tokens / J',
        'calibration',
      ],
      rows,
      'alternatives',
    ),
    `<div class="charts">${chart('Card-hours per million output tokens', 'card-hours', (o) => o.cardHoursPerMillionOutputTokens, significant)}${chart('Wall energy per million output tokens', 'kWh', (o) => o.energyPerMillionOutputTokensKWh, significant)}</div>`,
    '</article>',
  ].join('\n');
}

function calibration(o: HardwareAlternative): string {
  if (o.extrapolated) return badge('extrapolated', 'warn');
  return o.plan ? esc(o.plan.calibration) : '—';
}

function rangeRow(o: HardwareAlternative, f: RangedFigure | null): RangeRow {
  const label = `${o.accelerators.join(' + ')}${o.plan ? ` · ${wholeNumber(o.plan.cards)} acc.` : ''}`;
  return f === null
    ? { label, value: null, p10: 0, p90: 0, extrapolated: o.extrapolated, missing: 'no plan' }
    : { label, value: f.value, p10: f.p10, p90: f.p90, extrapolated: o.extrapolated };
}
