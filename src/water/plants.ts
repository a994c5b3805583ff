import { sourcedDefault } from '../catalog/sourced-default.ts';
import type { SourcedDefault } from '../catalog/types.ts';
import { SuperpodInputError } from '../errors.ts';
import type { HeatRejectionPlant } from '../inventory/types.ts';

/** A water default with where it comes from and how far to trust it. */
export type WaterDefault = SourcedDefault;

/**
 * Latent heat of vaporisation of water at 30 °C, 2,430 kJ/kg (IAPWS-IF97 steam tables: h_fg = 2430.5 kJ/kg), so
 * 1 kWh (3,600 kJ) of heat carried away by evaporation takes 3,600 / 2,430 = 1.481 kg = 1.481 L of water.
 */
export const LATENT_HEAT_KJ_PER_KG = sourcedDefault(
  2430,
  'measured',
  'IAPWS-IF97 steam tables, h_fg at 30 °C = 2430.5 kJ/kg',
);

/**
 * Share of the heat a wet cooling tower rejects as latent heat: the standard evaporation-loss rule
 * E = 0.00085 x circulation x range(°F) (Perry's Chemical Engineers' Handbook; Cooling Technology Institute), against
 * 0.001 if every BTU left as latent heat (about 1,000 BTU per lb evaporated): 85%, the rest sensible.
 */
export const TOWER_EVAPORATIVE_SHARE = sourcedDefault(
  0.85,
  'reported',
  "cooling-tower evaporation rule E = 0.00085 Q dT(°F) (Perry's Chemical Engineers' Handbook)",
);

/**
 * Cycles of concentration of the tower water: blowdown = evaporation / (cycles - 1) keeps dissolved solids in
 * bounds, so make-up = evaporation x cycles / (cycles - 1). 3-6 is the usual range with treated make-up water; the
 * site's water chemistry sets it.
 */
export const TOWER_CYCLES = sourcedDefault(
  4,
  'estimated',
  'typical cycles of concentration 3-6 for treated make-up water; set from the site water chemistry',
);

/**
 * Adiabatic coolers are dry coolers that wet their inlet air (pads or sprays) only above a dry-bulb switch-over
 * temperature. Share of the year's hours they run wet: a temperate-climate figure, to be replaced by the site's
 * hours above its switch-over temperature.
 */
export const ADIABATIC_WET_HOURS = sourcedDefault(
  0.1,
  'estimated',
  'temperate climate: about 10% of hours above a 25-28 °C switch-over; climate-dependent, give the site figure',
);

/**
 * While wet, the share of the heat the evaporating spray or pad water carries: it cools the inlet air by a few
 * kelvin of the 10-15 K approach, so a fraction of the heat, the rest rejected dry.
 */
export const ADIABATIC_EVAPORATIVE_SHARE = sourcedDefault(
  0.3,
  'estimated',
  'inlet pre-cooling of a few K against a 10-15 K dry-cooler approach; estimate',
);

export type { HeatRejectionPlant } from '../inventory/types.ts';

export const PLANT_KINDS = ['evaporative-tower', 'dry-cooler', 'adiabatic', 'measured'] as const;

/** Litres of water per kWh of heat evaporated outright. */
export function litresPerKWhEvaporated(): number {
  return 3600 / LATENT_HEAT_KJ_PER_KG.value;
}

/**
 * Water a plant consumes per kWh of heat it rejects (litres/kWh): an evaporative tower evaporates its evaporative
 * share and blows down 1/(cycles - 1) of that on top; a dry cooler is a closed loop and consumes none; an adiabatic
 * cooler evaporates only while wet, and only the share its spray carries (no blowdown counted: once-through pads).
 */
export function plantLitresPerKWh(plant: HeatRejectionPlant, where = 'plant'): number {
  const evaporated = litresPerKWhEvaporated();
  switch (plant.kind) {
    case 'evaporative-tower': {
      const share = checkShare(plant.evaporativeShare ?? TOWER_EVAPORATIVE_SHARE.value, `${where}.evaporativeShare`);
      const cycles = plant.cycles ?? TOWER_CYCLES.value;
      if (!Number.isFinite(cycles) || cycles <= 1) {
        throw new SuperpodInputError({
          where: `${where}.cycles`,
          problem: 'cycles of concentration must be above 1 (at 1 every litre evaporated is blown down again)',
          value: cycles,
          fix: 'give the cooling-tower cycles of concentration, typically 3 to 6',
        });
      }
      return evaporated * share * (cycles / (cycles - 1));
    }
    case 'dry-cooler':
      return 0;
    case 'adiabatic': {
      const wet = checkShare(plant.wetHoursShare ?? ADIABATIC_WET_HOURS.value, `${where}.wetHoursShare`);
      const share = checkShare(
        plant.evaporativeShareWhenWet ?? ADIABATIC_EVAPORATIVE_SHARE.value,
        `${where}.evaporativeShareWhenWet`,
      );
      return evaporated * wet * share;
    }
    case 'measured': {
      if (!Number.isFinite(plant.litresPerKWh) || plant.litresPerKWh < 0) {
        throw new SuperpodInputError({
          where: `${where}.litresPerKWh`,
          problem: 'must be a number of litres per kWh of at least 0',
          value: plant.litresPerKWh,
          fix: 'give the plant water use measured over a year divided by the heat it rejected, e.g. 1.8',
        });
      }
      return plant.litresPerKWh;
    }
  }
}

/** A share in 0..1, or an input error naming where it came from. */
export function checkShare(v: number, where: string): number {
  if (!Number.isFinite(v) || v < 0 || v > 1) {
    throw new SuperpodInputError({
      where,
      problem: 'must be a share between 0 and 1',
      value: v,
      fix: 'give a fraction, e.g. 0.85',
    });
  }
  return v;
}
