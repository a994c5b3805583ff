/**
 * ASHRAE TC 9.9 (2021) thermal classes, ordered from the coolest supply to the warmest. Liquid: highest
 * facility-water supply temperature (W17 .. W45, W+ above 45 °C). Air: allowable server inlet range (H1 ~25 °C,
 * A1 32, A2 35, A3 40, A4 45).
 */
export const LIQUID_COOLING_CLASSES = ['W17', 'W27', 'W32', 'W40', 'W45', 'W+'] as const;
export const AIR_COOLING_CLASSES = ['H1', 'A1', 'A2', 'A3', 'A4'] as const;

export type LiquidCoolingClass = (typeof LIQUID_COOLING_CLASSES)[number];
export type AirCoolingClass = (typeof AIR_COOLING_CLASSES)[number];

/** What a rack's cooling is rated for when its spec or construct names no class (the exporter leaves these out). */
export const DEFAULT_COOLANT_CLASS: LiquidCoolingClass = 'W32';
export const DEFAULT_AIR_CLASS: AirCoolingClass = 'A1';

/** True when a supply of class `supplied` is at most as warm as `max` allows. Unknown classes compare as warmest. */
export function classWithin(order: readonly string[], supplied: string, max: string): boolean {
  const s = order.indexOf(supplied);
  const m = order.indexOf(max);
  return s !== -1 && m !== -1 && s <= m;
}
