import { nodeLoadW } from '../facility/index.ts';
import type { NodeInfo, NodeRole } from '../inventory/types.ts';
import { kilowatts } from '../units/index.ts';
import { el, fitText, svgRoot, text, title } from './charts/svg.ts';
import type { RemovedNode } from './comparison.ts';
import type { RackFigures } from './facility.ts';
import { esc, orDash } from './format.ts';

/** Node colours by role (Okabe-Ito palette, distinguishable with the common colour-vision deficiencies). */
export const ROLE_COLORS: Readonly<Record<NodeRole, { readonly fill: string; readonly ink: string }>> = {
  prefill: { fill: '#e69f00', ink: '#1a1a1a' },
  decode: { fill: '#0072b2', ink: '#ffffff' },
  training: { fill: '#009e73', ink: '#ffffff' },
  spare: { fill: '#d9d9d9', ink: '#1a1a1a' },
  general: { fill: '#cc79a7', ink: '#1a1a1a' },
};

/** Pixels per rack unit in an elevation. */
export const U_PX = 8;
const GUTTER = 20;
const BODY = 200;
const PAD = 6;

/**
 * Patterns every elevation refers to, defined once per page (`url(#…)` resolves across the inline SVGs of one
 * HTML document): empty units as 1U ruled slots and reserved units hatched.
 */
export function elevationDefs(): string {
  return (
    '<svg width="0" height="0" style="position:absolute" aria-hidden="true"><defs>' +
    `<pattern id="u-slots" width="8" height="${U_PX}" patternUnits="userSpaceOnUse"><rect width="8" height="${U_PX}" fill="#f7f7f7"/><line x1="0" x2="8" y1="${U_PX - 0.25}" y2="${U_PX - 0.25}" stroke="#dcdcdc" stroke-width="0.5"/></pattern>` +
    '<pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#eeeeee"/><line x1="0" y1="0" x2="0" y2="6" stroke="#a0a0a0" stroke-width="2"/></pattern>' +
    '</defs></svg>'
  );
}

/** Nodes to mark in "compared with" mode: added ones outlined, removed ones drawn as dashed outlines. */
export interface ElevationMarks {
  readonly added: ReadonlySet<string>;
  readonly removed: readonly RemovedNode[];
}

/**
 * Front elevation of one rack as NetBox draws it: units numbered from the bottom (U1), each node at its U position
 * and height, coloured by role, the reserved bottom units (switches, power shelves) hatched.
 */
export function rackElevation(r: RackFigures, marks?: ElevationMarks): string {
  const heightU = r.rack.heightU;
  const width = GUTTER + BODY + PAD * 2;
  const height = heightU * U_PX + PAD * 2;
  const x0 = GUTTER + PAD;
  const yOf = (u: number) => PAD + (heightU - u + 1) * U_PX; // bottom edge of unit u
  const parts: string[] = [
    el('rect', { class: 'rack-frame', x: GUTTER, y: 0, width: BODY + PAD * 2, height, rx: 3 }),
    el('rect', { x: x0, y: PAD, width: BODY, height: heightU * U_PX, fill: 'url(#u-slots)' }),
  ];
  for (let u = 1; u <= heightU; u++) {
    if (u % 2 === 1 || heightU <= 24) {
      parts.push(text({ class: 'u-num', x: GUTTER - 3, y: yOf(u) - 1.5, 'text-anchor': 'end' }, String(u)));
    }
  }
  if (r.rack.reservedU > 0) {
    const top = yOf(r.rack.reservedU) - U_PX;
    const h = r.rack.reservedU * U_PX;
    parts.push(
      el(
        'g',
        { class: 'reserved' },
        title(`U1-U${r.rack.reservedU} reserved: switches, power shelves, cabling`),
        el('rect', { x: x0, y: top, width: BODY, height: h, fill: 'url(#hatch)' }),
        h >= 12
          ? text(
              { class: 'node-text dim', x: x0 + BODY / 2, y: top + h / 2 + 3.5, 'text-anchor': 'middle' },
              `reserved ${r.rack.reservedU}U`,
            )
          : '',
      ),
    );
  }
  for (const node of r.nodes) {
    const y = yOf(node.uPosition + node.heightU - 1) - U_PX;
    parts.push(nodeBox(node, x0, y));
    if (marks?.added.has(node.id)) parts.push(changeMark('added', node.id, x0, y, node.heightU));
  }
  for (const node of marks?.removed ?? []) {
    parts.push(changeMark('removed', node.id, x0, yOf(node.uPosition + node.heightU - 1) - U_PX, node.heightU));
  }
  return svgRoot(width, height, `Front elevation of rack ${r.rack.id}`, parts.join(''), 'elevation-svg');
}

/** A node added since the base (solid green outline) or removed (dashed red outline where it stood). */
function changeMark(kind: 'added' | 'removed', id: string, x: number, y: number, heightU: number): string {
  const h = heightU * U_PX;
  const short = id.slice(id.lastIndexOf('/') + 1);
  const color = kind === 'added' ? '#2b7a3b' : '#a50f15';
  return `<g class="node-${kind}" data-node="${esc(id)}">${title(`${id}: ${kind} since the base`)}${el('rect', {
    x: x - 1.5,
    y: y - 0.5,
    width: BODY + 3,
    height: h + 1,
    fill: kind === 'added' ? 'none' : 'rgba(165,15,21,0.08)',
    stroke: color,
    'stroke-width': 2,
    ...(kind === 'removed' ? { 'stroke-dasharray': '4 2' } : {}),
  })}${text({ class: 'node-text', x: x + BODY - 4, y: y + 8, 'text-anchor': 'end', fill: color, 'font-size': 7.5, 'font-weight': 700 }, kind === 'added' ? '+ added' : `− ${short} removed`)}</g>`;
}

function nodeBox(node: NodeInfo, x: number, y: number): string {
  const h = node.heightU * U_PX;
  const { fill, ink } = ROLE_COLORS[node.role];
  const watts = nodeLoadW(node);
  const short = node.id.slice(node.id.lastIndexOf('/') + 1);
  const detail = `${node.acceleratorCount}× ${node.acceleratorId}`;
  const lines: string[] = [];
  const size = h >= 16 ? 9.5 : 7;
  if (h >= 26) {
    lines.push(fitText(`${short} · ${node.role}`, BODY - 8, size));
    lines.push(fitText(`${detail} · ${orDash(watts, kilowatts)}`, BODY - 8, size));
  } else {
    lines.push(fitText(`${short} · ${detail}`, BODY - 8, size));
  }
  const lineGap = size + 2;
  const firstY = y + h / 2 - ((lines.length - 1) * lineGap) / 2 + size * 0.35;
  const tip = `${node.id} (${node.name}): ${node.role}, ${node.nodeTypeId}, ${detail}, U${node.uPosition}-U${node.uPosition + node.heightU - 1}, ${watts === null ? 'power unknown' : kilowatts(watts)}, ${node.weightKg === null ? 'mass unknown' : `${node.weightKg} kg`}, pool ${node.pool}`;
  return `<g class="node" data-node="${esc(node.id)}" data-role="${esc(node.role)}">${title(tip)}${el('rect', {
    x: x + 0.5,
    y: y + 0.5,
    width: BODY - 1,
    height: h - 1,
    rx: 1.5,
    fill,
    stroke: '#1a1a1a',
    'stroke-width': 0.6,
  })}${lines
    .map((line, i) =>
      text(
        {
          class: 'node-text',
          x: x + 5,
          y: firstY + i * lineGap,
          fill: ink,
          'font-size': size,
        },
        line,
      ),
    )
    .join('')}</g>`;
}
