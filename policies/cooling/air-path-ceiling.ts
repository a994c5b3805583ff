import { defineRule, fail, kilowatts, pass } from '../../src/policy/index.ts';

/**
 * An air path claimed above what room air delivers in practice (~30 kW a rack), or above the rear-door heat
 * exchanger band for racks that have one, is probably a wrong input.
 */
export const airPathCeiling = defineRule(import.meta.url, 'rack', (rack, context) => {
  const rearDoor = rack.cooling.rearDoorHeatExchanger === true;
  const ceilingW = context.param<number>(rearDoor ? 'cooling.rearDoorCeilingKw' : 'cooling.airRackCeilingKw') * 1000;
  if (rack.cooling.airCapacityW <= ceilingW) return pass();
  return fail(
    `the rack claims a ${kilowatts(rack.cooling.airCapacityW)} air path, above the ${rearDoor ? 'rear-door heat exchanger' : 'practical air-cooling'} ceiling of ${kilowatts(ceilingW)}`,
    {
      fix: rearDoor
        ? "check the rear door's rated capacity, or move the rack to direct liquid cooling"
        : 'check the air capacity; above ~30 kW a rack needs a rear-door heat exchanger (Cooling.air({ rearDoorHeatExchanger: true })) or liquid cooling',
      data: { airCapacityW: rack.cooling.airCapacityW, ceilingW },
    },
  );
});
