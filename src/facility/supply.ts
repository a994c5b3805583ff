import type { RackInfo, RackPowerInfo } from '../inventory/types.ts';
import { ratio } from './load.ts';

/**
 * What a rack's supply carries, derated to its maximum continuous utilisation: `paths` feeds, busbar sides or shelves
 * of `ratingW` each, at `utilisation`. A single feed or busbar is one path of its usable watts (|V| x A x utilisation).
 */
export interface SupplyLimit {
  readonly watts: number;
  readonly paths: number;
  readonly ratingW: number;
  readonly utilisation: number;
}

/** The limit with every supply in service: both A/B sides share the load; all N+1 shelves run. */
export function normalLimit(power: RackPowerInfo): SupplyLimit {
  const utilisation = power.maxUtilisation;
  if (power.shelves) {
    const { count, ratingW } = power.shelves;
    return { watts: count * ratingW * utilisation, paths: count, ratingW, utilisation };
  }
  if (power.redundancy === 'a-b') {
    return { watts: 2 * power.ratedW * utilisation, paths: 2, ratingW: power.ratedW, utilisation };
  }
  return { watts: power.usableW, paths: 1, ratingW: power.ratedW, utilisation };
}

/** The limit after one supply fails (A/B: one side; N+1: one shelf less); null for a supply without redundancy. */
export function survivingLimit(power: RackPowerInfo): SupplyLimit | null {
  const utilisation = power.maxUtilisation;
  if (power.redundancy === 'n+1' && power.shelves) {
    const { count, ratingW } = power.shelves;
    return { watts: (count - 1) * ratingW * utilisation, paths: count - 1, ratingW, utilisation };
  }
  if (power.redundancy === 'a-b') {
    return { watts: power.ratedW * utilisation, paths: 1, ratingW: power.ratedW, utilisation };
  }
  return null;
}

/** One supply path of a rack (a feed, a busbar side or a power shelf): its share of the load against its limit. */
export interface SupplyBar {
  /** `feed A`, `shelf 3`, `A alone, B failed`. */
  readonly label: string;
  readonly loadW: number;
  readonly limitW: number;
  readonly utilisation: number;
  /** True for the failure case (one feed or shelf lost). */
  readonly failover: boolean;
}

/**
 * One bar per supply path (Device42's "one bar per PDU infeed"): A/B feeds share the load in normal operation and
 * one carries it all after a failure; N+1 shelves share it over all, then over one fewer.
 */
export function supplyBars(rack: RackInfo, loadW: number): SupplyBar[] {
  const p = rack.power;
  const u = p.maxUtilisation;
  const bar = (label: string, share: number, limitW: number, failover = false): SupplyBar => ({
    label,
    loadW: share,
    limitW,
    utilisation: ratio(share, limitW),
    failover,
  });
  if (p.shelves) {
    const { count, ratingW } = p.shelves;
    const limit = ratingW * u;
    const bars = Array.from({ length: count }, (_, i) => bar(`shelf ${i + 1}`, loadW / count, limit));
    if (p.redundancy === 'n+1' && count > 1) bars.push(bar('per shelf, one failed', loadW / (count - 1), limit, true));
    return bars;
  }
  if (p.redundancy === 'a-b') {
    const limit = p.ratedW * u;
    return [
      bar(`${p.kind} A`, loadW / 2, limit),
      bar(`${p.kind} B`, loadW / 2, limit),
      bar('A alone, B failed', loadW, limit, true),
    ];
  }
  return [bar(p.kind, loadW, p.usableW)];
}
