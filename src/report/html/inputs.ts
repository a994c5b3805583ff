import type { NodeInfo } from '../../inventory/types.ts';
import { wholeNumber } from '../../units/index.ts';
import type { CapacityData } from '../data.ts';
import { esc } from '../format.ts';
import { type Cell, table } from './table.ts';

/** What the figures rest on: inputs nobody gave, and how far the predictions can be trusted. */
export function inputsSection(data: CapacityData): string {
  const rows: Cell[][] = [
    ...groupRows(
      data.missing.unknownPower,
      'power (accelerator TDP or host power)',
      'acceleratorPower and hostPower on the node',
    ),
    ...groupRows(data.missing.unknownWeight, 'mass', 'weight on the node'),
  ];
  const missing =
    rows.length === 0
      ? '<p class="empty">Every node has its power and mass.</p>'
      : table(['node type', 'missing', 'nodes', 'for example', 'set'], rows);
  const confidence: Cell[][] = [];
  for (const s of data.services) {
    for (const pool of s.prediction?.pools ?? []) {
      confidence.push([
        s.service.id,
        pool.pool,
        pool.confidence.level,
        pool.confidence.weakestInput,
        pool.confidence.note,
      ]);
    }
  }
  return [
    '<section id="inputs"><h2>Inputs and confidence</h2>',
    '<h3>Missing inputs</h3>',
    '<p class="note">Figures that need these inputs leave the nodes out and say so; the power pack reports them as POWER-001, the physical pack as PHYS-003.</p>',
    missing,
    confidence.length === 0
      ? ''
      : `<h3>Prediction confidence</h3>${table(['service', 'pool', 'weakest input level', 'weakest input', 'calibration'], confidence)}`,
    '</section>',
  ].join('\n');
}

function groupRows(nodes: readonly NodeInfo[], what: string, fix: string): Cell[][] {
  const byType = new Map<string, NodeInfo[]>();
  for (const n of nodes) {
    const list = byType.get(n.nodeTypeId);
    if (list) list.push(n);
    else byType.set(n.nodeTypeId, [n]);
  }
  return [...byType.entries()]
    .sort((a, b) => (a[0] < b[0] ? -1 : 1))
    .map(([type, list]) => [
      type,
      what,
      wholeNumber(list.length),
      {
        html:
          list
            .slice(0, 3)
            .map((n) => `<code>${esc(n.id)}</code>`)
            .join(', ') + (list.length > 3 ? ', …' : ''),
      },
      fix,
    ]);
}
