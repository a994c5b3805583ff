import { round } from '../capacity/round.ts';
import type { CapacityDocument, CapacityPrice } from '../capacity/types.ts';

/**
 * The document priced at an all-in card-hour price: each served service's cost per million output tokens becomes its
 * card-hours per million output tokens times the price (the report's own formula), replacing any earlier basis.
 */
export function priceCapacity(doc: CapacityDocument, cardHourPrice: number): CapacityDocument {
  return {
    ...doc,
    price: { basis: 'card-hour-price', cardHourPrice },
    services: doc.services.map((s) => ({
      ...s,
      costPerMillionOutputTokens:
        s.cardHoursPerMillionOutputTokens === null ? null : round(s.cardHoursPerMillionOutputTokens * cardHourPrice),
    })),
  };
}

/** `2.5 per card-hour`, `capex plus energy`. */
export function priceBasisText(price: CapacityPrice): string {
  return price.cardHourPrice === null ? 'capex plus energy' : `${price.cardHourPrice} per card-hour`;
}
