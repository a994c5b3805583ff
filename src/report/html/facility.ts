import { ATTENTION_SHARE, needsAttention, ratio, worstShare } from '../../facility/index.ts';
import { kilowatts, megawattsOrKilowatts, plural, wholeNumber, wholePercent } from '../../units/index.ts';
import { type HeatCell, heatMap } from '../charts/heatmap.ts';
import type { CapacityData } from '../data.ts';
import { type PodFigures, peakDrawBreakdown, type RackFigures, type SiteFigures } from '../facility.ts';
import { esc, orDash } from '../format.ts';
import { badge, type Cell, figure, link, table } from './table.ts';

/** The heat maps of a pod: what openDCIM and Device42 overlay on a floor plan, one small map per quantity. */
const HEAT_MAPS: readonly {
  name: string;
  value: (r: RackFigures) => number | null | 'n/a';
  detail: (r: RackFigures) => string;
}[] = [
  {
    name: 'Power, all feeds',
    value: (r) => (r.unknownPowerNodes > 0 && r.itLoadW <= r.normalLimitW ? null : r.normalUtilisation),
    detail: (r) => `${kilowatts(r.itLoadW)} of ${kilowatts(r.normalLimitW)} derated${unknown(r)}`,
  },
  {
    name: 'Power, one feed failed',
    value: (r) =>
      r.survivingUtilisation === null
        ? r.normalUtilisation
        : r.unknownPowerNodes > 0 && r.redundancy !== 'fails'
          ? null
          : r.survivingUtilisation,
    detail: (r) =>
      r.survivingLimitW === null
        ? `no redundancy: ${kilowatts(r.itLoadW)} of ${kilowatts(r.normalLimitW)}`
        : `${kilowatts(r.itLoadW)} on the surviving ${kilowatts(r.survivingLimitW)}${unknown(r)}`,
  },
  {
    name: 'Liquid heat',
    value: (r) => (r.rack.cooling.liquidCapacityW > 0 || r.liquidHeatW > 0 ? liquidShare(r) : 'n/a'),
    detail: (r) =>
      r.rack.cooling.liquidCapacityW > 0 || r.liquidHeatW > 0
        ? `${kilowatts(r.liquidHeatW)} of ${kilowatts(r.rack.cooling.liquidCapacityW)}${unknown(r)}`
        : 'no liquid loop',
  },
  {
    name: 'Air heat',
    value: (r) =>
      r.rack.cooling.airCapacityW > 0 || r.airHeatW > 0 ? ratio(r.airHeatW, r.rack.cooling.airCapacityW) : 'n/a',
    detail: (r) => `${kilowatts(r.airHeatW)} of ${kilowatts(r.rack.cooling.airCapacityW)}${unknown(r)}`,
  },
  {
    name: 'Rack units',
    value: (r) => ratio(r.usedU, r.usableU),
    detail: (r) => `${r.usedU}U of ${r.usableU}U usable (${r.rack.reservedU}U reserved)`,
  },
  {
    name: 'Weight',
    value: (r) =>
      r.unknownWeightNodes > 0 && r.weightKg <= r.rack.weightLimitKg ? null : ratio(r.weightKg, r.rack.weightLimitKg),
    detail: (r) =>
      `${Math.round(r.weightKg)} kg of ${Math.round(r.rack.weightLimitKg)} kg${r.unknownWeightNodes > 0 ? `, ${plural(r.unknownWeightNodes, 'node')} of unknown mass` : ''}`,
  },
];

function liquidShare(r: RackFigures): number {
  return ratio(r.liquidHeatW, r.rack.cooling.liquidCapacityW);
}

function unknown(r: RackFigures): string {
  return r.unknownPowerNodes > 0 ? `, ${plural(r.unknownPowerNodes, 'node')} of unknown power not counted` : '';
}

export function facilitySection(data: CapacityData): string {
  const site = data.site;
  const parts = [
    '<section id="facility"><h2>Power, cooling and space</h2>',
    '<p class="note">Loads are nameplate: accelerators × TDP + host power per node, as the power pack counts them; a feed or busbar is derated to its maximum continuous utilisation (|V| × A × 80% by default). Measured draw is typically lower.</p>',
    '<p class="note">Two facility figures: the <em>peak draw</em> is what a facility budget is held against, as POWER-004 counts it (node load, power-shelf conversion loss, in-rack switches and interconnect cabinets, times the design-day PUE); the <em>average load</em> is the node load times the annual PUE, the basis of energy and cost.</p>',
    site.pods.length > 1 ? siteTable(site) : '',
    ...site.pods.map((pod) => podSection(pod)),
    cduTable(data),
    '</section>',
  ];
  return parts.join('\n');
}

