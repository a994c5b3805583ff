import type { InferenceServiceInfo, Inventory } from '../inventory/types.ts';
import {
  ALTERNATIVE_ACCELERATORS,
  type PriceInput,
  type RangedFigure,
  type ServiceAlternatives,
  serviceAlternatives,
} from '../perf/index.ts';
import { significant } from '../units/index.ts';

export interface AlternativesOptions {
  /** Price of one accelerator-hour by catalogue id (`{ h200-sxm: 3.5 }`), for the cost per million tokens. */
  readonly cardHourPrices?: Readonly<Record<string, number>>;
}

/**
 * The hardware alternatives of every inference service (src/perf/alternatives.ts), gathered once with the other
 * engine results so the page, the Markdown and capacity.json show the same plans. The stack's card-hour price
 * (`superpod report --card-hour-price`) prices the accelerators the stack declares; `cardHourPrices` prices any
 * accelerator by id (and wins). An accelerator without a price has no cost: never an invented one.
 */
export function alternativesFigures(
  inventory: Inventory,
  price: PriceInput | undefined,
  options: AlternativesOptions = {},
): ServiceAlternatives[] {
  const declared = Object.fromEntries(
    price?.cardHourPrice === undefined
      ? []
      : [...new Set(inventory.nodes.map((n) => n.acceleratorId))].map((id) => [id, price.cardHourPrice!]),
  );
  const prices = { ...declared, ...options.cardHourPrices };
  return inventory.workloads
    .filter((w): w is InferenceServiceInfo => w.kind === 'inference-service')
    .map((service) => serviceAlternatives(inventory, service, prices));
}

/** What the alternatives section says it compares, for both renderers. */
export const ALTERNATIVES_INTRO = `Each inference service sized by the capacity planner (the one superpod plan runs) at its model, traffic, SLOs and precision: on the hardware the stack declares, in the service's own serving mode, against ${ALTERNATIVE_ACCELERATORS.join(', ')} in their catalogue DGX/HGX servers (aggregated or prefill/decode pools, whichever needs fewer card-hours). Wall power of whole nodes, energy before PUE; p10-p90 ranges from the validation residuals of each figure's family.`;

export const EXTRAPOLATION_NOTE =
  'Every Ascend 950 figure is extrapolated: no measurement of the 950 generation exists, so its ranges are widened by rule.';

/** `0.868 (0.656-1.77)`, or `—`. */
export function rangedText(f: RangedFigure | null): string {
  return f === null ? '—' : `${significant(f.value)} (${significant(f.p10)}-${significant(f.p90)})`;
}
