import { describe, expect, it } from 'vitest';
import { HeatRejection, RecommendationService } from '../../constructs/index.ts';
import { inventoryWater, litresPerKWhEvaporated, workloadLitresPerHour } from '../../src/water/index.ts';
import { recommendationHall, recommendationProps } from '../helpers/recommendation.ts';

/** The recommendation hall: 4 Atlas 350 servers of 8.64 kW (8 x 600 W cards + 3.84 kW host), all heat to air. */
const IT_KW = 4 * (8 * 0.6 + 3.84);

describe('water of the halls of an Inventory', () => {
  it('sends the air heat through the air plant, chiller work included', () => {
    const { stack } = recommendationHall({ heatRejection: { air: HeatRejection.evaporativeTower({ chillerCop: 5 }) } });
    const water = inventoryWater(stack.inventory());
    const tower = litresPerKWhEvaporated() * 0.85 * (4 / 3);
    expect(water.litresPerHour).toBeCloseTo(IT_KW * 1.2 * tower, 6);
    expect(water.litresPerYear).toBeCloseTo(water.litresPerHour * 8760, 3);
    expect(water.wueLitresPerKWh).toBeCloseTo(1.2 * tower, 6);
    expect(water.unknownPods).toBe(0);
    expect(water.pods[0]).toMatchObject({ npus: 32, missing: [] });
  });

  it('needs no plant for a heat path that carries no heat', () => {
    const { stack } = recommendationHall({ heatRejection: { air: HeatRejection.dryCooler() } });
    expect(inventoryWater(stack.inventory())).toMatchObject({ litresPerHour: 0, wueLitresPerKWh: 0, unknownPods: 0 });
  });

  it('fails to estimate (null, named) when a path carrying heat has no plant', () => {
    const { stack } = recommendationHall({ heatRejection: { liquid: HeatRejection.dryCooler() } });
    const water = inventoryWater(stack.inventory());
    expect(water.pods[0]!.water).toBeNull();
    expect(water.pods[0]!.missing).toEqual(["the air path's plant (heatRejection.air)"]);
    expect(water).toMatchObject({ litresPerHour: 0, wueLitresPerKWh: null, unknownPods: 1 });
  });

  it('charges a service its NPUs’ share of the hall’s water', () => {
    const { stack } = recommendationHall({ heatRejection: { air: HeatRejection.measured({ litresPerKWh: 1 }) } });
    new RecommendationService(stack, 'dlrm', recommendationProps());
    const water = inventoryWater(stack.inventory());
    expect(workloadLitresPerHour(water, new Map([['hall', 4]]))).toBeCloseTo(IT_KW / 8, 6);
    expect(workloadLitresPerHour(water, new Map([['elsewhere', 4]]))).toBeNull();
  });
});
