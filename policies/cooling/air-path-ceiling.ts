import { defineRule, fail, kilowatts, pass } from '../../src/policy/index.ts';

/** An air path claimed above what air cooling delivers in practice (~30-40 kW a rack) is probably a wrong input. */
export const airPathCeiling = defineRule(import.meta.url, 'rack', (rack, context) => {
  const ceilingW = context.param<number>('cooling.airRackCeilingKw') * 1000;
  if (rack.cooling.airCapacityW <= ceilingW) return pass();
  return fail(
    `the rack claims a ${kilowatts(rack.cooling.airCapacityW)} air path, above the practical air-cooling ceiling of ${kilowatts(ceilingW)}`,
    {
      fix: 'check the air capacity; above ~40 kW a rack needs rear-door heat exchangers or liquid cooling',
      data: { airCapacityW: rack.cooling.airCapacityW, ceilingW },
    },
  );
});