function siteTable(site: SiteFigures): string {
  const rows: Cell[][] = site.pods.map((p) => [
    { html: link(p.anchor, p.pod.id) },
    p.racks.length,
    wholeNumber(p.npus),
    figure(megawattsOrKilowatts(p.itLoadW)),
    figure(`${p.pue}${p.pueAssumed ? ' (assumed)' : ''}`),
    figure(megawattsOrKilowatts(p.facilityW)),
    figure(megawattsOrKilowatts(p.peak.facilityW), p.budgetW !== null && p.peak.facilityW > p.budgetW),
    figure(p.budgetW === null ? '—' : megawattsOrKilowatts(p.budgetW)),
  ]);
  rows.push([
    { html: '<strong>site</strong>' },
    site.racks,
    wholeNumber(site.npus),
    figure(megawattsOrKilowatts(site.itLoadW)),
    '',
    figure(megawattsOrKilowatts(site.facilityW)),
    figure(megawattsOrKilowatts(site.peakFacilityW)),
    '',
  ]);
  return `<h3>Site totals</h3>${table(['SuperPoD', 'racks', 'NPUs', 'IT load', 'annual PUE', 'average facility load (energy, cost)', 'peak draw (budget basis)', 'budget'], rows)}`;
}

function podSection(pod: PodFigures): string {
  const budget =
    pod.budgetW === null
      ? 'no facility budget set'
      : `${wholePercent(pod.peak.facilityW / pod.budgetW)} of the ${megawattsOrKilowatts(pod.budgetW)} budget`;
  const rows: Cell[][] = [
    ['Racks / nodes / NPUs', `${pod.racks.length} / ${wholeNumber(pod.nodes)} / ${wholeNumber(pod.npus)}`],
    [
      'IT load (nameplate)',
      `${megawattsOrKilowatts(pod.itLoadW)}${pod.unknownPowerNodes > 0 ? ` + ${plural(pod.unknownPowerNodes, 'node')} of unknown power` : ''}`,
    ],
    [
      'Peak facility draw (budget basis)',
      {
        html: `${esc(megawattsOrKilowatts(pod.peak.facilityW))} = ${esc(peakDrawBreakdown(pod.peak))}; ${esc(budget)}`,
        cls: pod.budgetW !== null && pod.peak.facilityW > pod.budgetW ? 'bad' : '',
      },
    ],
    [
      'Average facility load (energy, cost)',
      `${megawattsOrKilowatts(pod.facilityW)} at annual PUE ${pod.pue}${pod.pueAssumed ? ' (assumed: the pod sets none)' : ''}`,
    ],
    [
      'Liquid heat',
      `${megawattsOrKilowatts(pod.liquidHeatW)} of ${megawattsOrKilowatts(pod.liquidCapacityW)} loop capacity (${wholePercent(ratio(pod.liquidHeatW, pod.liquidCapacityW))})`,
    ],
    [
      'Air heat',
      `${megawattsOrKilowatts(pod.airHeatW)} of ${megawattsOrKilowatts(pod.airCapacityW)} air capacity (${wholePercent(ratio(pod.airHeatW, pod.airCapacityW))})`,
    ],
    [
      'Rack units',
      `${wholeNumber(pod.usedU)}U of ${wholeNumber(pod.usableU)}U usable (${wholePercent(ratio(pod.usedU, pod.usableU))})`,
    ],
    [
      'Racks over a power limit',
      { html: pod.overloadedRacks > 0 ? badge(String(pod.overloadedRacks), 'bad') : badge('none', 'ok') },
    ],
  ];
  const maps = HEAT_MAPS.map((m) => {
    const cells: HeatCell[] = pod.racks.map((r) => ({
      label: r.rack.id,
      value: finiteOrOver(m.value(r)),
      href: r.anchor,
      detail: m.detail(r),
    }));
    return `<figure class="heat"><figcaption>${esc(m.name)}</figcaption>${heatMap(m.name, cells)}</figure>`;
  }).join('');
  return [
    `<section id="${esc(pod.anchor)}" class="pod"><h3>SuperPoD ${esc(pod.pod.id)}</h3>`,
    `<div class="cols"><div>${table(['', ''], rows, 'kv')}</div></div>`,
    `<h4>Rack heat maps</h4><p class="note">One cell per rack, the share of its limit in use; select a cell to open the rack's elevation. ${pod.racks.length > 32 ? 'Cells show "!" over the limit and "?" when an input is unknown.' : ''}</p>`,
    `<div class="heatmaps">${maps}</div>`,
    ...rackTables(pod),
    '</section>',
  ].join('\n');
}

