import type { CapacityDocument } from '../capacity/index.ts';
import { figureName, priceNote, rankedFigures, summaryPhrases } from '../compare/figures.ts';
import { type CapacityDiff, deltaText, MAX_FIGURE_ROWS, relativeText, valueText } from '../compare/index.ts';
import type { ComparisonView } from '../report/index.ts';

/** The capacity page's "compared with" view of a comparison: formatted figures, added and removed nodes. */
export function comparisonView(diff: CapacityDiff, base: CapacityDocument, baseLabel: string): ComparisonView {
  const ranked = rankedFigures(diff);
  const total = (figure: string) => {
    const c = diff.figures.find((x) => x.scope === 'total' && x.figure === figure);
    return c ? deltaText(c) : undefined;
  };
  const removed = new Set(diff.nodes.removed.map((n) => n.id));
  const f = diff.findings;
  const npus = total('npus');
  const itLoad = total('itNameplateKw');
  const facility = total('facilityKw');
  return {
    baseLabel,
    summary: summaryPhrases(diff).join(', '),
    figures: ranked.slice(0, MAX_FIGURE_ROWS).map((c) => ({
      name: figureName(c),
      base: valueText(c.base, c.unit),
      head: valueText(c.head, c.unit),
      change: deltaText(c),
      relative: relativeText(c),
    })),
    moreFigures: Math.max(0, ranked.length - MAX_FIGURE_ROWS),
    tiles: {
      ...(npus === undefined ? {} : { npus }),
      ...(itLoad === undefined ? {} : { itLoad }),
      ...(facility === undefined ? {} : { facility }),
    },
    addedNodes: new Set(diff.nodes.added.map((n) => n.id)),
    addedRacks: new Set(diff.racks.added),
    removedNodes: base.nodes
      .filter((n) => removed.has(n.id))
      .map((n) => ({ id: n.id, rackId: n.rackId, uPosition: n.uPosition, heightU: n.heightU })),
    removedRacks: diff.racks.removed,
    findings: `${f.new.length} new, ${f.fixed.length} fixed, ${f.newlySuppressed.length} newly suppressed`,
    costNote: priceNote(diff),
  };
}
