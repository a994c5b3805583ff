import { SuperpodInputError } from '../errors.ts';
import { requireNumber } from './input-checks.ts';

/**
 * What an accelerator costs: either an all-in rental price per card-hour, or capital cost amortised over a
 * number of years plus the energy it draws (at the facility's PUE). Currency is whatever the caller uses.
 */
export interface PriceInput {
  /** All-in price of one accelerator for one hour. */
  readonly cardHourPrice?: number;
  /** Purchase cost of one accelerator (with its share of the server), amortised over `amortisationYears`. */
  readonly capexPerCard?: number;
  /** Default 4 years. */
  readonly amortisationYears?: number;
  /** Energy price per kWh, added to the capex basis. */
  readonly energyPricePerKWh?: number;
  /** Power usage effectiveness of the facility, default 1.0 (accelerator power only). */
  readonly pue?: number;
}

export interface CostResult {
  /** Cost of one accelerator-hour on the chosen basis. */
  readonly perCardHour: number;
  readonly perMillionOutputTokens: number;
  readonly basis: 'card-hour-price' | 'capex-plus-energy';
}

export function hasPrice(p: PriceInput | undefined): p is PriceInput {
  return !!p && (p.cardHourPrice !== undefined || p.capexPerCard !== undefined);
}

/** Cost per card-hour at a mean power draw per card (W). */
export function cardHourCost(
  price: PriceInput,
  powerPerCardW: number,
): { perCardHour: number; basis: CostResult['basis'] } {
  check('cardHourPrice', price.cardHourPrice);
  check('capexPerCard', price.capexPerCard);
  check('energyPricePerKWh', price.energyPricePerKWh);
  check('amortisationYears', price.amortisationYears, 1e-9);
  check('pue', price.pue, 1);
  if (price.cardHourPrice !== undefined) return { perCardHour: price.cardHourPrice, basis: 'card-hour-price' };
  if (price.capexPerCard === undefined) {
    throw new SuperpodInputError({
      where: 'price',
      problem: 'no price given',
      fix: 'give a card-hour price, or a capex per card (with an energy price)',
    });
  }
  const years = price.amortisationYears ?? 4;
  const capexPerHour = price.capexPerCard / (years * 8760);
  const energyPerHour = ((powerPerCardW * (price.pue ?? 1)) / 1000) * (price.energyPricePerKWh ?? 0);
  return { perCardHour: capexPerHour + energyPerHour, basis: 'capex-plus-energy' };
}

/** Cost per million output tokens for a card producing `tokensPerSecondPerCard`. */
export function costPerMillionTokens(
  price: PriceInput,
  tokensPerSecondPerCard: number,
  powerPerCardW: number,
): CostResult {
  const { perCardHour, basis } = cardHourCost(price, powerPerCardW);
  const perMillionOutputTokens = tokensPerSecondPerCard > 0 ? (perCardHour / (3600 * tokensPerSecondPerCard)) * 1e6 : 0;
  return { perCardHour, perMillionOutputTokens, basis };
}

function check(name: string, value: number | undefined, min = 0): void {
  if (value === undefined) return;
  requireNumber(`price.${name}`, value, { min, fix: `give ${name} as a plain number (currency units, kWh, years)` });
}
