import { significant } from '../units/index.ts';
import { ALTERNATIVES_INTRO, EXTRAPOLATION_NOTE, rangedText } from './alternatives.ts';
import type { CapacityData } from './data.ts';
import { mdTable } from './format.ts';

/** The hardware alternatives of each service as Markdown: one table per service, no charts. */
export function alternativesMarkdown(data: CapacityData): string[] {
  if (data.alternatives === null || data.alternatives.length === 0) return [];
  const out = ['### Hardware alternatives', '', ALTERNATIVES_INTRO, '', `${EXTRAPOLATION_NOTE}`, ''];
  for (const s of data.alternatives) {
    out.push(`**${s.serviceId}**`, '');
    if (s.error !== null) {
      out.push(`Not planned: ${s.error}`, '');
      continue;
    }
    const rows = s.options.map((o) => [
      `${o.label}${o.declared ? ' (declared)' : ''}`,
      o.plan ? o.plan.pools : `no plan: ${o.reason ?? ''}`,
      o.plan ? `${o.plan.cards} (${o.plan.nodes})` : '—',
      o.plan ? `${significant(o.plan.powerW / 1e3)}${o.plan.powerCovers === 'nodes' ? '' : ' (cards only)'}` : '—',
      rangedText(o.cardHoursPerMillionOutputTokens),
      o.plan && !o.costPerMillionOutputTokens
        ? `not evaluated: ${o.costNote ?? ''}`
        : rangedText(o.costPerMillionOutputTokens),
      rangedText(o.energyPerMillionOutputTokensKWh),
      rangedText(o.outputTokensPerJoule),
      o.extrapolated ? 'extrapolated' : (o.plan?.calibration ?? '—'),
    ]);
    out.push(
      ...mdTable(
        [
          'hardware',
          'pools',
          'accelerators (nodes)',
          'wall kW',
          'card-hours per M output tokens',
          'cost per M output tokens',
          'kWh per M output tokens',
          'output tokens/J',
          'calibration',
        ],
        rows,
      ),
      '',
    );
  }
  return out;
}
