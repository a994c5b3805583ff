import { describe, expect, it } from 'vitest';
import { SuperpodInputError } from '../../src/errors.ts';
import { litresPerKWhEvaporated, litresPerMillion, plantLitresPerKWh, siteWater } from '../../src/water/index.ts';

// 3,600 kJ per kWh / 2,430 kJ per kg of water evaporated at 30 °C
const EVAPORATED = 3600 / 2430;

describe('heat-rejection plants', () => {
  it('evaporates 1.481 litres per kWh of heat carried away as latent heat', () => {
    expect(litresPerKWhEvaporated()).toBeCloseTo(1.4815, 4);
  });

  it('makes an evaporative tower consume its evaporation plus blowdown', () => {
    // 85% of the heat evaporated, 4 cycles: make-up = evaporation x 4/3
    expect(plantLitresPerKWh({ kind: 'evaporative-tower' })).toBeCloseTo(EVAPORATED * 0.85 * (4 / 3), 10);
    expect(plantLitresPerKWh({ kind: 'evaporative-tower', evaporativeShare: 1, cycles: 2 })).toBeCloseTo(
      EVAPORATED * 2,
      10,
    );
  });

  it('gives a dry cooler no water and an adiabatic cooler water only in its wet hours', () => {
    expect(plantLitresPerKWh({ kind: 'dry-cooler' })).toBe(0);
    expect(plantLitresPerKWh({ kind: 'adiabatic' })).toBeCloseTo(EVAPORATED * 0.1 * 0.3, 10);
    expect(plantLitresPerKWh({ kind: 'adiabatic', wetHoursShare: 0.25, evaporativeShareWhenWet: 0.4 })).toBeCloseTo(
      EVAPORATED * 0.1,
      10,
    );
    expect(plantLitresPerKWh({ kind: 'measured', litresPerKWh: 1.8 })).toBe(1.8);
  });

  it('fails when the cycles of concentration are 1 or less', () => {
    expect(() => plantLitresPerKWh({ kind: 'evaporative-tower', cycles: 1 })).toThrow(/cycles of concentration/);
  });

  it('fails when a share is outside 0..1', () => {
    expect(() => plantLitresPerKWh({ kind: 'adiabatic', wetHoursShare: 1.5 })).toThrow(SuperpodInputError);
  });
});

describe('site water', () => {
  const tower = { kind: 'evaporative-tower', evaporativeShare: 1, cycles: 2 } as const; // 2 x 1.4815 L/kWh

  it('sends the liquid share to its plant and the air share, with chiller work, to its own', () => {
    const w = siteWater({
      itPowerW: 100_000,
      liquidFraction: 0.8,
      liquid: { plant: { kind: 'dry-cooler' } },
      air: { plant: tower, chillerCop: 4 },
    });
    // air: 20 kW of heat, 25 kW rejected with the compressors (1 + 1/4), at 2 x 1.4815 L/kWh
    expect(w.liquid.litresPerHour).toBe(0);
    expect(w.air.rejectedKW).toBeCloseTo(25, 10);
    expect(w.litresPerHour).toBeCloseTo(25 * 2 * EVAPORATED, 10);
    expect(w.wueLitresPerKWh).toBeCloseTo((25 * 2 * EVAPORATED) / 100, 10);
    expect(w.litresPerYear).toBeCloseTo(25 * 2 * EVAPORATED * 8760, 6);
    expect(w.electricityLitresPerYear).toBeNull();
  });

  it('counts the year at the average load and the off-site water of the metered energy', () => {
    const w = siteWater({
      itPowerW: 1_000_000,
      liquidFraction: 1,
      liquid: { plant: { kind: 'measured', litresPerKWh: 0.5 } },
      air: { plant: { kind: 'dry-cooler' } },
      averageLoad: 0.5,
      electricityLitresPerKWh: 2,
      pue: 1.25,
    });
    expect(w.litresPerHour).toBe(500);
    expect(w.litresPerYear).toBe(500 * 0.5 * 8760);
    // 1,000 kW x 1.25 x 0.5 x 8,760 h x 2 L/kWh
    expect(w.electricityLitresPerYear).toBe(1000 * 1.25 * 0.5 * 8760 * 2);
  });

  it('gives litres per million tokens from litres per hour and the rate', () => {
    // 360 L/h at 1,000 tokens/s: 3.6 million tokens per hour
    expect(litresPerMillion(360, 1000)).toBeCloseTo(100, 10);
  });

  it('fails when the liquid fraction is above 1', () => {
    expect(() =>
      siteWater({
        itPowerW: 1,
        liquidFraction: 1.2,
        liquid: { plant: { kind: 'dry-cooler' } },
        air: { plant: { kind: 'dry-cooler' } },
      }),
    ).toThrow(/liquidFraction/);
  });

  it('fails when a chiller COP is not positive', () => {
    expect(() =>
      siteWater({
        itPowerW: 1,
        liquidFraction: 0,
        liquid: { plant: { kind: 'dry-cooler' } },
        air: { plant: tower, chillerCop: 0 },
      }),
    ).toThrow(/chillerCop/);
  });

  it('fails when the rate is zero', () => {
    expect(() => litresPerMillion(1, 0)).toThrow(/positive rate/);
  });
});
