import type { CapacityFinding, CapacityPrice, CapacityTotals, SloVerdict } from '../capacity/index.ts';

/** What a figure belongs to. */
export type FigureScope = 'total' | 'superpod' | 'rack' | 'service' | 'scheduling';

/** How a figure is written: counts, kW, ms, GB, a share (0..1), or a plain number. */
export type FigureUnit = 'count' | 'kW' | 'ms' | 'GB' | 'kg' | 'share' | 'number';

/** One figure that differs between base and head (null: absent on that side). */
export interface FigureChange {
  readonly scope: FigureScope;
  /** Id of the SuperPoD, rack or service; '' for totals. */
  readonly subject: string;
  /** Field name in capacity.json (`itNameplateKw`, `tpotMs`, `npusByAccelerator.ascend-950dt`, `pools.decode.memoryGB`). */
  readonly figure: string;
  /** `IT load (nameplate)`, `TPOT`. */
  readonly label: string;
  readonly unit: FigureUnit;
  readonly base: number | null;
  readonly head: number | null;
  /** head - base, when both exist. */
  readonly delta: number | null;
  /** delta / |base|, when both exist and base is not 0. */
  readonly relative: number | null;
}

/** A service setting that is not a figure: model, precision, SLO objective. */
export interface SettingChange {
  readonly service: string;
  readonly setting: string;
  readonly base: string;
  readonly head: string;
}

export interface SloFlip {
  readonly service: string;
  readonly base: SloVerdict;
  readonly head: SloVerdict;
  readonly ttftMs: { readonly base: number | null; readonly head: number | null; readonly sloMs: number };
  readonly tpotMs: { readonly base: number | null; readonly head: number | null; readonly sloMs: number };
}

/** What a review reads first of a service: its verdict and headline figures. */
export interface ServiceSummary {
  readonly verdict: SloVerdict;
  readonly ttftMs: number | null;
  readonly tpotMs: number | null;
  readonly sloTtftMs: number;
  readonly sloTpotMs: number;
  readonly goodputRequestsPerSecond: number | null;
  readonly tokensPerJoule: number | null;
  readonly costPerMillionOutputTokens: number | null;
  readonly cardHoursPerMillionOutputTokens: number | null;
}

export interface NodeRef {
  readonly id: string;
  readonly rackId: string;
  readonly accelerator: string;
  readonly npus: number;
}

/** base -> head of two capacity reports. Lists are sorted; figures are in a fixed order (see `diffCapacity`). */
export interface CapacityDiff {
  readonly base: { readonly stack: string; readonly version: string };
  readonly head: { readonly stack: string; readonly version: string };
  /** Both sides' totals, changed or not (summary lines, gates on sums). */
  readonly totals: { readonly base: CapacityTotals; readonly head: CapacityTotals };
  /** Each side's price basis; null: no price, so its costs are unknown (cost figures are compared only with both). */
  readonly price: { readonly base: CapacityPrice | null; readonly head: CapacityPrice | null };
  /** False when nothing below differs: "no capacity change". */
  readonly changed: boolean;
  /** Every changed figure: totals first, then services, SuperPoDs, racks and scheduling. */
  readonly figures: readonly FigureChange[];
  readonly superPods: { readonly added: readonly string[]; readonly removed: readonly string[] };
  readonly racks: { readonly added: readonly string[]; readonly removed: readonly string[] };
  readonly nodes: { readonly added: readonly NodeRef[]; readonly removed: readonly NodeRef[] };
  readonly services: { readonly added: readonly string[]; readonly removed: readonly string[] };
  readonly settings: readonly SettingChange[];
  readonly sloFlips: readonly SloFlip[];
  /** Every service of head with its headline figures on both sides (base null for a new service). */
  readonly serviceSummaries: readonly {
    readonly service: string;
    readonly base: ServiceSummary | null;
    readonly head: ServiceSummary;
  }[];
  readonly findings: {
    /** Open in head, absent from base (matched by fingerprint). */
    readonly new: readonly CapacityFinding[];
    /** Open in base, absent from head. */
    readonly fixed: readonly CapacityFinding[];
    /** Suppressed in head, open in or absent from base. */
    readonly newlySuppressed: readonly CapacityFinding[];
    /** Suppressed in base, open in head (a suppression was removed). */
    readonly unsuppressed: readonly CapacityFinding[];
    readonly base: { readonly errors: number; readonly warnings: number };
    readonly head: { readonly errors: number; readonly warnings: number };
  };
}