function finiteOrOver(v: number | null | 'n/a'): number | null | 'n/a' {
  if (v === null || v === 'n/a') return v;
  return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY;
}

const REDUNDANCY_WORDS: Readonly<Record<string, string>> = {
  'a-b': 'A/B (2N)',
  'n+1': 'N+1',
  none: 'none',
};

/** Pods with more racks than this list all of them in a collapsed table, below the racks that need attention. */
const COLLAPSE_RACKS = 32;

function rackTables(pod: PodFigures): string[] {
  if (pod.racks.length <= COLLAPSE_RACKS) return ['<h4>Racks</h4>', rackTable(pod.racks)];
  const attention = pod.racks
    .filter(needsAttention)
    .sort((a, b) => worstShare(b) - worstShare(a) || (a.rack.id < b.rack.id ? -1 : 1));
  return [
    `<h4>Racks above ${wholePercent(ATTENTION_SHARE)} of a limit</h4>`,
    attention.length === 0
      ? `<p class="empty">None of the ${pod.racks.length} racks.</p>`
      : rackTable(attention.slice(0, COLLAPSE_RACKS)) +
        (attention.length > COLLAPSE_RACKS
          ? `<p class="note">… and ${attention.length - COLLAPSE_RACKS} more in the table of all racks.</p>`
          : ''),
    `<details class="all-racks"><summary>All ${pod.racks.length} racks</summary>${rackTable(pod.racks)}</details>`,
  ];
}

function rackTable(racks: readonly RackFigures[]): string {
  const rows: Cell[][] = racks.map((r) => {
    const state =
      r.redundancy === 'ok'
        ? badge('holds', 'ok')
        : r.redundancy === 'fails'
          ? badge('fails', 'bad')
          : r.redundancy === 'unknown'
            ? badge('unknown', 'warn')
            : badge('none', 'muted');
    return [
      { html: link(r.anchor, r.rack.id) },
      r.npus,
      figure(`${r.usedU}/${r.usableU}U`, r.usedU > r.usableU),
      figure(`${kilowatts(r.itLoadW)}${r.unknownPowerNodes > 0 ? ` +${r.unknownPowerNodes}?` : ''}`),
      figure(kilowatts(r.normalLimitW)),
      figure(wholePercent(r.normalUtilisation), r.normalUtilisation > 1),
      figure(orDash(r.survivingUtilisation, wholePercent), (r.survivingUtilisation ?? 0) > 1),
      { html: `${esc(REDUNDANCY_WORDS[r.rack.power.redundancy] ?? r.rack.power.redundancy)} ${state}` },
      r.liquidHeatW === 0 && r.rack.cooling.liquidCapacityW === 0
        ? figure('— (no loop)')
        : figure(
            `${kilowatts(r.liquidHeatW)} / ${kilowatts(r.rack.cooling.liquidCapacityW)}`,
            r.liquidHeatW > r.rack.cooling.liquidCapacityW,
          ),
      figure(
        `${kilowatts(r.airHeatW)} / ${kilowatts(r.rack.cooling.airCapacityW)}`,
        r.airHeatW > r.rack.cooling.airCapacityW,
      ),
      figure(
        `${Math.round(r.weightKg)}${r.unknownWeightNodes > 0 ? '+?' : ''} / ${Math.round(r.rack.weightLimitKg)} kg`,
        r.weightKg > r.rack.weightLimitKg,
      ),
    ];
  });
  return table(
    [
      'rack',
      'NPUs',
      'space',
      'IT load',
      'derated limit',
      'all feeds',
      'one feed failed',
      'redundancy',
      'liquid heat / loop',
      'air heat / air path',
      'weight / limit',
    ],
    rows,
    'racks',
  );
}

function cduTable(data: CapacityData): string {
  if (data.cdus.length === 0) return '';
  const rows: Cell[][] = data.cdus.map((c) => [
    c.cduId,
    c.racks.length,
    figure(kilowatts(c.liquidHeatW)),
    c.capacityW === null
      ? {
          html: `${badge('unknown', 'warn')} state <code>cduCapacity</code> on the racks or set <code>cooling.cduCapacityKw</code> in the policy config`,
        }
      : figure(
          `${kilowatts(c.capacityW)} (${wholePercent(ratio(c.liquidHeatW, c.capacityW))})`,
          c.liquidHeatW > c.capacityW,
        ),
  ]);
  return `<h3>Coolant distribution units</h3>${table(['CDU', 'racks', 'liquid heat', 'capacity'], rows)}`;
}
