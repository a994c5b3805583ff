import { formatNumber, kilowatts, wholePercent } from '../../units/index.ts';
import { utilisationBars } from '../charts/bars.ts';
import type { ComparisonView } from '../comparison.ts';
import type { CapacityData } from '../data.ts';
import { ROLE_COLORS, rackElevation } from '../elevation.ts';
import type { RackFigures } from '../facility.ts';
import { esc } from '../format.ts';

/** Front elevations of every rack, grouped by SuperPoD, each with its supply bars: the drill-down targets. */
export function elevationsSection(data: CapacityData, comparison?: ComparisonView): string {
  const roles = new Set(data.inventory.nodes.map((n) => n.role));
  const legend = (Object.keys(ROLE_COLORS) as (keyof typeof ROLE_COLORS)[])
    .filter((role) => roles.has(role))
    .map((role) => `<span class="swatch" style="background:${ROLE_COLORS[role].fill}"></span>${esc(role)}`)
    .join(' ');
  const total = data.site.pods.reduce((sum, pod) => sum + pod.racks.length, 0);
  // Past a full SuperPoD's worth of racks the page would grow to tens of MB: draw the first SuperPoD whole and, in the
  // others, only the racks over a limit; the heat maps above still show every rack.
  const drawAll = total <= MAX_ELEVATIONS;
  const pods = data.site.pods.map((pod, i) => {
    const changed = (r: RackFigures) =>
      comparison !== undefined &&
      (comparison.addedRacks.has(r.rack.id) ||
        r.nodes.some((n) => comparison.addedNodes.has(n.id)) ||
        comparison.removedNodes.some((n) => n.rackId === r.rack.id));
    const drawn = drawAll || i === 0 ? pod.racks : pod.racks.filter((r) => isOver(r) || changed(r));
    const left = pod.racks.length - drawn.length;
    const note =
      left > 0
        ? `<p class="note">${left} of ${pod.racks.length} racks within every limit are not drawn (the cluster has ${total} racks); the heat maps show them.</p>`
        : '';
    return `<h3>SuperPoD ${esc(pod.pod.id)} <span class="muted">(${pod.racks.length} racks)</span></h3>${note}<div class="elevations">${drawn.map((r) => rackCard(r, comparison)).join('\n')}</div>`;
  });
  return [
    '<section id="elevations"><h2>Rack elevations</h2>',
    comparison
      ? `<p class="note">Compared with ${esc(comparison.baseLabel)}: nodes added since then are outlined in green, removed ones drawn as dashed red outlines where they stood${comparison.removedRacks.length > 0 ? `; racks removed: ${esc(comparison.removedRacks.join(', '))}` : ''}.</p>`
      : '',
    `<p class="note">Front view, U1 at the bottom. Node colour by role: ${legend || 'no nodes'}; hatched units are reserved (UB switches, power shelves, cabling). Hover a node for its figures.</p>`,
    ...pods,
    '</section>',
  ].join('\n');
}

/** Racks drawn in full before the page falls back to the first SuperPoD and the racks over a limit. */
export const MAX_ELEVATIONS = 1024;

function isOver(r: RackFigures): boolean {
  return r.normalUtilisation > 1 || r.redundancy === 'fails';
}

function rackCard(r: RackFigures, comparison?: ComparisonView): string {
  const bars = utilisationBars(
    r.supplies.map((s) => ({
      label: s.label,
      utilisation: s.utilisation,
      detail: `${formatNumber(s.loadW / 1000, { fixed: true })}/${kilowatts(s.limitW)}`,
      emphasis: s.failover,
    })),
    `Supply utilisation of rack ${r.rack.id}`,
    250,
  );
  const p = r.rack.power;
  const c = r.rack.cooling;
  const over = isOver(r);
  return `<figure class="elevation${over ? ' over' : ''}" id="${esc(r.anchor)}" data-rack="${esc(r.rack.id)}">
<figcaption><strong>${esc(r.rack.name)}</strong> <span class="muted">${esc(r.rack.id)}</span>${comparison?.addedRacks.has(r.rack.id) ? ' <span class="badge ok">added</span>' : ''}<br>${r.rack.heightU}U · ${r.nodes.length} nodes · ${r.npus} NPUs<br>${nb(kilowatts(r.itLoadW))}${r.unknownPowerNodes > 0 ? ` + ${r.unknownPowerNodes} of unknown power` : ''} · ${nb(`${Math.round(r.weightKg)} kg`)}${r.unknownWeightNodes > 0 ? ` + ${r.unknownWeightNodes} of unknown mass` : ''}</figcaption>
${rackElevation(r, comparison ? { added: comparison.addedNodes, removed: comparison.removedNodes.filter((n) => n.rackId === r.rack.id) } : undefined)}
<div class="rack-facts">${esc(Math.abs(p.voltageV))} VDC ${esc(p.kind)} ${esc(p.currentA)} A × ${esc(wholePercent(p.maxUtilisation))}${p.shelves ? `, ${p.shelves.count} shelves` : ''}, ${esc(p.redundancy)}<br>${esc(c.method)} cooling: ${c.liquidCapacityW > 0 || r.liquidHeatW > 0 ? `liquid ${esc(kilowatts(r.liquidHeatW))}/${esc(kilowatts(c.liquidCapacityW))}, ` : ''}air ${esc(kilowatts(r.airHeatW))}/${esc(kilowatts(c.airCapacityW))}${c.coolantClass ? ` · ${esc(c.coolantClass)}` : ''}${c.airClass ? ` · ${esc(c.airClass)}` : ''}</div>
${bars}
</figure>`;
}

/** Escaped, with non-breaking spaces so a figure and its unit stay on one line. */
function nb(text: string): string {
  return esc(text).replace(/ /g, '&nbsp;');
}
