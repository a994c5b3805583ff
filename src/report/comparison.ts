/**
 * What the capacity page shows in "compared with" mode (`superpod report --compare <base>`): the changed figures
 * already formatted, and the nodes and racks added or removed, for the elevations. The composition layer builds it
 * from a capacity comparison; the report only draws it.
 */
export interface ComparisonView {
  /** What the page is compared with (`base cdktf.out`, `main`). */
  readonly baseLabel: string;
  /** One sentence: `+64 NPUs (352 -> 416), IT load +70.4 kW (+18.3%), ...` or `no capacity change (...)`. */
  readonly summary: string;
  readonly figures: readonly ComparedFigure[];
  /** Changed figures not listed (the list is bounded). */
  readonly moreFigures: number;
  /** Change of the header tiles' figures (`+64`), when they changed. */
  readonly tiles: { readonly npus?: string; readonly itLoad?: string; readonly facility?: string };
  readonly addedNodes: ReadonlySet<string>;
  readonly addedRacks: ReadonlySet<string>;
  readonly removedNodes: readonly RemovedNode[];
  readonly removedRacks: readonly string[];
  /** `1 new, 0 fixed, 0 newly suppressed`. */
  readonly findings: string;
  /** What the costs per million output tokens rest on, or why they are unknown; '' without services. */
  readonly costNote: string;
}

export interface ComparedFigure {
  readonly name: string;
  readonly base: string;
  readonly head: string;
  readonly change: string;
  readonly relative: string;
}

/** A node of the base that the head no longer has: drawn as an outline where it stood. */
export interface RemovedNode {
  readonly id: string;
  readonly rackId: string;
  readonly uPosition: number;
  readonly heightU: number;
}

/** Names a note lists before it counts the rest. */
const NOTE_NAMES = 15;

/** The comparison's notes under its table, as plain sentences (both renderers escape them their way). */
export function comparisonNotes(c: ComparisonView): string[] {
  const names = (ids: readonly string[]) =>
    ids.length > NOTE_NAMES
      ? `${ids.slice(0, NOTE_NAMES).join(', ')} and ${ids.length - NOTE_NAMES} more`
      : ids.join(', ');
  return [
    c.addedRacks.size > 0 ? `Racks added: ${names([...c.addedRacks])}.` : '',
    c.removedRacks.length > 0 ? `Racks removed: ${names(c.removedRacks)}.` : '',
    c.addedNodes.size > 0 || c.removedNodes.length > 0
      ? `Nodes added: ${c.addedNodes.size}, removed: ${c.removedNodes.length} (marked on the rack elevations).`
      : '',
    `Findings: ${c.findings}.`,
    c.costNote === '' ? '' : `${c.costNote.charAt(0).toUpperCase()}${c.costNote.slice(1)}.`,
  ].filter(Boolean);
}
